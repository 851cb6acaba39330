// SPDX-License-Identifier: MIT
// Directory listings in pages from an HttpFS gateway. HttpFS answers LISTSTATUS_BATCH with
// "remainingEntries" 1 while more pages follow and 0 on the last one (not the count a NameNode
// sends), so a client that reads it as a count stops after the first page.
#include "clientwaits.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

using namespace ClientWaits;

namespace {

constexpr int kFiles = 25;
constexpr int kPageSize = 10;

} // namespace

class tst_HttpFsListing : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    QJsonObject rawPage(const QString& startAfter)
    {
        QUrl url = m_server->rootUrl();
        url.setPath(QStringLiteral("/webhdfs/v1/data"));
        QString query = QStringLiteral("op=LISTSTATUS_BATCH&user.name=alice");
        if (!startAfter.isEmpty())
            query += QStringLiteral("&startafter=") + startAfter;
        url.setQuery(query);
        QNetworkReply* reply = m_network.get(QNetworkRequest(url));
        waitUntil([reply] { return reply->isFinished(); }, 10000);
        const QJsonObject page = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return page.value(QStringLiteral("DirectoryListing")).toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("data")));
        for (int i = 0; i < kFiles; ++i) {
            QFile f(m_dir.filePath(QStringLiteral("data/part-%1.h5").arg(i, 3, 10, QLatin1Char('0'))));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        options.httpfs = true;
        options.batchSize = kPageSize;
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    }

    // What the test below relies on: the server answers as HttpFS does, 1 while pages follow.
    void theServerSaysOnlyWhetherMorePagesFollow()
    {
        const auto remaining = [this](const char* after) {
            return rawPage(QLatin1String(after)).value(QStringLiteral("remainingEntries")).toInteger();
        };
        QCOMPARE(remaining(""), 1);
        QCOMPARE(remaining("part-009.h5"), 1);
        QCOMPARE(remaining("part-019.h5"), 0);
    }

    void everyPageIsListed()
    {
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        config.user = QStringLiteral("alice");
        WebHdfsClient client(config, &m_network);
        const int batchesBefore = ClientWaits::requestsContaining(m_server->requestLog(), "op=LISTSTATUS_BATCH");
        const int lastPagesBefore = ClientWaits::requestsContaining(m_server->requestLog(), "startafter=part-019.h5");
        const Listed l = listAll(client, QStringLiteral("/data"));
        QVERIFY(l.finished);
        QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
        QCOMPARE(l.pages, 3); // 25 entries, 10 a page
        QCOMPARE(l.names.size(), kFiles);
        QCOMPARE(l.names.first(), QStringLiteral("part-000.h5"));
        QCOMPARE(l.names.last(), QStringLiteral("part-024.h5"));
        QCOMPARE(ClientWaits::requestsContaining(m_server->requestLog(), "op=LISTSTATUS_BATCH") - batchesBefore, 3);
        QCOMPARE(ClientWaits::requestsContaining(m_server->requestLog(), "startafter=part-019.h5") - lastPagesBefore, 1);
    }
};

QTEST_GUILESS_MAIN(tst_HttpFsListing)
#include "tst_httpfslisting.moc"

// SPDX-License-Identifier: MIT
// WebHdfsClient::download in the one async shape (issue 13 §3): done exactly once, whatever the
// end (the bytes, an HTTP error, a cut connection); progress never after it; nothing at all once
// the handle cancelled or the context died, and then the transfer stops at the server too.
#include "webhdfs/server/httpconnection.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace H5Hdfs;

namespace {

/// What the callbacks of one download saw.
struct Seen {
    int doneCalls = 0;
    std::optional<Error> error; ///< of the last done: None for the bytes
    QByteArray bytes;
    int progressCalls = 0;
    bool progressAfterDone = false;

    WebHdfsClient::DownloadDone done()
    {
        return [this](Result<DownloadedBytes>&& got) {
            ++doneCalls;
            error = got ? Error() : got.error();
            if (got)
                bytes = QByteArray(got->buffer->constData(), qsizetype(got->buffer->size()));
        };
    }
    ProgressCallback progress()
    {
        return [this](qint64, qint64) {
            progressAfterDone = progressAfterDone || doneCalls > 0;
            ++progressCalls;
        };
    }
};

/// Bodies the server is still sending: a dripping body is paced by a timer of its connection, and
/// the connection goes when the client hangs up.
int bodiesBeingSent(const LocalWebHdfsServer& server)
{
    int sending = 0;
    for (const HttpConnection* c : server.findChildren<HttpConnection*>())
        for (const QTimer* t : c->findChildren<QTimer*>())
            sending += t->isActive() ? 1 : 0;
    return sending;
}

/// Lets whatever a download still has queued arrive.
void settle()
{
    QTest::qWait(300);
}

} // namespace

class tst_DownloadAnswers : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QByteArray m_file;
    QNetworkAccessManager m_network;
    std::unique_ptr<LocalWebHdfsServer> m_server;
    std::unique_ptr<WebHdfsClient> m_client;

    /// Starts downloading the test file, dripping, and waits until its bytes flow.
    DownloadHandle startSlowDownload(QObject* context, Seen& seen)
    {
        m_server->faults().dripBytes = 1000;
        m_server->faults().dripIntervalMs = 20;
        DownloadHandle download = m_client->download(
            QStringLiteral("/data/file.bin"), {}, context, seen.done(), seen.progress());
        if (!QTest::qWaitFor([&seen] { return seen.progressCalls > 0; }, 10000))
            qWarning("no progress");
        return download;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_file.resize(2 << 20);
        QRandomGenerator(11).fillRange(reinterpret_cast<quint32*>(m_file.data()), m_file.size() / 4);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("data")));
        QFile f(m_dir.filePath(QStringLiteral("data/file.bin")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(m_file), m_file.size());
    }

    void init()
    {
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        config.user = QStringLiteral("alice");
        config.retryDelayMs = 20;
        m_client = std::make_unique<WebHdfsClient>(config, &m_network);
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void aContextDestroyedMidTransferCallsNothingAndStopsIt()
    {
        Seen seen;
        auto context = std::make_unique<QObject>();
        DownloadHandle download = startSlowDownload(context.get(), seen);
        QVERIFY(seen.progressCalls > 0);
        QCOMPARE(bodiesBeingSent(*m_server), 1);
        const int requests = int(m_server->requestLog().size());
        const int progressSeen = seen.progressCalls;
        context.reset();
        QVERIFY(!download.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(bodiesBeingSent(*m_server), 0, 5000); // the server stopped sending
        settle();
        QCOMPARE(seen.doneCalls, 0);
        QCOMPARE(seen.progressCalls, progressSeen);
        QCOMPARE(int(m_server->requestLog().size()), requests); // nothing resumed it
    }

    void aCancelCallsNothingAfterIt()
    {
        Seen seen;
        DownloadHandle download = startSlowDownload(this, seen);
        QVERIFY(download.isRunning());
        QCOMPARE(bodiesBeingSent(*m_server), 1);
        const int requests = int(m_server->requestLog().size());
        const int progressSeen = seen.progressCalls;
        download.cancel();
        QVERIFY(!download.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(bodiesBeingSent(*m_server), 0, 5000);
        settle();
        QCOMPARE(seen.doneCalls, 0);
        QCOMPARE(seen.progressCalls, progressSeen);
        QCOMPARE(int(m_server->requestLog().size()), requests);
    }

    void theBytesAreAnsweredOnceAndProgressNeverAfter()
    {
        Seen seen;
        DownloadHandle download = m_client->download(
            QStringLiteral("/data/file.bin"), {}, this, seen.done(), seen.progress());
        QVERIFY(download.isRunning());
        QVERIFY(QTest::qWaitFor([&seen] { return seen.doneCalls > 0; }, 20000));
        settle();
        QCOMPARE(seen.doneCalls, 1);
        QVERIFY2(seen.error && !seen.error->isError(), qPrintable(seen.error->toString()));
        QCOMPARE(seen.bytes, m_file);
        QVERIFY(seen.progressCalls > 0); // the last report comes with the bytes, at the latest
        QVERIFY(!seen.progressAfterDone);
        QVERIFY(!download.isRunning());
    }

    void anHttpErrorIsAnsweredOnce()
    {
        Seen seen;
        m_client->download(QStringLiteral("/data/missing.bin"), {}, this, seen.done(), seen.progress());
        QVERIFY(QTest::qWaitFor([&seen] { return seen.doneCalls > 0; }, 20000));
        settle();
        QCOMPARE(seen.doneCalls, 1);
        QCOMPARE(seen.error->code, Error::Code::NotFound);
        QVERIFY2(seen.error->message.contains(QStringLiteral("/data/missing.bin")),
            qPrintable(seen.error->message));
        QCOMPARE(seen.progressCalls, 0);
    }

    void aCutConnectionIsAnsweredOnce()
    {
        // Cut twice: the download resumes once from the first missing byte, then gives up.
        m_server->faults().dropOpen = 2;
        m_server->faults().dropAfterBytes = 100000;
        Seen seen;
        m_client->download(QStringLiteral("/data/file.bin"), {}, this, seen.done(), seen.progress());
        QVERIFY(QTest::qWaitFor([&seen] { return seen.doneCalls > 0; }, 20000));
        settle();
        QCOMPARE(seen.doneCalls, 1);
        QVERIFY(seen.error->isError());
        QVERIFY2(seen.error->message.contains(QStringLiteral("/data/file.bin")),
            qPrintable(seen.error->toString()));
        QVERIFY(!seen.progressAfterDone);
    }

    void overTheBudgetIsTooLargeBeforeAnyByteMoves()
    {
        WebHdfsConfig config = m_client->config();
        config.memoryBudget = m_file.size() - 1;
        WebHdfsClient client(config, &m_network);
        Seen seen;
        client.download(QStringLiteral("/data/file.bin"), {}, this, seen.done(), seen.progress());
        QVERIFY(QTest::qWaitFor([&seen] { return seen.doneCalls > 0; }, 20000));
        QCOMPARE(seen.error->code, Error::Code::TooLarge);
        QCOMPARE(seen.progressCalls, 0);
        for (const QByteArray& request : m_server->requestLog())
            QVERIFY2(!request.contains("op=OPEN"), request.constData());
    }

    void theClientsEndAnswersAWaitingAsker()
    {
        Seen seen;
        startSlowDownload(this, seen);
        m_client.reset();
        QVERIFY(QTest::qWaitFor([&seen] { return seen.doneCalls > 0; }, 5000));
        settle();
        QCOMPARE(seen.doneCalls, 1);
        QCOMPARE(seen.error->code, Error::Code::Cancelled);
    }
};

QTEST_MAIN(tst_DownloadAnswers)
#include "tst_downloadanswers.moc"

// SPDX-License-Identifier: MIT
// The HDFS browser's back and forward buttons, clicked as a user would, against the local server:
// each goes one step through the directories visited, and a new directory drops the steps ahead.
#include "hdfsbrowser.h"
#include "hdfsbrowsermodel.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace H5Hdfs;

namespace {

QToolButton* button(const HdfsBrowser& browser, const QString& tip)
{
    for (QToolButton* b : browser.findChildren<QToolButton*>()) {
        if (b->toolTip() == tip)
            return b;
    }
    return nullptr;
}

QStringList names(const HdfsBrowser& browser)
{
    QStringList out;
    for (int row = 0; row < browser.model()->rowCount(); ++row)
        out << browser.model()->entry(row).name;
    out.sort();
    return out;
}

} // namespace

class tst_BrowserHistory : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<LocalWebHdfsServer> m_server;
    std::unique_ptr<WebHdfsClient> m_client;

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* dir : {"a/b", "x"})
            QVERIFY(QDir(m_dir.path()).mkpath(QLatin1String(dir)));
        for (const char* file : {"a/one.h5", "a/b/two.h5", "x/three.h5"}) {
            QFile f(m_dir.filePath(QLatin1String(file)));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        config.user = QStringLiteral("alice");
        m_client = std::make_unique<WebHdfsClient>(config, &m_network);
    }

    void backAndForwardStepThroughTheDirectoriesVisited()
    {
        HdfsBrowser browser;
        browser.setClient(m_client.get(), QStringLiteral("local"));
        browser.show();
        QToolButton* back = button(browser, QStringLiteral("Back"));
        QToolButton* forward = button(browser, QStringLiteral("Forward"));
        QVERIFY(back && forward);
        const QStringList inA {QStringLiteral("b"), QStringLiteral("one.h5")};
        const QStringList inB {QStringLiteral("two.h5")};

        browser.navigate(QStringLiteral("/a"));
        QTRY_COMPARE(names(browser), inA);
        QVERIFY(!back->isEnabled());
        browser.navigate(QStringLiteral("/a/b"));
        QTRY_COMPARE(names(browser), inB);
        QVERIFY(back->isEnabled());
        QVERIFY(!forward->isEnabled());

        QTest::mouseClick(back, Qt::LeftButton);
        QTRY_COMPARE(names(browser), inA);
        QCOMPARE(browser.currentPath(), QStringLiteral("/a"));
        QVERIFY(!back->isEnabled());
        QVERIFY(forward->isEnabled());

        QTest::mouseClick(forward, Qt::LeftButton);
        QTRY_COMPARE(names(browser), inB);
        QCOMPARE(browser.currentPath(), QStringLiteral("/a/b"));
        QVERIFY(!forward->isEnabled());

        // Back, then somewhere new: /a/b is no longer ahead, and back leads to /a.
        QTest::mouseClick(back, Qt::LeftButton);
        QTRY_COMPARE(browser.currentPath(), QStringLiteral("/a"));
        browser.navigate(QStringLiteral("/x"));
        QTRY_COMPARE(names(browser), QStringList {QStringLiteral("three.h5")});
        QVERIFY(!forward->isEnabled());
        QTest::mouseClick(back, Qt::LeftButton);
        QTRY_COMPARE(names(browser), inA);
        QCOMPARE(browser.currentPath(), QStringLiteral("/a"));
    }
};

QTEST_MAIN(tst_BrowserHistory)
#include "tst_browserhistory.moc"

// SPDX-License-Identifier: MIT
// The requests a file costs, from a typed URL, the command line and the browser's listing: one
// GETFILESTATUS at most, one OPEN, no home directory when a path was given (issue 13, part 4).
#include "testpaths.h"
#include "errorbanner.h"
#include "h5fixtures.h"
#include "hdfsbrowser.h"
#include "hdfsbrowsermodel.h"
#include "mainwindow.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrlQuery>

using namespace H5Hdfs;

namespace {

/// The NameNode requests of the log as "OP /path", sorted: a listing and an OPEN sent at the same
/// moment may arrive in either order.
QStringList nameNodeCalls(const QList<QByteArray>& log)
{
    QStringList calls;
    for (const QByteArray& entry : log) {
        if (!entry.startsWith("NN "))
            continue;
        const QUrl url(QString::fromUtf8(entry.mid(3)));
        const QString path = url.path().mid(QStringLiteral("/webhdfs/v1").size());
        const QString op = QUrlQuery(url).queryItemValue(QStringLiteral("op"));
        calls << op + QLatin1Char(' ') + (path.isEmpty() ? QStringLiteral("/") : path);
    }
    calls.sort();
    return calls;
}

QModelIndex rowNamed(const QAbstractItemModel* model, const QString& name)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == name)
            return model->index(r, 0);
    }
    return {};
}

} // namespace

class tst_OpenPath : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_hdfs;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    QString url(const QString& path) const
    {
        return QStringLiteral("webhdfs://127.0.0.1:%1%2").arg(m_server->nameNodePort()).arg(path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_openpath"));
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data"));
        H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/e.h5")));
        QVERIFY(QFile::link(m_hdfs.filePath(QStringLiteral("data/e.h5")),
            m_hdfs.filePath(QStringLiteral("data/link.h5"))));
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void init()
    {
        QSettings().clear();
        m_server->faults() = {};
        m_server->clearRequestLog();
    }

    void aTypedFileUrlCostsOneStatusAndOneOpen()
    {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openUrl(url(QStringLiteral("/data/e.h5")));
        QVERIFY(opened.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 2, 5000);
        QCOMPARE(nameNodeCalls(m_server->requestLog()),
            QStringList({"GETFILESTATUS /data/e.h5", "LISTSTATUS_BATCH /data", "OPEN /data/e.h5"}));
    }

    void aFileUrlOnTheCommandLineCostsTheSame()
    {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openArgument(url(QStringLiteral("/data/e.h5")));
        QVERIFY(opened.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 2, 5000);
        QCOMPARE(nameNodeCalls(m_server->requestLog()),
            QStringList({"GETFILESTATUS /data/e.h5", "LISTSTATUS_BATCH /data", "OPEN /data/e.h5"}));
    }

    void aTypedDirectoryUrlCostsOneStatusAndTheListing()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QSignalSpy listed(window.browser(), &HdfsBrowser::listed);
        QVERIFY(listed.wait(5000));
        QCOMPARE(nameNodeCalls(m_server->requestLog()),
            QStringList({"GETFILESTATUS /data", "LISTSTATUS_BATCH /data"}));
    }

    void aFileOpenedFromTheListingCostsOnlyItsOpen()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QAbstractItemModel* listing = window.browser()->view()->model();
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 2, 5000);
        m_server->clearRequestLog();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.browser()->view()->setFocus();
        window.browser()->view()->setCurrentIndex(rowNamed(listing, QStringLiteral("e.h5")));
        QTest::keyClick(window.browser()->view(), Qt::Key_Return);
        QVERIFY(opened.wait(10000));
        QCOMPARE(nameNodeCalls(m_server->requestLog()), QStringList({"OPEN /data/e.h5"}));
    }

    void aListedSymlinkIsAskedForItsTargetsLength()
    {
        // A link's listed length is 0, not its target's: trusting it would open an empty image.
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QAbstractItemModel* listing = window.browser()->view()->model();
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 2, 5000);
        m_server->clearRequestLog();
        window.browser()->view()->setFocus();
        window.browser()->view()->setCurrentIndex(rowNamed(listing, QStringLiteral("link.h5")));
        QTest::keyClick(window.browser()->view(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 10000);
        QCOMPARE(nameNodeCalls(m_server->requestLog()), QStringList({"GETFILESTATUS /data/link.h5"}));
    }

    void aLateHomeDirectoryDoesNotUndoALaterNavigation()
    {
        // Home is asked for, then /data before the home directory answers: /data stays.
        m_server->faults().homeDirectoryDelayMs = 600;
        QNetworkAccessManager network;
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        WebHdfsClient client(config, &network);
        HdfsBrowser browser;
        browser.setClient(&client, QStringLiteral("test"));
        browser.navigate(QString());
        browser.navigate(QStringLiteral("/data"));
        QTRY_COMPARE_WITH_TIMEOUT(browser.model()->rowCount(), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            nameNodeCalls(m_server->requestLog()).contains(QStringLiteral("GETHOMEDIRECTORY /")), 5000);
        QTest::qWait(1500); // the home directory (600 ms) has answered by now
        QCOMPARE(browser.currentPath(), QStringLiteral("/data"));
        QCOMPARE(browser.model()->rowCount(), 2);
    }

    void aLateStatusDoesNotUndoALaterNavigation()
    {
        // A typed file URL's status is slow; the user goes elsewhere meanwhile and stays there.
        m_server->faults().delayMs = 400;
        QNetworkAccessManager network;
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        WebHdfsClient client(config, &network);
        HdfsBrowser browser;
        browser.setClient(&client, QStringLiteral("test"));
        QSignalSpy open(&browser, &HdfsBrowser::openRequested);
        browser.openPath(QStringLiteral("/data/e.h5"));
        browser.navigate(QStringLiteral("/"));
        QTRY_COMPARE_WITH_TIMEOUT(browser.currentPath(), QStringLiteral("/"), 5000);
        QTest::qWait(1000);
        QCOMPARE(browser.currentPath(), QStringLiteral("/"));
        QCOMPARE(open.size(), 0);
    }

    void aRefreshMeanwhileAlsoWins()
    {
        QNetworkAccessManager network;
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        WebHdfsClient client(config, &network);
        HdfsBrowser browser;
        browser.setClient(&client, QStringLiteral("test"));
        browser.navigate(QStringLiteral("/"));
        QTRY_COMPARE_WITH_TIMEOUT(browser.model()->rowCount(), 1, 5000);
        m_server->faults().delayMs = 400;
        QSignalSpy open(&browser, &HdfsBrowser::openRequested);
        browser.openPath(QStringLiteral("/data/e.h5"));
        QToolButton* refresh = nullptr;
        for (QToolButton* button : browser.findChildren<QToolButton*>()) {
            if (button->toolTip() == QLatin1String("Refresh"))
                refresh = button;
        }
        QVERIFY(refresh);
        refresh->click();
        QTest::qWait(1200);
        QCOMPARE(browser.currentPath(), QStringLiteral("/"));
        QCOMPARE(open.size(), 0);
    }
};

QTEST_MAIN(tst_OpenPath)
#include "tst_openpath.moc"

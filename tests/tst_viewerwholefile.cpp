// SPDX-License-Identifier: MIT
// "Download whole file into memory" for a file the viewer reads lazily (issue 14): one full OPEN,
// then the same tab serves the file from memory at the same object and row; off, saying why, for
// a file over the memory budget.
#include "datasettablemodel.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "lazy/lazyfiles.h"
#include "mainwindow.h"
#include "testpaths.h"
#include "text/h5describe.h"
#include "viewerwaits.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUrlQuery>

using namespace H5Hdfs;

namespace {

/// Rows of the large file's two float64 columns: just over LazyFiles::kThreshold, so it opens lazily.
constexpr qint64 kLargeRows = LazyFiles::kThreshold / 16 + 4096;

QString pathOf(const QTreeView* tree)
{
    return tree->currentIndex().data(H5TreeModel::PathRole).toString();
}

/// The true row of the table's current cell, -1 without a table or a current cell.
qint64 currentRow(const FileView* view)
{
    const QModelIndex cell = view->tableView()->currentIndex();
    return view->tableModel() && cell.isValid() ? view->tableModel()->rowOffset() + cell.row() : -1;
}

/// The text of the table's current cell ("…" until its block is read).
QString currentText(const FileView* view)
{
    return view->tableView()->currentIndex().data().toString();
}

/// The OPEN requests of the log (NameNode and DataNode) as their query items.
QList<QUrlQuery> opens(const QList<QByteArray>& log)
{
    QList<QUrlQuery> found;
    for (const QByteArray& entry : log) {
        const QUrlQuery query(QUrl(QString::fromUtf8(entry.mid(3))));
        if (query.queryItemValue(QStringLiteral("op")) == QLatin1String("OPEN"))
            found << query;
    }
    return found;
}

} // namespace

class tst_ViewerWholeFile : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_hdfs;
    qint64 m_largeSize = 0;
    qint64 m_smallSize = 0;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    /// Connects `window` with `budget` and opens the HDFS file `path`; its view once it shows.
    FileView* openRemote(MainWindow& window, const QString& path, qint64 budget)
    {
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        config.memoryBudget = budget;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.connectWith(config, QStringLiteral("local"), QStringLiteral("/data"));
        window.browser()->openPath(path);
        if (!opened.wait(10000))
            return nullptr;
        return window.currentFileView();
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_viewerwholefile"));
        QSettings().clear();
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data"));
        m_largeSize = QFileInfo(H5Fixtures::writeMatrix(m_hdfs.filePath(QStringLiteral("data/large.h5")), kLargeRows, 2))
                          .size();
        m_smallSize = QFileInfo(H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/e.h5")))).size();
        QVERIFY(LazyFiles::opensLazily(LazyFiles::Mode::Auto, m_largeSize, WebHdfsConfig().memoryBudget));
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void theWholeFileReplacesTheLazyOneInPlace()
    {
        MainWindow window;
        FileView* lazy = openRemote(window, QStringLiteral("/data/large.h5"), WebHdfsConfig().memoryBudget);
        QVERIFY(lazy);
        QVERIFY(window.service().lazyStore(lazy->fileId()));
        QAction* whole = window.wholeFileAction();
        QVERIFY2(whole->isEnabled(), qPrintable(whole->toolTip()));
        auto* button = window.findChild<QToolButton*>(QStringLiteral("downloadWholeButton"));
        QVERIFY(button && button->isVisible());
        // The user's place: the dataset, a row far down its table
        QTRY_VERIFY_WITH_TIMEOUT(ViewerWaits::memberNamed(lazy->treeModel(), QStringLiteral("values")).isValid(), 5000);
        lazy->treeView()->setCurrentIndex(ViewerWaits::memberNamed(lazy->treeModel(), QStringLiteral("values")));
        QTRY_VERIFY_WITH_TIMEOUT(lazy->tableModel() && lazy->tableModel()->path() == QLatin1String("/values"), 5000);
        const qint64 row = kLargeRows - 12345;
        lazy->showCell(row, 1);
        QCOMPARE(currentRow(lazy), row);
        QTRY_VERIFY_WITH_TIMEOUT(currentText(lazy) != QStringLiteral("…"), 15000);
        const QString value = currentText(lazy);
        QVERIFY2(value != QStringLiteral("⚠"), qPrintable(lazy->tableView()->currentIndex().data(Qt::ToolTipRole).toString()));

        m_server->clearRequestLog();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        whole->trigger();
        QVERIFY(!whole->isEnabled()); // while it downloads
        QVERIFY(opened.wait(30000));
        FileView* view = window.currentFileView();
        QVERIFY(view && view != lazy);
        QCOMPARE(window.tabCount(), 1);
        // Served from the image now, and the view says so
        QVERIFY(window.service().image(view->fileId()));
        QVERIFY(!window.service().lazyStore(view->fileId()));
        QCOMPARE(window.statusBar()->currentMessage(),
            QStringLiteral("large.h5: %1 in memory").arg(H5Describe::bytes(m_largeSize)));
        QVERIFY(!whole->isEnabled());
        QVERIFY(button->isHidden());
        // The same object, the same row
        // (Worker round trips: slow in sanitizer builds under load.)
        QTRY_COMPARE_WITH_TIMEOUT(pathOf(view->treeView()), QStringLiteral("/values"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(currentRow(view), row, 15000);
        QCOMPARE(view->tableView()->currentIndex().column(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(currentText(view), value, 15000); // read from memory now
        // One OPEN of the whole file (the NameNode's and its DataNode's), no range read after it
        const QList<QUrlQuery> reads = opens(m_server->requestLog());
        QCOMPARE(reads.size(), 2);
        for (const QUrlQuery& read : reads) {
            QCOMPARE(read.queryItemValue(QStringLiteral("offset")), QStringLiteral("0"));
            QCOMPARE(read.queryItemValue(QStringLiteral("length")), QString::number(m_largeSize));
        }
    }

    void overTheBudgetTheActionIsOffAndSaysWhy()
    {
        MainWindow window;
        const qint64 budget = m_smallSize / 2; // a file over the budget opens lazily whatever its size
        FileView* view = openRemote(window, QStringLiteral("/data/e.h5"), budget);
        QVERIFY(view);
        QVERIFY(window.service().lazyStore(view->fileId()));
        QAction* whole = window.wholeFileAction();
        QVERIFY(!whole->isEnabled());
        QVERIFY2(whole->toolTip().contains(H5Describe::size(m_smallSize))
                && whole->toolTip().contains(H5Describe::size(budget)),
            qPrintable(whole->toolTip()));
        auto* button = window.findChild<QToolButton*>(QStringLiteral("downloadWholeButton"));
        QVERIFY(button && button->isVisible() && !button->isEnabled());
        QCOMPARE(button->toolTip(), whole->toolTip());
    }
};

QTEST_MAIN(tst_ViewerWholeFile)
#include "tst_viewerwholefile.moc"

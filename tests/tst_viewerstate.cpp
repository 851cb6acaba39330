// SPDX-License-Identifier: MIT
// What the viewer shows stays true to what it is doing (issue 12, items 13, 14 and 18): no error
// of an earlier connection, the current tab's file in the status line, the filter in the entry
// count, the browsed place in the URL bar, a command-line URL obeyed, no Copy or Export over no
// table, room for the file view, one split for every file, and feedback for exports and connecting.
#include "testpaths.h"
#include "attributesmodel.h"
#include "connectionurl.h"
#include "errorbanner.h"
#include "export/csvwriter.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "hdfsbrowsermodel.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "viewerwaits.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace H5Hdfs;

namespace {

/// The listed row named `name`, at any depth (the tree may have the root group on top).
QModelIndex rowNamed(const QAbstractItemModel* model, const QString& name, const QModelIndex& parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex index = model->index(r, 0, parent);
        if (index.data().toString() == name)
            return index;
        if (const QModelIndex below = rowNamed(model, name, index); below.isValid())
            return below;
    }
    return {};
}

/// Catches what QDesktopServices would open.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl& url) { opened << url; }
};

} // namespace

class tst_ViewerState : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_hdfs;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    QString url(const QString& path) const
    {
        return QStringLiteral("webhdfs://127.0.0.1:%1%2").arg(m_server->nameNodePort()).arg(path);
    }

    /// Opens a local file in the shown window; its view once the tree has its top rows.
    static FileView* openedView(MainWindow& window, const QString& path)
    {
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openLocalFile(path);
        if (!opened.wait(5000) || !window.currentFileView())
            return nullptr;
        FileView* view = window.currentFileView();
        if (!QTest::qWaitFor([view] { return view->treeModel()->rowCount() > 0; }, 5000))
            return nullptr;
        return view;
    }

    /// Selects the object named `name` among the tree's top rows and waits for its details.
    static bool select(FileView* view, const QString& name)
    {
        QModelIndex index;
        if (!QTest::qWaitFor([&] { return (index = rowNamed(view->treeModel(), name)).isValid(); }, 5000))
            return false;
        QSignalSpy shown(view, &FileView::detailsShown);
        view->treeView()->setCurrentIndex(index);
        return shown.wait(5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_viewerstate"));
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data/sub"));
        H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/sub/e.h5")));
        H5Fixtures::writeMatrix(m_hdfs.filePath(QStringLiteral("data/m.h5")), 10, 3);
        H5Fixtures::writeMatrix(m_hdfs.filePath(QStringLiteral("data/n.h5")), 2000, 40);
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void init()
    {
        QSettings().clear();
        m_server->faults() = {};
    }

    // 13: stale state

    void aWorkingConnectionTakesAwayAnEarlierConnectionsError()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/nowhere")));
        QTRY_VERIFY_WITH_TIMEOUT(window.errorBanner()->message().contains(QStringLiteral("Not found")), 5000);
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 3, 5000);
        QCOMPARE(window.errorBanner()->message(), QString());
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Connected to")));
    }

    void theStatusLineNamesTheCurrentTabsFile()
    {
        QTemporaryDir dir;
        const QString a = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("a.h5")), 10, 3);
        const QString b = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("b.h5")), 1000, 30);
        MainWindow window;
        QVERIFY(openedView(window, a));
        QVERIFY(openedView(window, b));
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("b.h5: ")));
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("fileTabs"));
        QVERIFY(tabs);
        tabs->setCurrentIndex(0);
        QVERIFY2(window.statusBar()->currentMessage().startsWith(QStringLiteral("a.h5: ")),
            qPrintable(window.statusBar()->currentMessage()));
        tabs->setCurrentIndex(1);
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("b.h5: ")));
    }

    void theEntryCountSaysWhatTheFilterShows()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->statusText(), QStringLiteral("3 entries"), 5000);
        auto* filter = window.browser()->findChild<QLineEdit*>(QStringLiteral("browserFilter"));
        QVERIFY(filter);
        filter->setText(QStringLiteral("m."));
        QCOMPARE(window.browser()->view()->model()->rowCount(), 1);
        QCOMPARE(window.browser()->statusText(), QStringLiteral("1 of 3 entries match “m.”"));
        filter->clear();
        QCOMPARE(window.browser()->statusText(), QStringLiteral("3 entries"));
    }

    void theUrlBarFollowsTheBrowser()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 3, 5000);
        auto* bar = window.findChild<QLineEdit*>(QStringLiteral("connectionUrl"));
        QVERIFY(bar);
        window.browser()->navigate(QStringLiteral("/data/sub"));
        QCOMPARE(bar->text(), url(QStringLiteral("/data/sub")));
        window.browser()->navigate(QStringLiteral("/"));
        QCOMPARE(bar->text(), url(QStringLiteral("/")));
    }

    void theUrlBarKeepsTheFormTheUserTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("browsed");
        QTest::newRow("webhdfs") << "webhdfs://nn:9870/data/x.h5" << "webhdfs://nn:9870"
                                 << "webhdfs://nn:9870/a%20b/c";
        QTest::newRow("HA pair") << "webhdfs://nn1:9870,nn2:9870/data" << "webhdfs://nn1:9870,nn2:9870"
                                 << "webhdfs://nn1:9870,nn2:9870/a%20b/c";
        QTest::newRow("Knox") << "https://knox:8443/gateway/default/webhdfs/v1/data"
                              << "https://knox:8443/gateway/default/webhdfs/v1"
                              << "https://knox:8443/gateway/default/webhdfs/v1/a%20b/c";
        QTest::newRow("hdfs, no path") << "hdfs://prod" << "hdfs://prod" << "hdfs://prod/a%20b/c";
        QTest::newRow("a bare path") << "/data/x.h5" << "" << "/a b/c";
    }
    void theUrlBarKeepsTheFormTheUserTyped()
    {
        QFETCH(QString, typed);
        QFETCH(QString, server);
        QFETCH(QString, browsed);
        QCOMPARE(ConnectionUrl::server(typed), server);
        QCOMPARE(ConnectionUrl::withPath(server, QStringLiteral("/a b/c")), browsed);
    }

    void aCommandLineUrlIsNotReplacedByTheLastPlace()
    {
        {
            MainWindow window;
            window.show();
            window.openUrl(url(QStringLiteral("/data/sub")));
            QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 1, 5000);
        }
        MainWindow again;
        again.show();
        again.openArgument(url(QStringLiteral("/")));
        QSignalSpy listed(again.browser(), &HdfsBrowser::listed);
        QVERIFY(listed.wait(5000));
        QCOMPARE(again.browser()->currentPath(), QStringLiteral("/"));
    }

    void aGroupDisablesCopyAndExportAndKeepsTheTab()
    {
        QTemporaryDir dir;
        MainWindow window;
        FileView* view = openedView(window, H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5"))));
        QVERIFY(view);
        auto* copy = view->findChild<QToolButton*>(QStringLiteral("copyButton"));
        auto* exportButton = view->findChild<QToolButton*>(QStringLiteral("exportButton"));
        QVERIFY(copy && exportButton);
        QVERIFY(!copy->isEnabled() && !exportButton->isEnabled()); // nothing selected yet
        QVERIFY(select(view, QStringLiteral("matrix")));
        QVERIFY(copy->isEnabled() && exportButton->isEnabled());
        auto* panels = view->findChild<QTabWidget*>();
        QCOMPARE(panels->currentIndex(), 0);
        // The metadata counts the attributes, as their tab's title does.
        const int attributes = view->attributesModel()->rowCount();
        QVERIFY(attributes > 0);
        QVERIFY2(view->detailsText().contains(QStringLiteral("Attributes\n%1").arg(attributes)),
            qPrintable(view->detailsText()));
        QCOMPARE(panels->tabText(2), QStringLiteral("Attributes (%1)").arg(attributes));
        QVERIFY(select(view, QStringLiteral("layouts")));
        QTest::qWait(300); // a named-table answer for the group would come by now
        QVERIFY(!view->tableModel());
        QVERIFY(!copy->isEnabled() && !exportButton->isEnabled());
        QCOMPARE(panels->currentIndex(), 0); // the user's tab, not Metadata
    }

    // 14: layout

    void aFirstStartFillsMostOfTheScreen()
    {
        MainWindow window;
        const QSize screen = window.screen()->availableGeometry().size();
        QVERIFY2(window.width() >= screen.width() * 0.85 && window.width() <= screen.width(),
            qPrintable(QStringLiteral("%1 of %2").arg(window.width()).arg(screen.width())));
        QVERIFY(window.height() >= screen.height() * 0.85 && window.height() <= screen.height());
    }

    void aRememberedWindowSizeIsKept()
    {
        {
            MainWindow window;
            window.show();
            window.resize(700, 500);
            QTRY_COMPARE(window.size(), QSize(700, 500));
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(700, 500));
    }

    void theFileViewGetsTheRoomOnceAFileIsOpen()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 3, 5000);
        auto* split = window.findChild<QSplitter*>(QStringLiteral("mainSplit"));
        QVERIFY(split);
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.downloadAndOpen({QStringLiteral("/data/m.h5")});
        QVERIFY(opened.wait(10000));
        QTRY_VERIFY(split->sizes().value(1) > 0);
        const QList<int> sizes = split->sizes();
        QVERIFY2(sizes.value(0) <= 0.27 * (sizes.value(0) + sizes.value(1)),
            qPrintable(QStringLiteral("%1 | %2").arg(sizes.value(0)).arg(sizes.value(1))));
        QVERIFY(sizes.value(0) > 0);
        // The browser's column hides and comes back.
        QAction* toggle = window.browserPanelAction();
        QVERIFY(toggle && toggle->isChecked());
        toggle->trigger();
        QVERIFY(!window.browser()->isVisibleTo(&window) || split->sizes().value(0) == 0);
        toggle->trigger();
        QVERIFY(window.browser()->isVisible());
    }

    void treeColumnsFitWhatTheyShow()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.resize(1400, 900);
        // A name longer than the old fixed column (190 px), as real files have them.
        const QString path = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("long.h5")), 1000, 8,
            H5Fixtures::Values::Counting, "/calibrated_temperature_per_sensor_2026");
        FileView* view = openedView(window, path);
        QVERIFY(view);
        QTreeView* tree = view->treeView();
        for (const int column : {H5TreeModel::NameColumn, H5TreeModel::KindColumn, H5TreeModel::ShapeColumn}) {
            // What the column needs, asked of the view as QHeaderView's ResizeToContents would.
            const auto needed = [tree, column] {
                return static_cast<const QAbstractItemView*>(tree)->sizeHintForColumn(column);
            };
            QTRY_VERIFY2(tree->columnWidth(column) >= needed(),
                qPrintable(QStringLiteral("column %1: %2 < %3").arg(column).arg(tree->columnWidth(column)).arg(needed())));
        }
    }

    void everyFileSharesOneSplit()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.resize(1400, 900);
        FileView* first = openedView(window, H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("a.h5")), 4, 4));
        FileView* second = openedView(window, H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("b.h5")), 4, 4));
        QVERIFY(first && second && first != second);
        auto* firstSplit = first->findChild<QSplitter*>(QStringLiteral("fileSplit"));
        auto* split = second->findChild<QSplitter*>(QStringLiteral("fileSplit"));
        QVERIFY(firstSplit && split);
        // The user drags the second file's handle to a quarter of the width.
        QSplitterHandle* handle = split->handle(1);
        const int target = split->width() / 4;
        const QPoint from = handle->rect().center();
        const QPointF to(from.x() + (target - split->sizes().value(0)), from.y());
        QTest::mousePress(handle, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, to, handle->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, {});
        QApplication::sendEvent(handle, &move);
        QTest::mouseRelease(handle, Qt::LeftButton, {}, to.toPoint());
        const int dragged = split->sizes().value(0);
        QVERIFY2(qAbs(dragged - target) < 20, qPrintable(QStringLiteral("%1 vs %2").arg(dragged).arg(target)));
        // The first file shows the same split when its tab comes back, and a third opens with it.
        window.findChild<QTabWidget*>(QStringLiteral("fileTabs"))->setCurrentIndex(0);
        QTRY_VERIFY2(qAbs(firstSplit->sizes().value(0) - dragged) <= 2,
            qPrintable(QStringLiteral("%1 vs %2").arg(firstSplit->sizes().value(0)).arg(dragged)));
        FileView* third = openedView(window, H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("c.h5")), 4, 4));
        QVERIFY(third);
        auto* thirdSplit = third->findChild<QSplitter*>(QStringLiteral("fileSplit"));
        QTRY_VERIFY2(qAbs(thirdSplit->sizes().value(0) - dragged) <= 2,
            qPrintable(QStringLiteral("%1 vs %2").arg(thirdSplit->sizes().value(0)).arg(dragged)));
    }

    // 18: feedback

    void anExportIsConfirmedWithItsFileRowsAndFolder()
    {
        QTemporaryDir dir;
        MainWindow window;
        FileView* view
            = openedView(window, H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 1234, 3));
        QVERIFY(view);
        QVERIFY(select(view, QStringLiteral("values")));
        QVERIFY(view->tableModel());
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        const Error exported = ViewerWaits::exportedCsv(*view, csv, CsvOptions {}, ExportScope::Whole);
        QVERIFY2(!exported.isError(), qPrintable(exported.toString()));
        QTRY_VERIFY(!window.notices()->message().isEmpty());
        QCOMPARE(window.notices()->message(),
            QStringLiteral("Exported 1,234 rows to %1").arg(QDir::toNativeSeparators(csv)));
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        QTest::mouseClick(window.notices()->actionButton(), Qt::LeftButton);
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        QCOMPARE(catcher.opened, QList<QUrl>({QUrl::fromLocalFile(dir.path())}));
    }

    void connectingIsShownAtOnce()
    {
        m_server->faults().delayMs = 1500; // a slow or unreachable NameNode
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QCoreApplication::processEvents();
        const QString expected = QStringLiteral("Connecting to 127.0.0.1:%1…").arg(m_server->nameNodePort());
        QCOMPARE(window.browser()->statusText(), expected);
        QCOMPARE(window.statusBar()->currentMessage(), expected);
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->statusText(), QStringLiteral("3 entries"), 10000);
    }
};

QTEST_MAIN(tst_ViewerState)
#include "tst_viewerstate.moc"

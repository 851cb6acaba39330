// SPDX-License-Identifier: MIT
// The viewer's menus: View, Go and Help, the tree's and the browser's context menus, Open Recent.
#include "testpaths.h"
#include "datasettablemodel.h"
#include "demo.h"
#include "downloadspanel.h"
#include "errorbanner.h"
#include "exportdialog.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "mainmenus.h"
#include "mainwindow.h"
#include "viewerwaits.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace H5Hdfs;

namespace {

QModelIndex rowNamed(const QAbstractItemModel* model, const QString& name)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == name)
            return model->index(r, 0);
    }
    return {};
}

QAction* actionNamed(const QMenu* menu, const QString& name)
{
    return menu->findChild<QAction*>(name);
}

/// Runs `whilePoppedUp` on the next popup menu as soon as it shows (menus run their own loop).
void onNextPopup(const std::function<void(QMenu*)>& whilePoppedUp)
{
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, whilePoppedUp] {
        if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
            poll->deleteLater();
            poll->stop();
            whilePoppedUp(menu);
        }
    });
    poll->start(20);
}

/// Runs `whileShown` on the next dialog of type T as soon as it shows, then closes it.
template <typename T> void onNextDialog(const std::function<void(T*)>& whileShown)
{
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, whileShown] {
        for (QWidget* top : QApplication::topLevelWidgets()) {
            if (auto* dialog = qobject_cast<T*>(top); dialog && dialog->isVisible()) {
                poll->deleteLater();
                poll->stop();
                whileShown(dialog);
                dialog->reject();
                return;
            }
        }
    });
    poll->start(20);
}

} // namespace

class tst_ViewerMenus : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_hdfs;
    QString m_everything;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    QString url(const QString& path) const
    {
        return QStringLiteral("webhdfs://127.0.0.1:%1%2").arg(m_server->nameNodePort()).arg(path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_viewermenus"));
        QSettings().clear();
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data"));
        m_everything = H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/e.h5")));
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void theMenuBarHasViewGoAndHelp()
    {
        MainWindow window;
        QStringList titles;
        for (QAction* menu : window.menuBar()->actions())
            titles << menu->text().remove(QLatin1Char('&'));
        for (const char* title : {"File", "View", "Go", "Help"})
            QVERIFY2(titles.contains(QLatin1String(title)), qPrintable(titles.join(QLatin1Char(' '))));
        QVERIFY(titles.indexOf(QStringLiteral("Help")) == titles.size() - 1);
    }

    void theViewMenuShowsAndHidesThePanels()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_VERIFY(window.browser()->isVisible());
        auto* view = window.menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
        QVERIFY(view);
        // The browser's column: the window's own action, the one on its toolbar too
        QVERIFY(view->actions().contains(window.browserPanelAction()));
        window.browserPanelAction()->trigger();
        QVERIFY(!window.browser()->isVisible());
        window.browserPanelAction()->trigger();
        QVERIFY(window.browser()->isVisible());
        // The downloads panel, ticked as it is when the menu opens
        Q_EMIT view->aboutToShow();
        QAction* downloads = window.menus()->action(QStringLiteral("showDownloads"));
        QCOMPARE(downloads->isChecked(), window.downloads()->isVisible());
        downloads->trigger();
        QCOMPARE(window.downloads()->isVisible(), downloads->isChecked());
        downloads->trigger();
        QCOMPARE(window.downloads()->isVisible(), downloads->isChecked());
    }

    void theViewMenuChoosesHowNumbersShow()
    {
        MainWindow window;
        FileView* first = ViewerWaits::openedView(window, m_everything);
        QVERIFY(first);
        first->treeView()->setCurrentIndex(
            ViewerWaits::memberNamed(first->treeModel(), QStringLiteral("matrix")));
        QTRY_VERIFY_WITH_TIMEOUT(first->tableModel(), 5000);
        first->tableModel()->data(first->tableModel()->index(2, 3));
        QTRY_COMPARE(
            first->tableModel()->data(first->tableModel()->index(2, 3)).toString(), QStringLiteral("23"));
        window.menus()->action(QStringLiteral("numbers_f"))->trigger();
        QCOMPARE(first->tableModel()->data(first->tableModel()->index(2, 3)).toString(),
            QStringLiteral("23.000000"));
        // A file opened afterwards shows them the same way
        FileView* second = ViewerWaits::openedView(window, m_everything);
        QVERIFY(second && second != first);
        second->treeView()->setCurrentIndex(
            ViewerWaits::memberNamed(second->treeModel(), QStringLiteral("matrix")));
        QTRY_VERIFY_WITH_TIMEOUT(second->tableModel(), 5000);
        second->tableModel()->data(second->tableModel()->index(2, 3));
        QTRY_COMPARE(second->tableModel()->data(second->tableModel()->index(2, 3)).toString(),
            QStringLiteral("23.000000"));
    }

    void theTreesContextMenuCopiesExportsAndOpensInANewTab()
    {
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, m_everything);
        QVERIFY(view);
        const QModelIndex matrix = ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("matrix"));
        const QModelIndex links = ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("links"));
        // Copy path
        std::unique_ptr<QMenu> menu(view->treeContextMenu(matrix));
        actionNamed(menu.get(), QStringLiteral("copyPathAction"))->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("/matrix"));
        // Export: for datasets and tables, not for plain groups
        QVERIFY(actionNamed(menu.get(), QStringLiteral("exportAction"))->isEnabled());
        std::unique_ptr<QMenu> groupMenu(view->treeContextMenu(links));
        QVERIFY(!actionNamed(groupMenu.get(), QStringLiteral("exportAction"))->isEnabled());
        // Export of an object not selected yet: it is selected, and the dialog offers its table
        QString suggested;
        onNextDialog<ExportDialog>([&suggested](ExportDialog* dialog) { suggested = dialog->path(); });
        actionNamed(menu.get(), QStringLiteral("exportAction"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!suggested.isEmpty(), 5000);
        QVERIFY2(suggested.endsWith(QStringLiteral("matrix.csv")), qPrintable(suggested));
        QCOMPARE(view->treeView()->currentIndex().data(H5TreeModel::PathRole).toString(),
            QStringLiteral("/matrix"));
        // Open in new tab: the same file, the object selected there
        std::unique_ptr<QMenu> vlenMenu(
            view->treeContextMenu(ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("vlen_ints"))));
        actionNamed(vlenMenu.get(), QStringLiteral("openInNewTabAction"))->trigger();
        QCOMPARE(window.tabCount(), 2);
        FileView* second = window.currentFileView();
        QVERIFY(second != view);
        QTRY_COMPARE_WITH_TIMEOUT(second->treeView()->currentIndex().data(H5TreeModel::PathRole).toString(),
            QStringLiteral("/vlen_ints"), 5000);
        QCOMPARE(window.findChild<QTabWidget*>()->tabText(1), QStringLiteral("e.h5:/vlen_ints"));
    }

    void theBrowsersContextMenuCopiesTheUrl()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTableView* listing = window.browser()->view();
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(listing->model(), QStringLiteral("e.h5")).isValid(), 5000);
        QStringList offered;
        onNextPopup([&offered](QMenu* menu) {
            for (QAction* action : menu->actions())
                offered << action->text();
            for (QAction* action : menu->actions()) {
                if (action->text() == QLatin1String("Copy URL"))
                    menu->setActiveAction(action);
            }
            QTest::keyClick(menu, Qt::Key_Return);
        });
        Q_EMIT listing->customContextMenuRequested(
            listing->visualRect(rowNamed(listing->model(), QStringLiteral("e.h5"))).center());
        QCOMPARE(offered,
            QStringList({QStringLiteral("Open"), QStringLiteral("Copy path"), QStringLiteral("Copy URL"),
                QStringLiteral("Properties…")}));
        // The REST URL, as curl, a browser or h5hdfs take it
        QCOMPARE(QApplication::clipboard()->text(),
            QStringLiteral("http://127.0.0.1:%1/webhdfs/v1/data/e.h5").arg(m_server->nameNodePort()));
    }

    void openRecentKeepsFilesAndStableUrlsNotTheDemosPort()
    {
        QSettings().remove(QStringLiteral("recent"));
        // The demo's directory, as the viewer's bundled samples would fill it (tests do not bundle them)
        const QString experiments = Demo::defaultDirectory() + QStringLiteral("/data/experiments");
        QVERIFY(QDir().mkpath(experiments));
        H5Fixtures::writeEverything(experiments + QStringLiteral("/experiment.h5"));
        MainWindow window;
        window.show();
        window.startDemo();
        QTableView* listing = window.browser()->view();
        QTRY_VERIFY2_WITH_TIMEOUT(rowNamed(listing->model(), QStringLiteral("experiment.h5")).isValid(),
            qPrintable(window.errorBanner()->message() + QLatin1Char(' ') + window.browser()->currentPath()),
            5000);
        // Browsing the demo keeps nothing: its server gets a new port each time
        QVERIFY2(window.recentItems().isEmpty(), qPrintable(window.recentItems().join(QLatin1Char(' '))));
        // A demo file opened is kept by its path on disk, which outlives the server
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        listing->setCurrentIndex(rowNamed(listing->model(), QStringLiteral("experiment.h5")));
        QTest::keyClick(listing, Qt::Key_Return);
        QVERIFY(opened.wait(10000));
        const QString onDisk
            = QFileInfo(Demo::defaultDirectory() + QStringLiteral("/data/experiments/experiment.h5"))
                  .absoluteFilePath();
        QCOMPARE(window.recentItems(), QStringList {onDisk});
        // A server that stays: its directory and its files are kept by URL, a file browsed to as well
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(listing->model(), QStringLiteral("e.h5")).isValid(), 5000);
        listing->setCurrentIndex(rowNamed(listing->model(), QStringLiteral("e.h5")));
        QTest::keyClick(listing, Qt::Key_Return);
        QVERIFY(opened.wait(10000));
        const QString browsedFile
            = QStringLiteral("http://127.0.0.1:%1/webhdfs/v1/data/e.h5").arg(m_server->nameNodePort());
        QCOMPARE(window.recentItems(), QStringList({browsedFile, url(QStringLiteral("/data")), onDisk}));
        // And the kept demo file opens from Open Recent in a later session, with no server
        MainWindow later;
        later.show();
        QSignalSpy reopened(&later, &MainWindow::fileOpened);
        auto* recent = later.menuBar()->findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(recent);
        recent->actions().last()->trigger();
        QVERIFY(reopened.wait(5000));
        QCOMPARE(later.tabCount(), 1);
    }

    void aboutShowsAtOnceAndAsksTheWorkerInTheBackground()
    {
        // A worker that takes a second to say its version, as a cold start on a slow disk can.
        QTemporaryDir dir;
        const QString slowWorker = dir.filePath(QStringLiteral("slow-worker"));
        QFile script(slowWorker);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nsleep 1\necho 'HDF5 library 9.9.9 (a slow worker)'\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("H5HDFS_WORKER", slowWorker.toLocal8Bit());
        MainWindow window;
        window.show();
        // Whatever happens, no box stays open (the old About blocked in exec())
        QTimer closer;
        connect(&closer, &QTimer::timeout, &window, [&window] {
            for (auto* box : window.findChildren<QMessageBox*>())
                box->close();
        });
        closer.start(3000);
        QElapsedTimer clock;
        clock.start();
        window.menus()->action(QStringLiteral("about"))->trigger();
        QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("aboutBox"));
        QVERIFY(box && box->isVisible());
        QVERIFY(box->informativeText().contains(QStringLiteral("asking the worker")));
        QTRY_VERIFY_WITH_TIMEOUT(box->informativeText().contains(QStringLiteral("9.9.9")), 2500);
        QVERIFY(box->informativeText().contains(QString::fromLatin1(qVersion())));
        box->close();
        qunsetenv("H5HDFS_WORKER");
        // Asked once: the next About has it at once
        window.menus()->action(QStringLiteral("about"))->trigger();
        QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("aboutBox")));
        QVERIFY(window.findChild<QMessageBox*>(QStringLiteral("aboutBox"))
                    ->informativeText()
                    .contains(QStringLiteral("9.9.9")));
    }

    void helpListsTheKeyboardShortcuts()
    {
        MainWindow window;
        window.menus()->action(QStringLiteral("showShortcuts"))->trigger();
        auto* dialog = window.findChild<QDialog*>(QStringLiteral("shortcutsDialog"));
        QVERIFY(dialog);
        auto* table = dialog->findChild<QTableWidget*>();
        QStringList keys;
        for (int r = 0; r < table->rowCount(); ++r)
            keys << table->item(r, 0)->text();
        for (const char* expected : {"F6", "Shift+F6", "Ctrl+1", "Ctrl+L", "Ctrl+F", "Ctrl+O", "Type a name"})
            QVERIFY2(keys.contains(QLatin1String(expected)), qPrintable(keys.join(QLatin1Char(' '))));
    }
};

QTEST_MAIN(tst_ViewerMenus)
#include "tst_viewermenus.moc"

// SPDX-License-Identifier: MIT
// The viewer from the keyboard: live find that selects in the tree, Tab leaving the views, keys
// between the panes, typing a name to jump to it.
#include "testpaths.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "mainmenus.h"
#include "mainwindow.h"
#include "pathbar.h"
#include "viewerwaits.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace H5Hdfs;

namespace {

QString pathOf(const QTreeView* tree)
{
    return tree->currentIndex().data(H5TreeModel::PathRole).toString();
}

QString currentName(const QAbstractItemView* view)
{
    return view->currentIndex().siblingAtColumn(0).data().toString();
}

/// The find list's first line: "Searching…" until the search answers, then the first result.
QString firstResult(const QListWidget* results)
{
    return results->count() > 0 ? results->item(0)->text() : QString();
}

} // namespace

class tst_ViewerKeyboard : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_hdfs;
    QString m_everything;
    std::unique_ptr<LocalWebHdfsServer> m_server;

    /// The window browsing /data of the local server, with e.h5 open; focus on the listing.
    FileView* browseAndOpen(MainWindow& window)
    {
        window.openUrl(QStringLiteral("webhdfs://127.0.0.1:%1/data").arg(m_server->nameNodePort()));
        if (!QTest::qWaitFor([&window] { return window.browser()->view()->model()->rowCount() == 3; }, 5000))
            return nullptr;
        FileView* view = ViewerWaits::openedView(window, m_everything);
        window.activateWindow();
        if (!view || !QTest::qWaitForWindowActive(&window))
            return nullptr;
        return view;
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_viewerkeyboard"));
        QSettings().clear();
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data/sub"));
        m_everything = H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/e.h5")));
        H5Fixtures::writeMatrix(m_hdfs.filePath(QStringLiteral("data/matrix.h5")), 3, 3);
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void findSearchesAsYouTypeOnceTypingPauses()
    {
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, m_everything);
        QVERIFY(view);
        QTRY_VERIFY(!view->treeModel()->isLoading());
        // Typed quickly, without Enter: one search, a moment after the last key
        const int asked = window.service().requestsQueued(view->fileId());
        QElapsedTimer typing;
        typing.start();
        QTest::keyClicks(view->searchField(), QStringLiteral("vlen_"));
        QVERIFY(typing.elapsed() < FileView::kSearchDelayMs); // else the keys were not "quick"
        QTRY_COMPARE_WITH_TIMEOUT(view->searchResults()->count(), 3, 5000);
        QCOMPARE(view->searchResults()->item(0)->text(), QStringLiteral("/strings/vlen_ascii"));
        QTest::qWait(2 * FileView::kSearchDelayMs);
        QCOMPARE(window.service().requestsQueued(view->fileId()) - asked, 1);
        // Emptied, the results go
        view->searchField()->clear();
        QVERIFY(view->searchResults()->isHidden());
    }

    void aFoundObjectIsSelectedInTheTree()
    {
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, m_everything);
        QVERIFY(view);
        QTreeView* tree = view->treeView();
        tree->setCurrentIndex(ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("matrix")));
        QTest::keyClicks(view->searchField(), QStringLiteral("vlen_ascii"));
        // The result itself, not the "Searching…" line before it (one line too): a click on that
        // line selects nothing, and in a slow build the answer comes after the click.
        QListWidget* results = view->searchResults();
        QTRY_COMPARE_WITH_TIMEOUT(firstResult(results), QStringLiteral("/strings/vlen_ascii"), 15000);
        QCOMPARE(results->count(), 1);
        // The result is in a group not listed yet: listed, expanded, selected, scrolled to.
        // Clicked where the result is drawn once the list is laid out; listing the group it is in
        // takes a worker round trip, slow in sanitizer builds under load.
        QTRY_VERIFY_WITH_TIMEOUT(
            results->isVisible() && !results->visualItemRect(results->item(0)).isEmpty(), 5000);
        QTest::mouseClick(
            results->viewport(), Qt::LeftButton, {}, results->visualItemRect(results->item(0)).center());
        QTRY_COMPARE_WITH_TIMEOUT(pathOf(tree), QStringLiteral("/strings/vlen_ascii"), 15000);
        QVERIFY(tree->isExpanded(tree->currentIndex().parent()));
        QVERIFY(tree->viewport()->rect().intersects(tree->visualRect(tree->currentIndex())));
        QTRY_VERIFY_WITH_TIMEOUT(view->detailsText().contains(QStringLiteral("/strings/vlen_ascii")), 5000);
        // From the keyboard: Down leaves the find field for the results
        view->searchField()->setFocus();
        QTest::keyClick(view->searchField(), Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), results);
        // Paths the tree can reach through links show as themselves too
        view->revealPath(QStringLiteral("/links/loop/matrix"));
        QTRY_COMPARE_WITH_TIMEOUT(pathOf(tree), QStringLiteral("/links/loop/matrix"), 5000);
    }

    void tabLeavesTheListingTheTreeAndTheTable()
    {
        MainWindow window;
        FileView* view = browseAndOpen(window);
        QVERIFY(view);
        for (QAbstractItemView* itemView : {static_cast<QAbstractItemView*>(window.browser()->view()),
                 static_cast<QAbstractItemView*>(view->treeView()),
                 static_cast<QAbstractItemView*>(view->tableView())}) {
            window.menus()->focusPane(itemView == window.browser()->view() ? MainMenus::Pane::Browser
                    : itemView == view->treeView()                         ? MainMenus::Pane::Tree
                                                                           : MainMenus::Pane::Table);
            QCOMPARE(QApplication::focusWidget(), itemView);
            QTest::keyClick(itemView, Qt::Key_Tab);
            QVERIFY2(QApplication::focusWidget() != itemView, itemView->metaObject()->className());
        }
        // In the file: find, its results, the tree, then the table
        QTest::keyClicks(view->searchField(), QStringLiteral("vlen"));
        QTRY_COMPARE_WITH_TIMEOUT(view->searchResults()->count(), 3, 5000);
        view->searchField()->setFocus();
        for (QWidget* next :
            {static_cast<QWidget*>(view->searchResults()), static_cast<QWidget*>(view->treeView())}) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), next);
        }
    }

    void tabGoesThroughTheWindowInReadingOrder()
    {
        MainWindow window;
        FileView* view = browseAndOpen(window);
        QVERIFY(view);
        // From the URL field, Tab after Tab: where each stop comes first
        window.locationEdit()->setFocus();
        QList<QWidget*> stops;
        for (int i = 0; i < 30; ++i) {
            stops << QApplication::focusWidget();
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        const QList<QWidget*> readingOrder = {window.locationEdit(),
            window.browser()->findChild<QLineEdit*>(QStringLiteral("browserFilter")),
            window.browser()->view(), view->searchField(), view->treeView(), view->tableView()};
        int previous = -1;
        for (QWidget* stop : readingOrder) {
            const int at = int(stops.indexOf(stop));
            QVERIFY2(at > previous, stop ? stop->metaObject()->className() : "null");
            previous = at;
        }
    }

    void keysMoveBetweenThePanes()
    {
        MainWindow window;
        FileView* view = browseAndOpen(window);
        QVERIFY(view);
        QWidget* listing = window.browser()->view();
        // F6 cycles browser, tree, table; Shift+F6 goes back
        listing->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->treeView()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->tableView()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        QCOMPARE(QApplication::focusWidget(), listing);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6, Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->tableView()));
        // Ctrl+1..3 go to one; the table's tab comes forward for Ctrl+3
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->treeView()));
        QVERIFY(view->treeView()->currentIndex().isValid()); // arrows have a place to start from
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), listing);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->tableView()));
        QVERIFY(view->tableView()->isVisible());
        // Ctrl+F: the file's find field; Ctrl+L: the browser's path
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(view->searchField()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_L, Qt::ControlModifier);
        QVERIFY(window.browser()->pathBar()->isEditing());
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(window.browser()->pathBar()->editor()));
        // Each of these keys is shown in a menu
        for (const char* name :
            {"nextPane", "previousPane", "pane1", "pane2", "pane3", "findInFile", "goToLocation"}) {
            QAction* action = window.menus()->action(QLatin1String(name));
            QVERIFY2(action && !action->shortcut().isEmpty(), name);
        }
    }

    void typingANameJumpsToIt()
    {
        MainWindow window;
        FileView* view = browseAndOpen(window);
        QVERIFY(view);
        // The listing: e.h5, matrix.h5, sub
        window.menus()->focusPane(MainMenus::Pane::Browser);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("su"));
        QCOMPARE(currentName(window.browser()->view()), QStringLiteral("sub"));
        QTest::qWait(QApplication::keyboardInputInterval() + 50);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("ma"));
        QCOMPARE(currentName(window.browser()->view()), QStringLiteral("matrix.h5"));
        // The tree: the root's members are there to type
        window.menus()->focusPane(MainMenus::Pane::Tree);
        QTest::qWait(QApplication::keyboardInputInterval() + 50);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("stri"));
        QCOMPARE(currentName(view->treeView()), QStringLiteral("strings"));
        // The find results
        QTest::keyClicks(view->searchField(), QStringLiteral("vlen"));
        QTRY_COMPARE_WITH_TIMEOUT(view->searchResults()->count(), 3, 5000);
        view->searchResults()->setFocus();
        QTest::keyClicks(view->searchResults(), QStringLiteral("/vlen_i"));
        QCOMPARE(view->searchResults()->currentItem()->text(), QStringLiteral("/vlen_ints"));
    }

    void typingInTheTableDoesNotReadTheWholeColumn()
    {
        // Type-ahead in a data table would compare every cell of the column with the keys typed:
        // a million rows read for a keystroke. Typing there does nothing.
        QTemporaryDir dir;
        MainWindow window;
        FileView* view = ViewerWaits::openedView(
            window, H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 200'000, 2));
        QVERIFY(view);
        view->treeView()->setCurrentIndex(view->treeModel()->index(0, 0, view->treeModel()->rootIndex()));
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel(), 5000);
        QTableView* table = view->tableView();
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 0));
        QTest::qWait(500); // the first page has come
        const int asked = window.service().requestsQueued(view->fileId());
        QTest::keyClicks(table, QStringLiteral("19"));
        QTest::qWait(500);
        QCOMPARE(table->currentIndex().row(), 0);
        const int askedWhileTyping = window.service().requestsQueued(view->fileId()) - asked;
        QVERIFY2(askedWhileTyping <= 1, qPrintable(QString::number(askedWhileTyping)));
    }
};

QTEST_MAIN(tst_ViewerKeyboard)
#include "tst_viewerkeyboard.moc"

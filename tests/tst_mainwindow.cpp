// SPDX-License-Identifier: MIT
// The real main window, driven offscreen, over the local WebHDFS server: browsing, downloads, error
// banners, what it remembers per server.
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "downloadspanel.h"
#include "errorbanner.h"
#include "exportdialog.h"
#include "export/csvwriter.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "hdfsbrowsermodel.h"
#include "mainwindow.h"
#include "pathbar.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include "webhdfs/server/localwebhdfsserver.h"

using namespace H5Hdfs;

namespace {

QModelIndex rowNamed(const QAbstractItemModel* model, const QString& name, const QModelIndex& parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        if (model->index(r, 0, parent).data().toString() == name)
            return model->index(r, 0, parent);
    }
    return {};
}

} // namespace

class tst_MainWindow : public QObject {
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
        // Settings go to a test location, never the user's.
        TestPaths::isolateSettings(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QDir(m_hdfs.path()).mkpath(QStringLiteral("data/sub"));
        const QString everything
            = H5Fixtures::writeEverything(m_hdfs.filePath(QStringLiteral("data/sub/e.h5")));
        const QByteArray bytes = H5Fixtures::readAll(everything);
        QFile truncated(m_hdfs.filePath(QStringLiteral("data/truncated.h5")));
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(bytes.left(bytes.size() / 2));
        truncated.close();
        QFile big(m_hdfs.filePath(QStringLiteral("data/big.h5")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(2 << 20, 'x'));
        big.close();
        LocalWebHdfsServer::Options options;
        options.rootDir = m_hdfs.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY(m_server->start());
    }

    void browsesDownloadsAndOpensFromHdfs()
    {
        MainWindow window;
        window.show();
        // Connect and list
        window.openUrl(url(QStringLiteral("/data")));
        QAbstractItemModel* listing = window.browser()->view()->model();
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 3, 5000);
        QCOMPARE(window.browser()->currentPath(), QStringLiteral("/data"));
        QTRY_VERIFY(
            window.statusBar()->currentMessage().startsWith(QStringLiteral("Connected to 127.0.0.1:")));
        auto* hint = window.findChild<QLabel*>(QStringLiteral("emptyHint"));
        QVERIFY(hint && hint->isVisible());
        // Properties, with the content summary computed on request
        int subRow = 0;
        while (window.browser()->model()->entry(subRow).name != QLatin1String("sub"))
            ++subRow;
        window.browser()->showProperties(subRow);
        auto* properties = window.browser()->findChild<QDialog*>(QStringLiteral("propertiesDialog"));
        QVERIFY(properties);
        QTest::mouseClick(properties->findChild<QPushButton*>(), Qt::LeftButton);
        auto* summary = properties->findChild<QLabel*>(QStringLiteral("contentSummary"));
        QTRY_VERIFY_WITH_TIMEOUT(
            summary->text().startsWith(QStringLiteral("1 file in 1 directory, ")), 5000);
        properties->close();
        // Enter a directory with Enter, as a user would
        window.browser()->view()->setFocus();
        window.browser()->view()->setCurrentIndex(rowNamed(listing, QStringLiteral("sub")));
        QTest::keyClick(window.browser()->view(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data/sub"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 1, 5000);
        // Open the file: it downloads into memory and opens in a tab
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.browser()->view()->setCurrentIndex(rowNamed(listing, QStringLiteral("e.h5")));
        QTest::keyClick(window.browser()->view(), Qt::Key_Return);
        QVERIFY(opened.wait(10000));
        QCOMPARE(window.tabCount(), 1);
        QVERIFY(!hint->isVisible()); // the hint makes way for the file
        FileView* view = window.currentFileView();
        QTRY_VERIFY_WITH_TIMEOUT(view->treeModel()->rowCount(view->treeModel()->rootIndex()) > 10, 5000);
        // Select a dataset and read what the viewer shows about it
        QSignalSpy shown(view, &FileView::detailsShown);
        view->treeView()->setCurrentIndex(
            ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("matrix")));
        QVERIFY(shown.wait(5000));
        QVERIFY(view->detailsText().contains(QStringLiteral("3 × 4")));
        QVERIFY(window.errorBanner()->message().isEmpty());
        // Search the file by name
        view->search(QStringLiteral("vlen_*"));
        QTRY_COMPARE_WITH_TIMEOUT(view->searchResults()->count(), 3, 5000);
        QCOMPARE(view->searchResults()->item(0)->text(), QStringLiteral("/strings/vlen_ascii"));
        QCOMPARE(view->searchResults()->item(2)->text(), QStringLiteral("/vlen_ints"));
        // The table reads its values lazily; selected cells copy as TSV
        DatasetTableModel* table = view->tableModel();
        QVERIFY(table);
        table->data(table->index(2, 3));
        QTRY_COMPARE_WITH_TIMEOUT(table->data(table->index(2, 3)).toString(), QStringLiteral("23"), 5000);
        view->tableView()->selectionModel()->select(
            QItemSelection(table->index(0, 0), table->index(1, 1)), QItemSelectionModel::Select);
        QCOMPARE(ViewerWaits::copiedText(*view), QStringLiteral("0\t1\n10\t11\n"));
        // Export to CSV, in the background: the whole table, then the selection
        QTemporaryDir out;
        for (const bool selectionOnly : {false, true}) {
            const QString csv
                = out.filePath(selectionOnly ? QStringLiteral("sel.csv") : QStringLiteral("all.csv"));
            const Error error = ViewerWaits::exportedCsv(
                *view, csv, CsvOptions {}, selectionOnly ? ExportScope::Selection : ExportScope::Whole);
            QVERIFY2(!error.isError(), qPrintable(error.toString()));
            QCOMPARE(H5Fixtures::readAll(csv),
                selectionOnly ? QByteArray("0,1\n0,1\n10,11\n")
                              : QByteArray("0,1,2,3\n0,1,2,3\n10,11,12,13\n20,21,22,23\n"));
        }
        // An N-D dataset: pick rows and columns, and an index for the other dimension
        QSignalSpy cubeShown(view, &FileView::detailsShown);
        view->showObject(QStringLiteral("/cube"));
        QVERIFY(cubeShown.wait(5000));
        QVERIFY(view->dimensionPicker()->isVisibleTo(view));
        view->dimensionPicker()->setView(DimView {1, 2, {1, 0, 0}}); // rows j, columns k, i = 1
        DatasetTableModel* cube = view->tableModel();
        QCOMPARE(cube->rowCount(), 3);
        QCOMPARE(cube->columnCount(), 4);
        cube->data(cube->index(2, 3));
        QTRY_COMPARE_WITH_TIMEOUT(cube->data(cube->index(2, 3)).toString(), QStringLiteral("123"), 5000);
        // Its export: the whole dataset, every element with its indices, or the slice on screen
        for (const ExportScope scope : {ExportScope::Whole, ExportScope::Slice}) {
            const QString csv = out.filePath(QStringLiteral("cube.csv"));
            const Error error = ViewerWaits::exportedCsv(*view, csv, CsvOptions {}, scope);
            QVERIFY2(!error.isError(), qPrintable(error.toString()));
            const QList<QByteArray> lines = H5Fixtures::readAll(csv).split('\n');
            if (scope == ExportScope::Slice) {
                QCOMPARE(H5Fixtures::readAll(csv),
                    QByteArray("0,1,2,3\n100,101,102,103\n110,111,112,113\n120,121,122,123\n"));
                continue;
            }
            QCOMPARE(lines.size(), 1 + 2 * 3 * 4 + 1); // header, 24 elements, the last line's end
            QCOMPARE(lines[0], QByteArray("dim_0,dim_1,dim_2,value"));
            QCOMPARE(lines[1], QByteArray("0,0,0,0"));
            QCOMPARE(lines[24], QByteArray("1,2,3,123"));
        }
        // The path bar's crumbs lead to each directory above; a typed path goes there too
        PathBar* bar = window.browser()->pathBar();
        QTRY_COMPARE(bar->crumbs().size(), 3); // "/", "data", "sub"
        QCOMPARE(bar->crumbs().at(2)->text(), QStringLiteral("sub"));
        QTest::mouseClick(bar->crumbs().at(1), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 3, 5000);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(bar->isEditing());
        bar->editor()->setText(QStringLiteral("/data/sub"));
        QTest::keyClick(bar->editor(), Qt::Key_Return);
        QVERIFY(!bar->isEditing());
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data/sub"), 5000);
        // Going back works like a browser's back button
        for (QToolButton* b : window.browser()->findChildren<QToolButton*>()) {
            if (b->toolTip() == QLatin1String("Back"))
                QTest::mouseClick(b, Qt::LeftButton);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(listing->rowCount(), 3, 5000);
    }

    void aNarrowPathBarFoldsTheDirectoriesAbove()
    {
        PathBar bar;
        bar.setPath(QStringLiteral("/user/analyst/lake/2026/11/24"));
        bar.resize(2000, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        QCOMPARE(bar.crumbs().size(), 7);
        QVERIFY(bar.crumbs().first()->isVisible());
        bar.resize(bar.crumbs().last()->sizeHint().width() + 60, bar.height());
        QTRY_VERIFY(!bar.crumbs().first()->isVisible());
        QVERIFY(bar.crumbs().last()->isVisible()); // the current directory always shows
        QSignalSpy requested(&bar, &PathBar::pathRequested);
        QMenu* menu = nullptr;
        for (auto* button : bar.findChildren<QToolButton*>()) {
            if (button->menu() && button->isVisible())
                menu = button->menu();
        }
        QVERIFY(menu);
        QCOMPARE(menu->actions().first()->text(), QStringLiteral("/"));
        menu->actions().last()->trigger();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("/user/analyst/lake/2026/11"));
    }

    void aMissingPathAndACorruptFileShowTheBanner()
    {
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/nowhere")));
        QTRY_VERIFY_WITH_TIMEOUT(window.errorBanner()->message().contains(QStringLiteral("Not found")), 5000);
        window.openUrl(url(QStringLiteral("/data/truncated.h5")));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.errorBanner()->message().contains(QStringLiteral("truncated.h5")), 10000);
        QVERIFY2(window.errorBanner()->message().contains(QStringLiteral("open"), Qt::CaseInsensitive),
            qPrintable(window.errorBanner()->message()));
    }

    void aPermissionErrorAndAnUnreachableDataNodeShowTheBanner()
    {
        m_server->faults().denied.insert(QStringLiteral("/data/sub"));
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data/sub")));
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 5000);
        QVERIFY2(window.errorBanner()->message().contains(QStringLiteral("Permission denied")),
            qPrintable(window.errorBanner()->message()));
        QVERIFY(window.errorBanner()->message().contains(QStringLiteral("/data/sub")));
        m_server->faults().denied.clear();
        window.errorBanner()->hide(); // as Dismiss does
        // Both DataNodes refuse connections: the download fails, names the DataNode, and the window goes on.
        m_server->faults().dataNodesDown = 2;
        window.downloadAndOpen({QStringLiteral("/data/sub/e.h5")});
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 10000);
        m_server->faults().dataNodesDown = 0;
        const QString message = window.errorBanner()->message();
        QVERIFY2(
            message.contains(QStringLiteral("DataNode")) && message.contains(m_server->dataNodeAddress(0)),
            qPrintable(message));
        QCOMPARE(window.tabCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(window.downloads()->activeCount(), 0, 5000);
        // The same file opens once the DataNodes are back.
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.downloadAndOpen({QStringLiteral("/data/sub/e.h5")});
        QVERIFY(opened.wait(10000));
    }

    void aDownloadCanBeCancelled()
    {
        m_server->faults().dripBytes = 4096;
        m_server->faults().dripIntervalMs = 20;
        MainWindow window;
        window.show();
        window.openUrl(url(QStringLiteral("/data")));
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->view()->model()->rowCount(), 3, 5000);
        window.downloadAndOpen({QStringLiteral("/data/big.h5")});
        QTRY_COMPARE_WITH_TIMEOUT(window.downloads()->activeCount(), 1, 5000);
        QToolButton* cancel = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((cancel = window.downloads()->findChild<QToolButton*>()) != nullptr, 5000);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.downloads()->activeCount(), 0, 5000);
        QCOMPARE(window.tabCount(), 0);
        QVERIFY(window.errorBanner()->message().isEmpty()); // a cancel is not an error
        m_server->faults().dripBytes = 0;
    }

    void remembersRecentFilesAndTheLastPlacePerServer()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("r.h5")));
        {
            MainWindow window;
            QSignalSpy opened(&window, &MainWindow::fileOpened);
            window.openLocalFile(path);
            QVERIFY(opened.wait(5000));
            window.openUrl(url(QStringLiteral("/data/sub")));
            QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data/sub"), 5000);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.recentItems().value(0), url(QStringLiteral("/data/sub")));
        QCOMPARE(again.recentItems().value(1), path);
        // The server's root brings back the last directory browsed there.
        again.openUrl(url(QStringLiteral("/")));
        QTRY_COMPARE_WITH_TIMEOUT(again.browser()->currentPath(), QStringLiteral("/data/sub"), 5000);
    }

    void aLateHomeDirectoryDoesNotReplaceTheFilesFolder()
    {
        // The home directory answers after the file's status: the browser stays in the file's folder.
        m_server->faults().homeDirectoryDelayMs = 400;
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openUrl(url(QStringLiteral("/data/sub/e.h5")));
        QVERIFY(opened.wait(10000));
        QTest::qWait(800); // the home directory has answered by now
        m_server->faults().homeDirectoryDelayMs = 0;
        QCOMPARE(window.browser()->currentPath(), QStringLiteral("/data/sub"));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

// SPDX-License-Identifier: MIT
// The real main window, driven offscreen, on local files: opened from a path, a desktop URL or a
// drop; a DataFrame as one table; files that do not open.
#include "attributesmodel.h"
#include "datasettablemodel.h"
#include "errorbanner.h"
#include "export/csvwriter.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "mainwindow.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QCheckBox>
#include <QDropEvent>
#include <QFont>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace H5Hdfs;

class tst_ViewerLocal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a test location, never the user's.
        TestPaths::isolateSettings(QStringLiteral("tst_viewerlocal"));
        QSettings().clear();
    }

    void opensAFileAndShowsTheSelectedObject()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")));
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, path);
        QVERIFY(view);
        H5TreeModel* model = view->treeModel();
        QTRY_VERIFY(model->rowCount(model->rootIndex()) > 10);
        const QModelIndex matrix = ViewerWaits::memberNamed(model, QStringLiteral("matrix"));
        QVERIFY(matrix.isValid());
        QSignalSpy shown(view, &FileView::detailsShown);
        view->treeView()->setCurrentIndex(matrix);
        QVERIFY(shown.wait(5000));
        QVERIFY(view->detailsText().contains(QStringLiteral("3 × 4")));
        QCOMPARE(view->attributesModel()->rowCount(), 2); // units, range
        QCOMPARE(view->attributesModel()->index(1, AttributesModel::ValueColumn).data().toString(),
            QStringLiteral("m/s"));
        QVERIFY(window.errorBanner()->message().isEmpty());
    }

    void aDataFrameShowsAsOneTableAndExportsLikePandas()
    {
        const QString pandas = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/");
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, pandas + QStringLiteral("frames_table.h5"));
        QVERIFY(view);
        H5TreeModel* tree = view->treeModel();
        QTRY_VERIFY(tree->rowCount(tree->rootIndex()) > 3);
        const QModelIndex df = ViewerWaits::memberNamed(tree, QStringLiteral("df"));
        QCOMPARE(df.siblingAtColumn(H5TreeModel::KindColumn).data().toString(), QStringLiteral("DataFrame"));
        QCOMPARE(df.siblingAtColumn(H5TreeModel::ShapeColumn).data().toString(),
            QStringLiteral("9 columns × 1,000 rows"));
        QVERIFY(df.data(Qt::ToolTipRole)
                    .toString()
                    .endsWith(QStringLiteral("DataFrame · table format · 9 columns × 1,000 rows")));
        // Selecting the group shows the frame: named columns, the index first
        view->treeView()->setCurrentIndex(df);
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel() && view->tableModel()->isNamedTable(), 5000);
        DatasetTableModel* table = view->tableModel();
        QCOMPARE(table->columnCount(), 10);
        QCOMPARE(table->headerData(6, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("station"));
        table->data(table->index(0, 6));
        QTRY_COMPARE_WITH_TIMEOUT(table->data(table->index(0, 6)).toString(), QStringLiteral("Zürich"), 5000);
        QCOMPARE(table->data(table->index(0, 8)).toString(), QStringLiteral("2026-01-01 07:30:15+01:00"));
        QVERIFY(table->data(table->index(0, 0), Qt::FontRole).value<QFont>().bold()); // the index
        // Copying rows not loaded yet copies their values, as pandas wrote them, not placeholders
        const QStringList csvLines
            = QString::fromUtf8(H5Fixtures::readAll(pandas + QStringLiteral("frames_table.h5.df.csv")))
                  .split(QLatin1Char('\n'));
        QVERIFY(table->data(table->index(998, 1)).toString() == QStringLiteral("…"));
        view->tableView()->selectionModel()->select(
            QItemSelection(table->index(998, 0), table->index(999, 2)), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(ViewerWaits::copiedText(*view),
            csvLines[999].section(QLatin1Char(','), 0, 2).replace(QLatin1Char(','), QLatin1Char('\t'))
                + QLatin1Char('\n')
                + csvLines[1000].section(QLatin1Char(','), 0, 2).replace(QLatin1Char(','), QLatin1Char('\t'))
                + QLatin1Char('\n'));
        // Its CSV is what pandas writes
        QTemporaryDir out;
        const Error exported = ViewerWaits::exportedCsv(
            *view, out.filePath(QStringLiteral("df.csv")), CsvOptions {}, ExportScope::Whole);
        QVERIFY2(!exported.isError(), qPrintable(exported.toString()));
        QCOMPARE(H5Fixtures::readAll(out.filePath(QStringLiteral("df.csv"))),
            H5Fixtures::readAll(pandas + QStringLiteral("frames_table.h5.df.csv")));
        // Raw: the group is a group again, and its stored table is one compound dataset
        view->rawTablesToggle()->setChecked(true);
        QVERIFY(!view->tableModel());
        tree->fetchMore(df);
        QTRY_COMPARE(tree->rowCount(df), 1); // "table"; PyTables' _i_table index stays hidden
        view->treeView()->setCurrentIndex(tree->index(0, 0, df));
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel() && !view->tableModel()->isNamedTable(), 5000);
        QCOMPARE(view->tableModel()->headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("values_block_0[0]"));
        QVERIFY(window.errorBanner()->message().isEmpty());
    }

    void aFileUrlFromTheDesktopOpens()
    {
        // Exec=h5hdfs-viewer %U: file managers pass percent-encoded file:// URLs.
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("a b#ü.h5")));
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openArgument(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded));
        QVERIFY(opened.wait(5000));
        QCOMPARE(window.tabCount(), 1);
        QVERIFY(window.errorBanner()->message().isEmpty());
    }

    void aDroppedFileOpens()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("dropped.h5")));
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        // Straight to the window's handler: QApplication only routes drops from a real drag in progress.
        static_cast<QObject&>(window).event(&drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(opened.wait(5000));
        QCOMPARE(window.tabCount(), 1);
    }

    void aNonHdf5FileShowsTheBanner()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.h5"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not HDF5");
        f.close();
        MainWindow window;
        window.show();
        window.openLocalFile(path);
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 5000);
        QVERIFY(window.errorBanner()->message().contains(QStringLiteral("Not an HDF5 file")));
    }

    void aMissingFileShowsTheBanner()
    {
        MainWindow window;
        window.show();
        window.openLocalFile(QStringLiteral("/nonexistent/file.h5"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 5000);
        QVERIFY(window.errorBanner()->message().contains(QStringLiteral("/nonexistent/file.h5")));
    }
};

QTEST_MAIN(tst_ViewerLocal)
#include "tst_viewerlocal.moc"

// SPDX-License-Identifier: MIT
// The real main window, driven offscreen, on huge and N-D datasets: bounded memory, windows of rows
// and columns, the dimension picker, what copy and export offer.
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "errorbanner.h"
#include "exportdialog.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "mainwindow.h"
#include "procstatus.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QApplication>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace H5Hdfs;

class tst_ViewerLargeData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a test location, never the user's.
        TestPaths::isolateSettings(QStringLiteral("tst_viewerlargedata"));
        QSettings().clear();
    }

    // For a slice of N-D data, "whole" is every element and the slice is a choice of its own.
    void theExportDialogOffersTheSliceBesideTheWholeDataset_data()
    {
        QTest::addColumn<bool>("hasSlices");
        QTest::addColumn<int>("choices");
        QTest::addColumn<QString>("whole");
        QTest::newRow("a table") << false << 2 << "Whole table";
        QTest::newRow("a slice of N-D data") << true << 3 << "Whole dataset";
    }
    void theExportDialogOffersTheSliceBesideTheWholeDataset()
    {
        QFETCH(bool, hasSlices);
        QFETCH(int, choices);
        QFETCH(QString, whole);
        ExportDialog dialog(QStringLiteral("out.csv"), true, hasSlices);
        QList<QRadioButton*> shown;
        for (QRadioButton* button : dialog.findChildren<QRadioButton*>()) {
            if (button->isVisibleTo(&dialog))
                shown.append(button);
        }
        QCOMPARE(shown.size(), choices);
        QVERIFY2(shown[0]->text().startsWith(whole), qPrintable(shown[0]->text()));
        QCOMPARE(dialog.scope(), ExportScope::Whole);
        shown[choices - 1]->setChecked(true);
        QCOMPARE(dialog.scope(), ExportScope::Selection);
        if (hasSlices) {
            shown[1]->setChecked(true);
            QCOMPARE(dialog.scope(), ExportScope::Slice);
        }
    }

    void aSelectionTooBigToCopySaysSo()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 300'000, 8);
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, path);
        QVERIFY(view);
        view->treeView()->setCurrentIndex(view->treeModel()->index(0, 0, view->treeModel()->rootIndex()));
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel(), 5000);
        QApplication::clipboard()->setText(QStringLiteral("before"));
        view->tableView()->selectAll(); // 2,400,000 cells
        QVERIFY(!view->copySelection());
        QVERIFY2(window.errorBanner()->message().contains(QStringLiteral("Copy takes up to")),
            qPrintable(window.errorBanner()->message()));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
        // Whole columns within the limit copy in the background, every row
        view->tableView()->selectionModel()->select(
            QItemSelection(view->tableModel()->index(0, 7), view->tableModel()->index(299'999, 7)),
            QItemSelectionModel::ClearAndSelect);
        const QStringList lines = ViewerWaits::copiedText(*view).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 300'000);
        QCOMPARE(lines.first(), QStringLiteral("7")); // no header: the value at row 0, column 7
        QCOMPARE(lines.last(), QStringLiteral("2399999"));
    }

    void aHugeDatasetSelectsInBoundedMemoryAndScrollsToItsEnd_data()
    {
        QTest::addColumn<qint64>("rows");
        QTest::newRow("10^8") << qint64(100'000'000);
        QTest::newRow("2^31+1") << (qint64(1) << 31) + 1;
        QTest::newRow("3*10^9") << qint64(3'000'000'000);
    }

    void aHugeDatasetSelectsInBoundedMemoryAndScrollsToItsEnd()
    {
        QFETCH(qint64, rows);
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeSparse(dir.filePath(QStringLiteral("s.h5")), rows, 2.5);
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, path);
        QVERIFY(view);
        QTest::qWait(200); // let the window settle before measuring
        const qint64 before = ProcStatus::residentBytes();
        view->treeView()->setCurrentIndex(view->treeModel()->index(0, 0, view->treeModel()->rootIndex()));
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel(), 5000);
        DatasetTableModel* model = view->tableModel();
        QTRY_COMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("2.5"));
        QTest::qWait(200);
        const qint64 growth = ProcStatus::residentBytes() - before;
        qInfo("selecting %lld rows grew the viewer by %lld KiB", rows, growth >> 10);
        QVERIFY2(growth < 50LL << 20, qPrintable(QStringLiteral("grew by %1 MiB").arg(growth >> 20)));
        QCOMPARE(view->tableView()->verticalHeader()->count(), DatasetTableModel::kWindowRows);
        QVERIFY(!view->rowWindowBar()->isHidden());
        QVERIFY(view->windowLabel()->text().contains(QLocale().toString(rows)));

        view->showCell(rows - 1); // the last row, its true number in the header, copied as it is
        const QModelIndex last = view->tableView()->currentIndex();
        QCOMPARE(model->headerData(last.row(), Qt::Vertical, Qt::DisplayRole).toString(), QString::number(rows - 1));
        QTRY_COMPARE(model->data(last).toString(), QString::number(rows - 1));
        QCOMPARE(view->rowWindowBar()->value(), view->rowWindowBar()->maximum());
        view->tableView()->selectionModel()->select(last, QItemSelectionModel::ClearAndSelect);
        QCOMPARE(ViewerWaits::copiedText(*view).trimmed(), QString::number(rows - 1));

        view->rowWindowBar()->setValue(0); // the bar moves the window back to the start
        QCOMPARE(model->rowOffset(), 0);
        QCOMPARE(model->headerData(0, Qt::Vertical, Qt::DisplayRole).toString(), QStringLiteral("0"));
    }

    void aDimensionLongerThanAnIntIsPickedToItsLastIndex()
    {
        DimensionPicker picker;
        picker.setShape({3'000'000'000, 4, 5}); // rows and columns: the last two; a slider for dim 0
        auto* spin = picker.findChild<QDoubleSpinBox*>();
        auto* slider = picker.findChild<QSlider*>();
        QVERIFY(spin && slider);
        QSignalSpy changed(&picker, &DimensionPicker::viewChanged);
        spin->setValue(2'999'999'999.0);
        QCOMPARE(picker.view().index.value(0), 2'999'999'999LL);
        QCOMPARE(slider->value(), slider->maximum());
        slider->setValue(slider->maximum() / 2); // the slider moves through it in scaled steps
        QVERIFY(qAbs(picker.view().index.value(0) - 1'500'000'000LL) < 10);
        QCOMPARE(changed.size(), 2);
    }

    void aDatasetWithBillionsOfRowsAndColumnsSelects()
    {
        const QString path = TestPaths::corpus() + QStringLiteral("/hdf5/test/tlayouto.h5");
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, path);
        QVERIFY(view);
        const QModelIndex dataset = ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("Dataset"));
        QVERIFY(dataset.isValid());
        view->treeView()->setCurrentIndex(dataset);
        QTRY_VERIFY_WITH_TIMEOUT(view->tableModel(), 5000);
        QCOMPARE(view->tableView()->verticalHeader()->count(), DatasetTableModel::kWindowRows);
        QCOMPARE(view->tableView()->horizontalHeader()->count(), DatasetTableModel::kWindowColumns);
        QVERIFY(!view->columnWindowBar()->isHidden());
        view->showCell(8'589'934'591, 268'435'456);
        QCOMPARE(view->tableModel()->headerData(
                     view->tableView()->currentIndex().column(), Qt::Horizontal, Qt::DisplayRole),
            QVariant(QStringLiteral("268435456")));
        QVERIFY(window.errorBanner()->message().isEmpty());
    }
};

QTEST_MAIN(tst_ViewerLargeData)
#include "tst_viewerlargedata.moc"

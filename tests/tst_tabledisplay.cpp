// SPDX-License-Identifier: MIT
// How the viewer's table shows values (issue 12, items 6 and 19): numbers never cut, null
// dataspaces and array members named plainly, a DataFrame's own index, Go to row, sorting.
#include "attributesmodel.h"
#include "datasettablemodel.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSignalSpy>
#include <QHelpEvent>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <hdf5.h>

#include <limits>

using namespace H5Hdfs;

namespace {

constexpr int kRows = 600;

/// /floats and /ints (600 rows): short values on the first pages, the widest ones far below them;
/// a null-dataspace attribute on /floats; /arrays: 2 elements of array[3][4][5] of int16.
QString writeDisplayFile(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[] = {kRows};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    std::vector<double> floats(kRows, 0.5);
    floats[400] = 0.05864919342129549;
    floats[500] = -2.2250738585072014e-308;
    floats[550] = 1.2345678901234567e25;
    hid_t set = H5Dcreate2(file, "/floats", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, floats.data());
    const hid_t nullSpace = H5Screate(H5S_NULL);
    const hid_t attribute = H5Acreate2(set, "nothing", H5T_STD_I32LE, nullSpace, H5P_DEFAULT, H5P_DEFAULT);
    H5Aclose(attribute);
    H5Sclose(nullSpace);
    H5Dclose(set);
    std::vector<qint64> ints(kRows, 1);
    ints[500] = std::numeric_limits<qint64>::min();
    set = H5Dcreate2(file, "/ints", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ints.data());
    H5Dclose(set);
    H5Sclose(space);
    const hsize_t arrayDims[] = {3, 4, 5};
    const hid_t arrayType = H5Tarray_create2(H5T_STD_I16LE, 3, arrayDims);
    const hsize_t two[] = {2};
    const hid_t twoSpace = H5Screate_simple(1, two, nullptr);
    std::vector<qint16> cells(120);
    for (size_t i = 0; i < cells.size(); ++i)
        cells[i] = qint16(i);
    set = H5Dcreate2(file, "/arrays", arrayType, twoSpace, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t memoryType = H5Tarray_create2(H5T_NATIVE_INT16, 3, arrayDims);
    H5Dwrite(set, memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells.data());
    H5Tclose(memoryType);
    H5Dclose(set);
    H5Sclose(twoSpace);
    H5Tclose(arrayType);
    H5Fclose(file);
    return path;
}

// What QStyledItemDelegate leaves for text in a cell: the column less the style's margins.
int roomForText(const QTableView& view, int column)
{
    const int margin = view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &view) + 1;
    return view.columnWidth(column) - 2 * margin - view.showGrid();
}

} // namespace

class tst_TableDisplay : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

    std::shared_ptr<const ImageBuffer> image(const QString& path) { return *ImageBuffer::readFile(path); }

    // The cell at the true row `row`, once its block has arrived.
    static QString shownCell(FileView& view, qint64 row, int column = 0)
    {
        view.goToRow(row);
        DatasetTableModel* table = view.tableModel();
        const QModelIndex index = table->index(int(row - table->rowOffset()), column);
        // On screen, as a user sees it: the model withdraws blocks far from what the view shows.
        view.tableView()->scrollTo(index);
        table->data(index);
        if (!QTest::qWaitFor([&] { return !table->isLoading(); }, 10000))
            return QStringLiteral("<timed out>");
        return table->data(index).toString();
    }

    static void showAndWait(FileView& view, const QString& path)
    {
        view.revealPath(path);
        QVERIFY(QTest::qWaitFor(
            [&] { return view.tableModel() && view.tableModel()->path() == path; }, 10000));
    }

private Q_SLOTS:
    void initTestCase() { m_file = writeDisplayFile(m_dir.filePath(QStringLiteral("d.h5"))); }

    void numbersFarBelowTheFirstPageFitTheirColumn_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("text");
        QTest::newRow("a float64 with 17 digits") << "/floats" << 400 << "0.05864919342129549";
        QTest::newRow("the widest float64") << "/floats" << 500 << "-2.2250738585072014e-308";
        QTest::newRow("the widest int64") << "/ints" << 500 << "-9223372036854775808";
    }

    void numbersFarBelowTheFirstPageFitTheirColumn()
    {
        QFETCH(QString, path);
        QFETCH(int, row);
        QFETCH(QString, text);
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "d.h5"), QStringLiteral("d"));
        view.resize(1000, 600);
        view.show();
        showAndWait(view, path);
        QCOMPARE(shownCell(view, row), text);
        // Drawn whole: the column has room for it, and text never wraps (which cut the leading digits).
        QTableView* table = view.tableView();
        const int needed = table->fontMetrics().horizontalAdvance(text);
        QVERIFY2(needed <= roomForText(*table, 0),
            qPrintable(QStringLiteral("%1 px needed, %2 px of room").arg(needed).arg(roomForText(*table, 0))));
        QVERIFY(!table->wordWrap());
        QCOMPARE(table->textElideMode(), Qt::ElideRight);
    }

    void aValueTooWideIsCutAtTheRightWithTheWholeValueAsTooltip()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "d.h5"), QStringLiteral("d"));
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        showAndWait(view, QStringLiteral("/floats"));
        view.setNumberFormat('f'); // 1.2345678901234567e25 in fixed notation is 26 digits + 6 decimals
        QTableView* table = view.tableView();
        table->setColumnWidth(0, 120);
        const QString text = shownCell(view, 550);
        QCOMPARE(text, QStringLiteral("12345678901234566097272832.000000"));
        const QModelIndex index = view.tableModel()->index(int(550 - view.tableModel()->rowOffset()), 0);
        table->scrollTo(index);
        const QPoint at = table->visualRect(index).center();
        QHelpEvent help(QEvent::ToolTip, at, table->viewport()->mapToGlobal(at));
        QApplication::sendEvent(table->viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), text);
        QToolTip::hideText();
    }

    void columnsFollowTheNumberFormat()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "d.h5"), QStringLiteral("d"));
        view.show();
        showAndWait(view, QStringLiteral("/floats"));
        const int exactWidth = view.tableView()->columnWidth(0);
        view.setNumberFormat('e'); // 6 digits after the point: narrower than 17 significant digits
        const QString text = shownCell(view, 500);
        QCOMPARE(text, QStringLiteral("-2.225074e-308"));
        QVERIFY(view.tableView()->fontMetrics().horizontalAdvance(text) <= roomForText(*view.tableView(), 0));
        QVERIFY(view.tableView()->columnWidth(0) < exactWidth);
    }

    void aNullDataspaceAttributeSaysItIsEmpty()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "d.h5"), QStringLiteral("d"));
        showAndWait(view, QStringLiteral("/floats"));
        AttributesModel* attributes = view.attributesModel();
        QTRY_COMPARE(attributes->rowCount(), 1);
        QCOMPARE(attributes->data(attributes->index(0, AttributesModel::ShapeColumn)).toString(),
            QStringLiteral("empty (null dataspace)"));
        QCOMPARE(attributes->data(attributes->index(0, AttributesModel::ValueColumn)).toString(), QString());
    }

    void membersOfAMultiDimensionalArrayAreNamedByTheirIndices()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "d.h5"), QStringLiteral("d"));
        showAndWait(view, QStringLiteral("/arrays"));
        DatasetTableModel* table = view.tableModel();
        QCOMPARE(table->columnCount(), 60);
        const auto name = [&](int c) { return table->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString(); };
        QCOMPARE(name(0), QStringLiteral("[0][0][0]"));
        QCOMPARE(name(6), QStringLiteral("[0][1][1]"));
        QCOMPARE(name(59), QStringLiteral("[2][3][4]"));
        QCOMPARE(shownCell(view, 1, 59), QStringLiteral("119"));
    }

    void aDataFrameShowsItsIndexWithoutRowNumbers()
    {
        H5Service service;
        const QString path = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_fixed.h5");
        FileView view(service, service.addImage(image(path), "frames_fixed.h5"), QStringLiteral("f"));
        view.show();
        view.revealPath(QStringLiteral("/df"));
        QTRY_VERIFY_WITH_TIMEOUT(view.tableModel() && view.tableModel()->isNamedTable(), 10000);
        QVERIFY(view.tableView()->verticalHeader()->isHidden());
        // A plain dataset has no index of its own: its row numbers show.
        view.revealPath(QStringLiteral("/df/axis0"));
        QTRY_VERIFY_WITH_TIMEOUT(view.tableModel() && !view.tableModel()->isNamedTable(), 10000);
        QVERIFY(!view.tableView()->verticalHeader()->isHidden());
    }

    void aHeaderClickSortsNumbersWithNaNLastAndCopyFollowsTheOrder()
    {
        H5Service service;
        const QString path = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_fixed.h5");
        FileView view(service, service.addImage(image(path), "frames_fixed.h5"), QStringLiteral("f"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.revealPath(QStringLiteral("/df"));
        QTRY_VERIFY_WITH_TIMEOUT(view.tableModel() && view.tableModel()->isNamedTable(), 10000);
        DatasetTableModel* table = view.tableModel();
        const int temp = 2; // index, id, temp, ...
        QCOMPARE(table->headerData(temp, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("temp"));
        const QString nan = shownCell(view, 3, temp); // row 3 of the frame is NaN
        QHeaderView* header = view.tableView()->horizontalHeader();
        QVERIFY(header->isSortIndicatorShown());
        const auto clickHeader = [&] {
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                QPoint(header->sectionViewportPosition(temp) + header->sectionSize(temp) / 2, header->height() / 2));
        };
        clickHeader();
        QTRY_COMPARE_WITH_TIMEOUT(view.sortLabel()->text(), QStringLiteral("Sorted by temp, ascending"), 10000);
        QCOMPARE(shownCell(view, 0, temp), QStringLiteral("0.199"));
        QVERIFY(shownCell(view, 899, temp) != nan);
        QCOMPARE(shownCell(view, 900, temp), nan); // the 100 NaN last
        QCOMPARE(shownCell(view, 999, temp), nan);
        // The rows keep their own index: the first shown is the stored row with the least temp.
        const QString index = shownCell(view, 0, 0);
        QVERIFY(index != QLatin1String("0"));
        QCOMPARE(table->headerData(0, Qt::Vertical, Qt::DisplayRole).toString(), index);
        // Copy writes what is shown, in the order shown.
        view.tableView()->selectionModel()->select(
            QItemSelection(table->index(0, temp), table->index(1, temp)), QItemSelectionModel::ClearAndSelect);
        const Error copied = ViewerWaits::copiedSelection(view);
        QVERIFY2(!copied.isError(), qPrintable(copied.toString()));
        QCOMPARE(QApplication::clipboard()->text().split(QLatin1Char('\n')).first(), QStringLiteral("0.199"));

        clickHeader();
        QTRY_COMPARE_WITH_TIMEOUT(view.sortLabel()->text(), QStringLiteral("Sorted by temp, descending"), 10000);
        QCOMPARE(shownCell(view, 0, temp), QStringLiteral("26.792"));
        QCOMPARE(shownCell(view, 999, temp), nan); // NaN stays last
        clickHeader(); // the third click: stored order again
        QTRY_VERIFY(view.sortLabel()->isHidden());
        QCOMPARE(shownCell(view, 0, 0), QStringLiteral("0"));
        QCOMPARE(shownCell(view, 3, temp), nan);
    }

    void tablesTooLargeToSortAreNotSorted()
    {
        H5Service service;
        const QString sparse
            = H5Fixtures::writeSparse(m_dir.filePath(QStringLiteral("s2.h5")), 3'000'000'000, 0.5);
        FileView view(service, service.addImage(image(sparse), "s2.h5"), QStringLiteral("s"));
        view.show();
        showAndWait(view, QStringLiteral("/values"));
        QVERIFY(!view.tableView()->horizontalHeader()->isSortIndicatorShown());
        view.sortTable(0, Qt::DescendingOrder);
        QVERIFY(view.sortLabel()->isHidden());
        QVERIFY(!view.tableModel()->isReordered());
    }

    void goToRowMovesTheWindowOfAHugeTable()
    {
        H5Service service;
        const QString sparse
            = H5Fixtures::writeSparse(m_dir.filePath(QStringLiteral("s.h5")), 3'000'000'000, 0.5);
        FileView view(service, service.addImage(image(sparse), "s.h5"), QStringLiteral("s"));
        view.show();
        showAndWait(view, QStringLiteral("/values"));
        view.goToRow(2'999'999'999); // the last row, past 2^31 and past the first window
        DatasetTableModel* table = view.tableModel();
        const QModelIndex current = view.tableView()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(table->rowOffset() + current.row(), 2'999'999'999);
        QCOMPARE(table->headerData(current.row(), Qt::Vertical, Qt::DisplayRole).toString(),
            QStringLiteral("2999999999"));
        table->data(current);
        QTRY_COMPARE_WITH_TIMEOUT(table->data(current).toString(), QStringLiteral("2999999999"), 10000);
        view.goToRow(12'000'000'000); // past the end: the last row
        QCOMPARE(table->rowOffset() + view.tableView()->currentIndex().row(), 2'999'999'999);
        view.goToRow(1'500'000'123);
        QCOMPARE(table->rowOffset() + view.tableView()->currentIndex().row(), 1'500'000'123);
    }
};

QTEST_MAIN(tst_TableDisplay)
#include "tst_tabledisplay.moc"

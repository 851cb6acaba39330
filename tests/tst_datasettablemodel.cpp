// SPDX-License-Identifier: MIT
#include "datasettablemodel.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

class tst_DatasetTableModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::shared_ptr<const ImageBuffer> m_everything;
    std::shared_ptr<const ImageBuffer> m_big;

    static DatasetInfo infoOf(H5Service& service, H5Service::FileId file, const QString& path)
    {
        return service.call(file, H5Request::info(path)).info.dataset;
    }

    // Asks for a cell and waits until its block has arrived.
    static QString cell(DatasetTableModel& model, int row, int column)
    {
        model.data(model.index(row, column));
        if (!QTest::qWaitFor([&] { return !model.isLoading(); }, 10000))
            return QStringLiteral("<timed out>");
        return model.data(model.index(row, column)).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_everything
            = *ImageBuffer::readFile(H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5"))));
        m_big = *ImageBuffer::readFile(
            H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("big.h5")), 1000000, 40));
    }

    void showsValuesAndHeadersAndPassesTheModelTester()
    {
        H5Service service;
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        DatasetTableModel model(service,
            TableRef::ofDataset(file, QStringLiteral("/nested"), infoOf(service, file, QStringLiteral("/nested"))));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("pos.x"));
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("…")); // asked for, not there yet
        QCOMPARE(cell(model, 1, 2), QStringLiteral("1"));
        QCOMPARE(cell(model, 0, 1), QStringLiteral("0.25"));
    }

    void numbersFollowTheChosenFormat()
    {
        H5Service service;
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        DatasetTableModel model(service,
            TableRef::ofDataset(file, QStringLiteral("/floats/f64"), infoOf(service, file, QStringLiteral("/floats/f64"))));
        QCOMPARE(cell(model, 2, 0), QStringLiteral("0.1"));
        model.setNumberFormat('e', 3);
        QCOMPARE(model.data(model.index(2, 0)).toString(), QStringLiteral("1.000e-01"));
        model.setNumberFormat('f', 2);
        QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("-1.25"));
    }

    void aMillionRowsOpenAtOnceAndScrollingKeepsMemoryBounded()
    {
        H5Service service;
        const auto file = service.addImage(m_big, QStringLiteral("big.h5"));
        DatasetTableModel model(service,
            TableRef::ofDataset(file, QStringLiteral("/values"), infoOf(service, file, QStringLiteral("/values"))));
        QCOMPARE(model.rowCount(), 1000000);
        QCOMPARE(model.columnCount(), 40);
        QCOMPARE(model.cachedBlocks(), 0); // nothing read until something is shown
        // Scroll through the whole table, a screen at a time, far past the cache's size.
        for (int row = 0; row < 1000000; row += 5000) {
            QCOMPARE(cell(model, row, 39), QString::number(qint64(row) * 40 + 39));
            QVERIFY(model.cachedBlocks() <= DatasetTableModel::kMaxCachedBlocks);
        }
        QCOMPARE(model.cachedBlocks(), DatasetTableModel::kMaxCachedBlocks);
        QCOMPARE(cell(model, 999999, 0), QString::number(999999LL * 40));
    }

    void aHugeTableShowsThroughAWindowWithItsTrueRowNumbers_data()
    {
        QTest::addColumn<qint64>("rows");
        QTest::newRow("10^8") << qint64(100'000'000);
        QTest::newRow("2^31+1") << (qint64(1) << 31) + 1;
        QTest::newRow("3*10^9") << qint64(3'000'000'000);
    }

    void aHugeTableShowsThroughAWindowWithItsTrueRowNumbers()
    {
        QFETCH(qint64, rows);
        const QString path = H5Fixtures::writeSparse(m_dir.filePath(QStringLiteral("sparse.h5")), rows, 2.5);
        QVERIFY(!path.isEmpty());
        H5Service service;
        const auto file = service.addImage(*ImageBuffer::readFile(path), QStringLiteral("sparse.h5"));
        DatasetTableModel model(service,
            TableRef::ofDataset(file, QStringLiteral("/values"), infoOf(service, file, QStringLiteral("/values"))));
        QCOMPARE(model.rowCount(), DatasetTableModel::kWindowRows); // what Qt's views count
        QCOMPARE(model.totalRows(), rows);
        // The tester visits every cell: a smaller window over the same table.
        const int window = 1000;
        model.setWindowSize(window, 1);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(cell(model, 0, 0), QStringLiteral("2.5")); // the fill value

        QSignalSpy moved(&model, &DatasetTableModel::windowMoved);
        model.setWindow(rows / 2, 0);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(model.rowCount(), window); // a window keeps its size
        QCOMPARE(model.headerData(7, Qt::Vertical, Qt::DisplayRole).toString(), QString::number(rows / 2 + 7));
        QCOMPARE(cell(model, 7, 0), QStringLiteral("2.5"));

        model.setWindow(rows, 0); // past the end: the window stops at the last row
        QCOMPARE(model.rowOffset(), rows - window);
        const int last = model.rowCount() - 1;
        QCOMPARE(model.headerData(last, Qt::Vertical, Qt::DisplayRole).toString(), QString::number(rows - 1));
        QCOMPARE(cell(model, last, 0), QString::number(rows - 1)); // the written last chunk
        const qint64 written = (rows - 1) / H5Fixtures::kSparseChunk * H5Fixtures::kSparseChunk;
        model.setWindow(written - window / 2, 0); // across the start of the last, written chunk
        const int at = int(written - model.rowOffset()); // the window may stop short at the end
        QCOMPARE(cell(model, at - 1, 0), QStringLiteral("2.5"));
        QCOMPARE(cell(model, at, 0), QString::number(written));
        QVERIFY(model.cachedBlocks() <= DatasetTableModel::kMaxCachedBlocks);
    }

    void aWideTableShowsThroughAWindowOfColumns()
    {
        const QString path = TestPaths::corpus() + QStringLiteral("/hdf5/test/tlayouto.h5");
        if (!QFile::exists(path))
            QSKIP("the HDF5 corpus is not here");
        H5Service service;
        const auto file = service.addImage(*ImageBuffer::readFile(path), QStringLiteral("tlayouto.h5"));
        DatasetTableModel model(service,
            TableRef::ofDataset(file, QStringLiteral("/Dataset"), infoOf(service, file, QStringLiteral("/Dataset"))));
        QCOMPARE(model.totalRows(), 8'589'934'592LL);
        QCOMPARE(model.totalColumns(), 268'435'457LL);
        QCOMPARE(model.rowCount(), DatasetTableModel::kWindowRows);
        QCOMPARE(model.columnCount(), DatasetTableModel::kWindowColumns);
        model.setWindowSize(300, 70); // the tester visits every cell
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWindow(model.totalRows(), model.totalColumns());
        QCOMPARE(model.headerData(model.rowCount() - 1, Qt::Vertical, Qt::DisplayRole).toString(),
            QStringLiteral("8589934591"));
        QCOMPARE(model.headerData(model.columnCount() - 1, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("268435456"));
        const QString last = cell(model, model.rowCount() - 1, model.columnCount() - 1);
        QVERIFY2(last != QStringLiteral("<timed out>") && last != QStringLiteral("…"), qPrintable(last));
    }

    void aFailingDatasetReportsOnceAndMarksItsCells()
    {
        H5Service service;
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        DatasetTableModel model(service, TableRef::ofDataset(file, QStringLiteral("/filters/missing"),
                                             infoOf(service, file, QStringLiteral("/filters/missing"))));
        QSignalSpy errors(&model, &DatasetTableModel::errorOccurred);
        QCOMPARE(cell(model, 0, 0), QStringLiteral("⚠"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).at(0).value<Error>().code, Error::Code::FilterMissing);
        QVERIFY(model.data(model.index(0, 0), Qt::ToolTipRole).toString().contains(QStringLiteral("32100")));
    }
};

QTEST_MAIN(tst_DatasetTableModel)
#include "tst_datasettablemodel.moc"

// SPDX-License-Identifier: MIT
#include "datasettablemodel.h"
#include "h5fixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
        DatasetTableModel model(
            service, file, QStringLiteral("/nested"), infoOf(service, file, QStringLiteral("/nested")));
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
        DatasetTableModel model(service, file, QStringLiteral("/floats/f64"),
            infoOf(service, file, QStringLiteral("/floats/f64")));
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
        DatasetTableModel model(
            service, file, QStringLiteral("/values"), infoOf(service, file, QStringLiteral("/values")));
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

    void aFailingDatasetReportsOnceAndMarksItsCells()
    {
        H5Service service;
        const auto file = service.addImage(m_everything, QStringLiteral("e.h5"));
        DatasetTableModel model(service, file, QStringLiteral("/filters/missing"),
            infoOf(service, file, QStringLiteral("/filters/missing")));
        QSignalSpy errors(&model, &DatasetTableModel::errorOccurred);
        QCOMPARE(cell(model, 0, 0), QStringLiteral("⚠"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).at(0).value<Error>().code, Error::Code::FilterMissing);
        QVERIFY(model.data(model.index(0, 0), Qt::ToolTipRole).toString().contains(QStringLiteral("32100")));
    }
};

QTEST_MAIN(tst_DatasetTableModel)
#include "tst_datasettablemodel.moc"

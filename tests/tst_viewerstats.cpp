// SPDX-License-Identifier: MIT
// Statistics per column in the viewer (issue 12, item 20): taken in the background with the code
// `check` uses, shown in the Statistics tab, cancelled when another object is selected.
#include "clientwaits.h"
#include "datasettablemodel.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "statisticspanel.h"
#include "table/statisticsjob.h"
#include "testpaths.h"

#include <QElapsedTimer>
#include <optional>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <hdf5.h>

#include <cmath>
#include <limits>

using namespace H5Hdfs;

namespace {

/// /pair: compound {n: int32, v: float64} of 6 rows, n = 1..6, v = 1, 2, 3, 4, NaN, Inf.
QString writePairs(const QString& path)
{
    struct Row {
        int n;
        double v;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const Row rows[] = {{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, nan}, {6, inf}};
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t type = H5Tcreate(H5T_COMPOUND, sizeof(Row));
    H5Tinsert(type, "n", HOFFSET(Row, n), H5T_NATIVE_INT32);
    H5Tinsert(type, "v", HOFFSET(Row, v), H5T_NATIVE_DOUBLE);
    const hsize_t dims[] = {6};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t set = H5Dcreate2(file, "/pair", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(file);
    return path;
}

QString cellText(const StatisticsPanel& panel, int row, int column)
{
    const QTableWidgetItem* item = panel.table()->item(row, column);
    return item ? item->text() : QString();
}

} // namespace

class tst_ViewerStats : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::shared_ptr<const ImageBuffer> image(const QString& path) { return *ImageBuffer::readFile(path); }

private Q_SLOTS:
    void theJobTakesCountsRangeMeanAndSpreadPerField()
    {
        H5Service service;
        const auto file = service.addImage(image(writePairs(m_dir.filePath(QStringLiteral("p.h5")))), "p.h5");
        const DatasetInfo info = service.call(file, H5Request::info(QStringLiteral("/pair"))).info.dataset;
        QObject asker;
        std::optional<Result<NumericStats>> taken;
        const BackgroundJob job = takeStatistics(service, TableRef::ofDataset(file, QStringLiteral("/pair"), info),
            &asker, [&taken](Result<NumericStats>&& stats) { taken = std::move(stats); });
        const Result<NumericStats> result = ClientWaits::await(taken, 10000);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        const NumericStats& stats = *result;
        QCOMPARE(stats.columns.size(), 2);
        const ColumnStats& n = stats.columns[0];
        QCOMPARE(n.name, QStringLiteral("n"));
        QCOMPARE(n.values, 6);
        QCOMPARE(n.mean, 3.5);
        QCOMPARE(n.standardDeviation(), std::sqrt(3.5)); // sample variance of 1..6 is 3.5
        const ColumnStats& v = stats.columns[1];
        QCOMPARE(v.name, QStringLiteral("v"));
        QCOMPARE(v.values, 6);
        QCOMPARE(v.nan, 1);
        QCOMPARE(v.inf, 1);
        QCOMPARE(v.min, 1.0);
        QCOMPARE(v.max, 4.0);
        QCOMPARE(v.mean, 2.5); // NaN and Inf left out
        QVERIFY(qFuzzyCompare(v.standardDeviation(), std::sqrt(5.0 / 3.0)));
        // The dataset's totals (check's top-level figures) merge the columns' moments exactly.
        const ColumnStats total = stats.total();
        QCOMPARE(total.values, 12);
        QCOMPARE(total.finite(), 10);
        QVERIFY(qFuzzyCompare(total.mean, 3.1));
        QVERIFY(qFuzzyCompare(total.standardDeviation(), 1.66332999331662));
    }

    void theFillValueOfUnwrittenStorageCountsWithoutAReadPerElement()
    {
        // 3 * 10^9 rows, one chunk written: the fill value stands for the rest, so this is quick.
        H5Service service;
        const auto file = service.addImage(
            image(H5Fixtures::writeSparse(m_dir.filePath(QStringLiteral("s.h5")), 3'000'000'000, 0.5)), "s.h5");
        const DatasetInfo info = service.call(file, H5Request::info(QStringLiteral("/values"))).info.dataset;
        QObject asker;
        std::optional<Result<NumericStats>> taken;
        QElapsedTimer clock;
        clock.start();
        const BackgroundJob job = takeStatistics(service, TableRef::ofDataset(file, QStringLiteral("/values"), info),
            &asker, [&taken](Result<NumericStats>&& stats) { taken = std::move(stats); });
        const Result<NumericStats> result = ClientWaits::await(taken, 20000);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        QVERIFY(clock.elapsed() < 15000);
        const ColumnStats& c = result->columns[0];
        QCOMPARE(c.values, 3'000'000'000);
        QCOMPARE(c.min, 0.5);
        QCOMPARE(c.max, double(3'000'000'000 - 1));
    }

    void theStatisticsTabShowsEachNumericColumnOfADataFrame()
    {
        H5Service service;
        const QString path = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_fixed.h5");
        FileView view(service, service.addImage(image(path), "frames_fixed.h5"), QStringLiteral("f"));
        view.resize(1200, 700);
        view.show();
        auto* tabs = view.findChild<QTabWidget*>();
        StatisticsPanel* panel = view.statisticsPanel();
        QVERIFY(panel);
        QCOMPARE(tabs->tabText(tabs->indexOf(panel)), QStringLiteral("Statistics"));
        view.revealPath(QStringLiteral("/df"));
        QTRY_VERIFY_WITH_TIMEOUT(view.tableModel() && view.tableModel()->isNamedTable(), 10000);
        tabs->setCurrentWidget(panel);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning() && panel->table()->rowCount() > 0, 10000);
        // Numbers from pandas: df.describe() and df.isna().sum() of the same frame.
        int temp = -1;
        for (int row = 0; row < panel->table()->rowCount(); ++row) {
            if (cellText(*panel, row, StatisticsPanel::NameColumn) == QLatin1String("temp"))
                temp = row;
        }
        QVERIFY2(temp >= 0, qPrintable(panel->statusText()));
        QCOMPARE(cellText(*panel, temp, StatisticsPanel::NanColumn), QStringLiteral("100"));
        QCOMPARE(cellText(*panel, temp, StatisticsPanel::MinColumn), QStringLiteral("0.199"));
        QCOMPARE(cellText(*panel, temp, StatisticsPanel::MaxColumn), QStringLiteral("26.792"));
        QCOMPARE(cellText(*panel, temp, StatisticsPanel::MeanColumn).left(9), QStringLiteral("12.657034"));
        QCOMPARE(cellText(*panel, temp, StatisticsPanel::StdColumn).left(8), QStringLiteral("4.139268"));
        QCOMPARE(cellText(*panel, 0, StatisticsPanel::NameColumn), QStringLiteral("index"));
        // A float32 column's range reads as float32 values, as its cells do.
        QCOMPARE(cellText(*panel, 3, StatisticsPanel::NameColumn), QStringLiteral("ratio32"));
        QCOMPARE(cellText(*panel, 3, StatisticsPanel::MinColumn), QStringLiteral("0.00085855497"));
        QVERIFY(panel->statusText().contains(QStringLiteral("text column")));
    }

    void selectingAnotherObjectCancelsWithoutBlockingTheWindow()
    {
        H5Service service;
        const QString big = H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("big.h5")), 8'000'000, 2);
        const auto file = service.addImage(image(big), "big.h5");
        FileView view(service, file, QStringLiteral("big"));
        view.show();
        auto* tabs = view.findChild<QTabWidget*>();
        StatisticsPanel* panel = view.statisticsPanel();
        tabs->setCurrentWidget(panel);
        // Selecting the dataset returns at once: 16 * 10^6 values are read in the background.
        QElapsedTimer clock;
        clock.start();
        view.revealPath(QStringLiteral("/values"));
        QTRY_VERIFY_WITH_TIMEOUT(panel->isRunning(), 10000);
        QVERIFY2(clock.elapsed() < 2000, "selecting waited for the statistics");
        QSignalSpy finished(panel, &StatisticsPanel::finished);
        // Another selection (the root group) stops them within a page, long before a full read:
        // the job is gone without having finished (and never finishes: counted again below).
        clock.restart();
        view.revealPath(QStringLiteral("/"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 10000);
        QCOMPARE(finished.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(panel->statusText().contains(QStringLiteral("neither a dataset")), 10000);
        QVERIFY(!panel->isRunning());
        QVERIFY2(clock.elapsed() < 3000, "cancelling took a full read");
        QCOMPARE(panel->table()->rowCount(), 0);
        // Back to the dataset: its statistics are taken afresh and complete.
        view.revealPath(QStringLiteral("/values"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning() && panel->table()->rowCount() == 1, 60000);
        QCOMPARE(finished.count(), 1); // this run's; the cancelled one never answered
        QCOMPARE(cellText(*panel, 0, StatisticsPanel::CountColumn).remove(QRegularExpression("[^0-9]")),
            QStringLiteral("16000000"));
        QCOMPARE(cellText(*panel, 0, StatisticsPanel::MaxColumn), QStringLiteral("15999999"));
    }
};

QTEST_MAIN(tst_ViewerStats)
#include "tst_viewerstats.moc"

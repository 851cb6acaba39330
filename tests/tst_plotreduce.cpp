// SPDX-License-Identifier: MIT
// Plot reductions in the worker (core/engine/plot/plotreader, reduce): line envelopes (along rows
// or along another column), images and histograms against brute force over the same values, and
// histograms against numpy's numbers (tests/data/plot/histogram_numpy*.txt, float64 and float32
// data, written once by make_histogram_reference.py); and the progress each reduction reports.
#include "h5fixtures.h"
#include "service/h5service.h"
#include "imagebuffer.h"
#include "plotfixtures.h"
#include "testpaths.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <functional>
#include <optional>

Q_DECLARE_METATYPE(H5Hdfs::PlotRequest)

using namespace H5Hdfs;

namespace {

// What the worker says about the values `at(i)`, i in [0, n), computed here the obvious way.
ValueSummary bruteSummary(qint64 n, const std::function<double(qint64)>& at)
{
    ValueSummary s;
    double sum = 0;
    for (qint64 i = 0; i < n; ++i) {
        const double v = at(i);
        if (std::isnan(v))
            ++s.nan;
        else if (std::isinf(v))
            ++(v > 0 ? s.posInf : s.negInf);
        else
            ++s.count, sum += v, s.min = std::min(s.min, v), s.max = std::max(s.max, v);
    }
    s.mean = s.count ? sum / double(s.count) : 0;
    for (qint64 i = 0; i < n; ++i)
        if (const double v = at(i); std::isfinite(v))
            s.m2 += (v - s.mean) * (v - s.mean);
    return s;
}

bool close(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QString describe(double a, double b)
{
    return QStringLiteral("%1 != %2").arg(a, 0, 'g', 17).arg(b, 0, 'g', 17);
}

// A bucket of a line along x, computed the obvious way: no row (min > max), rows without a number
// (NaN), or the min and max of its numbers.
struct Bucket {
    bool rows = false;
    double lo = std::nan(""), hi = std::nan("");
};

} // namespace

class tst_PlotReduce : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    H5Service m_service;
    H5Service::FileId m_file = 0;

    PlotData plot(const QString& path, const PlotRequest& request)
    {
        const H5Response r = m_service.call(m_file, H5Request::plotOf(path, request));
        if (!r.ok())
            qWarning() << r.error.toString();
        return r.plot;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = PlotFixtures::write(m_dir.filePath(QStringLiteral("plots.h5")));
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        m_file = m_service.addImage(*bytes, QStringLiteral("plots.h5"));
    }

    void lineEnvelopeMatchesBruteForce_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<int>("width");
        QTest::newRow("whole signal, 640 px") << qint64(0) << qint64(-1) << 640;
        QTest::newRow("not aligned to chunks") << qint64(1234) << qint64(50'001) << 333;
        QTest::newRow("across a NaN run") << qint64(4000) << qint64(3000) << 300;
        QTest::newRow("one bucket per row") << qint64(69'990) << qint64(20) << 100;
        QTest::newRow("all NaN") << qint64(5100) << qint64(800) << 50;
        QTest::newRow("one pixel") << qint64(17) << qint64(99'000) << 1;
        QTest::newRow("the last rows") << qint64(99'990) << qint64(13) << 4;
    }

    void lineEnvelopeMatchesBruteForce()
    {
        QFETCH(qint64, start);
        QFETCH(qint64, count);
        QFETCH(int, width);
        PlotRequest r;
        r.rowStart = start;
        r.rowCount = count;
        r.width = width;
        const PlotData d = plot(QStringLiteral("/signal"), r);
        const qint64 n = count < 0 ? PlotFixtures::kSignalRows - start : count;
        QCOMPARE(d.rowStart, start);
        QCOMPARE(d.rowCount, n);
        QCOMPARE(d.mins.size(), qMin<qint64>(n, width));
        QCOMPARE(d.maxs.size(), d.mins.size());
        QCOMPARE(d.valuesRead, n);
        for (qint64 b = 0; b < d.mins.size(); ++b) {
            const qint64 first = start + n * b / d.mins.size();
            const qint64 end = start + n * (b + 1) / d.mins.size();
            QCOMPARE(d.bucketStart(b), first);
            double lo = std::nan(""), hi = std::nan("");
            for (qint64 i = first; i < end; ++i) {
                const double v = PlotFixtures::signal(i);
                if (!std::isnan(v))
                    lo = std::isnan(lo) ? v : std::min(lo, v), hi = std::isnan(hi) ? v : std::max(hi, v);
            }
            QVERIFY2(close(d.mins[b], lo), qPrintable(QStringLiteral("bucket %1 min: ").arg(b) + describe(d.mins[b], lo)));
            QVERIFY2(close(d.maxs[b], hi), qPrintable(QStringLiteral("bucket %1 max: ").arg(b) + describe(d.maxs[b], hi)));
        }
        const ValueSummary s = bruteSummary(n, [start](qint64 i) { return PlotFixtures::signal(start + i); });
        QCOMPARE(d.summary.count, s.count);
        QCOMPARE(d.summary.nan, s.nan);
        QVERIFY(close(d.summary.mean, s.mean));
        QVERIFY(close(d.summary.m2, s.m2) || std::abs(d.summary.m2 - s.m2) < 1e-6);
    }

    void longRangesAreSampledFromTheMiddleOfEachPixelColumn()
    {
        // 100,003 rows, at most 10,000 read: 100 pixel columns of 100 rows each, from their middle.
        PlotRequest r;
        r.width = 100;
        r.maxValues = 10'000;
        const PlotData d = plot(QStringLiteral("/signal"), r);
        QVERIFY(d.sampled);
        QCOMPARE(d.mins.size(), 100);
        QCOMPARE(d.valuesRead, 10'000);
        for (qint64 b = 0; b < 100; ++b) {
            const qint64 first = d.bucketStart(b), end = d.bucketStart(b + 1);
            const qint64 from = first + (end - first - 100) / 2;
            double lo = std::nan(""), hi = std::nan("");
            for (qint64 i = from; i < from + 100; ++i)
                if (const double v = PlotFixtures::signal(i); !std::isnan(v))
                    lo = std::isnan(lo) ? v : std::min(lo, v), hi = std::isnan(hi) ? v : std::max(hi, v);
            QVERIFY2(close(d.mins[b], lo) && close(d.maxs[b], hi), qPrintable(QString::number(b)));
        }
        // A range within the limit reads every row.
        r.rowStart = 123;
        r.rowCount = 10'000;
        QVERIFY(!plot(QStringLiteral("/signal"), r).sampled);
    }

    void everyReductionReportsRowsReadOfRowsToRead_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<PlotRequest>("request");
        QTest::addColumn<qint64>("toRead");
        PlotRequest line;
        QTest::newRow("a line, every row") << QStringLiteral("/signal") << line << PlotFixtures::kSignalRows;
        PlotRequest sampled;
        sampled.width = 100;
        sampled.maxValues = 10'000; // a run of 100 rows per pixel column
        QTest::newRow("a sampled line") << QStringLiteral("/signal") << sampled << qint64(10'000);
        PlotRequest histogram;
        histogram.kind = PlotRequest::Kind::Histogram;
        QTest::newRow("a histogram: its range, then its bins") << QStringLiteral("/waves") << histogram
                                                             << 2 * PlotFixtures::kWaves;
        PlotRequest byX;
        byX.column = 1;
        byX.xColumn = 0; // x for its range, then x and y
        QTest::newRow("a line along x") << QStringLiteral("/xy") << byX << 3 * PlotFixtures::kXyRows;
    }

    // The Plot tab's bar is as true as these reports: they grow to their total, which is the work
    void everyReductionReportsRowsReadOfRowsToRead()
    {
        QFETCH(QString, path);
        QFETCH(PlotRequest, request);
        QFETCH(qint64, toRead);
        QObject context;
        QList<std::pair<qint64, qint64>> reports;
        std::optional<H5Response> answer;
        m_service.ask(
            m_file, H5Request::plotOf(path, request), &context, [&answer](H5Response&& r) { answer = std::move(r); },
            [&reports](qint64 done, qint64 total) { reports.append({done, total}); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY2(answer->ok(), qPrintable(answer->error.toString()));
        QVERIFY(!reports.isEmpty());
        for (qsizetype i = 0; i < reports.size(); ++i) {
            QCOMPARE(reports[i].second, toRead);
            QVERIFY(reports[i].first > (i > 0 ? reports[i - 1].first : 0));
        }
        QCOMPARE(reports.last().first, toRead);
    }

    void lineOfAMatrixColumnAndOfACubeAlongAnotherDimension()
    {
        // Rows along dimension 1 of frame 3, column 7 of dimension 2.
        PlotRequest r;
        r.view.rowDim = 1;
        r.view.colDim = 2;
        r.view.index = {3, 0, 0};
        r.column = 7;
        r.width = 1000;
        PlotData d = plot(QStringLiteral("/cube"), r);
        QCOMPARE(d.mins.size(), PlotFixtures::kCubeRows);
        for (qint64 i = 0; i < d.mins.size(); ++i)
            QCOMPARE(d.mins[i], PlotFixtures::cube(3, i, 7));
        // Rows along dimension 2 (columns of the image), transposed view: dimension 1 as columns.
        r.view = {2, 1, {1, 0, 0}};
        r.column = 50;
        d = plot(QStringLiteral("/cube"), r);
        QCOMPARE(d.mins.size(), PlotFixtures::kCubeCols);
        for (qint64 i = 0; i < d.mins.size(); ++i)
            QVERIFY2(close(d.mins[i], PlotFixtures::cube(1, 50, i)), qPrintable(QString::number(i)));
    }

    void compoundFieldsAndDataFrameColumnsAreWhatTheTableShows()
    {
        // Given the everything fixture's /compound {x: int32, y: float64} and a pandas DataFrame
        const QString everything = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5")));
        const auto file = m_service.addImage(*ImageBuffer::readFile(everything), QStringLiteral("e.h5"));
        const auto frames = m_service.addImage(
            *ImageBuffer::readFile(TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5")),
            QStringLiteral("frames_table.h5"));
        struct Case {
            H5Service::FileId file;
            QString path;
            bool table;
        };
        for (const Case& c : {Case {file, QStringLiteral("/compound"), false}, Case {frames, QStringLiteral("/df"), true}}) {
            // When each numeric column is plotted one value per pixel
            const qint64 columns = c.table ? m_service.call(c.file, H5Request::describeTable(c.path)).table.columns.size() : 2;
            QVERIFY(columns > 1);
            for (qint64 column = 0; column < columns; ++column) {
                PageRequest page;
                page.view = DimView::defaultFor(1);
                page.colStart = column;
                page.colCount = 1;
                page.rowCount = c.table ? m_service.call(c.file, H5Request::describeTable(c.path)).table.rows : 3;
                const H5Response cells = m_service.call(
                    c.file, c.table ? H5Request::readTable(c.path, page) : H5Request::readPage(c.path, page));
                QVERIFY2(cells.ok(), qPrintable(cells.error.toString()));
                const ColumnData& stored = cells.page.columns[0];
                if (stored.kind == CellKind::Text)
                    continue;
                PlotRequest r;
                r.table = c.table;
                r.column = column;
                r.width = 100'000;
                const H5Response line = m_service.call(c.file, H5Request::plotOf(c.path, r));
                QVERIFY2(line.ok(), qPrintable(line.error.toString()));
                // Then every point is the table's own cell
                QCOMPARE(line.plot.mins.size(), page.rowCount);
                for (qint64 i = 0; i < page.rowCount; ++i) {
                    const double v = stored.value(i).toDouble();
                    QVERIFY2(close(line.plot.mins[i], v) && close(line.plot.maxs[i], v),
                        qPrintable(QStringLiteral("%1 column %2 row %3: ").arg(c.path).arg(column).arg(i)
                            + describe(line.plot.mins[i], v)));
                }
            }
        }
    }

    void imageBlockMeansAndStridesPickTheRightCellsAtTheEdges_data()
    {
        QTest::addColumn<bool>("strided");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<qint64>("frame");
        QTest::newRow("means, partial last blocks") << false << 20 << 10 << qint64(1);
        QTest::newRow("strided, partial last blocks") << true << 20 << 10 << qint64(1);
        QTest::newRow("means, one block per cell") << false << 500 << 500 << qint64(4);
        QTest::newRow("strided, one pixel") << true << 1 << 1 << qint64(2);
        QTest::newRow("means, one pixel") << false << 1 << 1 << qint64(0);
    }

    void imageBlockMeansAndStridesPickTheRightCellsAtTheEdges()
    {
        QFETCH(bool, strided);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(qint64, frame);
        PlotRequest r;
        r.kind = PlotRequest::Kind::Image;
        r.view = {1, 2, {frame, 0, 0}};
        r.width = width;
        r.height = height;
        r.strided = strided;
        const PlotData d = plot(QStringLiteral("/cube"), r);
        const qint64 rowStep = (PlotFixtures::kCubeRows + height - 1) / height;
        const qint64 colStep = (PlotFixtures::kCubeCols + width - 1) / width;
        QCOMPARE(d.rowStep, rowStep);
        QCOMPARE(d.colStep, colStep);
        QCOMPARE(d.imageRows, (PlotFixtures::kCubeRows + rowStep - 1) / rowStep);
        QCOMPARE(d.imageCols, (PlotFixtures::kCubeCols + colStep - 1) / colStep);
        QCOMPARE(d.blockMean, !strided);
        QCOMPARE(d.pixels.size(), d.imageRows * d.imageCols);
        for (qint64 pr = 0; pr < d.imageRows; ++pr) {
            for (qint64 pc = 0; pc < d.imageCols; ++pc) {
                double expected = 0;
                if (strided) {
                    expected = PlotFixtures::cube(frame, pr * rowStep, pc * colStep);
                } else {
                    double sum = 0;
                    qint64 n = 0;
                    for (qint64 y = pr * rowStep; y < qMin((pr + 1) * rowStep, PlotFixtures::kCubeRows); ++y)
                        for (qint64 x = pc * colStep; x < qMin((pc + 1) * colStep, PlotFixtures::kCubeCols); ++x)
                            if (const double v = PlotFixtures::cube(frame, y, x); !std::isnan(v))
                                sum += v, ++n;
                    expected = n ? sum / double(n) : std::nan("");
                }
                QVERIFY2(close(d.pixel(0, pr, pc), expected),
                    qPrintable(QStringLiteral("pixel %1,%2: ").arg(pr).arg(pc) + describe(d.pixel(0, pr, pc), expected)));
            }
        }
    }

    void imageOfAZoomedRegionAndOfATransposedView()
    {
        PlotRequest r;
        r.kind = PlotRequest::Kind::Image;
        r.view = {2, 1, {4, 0, 0}}; // rows run along dimension 2
        r.rowStart = 13;
        r.rowCount = 7;
        r.colStart = 90;
        r.colCount = 11;
        const PlotData d = plot(QStringLiteral("/cube"), r);
        QCOMPARE(d.imageRows, 7);
        QCOMPARE(d.imageCols, 11);
        for (qint64 y = 0; y < 7; ++y)
            for (qint64 x = 0; x < 11; ++x)
                QCOMPARE(d.pixel(0, y, x), PlotFixtures::cube(4, 90 + x, 13 + y));
    }

    void rgbImagesComeAsPlanes()
    {
        PlotRequest r;
        r.kind = PlotRequest::Kind::Image;
        r.view = {0, 1, {0, 0, 0}};
        r.channelDim = 2;
        const PlotData d = plot(QStringLiteral("/rgb"), r);
        QCOMPARE(d.planes, 3);
        QCOMPARE(d.imageRows, 20);
        QCOMPARE(d.imageCols, 30);
        for (int ch = 0; ch < 3; ++ch)
            for (qint64 y = 0; y < 20; y += 7)
                for (qint64 x = 0; x < 30; x += 11)
                    QCOMPARE(d.pixel(ch, y, x), PlotFixtures::rgb(y, x, ch));
    }

    void badRequestsAreSpecificErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("rowStart");
        QTest::addColumn<QString>("message");
        QTest::newRow("rows past the end") << QStringLiteral("/signal") << 0 << qint64(200'000) << QStringLiteral("rows from 200000 are outside the 100003 rows of /signal");
        QTest::newRow("image of 1-D") << QStringLiteral("/signal") << 1 << qint64(0) << QStringLiteral("an image needs two");
        QTest::newRow("missing object") << QStringLiteral("/nothing") << 2 << qint64(0) << QStringLiteral("/nothing");
    }

    void badRequestsAreSpecificErrors()
    {
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(qint64, rowStart);
        QFETCH(QString, message);
        PlotRequest r;
        r.kind = PlotRequest::Kind(kind);
        r.rowStart = rowStart;
        const H5Response response = m_service.call(m_file, H5Request::plotOf(path, r));
        QVERIFY(!response.ok());
        QVERIFY2(response.error.message.contains(message), qPrintable(response.error.message));
    }

    void lineAlongANonUniformXMatchesBruteForce_data()
    {
        QTest::addColumn<double>("xMin");
        QTest::addColumn<double>("xMax");
        QTest::addColumn<int>("width");
        QTest::addColumn<qint64>("column");
        QTest::newRow("x's own range, 640 px") << 0.0 << 0.0 << 640 << qint64(1);
        QTest::newRow("zoomed, across the NaN rows") << 30.0 << 95.5 << 333 << qint64(1);
        QTest::newRow("more pixels than rows: empty buckets") << 0.0 << 1.0 << 500 << qint64(1);
        QTest::newRow("one pixel") << 0.0 << 0.0 << 1 << qint64(1);
        QTest::newRow("a straight line") << 0.0 << 0.0 << 97 << qint64(2);
    }

    void lineAlongANonUniformXMatchesBruteForce()
    {
        // Given /xy: x = 1000 (i/n)^2 (dense near 0, sparse near 1000, NaN every 1013th row)
        QFETCH(double, xMin);
        QFETCH(double, xMax);
        QFETCH(int, width);
        QFETCH(qint64, column);
        PlotRequest r;
        r.column = column;
        r.xColumn = 0;
        r.xMin = xMin;
        r.xMax = xMax;
        r.width = width;
        // When it is plotted along column 0
        const PlotData d = plot(QStringLiteral("/xy"), r);
        QVERIFY(d.byX);
        QVERIFY(!d.xTime);
        QCOMPARE(d.rowCount, PlotFixtures::kXyRows);
        QCOMPARE(d.mins.size(), width);
        // Then the range is the one asked for, or the finite x values' own
        double lo = xMin, hi = xMax;
        if (!(xMin < xMax)) {
            lo = INFINITY, hi = -INFINITY;
            for (qint64 i = 0; i < PlotFixtures::kXyRows; ++i)
                if (const double x = PlotFixtures::xy(i, 0); std::isfinite(x))
                    lo = std::min(lo, x), hi = std::max(hi, x);
        }
        QCOMPARE(d.xMin, lo);
        QCOMPARE(d.xMax, hi);
        // And each bucket holds the min and max of the rows whose x falls in it
        QList<Bucket> expected(width);
        ValueSummary summary;
        for (qint64 i = 0; i < PlotFixtures::kXyRows; ++i) {
            const double x = PlotFixtures::xy(i, 0), y = PlotFixtures::xy(i, int(column));
            if (!(x >= lo && x <= hi))
                continue;
            Bucket& b = expected[std::min<qsizetype>(width - 1, qsizetype((x - lo) / (hi - lo) * width))];
            b.rows = true;
            summary.add(y);
            if (!std::isnan(y))
                b.lo = std::isnan(b.lo) ? y : std::min(b.lo, y), b.hi = std::isnan(b.hi) ? y : std::max(b.hi, y);
        }
        int empty = 0;
        for (qsizetype b = 0; b < width; ++b) {
            const QString where = QStringLiteral("bucket %1 (x from %2): ").arg(b).arg(d.bucketX(b));
            QVERIFY2(d.bucketHasRows(b) == expected[b].rows, qPrintable(where + QStringLiteral("rows?")));
            empty += !expected[b].rows;
            if (!expected[b].rows)
                continue;
            QVERIFY2(close(d.mins[b], expected[b].lo), qPrintable(where + describe(d.mins[b], expected[b].lo)));
            QVERIFY2(close(d.maxs[b], expected[b].hi), qPrintable(where + describe(d.maxs[b], expected[b].hi)));
        }
        if (width == 500)
            QVERIFY2(empty > 0, "the case is meant to have buckets no row falls in");
        QCOMPARE(d.summary.count, summary.count);
        QCOMPARE(d.summary.nan, summary.nan);
        QCOMPARE(d.summary.posInf, summary.posInf);
    }

    void aDataFrameAlongItsTimeColumn()
    {
        // Given a DataFrame with a datetime64 column "when" (and a NaN in "temp")
        const auto frames = m_service.addImage(
            *ImageBuffer::readFile(TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5")),
            QStringLiteral("frames_table.h5"));
        const TableDescription table = m_service.call(frames, H5Request::describeTable(QStringLiteral("/df"))).table;
        qint64 when = -1, temp = -1;
        for (qsizetype c = 0; c < table.columns.size(); ++c) {
            when = table.columns[c].name == QLatin1String("when") ? c : when;
            temp = table.columns[c].name == QLatin1String("temp") ? c : temp;
        }
        QVERIFY(when >= 0 && temp >= 0);
        // When temp is plotted along it, a bucket per row at most
        PlotRequest r;
        r.table = true;
        r.column = temp;
        r.xColumn = when;
        r.width = 100'000;
        const H5Response line = m_service.call(frames, H5Request::plotOf(QStringLiteral("/df"), r));
        QVERIFY2(line.ok(), qPrintable(line.error.toString()));
        const PlotData& d = line.plot;
        QVERIFY(d.byX);
        QVERIFY(d.xTime);
        // Then x is the time the table shows, in seconds since 1970 UTC, and each row's temperature
        // is at its time
        PageRequest page;
        page.rowCount = table.rows;
        page.colStart = 0;
        page.colCount = table.columns.size();
        const H5Response cells = m_service.call(frames, H5Request::readTable(QStringLiteral("/df"), page));
        QVERIFY(cells.ok());
        double first = INFINITY, last = -INFINITY;
        int placed = 0;
        for (qint64 i = 0; i < table.rows; ++i) {
            QDateTime t = QDateTime::fromString(cells.page.text(i, when), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            if (!t.isValid())
                continue; // NaT
            t.setTimeZone(QTimeZone::utc());
            const double seconds = double(t.toSecsSinceEpoch());
            first = std::min(first, seconds), last = std::max(last, seconds);
            const double v = cells.page.value(i, temp).toDouble();
            const qsizetype b = std::min<qsizetype>(d.mins.size() - 1, qsizetype((seconds - d.xMin) / (d.xMax - d.xMin) * double(d.mins.size())));
            QVERIFY2(d.bucketHasRows(b), qPrintable(QString::number(i)));
            if (!cells.page.text(i, temp).isEmpty() && !std::isnan(v)) {
                QVERIFY2(close(d.mins[b], v) && close(d.maxs[b], v), qPrintable(QString::number(i) + QStringLiteral(": ") + describe(d.mins[b], v)));
                ++placed;
            }
        }
        QCOMPARE(d.xMin, first);
        QCOMPARE(d.xMax, last);
        QVERIFY(placed > 10);
    }

    void histogramsMatchNumpy()
    {
        QCOMPARE(compareWithNumpy(QStringLiteral("histogram_numpy.txt")), 6);
    }

    void float32HistogramsMatchNumpysFloat32Bins()
    {
        // numpy bins float32 data with float32 edges and arithmetic: on or beside an edge a value
        // can fall in another bin than float64 arithmetic puts it (tenths32 in 1000 bins).
        QCOMPARE(compareWithNumpy(QStringLiteral("histogram_numpy_float32.txt")), 6);
    }

private:
    // The worker's histograms of the cases in tests/data/plot/`name`, each against numpy's; the
    // number of cases compared.
    int compareWithNumpy(const QString& name)
    {
        QFile f(TestPaths::sourceDir() + QStringLiteral("/tests/data/plot/") + name);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return -1;
        int cases = 0;
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QStringList halves = line.split(QStringLiteral(" | "));
            if (halves.size() != 2)
                return -1;
            const QStringList h = halves[0].split(QLatin1Char(' '));
            const QStringList s = halves[1].split(QLatin1Char(' '));
            PlotRequest r;
            r.kind = PlotRequest::Kind::Histogram;
            r.bins = h[1].toInt();
            if (h[2] != QLatin1String("auto")) {
                r.binMin = h[2].section(QLatin1Char(','), 0, 0).toDouble();
                r.binMax = h[2].section(QLatin1Char(','), 1, 1).toDouble();
            }
            const PlotData d = plot(QLatin1Char('/') + h[0], r);
            const QString which = line.left(30);
            const auto fail = [&](const QString& what) {
                qWarning("%s", qPrintable(which + QStringLiteral(": ") + what));
                return -1;
            };
            if (d.binMin != h[3].toDouble() || d.binMax != h[4].toDouble())
                return fail(QStringLiteral("range %1 .. %2, numpy %3 .. %4").arg(d.binMin, 0, 'g', 17).arg(d.binMax, 0, 'g', 17).arg(h[3], h[4]));
            if (d.counts.size() != r.bins)
                return fail(QStringLiteral("%1 bins").arg(d.counts.size()));
            for (int i = 0; i < r.bins; ++i)
                if (d.counts[i] != h[5 + i].toLongLong())
                    return fail(QStringLiteral("bin %1 has %2, numpy %3").arg(i).arg(d.counts[i]).arg(h[5 + i]));
            if (d.summary.count != s[0].toLongLong() || d.summary.nan != s[1].toLongLong()
                || d.summary.posInf != s[2].toLongLong() || d.summary.negInf != s[3].toLongLong())
                return fail(QStringLiteral("counts of finite, NaN, +Inf, -Inf values"));
            if (d.summary.min != s[4].toDouble() || d.summary.max != s[5].toDouble())
                return fail(QStringLiteral("min and max: %1 %2").arg(d.summary.min).arg(d.summary.max));
            if (!close(d.summary.mean, s[6].toDouble()))
                return fail(QStringLiteral("mean ") + describe(d.summary.mean, s[6].toDouble()));
            if (!close(d.summary.standardDeviation(), s[7].toDouble()))
                return fail(QStringLiteral("std ") + describe(d.summary.standardDeviation(), s[7].toDouble()));
            ++cases;
        }
        return cases;
    }
};

QTEST_GUILESS_MAIN(tst_PlotReduce)
#include "tst_plotreduce.moc"

// SPDX-License-Identifier: MIT
// Plot reductions in the worker (core/hdf5/plotreader, reduce): line envelopes, images and
// histograms against brute force over the same values, and histograms against numpy's numbers
// (tests/data/plot/histogram_numpy.txt, written once by make_histogram_reference.py).
#include "h5fixtures.h"
#include "service/h5service.h"
#include "imagebuffer.h"
#include "plotfixtures.h"
#include "testpaths.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>

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
    return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QString describe(double a, double b)
{
    return QStringLiteral("%1 != %2").arg(a, 0, 'g', 17).arg(b, 0, 'g', 17);
}

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

    void histogramsMatchNumpy()
    {
        QFile f(TestPaths::sourceDir() + QStringLiteral("/tests/data/plot/histogram_numpy.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
        int cases = 0;
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            const QStringList halves = line.split(QStringLiteral(" | "));
            QCOMPARE(halves.size(), 2);
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
            QCOMPARE(d.binMin, h[3].toDouble());
            QCOMPARE(d.binMax, h[4].toDouble());
            QCOMPARE(d.counts.size(), r.bins);
            for (int i = 0; i < r.bins; ++i)
                QVERIFY2(d.counts[i] == h[5 + i].toLongLong(),
                    qPrintable(QStringLiteral("%1: bin %2 has %3, numpy %4").arg(which).arg(i).arg(d.counts[i]).arg(h[5 + i])));
            QCOMPARE(d.summary.count, s[0].toLongLong());
            QCOMPARE(d.summary.nan, s[1].toLongLong());
            QCOMPARE(d.summary.posInf, s[2].toLongLong());
            QCOMPARE(d.summary.negInf, s[3].toLongLong());
            QCOMPARE(d.summary.min, s[4].toDouble());
            QCOMPARE(d.summary.max, s[5].toDouble());
            QVERIFY2(close(d.summary.mean, s[6].toDouble()), qPrintable(describe(d.summary.mean, s[6].toDouble())));
            QVERIFY2(close(d.summary.standardDeviation(), s[7].toDouble()),
                qPrintable(describe(d.summary.standardDeviation(), s[7].toDouble())));
            ++cases;
        }
        QCOMPARE(cases, 6);
    }
};

QTEST_GUILESS_MAIN(tst_PlotReduce)
#include "tst_plotreduce.moc"

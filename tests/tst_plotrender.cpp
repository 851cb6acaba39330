// SPDX-License-Identifier: MIT
// `h5hdfs plot` and the renderer behind it, checked on the pixels it draws: a ramp is a monotonic
// colour ramp, a constant a single colour plus axes, a sine crosses its midline where it should,
// RGB images keep their channels, histogram bars stand as tall as their counts, a line along another
// column follows that column's values, SVG holds the same picture as drawing elements. No stored
// screenshots: every expectation is computed from the data's formulas.
#include "clirun.h"
#include "colormap.h"
#include "plotfixtures.h"
#include "plotrenderer.h"
#include "timeaxis.h"

#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QSvgRenderer>
#include <QTimeZone>
#include <QXmlStreamReader>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace H5Hdfs;

namespace {

// Neither white, black nor a gray of the axes and text: a colour the data drew.
bool isColour(QRgb c)
{
    return std::abs(qRed(c) - qGreen(c)) + std::abs(qGreen(c) - qBlue(c)) + std::abs(qRed(c) - qBlue(c)) > 30;
}

// The index of `c` in the map, or -1.
int indexIn(const Colormap& map, QRgb c)
{
    for (int i = 0; i < 256; ++i)
        if (map.at(double(i) / 255.0) == (c | 0xff000000u))
            return i;
    return -1;
}

// The mean height of the line's pixels (blue, its antialiased edge too) in each pixel column; NaN
// where it has none, or where they spread over more than a gently sloping line's few pixels (the
// legend's sample of the line, top right, shares columns with it).
QList<double> lineHeights(const QImage& img)
{
    QList<double> meanY(img.width(), std::nan(""));
    for (int x = 0; x < img.width(); ++x) {
        double sum = 0;
        int n = 0, top = img.height(), bottom = -1;
        for (int y = 0; y < img.height(); ++y)
            if (const QRgb c = img.pixel(x, y); qBlue(c) > qRed(c) + 60)
                sum += y, ++n, top = std::min(top, y), bottom = std::max(bottom, y);
        if (n > 0 && bottom - top <= 6)
            meanY[x] = sum / n;
    }
    return meanY;
}

// How far the line strays from the straight line through its first and last pixel columns.
double straying(const QList<double>& meanY)
{
    int first = -1, last = -1;
    for (int x = 0; x < meanY.size(); ++x)
        if (!std::isnan(meanY[x]))
            first = first < 0 ? x : first, last = x;
    double most = 0;
    for (int x = first; x <= last && first >= 0; ++x)
        if (!std::isnan(meanY[x]))
            most = std::max(most, std::abs(meanY[x] - (meanY[first] + (meanY[last] - meanY[first]) * (x - first) / double(last - first))));
    return most;
}

// An SVG file's elements named `tag`, each as its attributes.
QList<QXmlStreamAttributes> elements(const QString& file, const QString& tag)
{
    QFile f(file);
    QList<QXmlStreamAttributes> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == tag)
            out.append(xml.attributes());
    if (xml.hasError())
        qWarning() << file << xml.errorString();
    return xml.hasError() ? QList<QXmlStreamAttributes>() : out;
}

// The points of an SVG path's "d" (M x,y L x,y ... as QSvgGenerator writes it).
QList<QPointF> pathPoints(const QString& d)
{
    static const QRegularExpression kPoint(QStringLiteral("(-?[\\d.]+)[ ,](-?[\\d.]+)"));
    QList<QPointF> out;
    for (auto it = kPoint.globalMatch(d); it.hasNext();) {
        const auto m = it.next();
        out.append(QPointF(m.captured(1).toDouble(), m.captured(2).toDouble()));
    }
    return out;
}

} // namespace

class tst_PlotRender : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

    QImage plot(const QStringList& args, const QString& name)
    {
        const QString out = m_dir.filePath(name);
        const CliRun::Run run = CliRun::cli(QStringList {QStringLiteral("plot")} + args + QStringList {QStringLiteral("-o"), out});
        if (!run.ok())
            qWarning() << run.err;
        return QImage(out).convertToFormat(QImage::Format_RGB32);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_file = PlotFixtures::write(m_dir.filePath(QStringLiteral("plots.h5")));
    }

    void colormapsAreTheirPublishedTables()
    {
        for (const QString& name : Colormap::names())
            QVERIFY2(Colormap::byName(name).isValid(), qPrintable(name));
        QVERIFY(!Colormap::byName(QStringLiteral("jet")).isValid());
        // viridis and inferno start and end where their authors' tables do; gray is gray and rising;
        // coolwarm runs from blue through a light neutral to red.
        QCOMPARE(Colormap::byName(QStringLiteral("viridis")).at(0), qRgb(68, 1, 84));
        QCOMPARE(Colormap::byName(QStringLiteral("viridis")).at(1), qRgb(253, 231, 37));
        QCOMPARE(Colormap::byName(QStringLiteral("inferno")).at(0), qRgb(0, 0, 4));
        const Colormap gray = Colormap::byName(QStringLiteral("gray"));
        for (int i = 1; i < 256; ++i) {
            const QRgb a = gray.at((i - 1) / 255.0), b = gray.at(i / 255.0);
            QVERIFY(qRed(b) == qGreen(b) && qGreen(b) == qBlue(b) && qRed(b) >= qRed(a));
        }
        const Colormap coolwarm = Colormap::byName(QStringLiteral("coolwarm"));
        QVERIFY(qBlue(coolwarm.at(0)) > qRed(coolwarm.at(0)) + 100);
        QVERIFY(qRed(coolwarm.at(1)) > qBlue(coolwarm.at(1)) + 100);
        QVERIFY(!isColour(coolwarm.at(0.5)));
    }

    void aRampIsAMonotonicColourRamp()
    {
        // /ramp: 64 x 256, each row 0..255.
        const QImage img = plot({m_file + QStringLiteral(":/ramp"), QStringLiteral("--size"), QStringLiteral("800x500")},
            QStringLiteral("ramp.png"));
        QVERIFY(!img.isNull());
        const Colormap viridis = Colormap::byName(QStringLiteral("viridis"));
        // The row crossing the image: the one with most viridis pixels (the colour bar is narrow).
        int bestRow = -1, bestCount = 0;
        for (int y = 0; y < img.height(); ++y) {
            int n = 0;
            for (int x = 0; x < img.width(); ++x)
                n += indexIn(viridis, img.pixel(x, y)) >= 0;
            if (n > bestCount)
                bestCount = n, bestRow = y;
        }
        QVERIFY2(bestCount > 300, qPrintable(QString::number(bestCount)));
        QList<int> indices;
        for (int x = 0; x < img.width(); ++x)
            if (const int i = indexIn(viridis, img.pixel(x, bestRow)); i >= 0)
                indices.append(i);
        // Left to right through the image the colours climb the map from its start to its end;
        // then the colour bar (one colour in this row) follows.
        const qsizetype image = indices.size() - 20;
        for (qsizetype i = 1; i < image; ++i)
            QVERIFY2(indices[i] >= indices[i - 1], qPrintable(QStringLiteral("x %1: %2 after %3").arg(i).arg(indices[i]).arg(indices[i - 1])));
        QVERIFY(indices.first() <= 2);
        QVERIFY(*std::max_element(indices.begin(), indices.begin() + image) >= 253);
        QSet<int> distinct(indices.begin(), indices.begin() + image);
        QVERIFY2(distinct.size() > 200, qPrintable(QString::number(distinct.size())));
    }

    void aConstantIsOneColourPlusAxes()
    {
        const QImage img = plot({m_file + QStringLiteral(":/flat")}, QStringLiteral("flat.png"));
        QVERIFY(!img.isNull());
        QSet<QRgb> colours;
        int dark = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QRgb c = img.pixel(x, y);
                if (isColour(c))
                    colours.insert(c);
                else if (qGray(c) < 100)
                    ++dark;
            }
        QCOMPARE(colours.size(), 1);
        QCOMPARE(*colours.begin(), Colormap::byName(QStringLiteral("viridis")).at(0.5) | 0xff000000u);
        QVERIFY2(dark > 500, qPrintable(QString::number(dark))); // the frame, ticks and their numbers
    }

    void aSineCrossesItsMidlineWhereItShould()
    {
        // /sine: 2000 samples of sin(2 pi i / 1000): zeros at i = 500, 1000, 1500.
        const QImage img = plot({m_file + QStringLiteral(":/sine"), QStringLiteral("--size"), QStringLiteral("1000x600")},
            QStringLiteral("sine.png"));
        QVERIFY(!img.isNull());
        // The line is blue (its antialiased edge too); the mean height of its pixels per column.
        QList<double> meanY(img.width(), std::nan(""));
        int top = img.height(), bottom = 0, first = -1, last = -1;
        for (int x = 0; x < img.width(); ++x) {
            double sum = 0;
            int n = 0;
            for (int y = 0; y < img.height(); ++y) {
                const QRgb c = img.pixel(x, y);
                if (qBlue(c) > qRed(c) + 60) {
                    sum += y, ++n;
                    top = std::min(top, y), bottom = std::max(bottom, y);
                }
            }
            if (n > 0) {
                meanY[x] = sum / n;
                first = first < 0 ? x : first;
                last = x;
            }
        }
        QVERIFY(first >= 0 && last - first > 500);
        const double mid = (top + bottom) / 2.0;
        QList<int> downward, upward;
        for (int x = first + 5; x < last - 5; ++x) {
            if (std::isnan(meanY[x]) || std::isnan(meanY[x + 1]))
                continue;
            if (meanY[x] < mid && meanY[x + 1] >= mid)
                downward.append(x); // the value falls through zero: the line goes down the picture
            else if (meanY[x] > mid && meanY[x + 1] <= mid)
                upward.append(x);
        }
        const auto at = [&](double i) { return first + (last - first) * i / 1999.0; };
        QCOMPARE(downward.size(), 2);
        QCOMPARE(upward.size(), 1);
        QVERIFY2(std::abs(downward[0] - at(500)) <= 3, qPrintable(QStringLiteral("%1 vs %2").arg(downward[0]).arg(at(500))));
        QVERIFY2(std::abs(upward[0] - at(1000)) <= 3, qPrintable(QStringLiteral("%1 vs %2").arg(upward[0]).arg(at(1000))));
        QVERIFY2(std::abs(downward[1] - at(1500)) <= 3, qPrintable(QStringLiteral("%1 vs %2").arg(downward[1]).arg(at(1500))));
    }

    void rgbImagesKeepTheirChannels()
    {
        // /rgb: uint8 20 x 30 x 3, red r * 10, green c * 8, blue 128.
        const QImage img = plot({m_file + QStringLiteral(":/rgb"), QStringLiteral("--size"), QStringLiteral("600x500")},
            QStringLiteral("rgb.png"));
        QVERIFY(!img.isNull());
        int pixels = 0;
        QSet<int> reds, greens;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                if (const QRgb c = img.pixel(x, y); qBlue(c) == 128 && isColour(c)) {
                    ++pixels;
                    QVERIFY2(qRed(c) % 10 == 0 && qGreen(c) % 8 == 0, qPrintable(QString::number(c, 16)));
                    reds.insert(qRed(c));
                    greens.insert(qGreen(c));
                }
        QVERIFY(pixels > 20 * 30);
        QCOMPARE(reds.size(), 20);
        QCOMPARE(greens.size(), 30);
    }

    void histogramBarsAreAsTallAsTheirCounts()
    {
        // /steps: i % 11 for 1000 values; 5 bins over [0, 10]: the last holds 8, 9 and 10.
        const QImage img = plot({m_file + QStringLiteral(":/steps"), QStringLiteral("--kind"), QStringLiteral("hist"),
                                    QStringLiteral("--bins"), QStringLiteral("5")},
            QStringLiteral("hist.png"));
        QVERIFY(!img.isNull());
        QList<qint64> counts(5, 0);
        for (qint64 i = 0; i < PlotFixtures::kSteps; ++i)
            ++counts[std::min<qint64>(4, (i % 11) / 2)];
        // Bar height per column: the blue fill's extent.
        QList<int> heights;
        for (int x = 0; x < img.width(); ++x) {
            int n = 0;
            for (int y = 0; y < img.height(); ++y)
                n += img.pixel(x, y) == qRgb(0x1f, 0x77, 0xb4);
            if (n > 0)
                heights.append(n);
        }
        QVERIFY(heights.size() > 100);
        const double firstBar = heights[heights.size() / 10], lastBar = heights[heights.size() * 9 / 10];
        QVERIFY2(std::abs(lastBar / firstBar - double(counts[4]) / double(counts[0])) < 0.05,
            qPrintable(QStringLiteral("%1 / %2").arg(lastBar).arg(firstBar)));
    }

    void aLineAlongAnotherColumnFollowsItsValues()
    {
        // /xy: column 2 is x / 10 and x = 1000 (i/n)^2. Along x the line is straight; along the row
        // number it is a parabola.
        const QString target = m_file + QStringLiteral(":/xy");
        const QStringList common = {target, QStringLiteral("--column"), QStringLiteral("2"), QStringLiteral("--size"), QStringLiteral("1000x600")};
        const QImage alongX = plot(common + QStringList {QStringLiteral("--x"), QStringLiteral("0")}, QStringLiteral("alongx.png"));
        const QImage alongRows = plot(common + QStringList {QStringLiteral("--x"), QStringLiteral("row")}, QStringLiteral("alongrows.png"));
        QVERIFY(!alongX.isNull() && !alongRows.isNull());
        const double straight = straying(lineHeights(alongX)), curved = straying(lineHeights(alongRows));
        QVERIFY2(straight <= 3, qPrintable(QString::number(straight)));
        QVERIFY2(curved > 50, qPrintable(QString::number(curved)));
        // A column that is not there is a usage error naming it.
        const CliRun::Run bad = CliRun::cli({QStringLiteral("plot"), target, QStringLiteral("--x"), QStringLiteral("7"),
            QStringLiteral("-o"), m_dir.filePath(QStringLiteral("bad.png"))});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QLatin1String("no column 7")), qPrintable(bad.err));
    }

    void timeTicksFallOnWholeUnits_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("format");
        QTest::newRow("a day: every 6 hours") << 86'400.0 << 21'600.0 << QStringLiteral("MM-dd HH:mm");
        QTest::newRow("a minute: every 10 s") << 60.0 << 10.0 << QStringLiteral("HH:mm:ss");
        QTest::newRow("12.5 days: every 2 days") << 300 * 3600.0 << 2 * 86'400.0 << QStringLiteral("yyyy-MM-dd");
        QTest::newRow("a month: every week") << 30 * 86'400.0 << 7 * 86'400.0 << QStringLiteral("yyyy-MM-dd");
    }

    void timeTicksFallOnWholeUnits()
    {
        QFETCH(double, span);
        QFETCH(double, step);
        QFETCH(QString, format);
        const QDateTime start(QDate(2026, 1, 1), QTime(6, 30, 15), QTimeZone::utc());
        const double lo = double(start.toSecsSinceEpoch());
        const QList<double> ticks = TimeAxis::ticks(lo, lo + span, 5);
        QVERIFY(ticks.size() >= 3);
        for (qsizetype i = 0; i < ticks.size(); ++i) {
            QVERIFY(ticks[i] >= lo && ticks[i] <= lo + span);
            QCOMPARE(std::fmod(ticks[i], step), 0.0);
            if (i > 0)
                QCOMPARE(ticks[i] - ticks[i - 1], step);
        }
        const QDateTime first = QDateTime::fromSecsSinceEpoch(qint64(ticks[0]), QTimeZone::utc());
        QCOMPARE(TimeAxis::label(ticks[0], step), first.toString(format));
    }

    void svgHoldsThePlotAsDrawing()
    {
        // A sine of 2000 samples in 1000 pixel columns: one path through a min and a max per column.
        const QString sine = m_dir.filePath(QStringLiteral("sine.svg"));
        CliRun::Run run = CliRun::cli({QStringLiteral("plot"), m_file + QStringLiteral(":/sine"), QStringLiteral("--size"),
            QStringLiteral("1000x600"), QStringLiteral("-o"), sine});
        QVERIFY2(run.ok(), qPrintable(run.err));
        QVERIFY(QSvgRenderer(sine).isValid());
        const QList<QXmlStreamAttributes> svg = elements(sine, QStringLiteral("svg"));
        QCOMPARE(svg.size(), 1);
        QCOMPARE(svg[0].value(QStringLiteral("viewBox")).toString(), QStringLiteral("0 0 1000 600"));
        QList<QPointF> line;
        for (const QXmlStreamAttributes& path : elements(sine, QStringLiteral("path"))) {
            const QList<QPointF> points = pathPoints(path.value(QStringLiteral("d")).toString());
            if (points.size() > line.size())
                line = points;
        }
        QVERIFY2(line.size() >= 1000 && line.size() <= 2000, qPrintable(QString::number(line.size())));
        for (qsizetype i = 1; i < line.size(); ++i)
            QVERIFY(line[i].x() >= line[i - 1].x()); // left to right, a column at a time
        QVERIFY2(line.last().x() - line.first().x() > 700, qPrintable(QString::number(line.last().x() - line.first().x())));
        // Its two lowest and highest points are the sine's troughs and crests: about as high as wide apart.
        double top = 600, bottom = 0;
        for (const QPointF& p : std::as_const(line))
            top = std::min(top, p.y()), bottom = std::max(bottom, p.y());
        QVERIFY(bottom - top > 300);

        // The ramp (64 x 256): one embedded image of its cells, 4 times as wide as high.
        const QString ramp = m_dir.filePath(QStringLiteral("ramp.svg"));
        run = CliRun::cli({QStringLiteral("plot"), m_file + QStringLiteral(":/ramp"), QStringLiteral("-o"), ramp});
        QVERIFY2(run.ok(), qPrintable(run.err));
        QVERIFY(QSvgRenderer(ramp).isValid());
        const QList<QXmlStreamAttributes> images = elements(ramp, QStringLiteral("image"));
        QCOMPARE(images.size(), 1);
        const double w = images[0].value(QStringLiteral("width")).toDouble(), h = images[0].value(QStringLiteral("height")).toDouble();
        QVERIFY2(std::abs(w / h - 4.0) < 0.05, qPrintable(QStringLiteral("%1 x %2").arg(w).arg(h)));
        const QString href = images[0].value(QStringLiteral("xlink:href")).toString();
        QVERIFY(href.startsWith(QLatin1String("data:image/png;base64,")));
        const QImage cells = QImage::fromData(QByteArray::fromBase64(href.section(QLatin1Char(','), 1).toLatin1()));
        QCOMPARE(cells.size(), QSize(256, 64));
        const Colormap viridis = Colormap::byName(QStringLiteral("viridis"));
        for (int x = 1; x < 256; ++x)
            QVERIFY(indexIn(viridis, cells.pixel(x, 30)) >= indexIn(viridis, cells.pixel(x - 1, 30)));
        QCOMPARE(indexIn(viridis, cells.pixel(0, 30)), 0);
        QCOMPARE(indexIn(viridis, cells.pixel(255, 30)), 255);
    }

    void badOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown kind") << QStringList {QStringLiteral("--kind"), QStringLiteral("pie")} << QStringLiteral("--kind");
        QTest::newRow("unknown colormap") << QStringList {QStringLiteral("--colormap"), QStringLiteral("jet")} << QStringLiteral("viridis");
        QTest::newRow("image of a 1-D dataset") << QStringList {QStringLiteral("--kind"), QStringLiteral("image")} << QStringLiteral("no image");
    }

    void badOptionsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun::Run run = CliRun::cli(QStringList {QStringLiteral("plot"), m_file + QStringLiteral(":/sine"),
                                                   QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.png"))}
            + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    void ticksAreRoundNumbers()
    {
        QCOMPARE(PlotRenderer::ticks(0, 1, 5), (QList<double> {0, 0.2, 0.4, 0.6, 0.8, 1.0}));
        QCOMPARE(PlotRenderer::ticks(-3, 7, 5), (QList<double> {-2, 0, 2, 4, 6}));
    }
};

QTEST_MAIN(tst_PlotRender)
#include "tst_plotrender.moc"

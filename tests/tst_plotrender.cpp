// SPDX-License-Identifier: MIT
// `h5hdfs plot` and the renderer behind it, checked on the pixels it draws: a ramp is a monotonic
// colour ramp, a constant a single colour plus axes, a sine crosses its midline where it should,
// RGB images keep their channels, histogram bars stand as tall as their counts. No stored
// screenshots: every expectation is computed from the data's formulas.
#include "clirun.h"
#include "colormap.h"
#include "plotfixtures.h"
#include "plotrenderer.h"

#include <QImage>
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

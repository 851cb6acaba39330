// SPDX-License-Identifier: MIT
// Time to first plot and bytes read, for a line of 10^8 float64 samples and a 20,000 x 20,000
// float32 image (local files opened in memory), through the HDF5 worker as the viewer asks:
// the first picture, a zoom, and an exact full read for comparison. "Read" is what the worker
// says it read (values x element size). "Touched" is how much its resident memory grew: the file
// is mapped into it, so that bounds what it read from above, with its buffers, libhdf5's 64 KiB
// sieve reads of contiguous data and the kernel's fault-around of mapped pages. Also the cost of drawing: the reduced series vs. every point through QPainter, which
// is what a chart library fed with raw points (Qt Charts' QLineSeries) would have to draw.
#include "benchtools.h"
#include "service/h5service.h"
#include "plotfixtures.h"
#include "plotrenderer.h"
#include "procstatus.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QTemporaryDir>
#include <cmath>
#include <cstdio>
#include <functional>

using namespace H5Hdfs;

namespace {

struct Figure {
    double seconds = 0;
    qint64 touched = 0;
    qint64 valuesRead = 0;
    bool ok = false;
};

// A fresh worker (a new file) answering one plot request: what a first plot costs.
Figure firstPlot(const std::shared_ptr<const ImageBuffer>& bytes, const QString& path, const PlotRequest& r)
{
    H5Service service;
    const auto file = service.addImage(bytes, QStringLiteral("bench.h5"));
    Figure f;
    QElapsedTimer clock;
    clock.start();
    // The worker starts and opens the file with the first request; its memory is measured after
    // opening, so "touched" is the plot's own reading.
    service.call(file, H5Request::info(QStringLiteral("/")));
    const double opened = double(clock.nsecsElapsed()) / 1e9;
    const qint64 before = ProcStatus::field(service.workerPid(file), "status", "VmRSS");
    const H5Response response = service.call(file, H5Request::plotOf(path, r));
    f.seconds = double(clock.nsecsElapsed()) / 1e9;
    f.touched = ProcStatus::field(service.workerPid(file), "status", "VmRSS") - before; // bytes
    f.valuesRead = response.plot.valuesRead;
    f.ok = response.ok();
    if (!f.ok)
        std::printf("  failed: %s\n", qPrintable(response.error.toString()));
    Q_UNUSED(opened)
    return f;
}

void print(const char* what, const Figure& f, qint64 elementBytes)
{
    std::printf("  %-46s %7.3f s   read %7.1f MiB (%lld values)   worker touched %7.1f MiB\n", what, f.seconds,
        double(f.valuesRead * elementBytes) / 1048576.0, static_cast<long long>(f.valuesRead),
        double(f.touched) / 1048576.0);
}

Figure medianFigure(const std::function<Figure()>& work)
{
    QList<Figure> runs;
    for (int i = 0; i < BenchTools::runsFromEnvironment(); ++i)
        runs.append(work());
    std::sort(runs.begin(), runs.end(), [](const Figure& a, const Figure& b) { return a.seconds < b.seconds; });
    return runs[runs.size() / 2];
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    BenchTools::printMachine();
    QTemporaryDir dir;
    const qint64 rows = 100'000'000, side = 20'000;
    std::printf("Writing 10^8 float64 samples and a %lld x %lld float32 image...\n", static_cast<long long>(side),
        static_cast<long long>(side));
    const QString path = PlotFixtures::writeBig(dir.filePath(QStringLiteral("big.h5")), rows, side);
    auto bytes = ImageBuffer::readFile(path);
    if (!bytes.ok()) {
        std::printf("cannot read %s\n", qPrintable(path));
        return 1;
    }
    std::printf("file: %.0f MiB; median of %d runs, each with a fresh worker (start and open included)\n",
        BenchTools::fileMiB(path), BenchTools::runsFromEnvironment());

    std::printf("Line, 10^8 float64 samples (763 MiB), 1,000 pixel columns:\n");
    PlotRequest line;
    line.width = 1000;
    print("first plot (sampled: a run per pixel column)", medianFigure([&] { return firstPlot(*bytes, QStringLiteral("/big"), line); }), 8);
    PlotRequest zoom = line;
    zoom.rowStart = 50'000'000;
    zoom.rowCount = 1'000'000;
    print("zoomed to 10^6 rows (every row read)", medianFigure([&] { return firstPlot(*bytes, QStringLiteral("/big"), zoom); }), 8);
    PlotRequest exact = line;
    exact.maxValues = 0;
    print("exact min/max of all 10^8 (no sampling)", medianFigure([&] { return firstPlot(*bytes, QStringLiteral("/big"), exact); }), 8);

    std::printf("Image, %lld x %lld float32 (1526 MiB), 1,000 x 1,000 pixels:\n", static_cast<long long>(side),
        static_cast<long long>(side));
    PlotRequest image;
    image.kind = PlotRequest::Kind::Image;
    image.width = image.height = 1000;
    print("first plot (strided: every 20th row and column)", medianFigure([&] { return firstPlot(*bytes, QStringLiteral("/image"), image); }), 4);
    PlotRequest region = image;
    region.rowStart = region.colStart = 9000;
    region.rowCount = region.colCount = 2000;
    print("zoomed to 2,000 x 2,000 (block means of 2 x 2)", medianFigure([&] { return firstPlot(*bytes, QStringLiteral("/image"), region); }), 4);

    // Drawing: the reduced line vs. a million raw points through QPainter.
    std::printf("Drawing a 1000 x 700 picture with QPainter (offscreen):\n");
    H5Service service;
    const auto file = service.addImage(*bytes, QStringLiteral("bench.h5"));
    PlotScene scene;
    scene.lines.append({QStringLiteral("big"), service.call(file, H5Request::plotOf(QStringLiteral("/big"), line)).plot});
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 10; ++i)
        PlotRenderer::render(scene, QSize(1000, 700));
    std::printf("  %-46s %7.4f s\n", "reduced line (1,000 min/max pairs), axes, legend", double(clock.nsecsElapsed()) / 1e10);
    QPolygonF points;
    points.reserve(1'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        points.append(QPointF(double(i) / 1000.0, 350 + 300 * std::sin(double(i) * 0.001)));
    QImage canvas(1000, 700, QImage::Format_ARGB32);
    clock.restart();
    {
        QPainter p(&canvas);
        p.setRenderHint(QPainter::Antialiasing);
        p.drawPolyline(points);
    }
    std::printf("  %-46s %7.4f s\n", "10^6 raw points as one polyline (antialiased)", double(clock.nsecsElapsed()) / 1e9);
    return 0;
}

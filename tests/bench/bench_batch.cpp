// SPDX-License-Identifier: MIT
// Batch work over the local WebHDFS server: 1,000 files of ~100 KiB (1600 x 8 float64 "data_f" with
// "f_axis0" names) checked and exported by h5hdfs, beside the users' old Python approach
// (old_approach.py, with requests as they ran it, and with urllib); then one 1 GiB file of the same
// shape exported by both, with peak RSS; then the small files again with 5 ms added to every
// answer, at --jobs 1 to 16, and with 20 ms at --jobs 8 and 16; a table of files/s by latency
// against the 10x goal (issue 18); then the floors under any per-file cost on this machine.
//   bench_batch [FILES] [BIG_MIB]     (BIG_MIB 0: no big file; the batch figures alone, ~9 minutes)
#include "batchcompare.h"
#include "benchtools.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <cmath>
#include <cstdio>
#include <deque>
#include <future>
#include <hdf5.h>
#include <hdf5_hl.h>

using namespace H5Hdfs;

using namespace BenchTools;

namespace {

void printFloorRow(const QString& what, double seconds, int files)
{
    std::printf(
        "  %-64s %8.1f files/s = %.3f ms/file\n", qPrintable(what), files / seconds, seconds * 1000 / files);
    std::fflush(stdout);
}

QList<std::shared_ptr<ImageBuffer>> readImages(const QStringList& paths)
{
    QList<std::shared_ptr<ImageBuffer>> images;
    for (const QString& path : paths) {
        if (auto bytes = ImageBuffer::readFile(path))
            images.append(*bytes);
    }
    return images;
}

// The least any HDF5 reader does per file, with no isolation: open the image in this process, read
// data_f, count NaNs and take min/max, close. One thread.
volatile double resultSink; // the floor's results go here, so the compiler keeps the work

double libhdf5InProcessSeconds(const QList<std::shared_ptr<ImageBuffer>>& images)
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    QElapsedTimer timer;
    timer.start();
    std::vector<double> values;
    for (const auto& image : images) {
        const hid_t file = H5LTopen_file_image(const_cast<char*>(image->data()), size_t(image->size()),
            H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE);
        const hid_t dataset = H5Dopen2(file, "/data_f", H5P_DEFAULT);
        const hid_t space = H5Dget_space(dataset);
        values.resize(size_t(H5Sget_simple_extent_npoints(space)));
        H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
        qint64 nans = 0;
        double low = INFINITY, high = -INFINITY;
        for (double v : values) {
            if (std::isnan(v))
                ++nans;
            else
                low = std::min(low, v), high = std::max(high, v);
        }
        resultSink = double(nans) + high - low;
        H5Sclose(space);
        H5Dclose(dataset);
        H5Fclose(file);
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

// What process isolation costs at the least: a fresh worker per file that opens the image and
// answers once, `parallel` files at a time, nothing read; `spares` workers forked ahead of need.
double workerPerFileSeconds(const QList<std::shared_ptr<ImageBuffer>>& images, int parallel, int spares = 0)
{
    H5Service service;
    service.keepSpareWorkers(spares);
    QElapsedTimer timer;
    timer.start();
    std::deque<std::pair<H5Service::FileId, std::future<H5Response>>> inFlight;
    auto finishOldest = [&] {
        inFlight.front().second.get();
        service.closeFile(inFlight.front().first);
        inFlight.pop_front();
    };
    for (const auto& image : images) {
        const auto file = service.addImage(image, QStringLiteral("part"));
        inFlight.emplace_back(file, service.submit(file, H5Request::open()));
        if (int(inFlight.size()) >= parallel)
            finishOldest();
    }
    while (!inFlight.empty())
        finishOldest();
    return double(timer.nsecsElapsed()) / 1e9;
}

void printFloors(const QString& lake, const QString& root, int files)
{
    std::printf("Floors on this machine, per file (what any design pays):\n");
    const QStringList names = QDir(lake + QStringLiteral("/many")).entryList({QStringLiteral("*.h5")});
    const Timed curl = BatchCompare::curlEachFile({root, QString()}, QStringLiteral("/many"), names, 4);
    if (curl.ran)
        printFloorRow(QStringLiteral("download only: curl, keep-alive, 4 at once"), curl.seconds, files);
    QStringList paths;
    for (const QString& name : names)
        paths << lake + QStringLiteral("/many/") + name;
    const auto images = readImages(paths);
    printFloorRow(QStringLiteral("libhdf5 in one process, no isolation, 1 thread: open, read, close"),
        libhdf5InProcessSeconds(images), int(images.size()));
    printFloorRow(QStringLiteral("a fresh HDF5 worker per file: fork, open, answer, exit; 4 at once"),
        workerPerFileSeconds(images, 4), int(images.size()));
    printFloorRow(QStringLiteral("the same, 4 workers forked ahead of need (a batch's spares)"),
        workerPerFileSeconds(images, 4, 4), int(images.size()));
}

// `h5hdfs serve DIR [extra...]` started in `serve`; its REST root and webhdfs:// URL (empty when
// it did not start).
BatchCompare::Server startServer(QProcess& serve, const QString& dir, const QStringList& extra = {})
{
    serve.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"), QStringList {QStringLiteral("serve"), dir} + extra);
    if (!serve.waitForReadyRead(10000))
        return {};
    const QString line = QString::fromUtf8(serve.readLine());
    const QString root = line.mid(line.indexOf(QStringLiteral("http://"))).trimmed();
    return {root, QStringLiteral("webhdfs://") + QUrl(root).authority()};
}

// The same batch when every answer comes late, as from a cluster across a network: the old
// approach pays each round trip in turn, h5hdfs overlaps them (--jobs). The whole curve at 5 ms;
// at 20 ms only the --jobs that overlap enough, and the old approach once (its time is the
// latency's, 40 s and more a run). Each latency's figures, for the summary.
QList<std::pair<int, QList<BatchCompare::Figures>>> printWithLatency(const QString& lake, int files, const QString& outDir)
{
    QList<std::pair<int, QList<BatchCompare::Figures>>> byLatency;
    for (const int latencyMs : {5, 20}) {
        QProcess serve;
        const BatchCompare::Server server
            = startServer(serve, lake, {QStringLiteral("--latency"), QString::number(latencyMs)});
        if (server.restRoot.isEmpty()) {
            std::printf("  cannot start h5hdfs serve --latency\n");
            return byLatency;
        }
        std::printf("The same %d files with %d ms added to every answer (NameNode and DataNode)\n", files, latencyMs);
        byLatency.append({latencyMs,
            latencyMs <= 5 ? BatchCompare::printJobsCurve(server, QStringLiteral("/many"), files, outDir)
                           : BatchCompare::printJobsCurve(server, QStringLiteral("/many"), files, outDir, {8, 16}, 1)});
        serve.kill();
        serve.waitForFinished();
    }
    return byLatency;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    printMachine();
    const int files = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const qint64 bigMiB = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1024;
    QTemporaryDir dir;
    BatchCompare::writeLake(dir.filePath(QStringLiteral("lake")), files, bigMiB);
    const QString big = dir.filePath(QStringLiteral("lake/big/big.h5"));
    const double smallKiB
        = double(QFileInfo(dir.filePath(QStringLiteral("lake/many/part-00000.h5"))).size()) / 1024;

    QProcess serve;
    const BatchCompare::Server server = startServer(serve, dir.filePath(QStringLiteral("lake")));
    if (server.restRoot.isEmpty()) {
        std::printf("  cannot start h5hdfs serve\n");
        return 1;
    }
    const QString root = server.restRoot;
    std::printf(
        "%d files of %.0f KiB (1600 x 8 float64 + names) on the local WebHDFS server\n", files, smallKiB);
    QTemporaryDir out;
    QList<std::pair<int, QList<BatchCompare::Figures>>> byLatency {
        {0, BatchCompare::printBatch(server, QStringLiteral("/many"), files, out.path())}};
    if (bigMiB > 0) {
        const double bigFileMiB = fileMiB(big);
        std::printf("One %.0f MiB file of the same shape, exported to CSV\n", bigFileMiB);
        BatchCompare::printBigExport(server, QStringLiteral("/big/big.h5"), bigFileMiB, out.path());
    }
    byLatency += printWithLatency(dir.filePath(QStringLiteral("lake")), files, out.path());
    BatchCompare::printLatencySummary(byLatency);
    // Last: these hold the images in this process, and a program spawned afterwards would report
    // this process's peak RSS as its own (the high-water mark survives exec).
    printFloors(dir.filePath(QStringLiteral("lake")), root, files);
    serve.kill();
    serve.waitForFinished();
    return 0;
}

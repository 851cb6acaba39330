// SPDX-License-Identifier: MIT
// Where HDF5 writers put the metadata a viewer reads first, measured to choose the lazy driver's
// block size and first fetch (BlockStore::kDefaultBlockSize, kDefaultFirstFetch) and the size from
// which files open lazily (LazyFiles::kThreshold).
//
// Each file is opened lazily over a recording range source with 4 KiB blocks and no read-ahead, and
// walked as the viewer shows it: open, the tree (every group listed, every object's metadata and
// attributes), then the first page of every dataset and named table. Printed per file: the share
// of the file read, where the reads lie, and how many distinct blocks of 64 KiB / 256 KiB / 1 MiB
// (so round trips, with no read-ahead) and how many bytes each block size would cost.
//
// Files: the demo's samples (written by h5py), pandas/PyTables reference files, a netCDF-4 file
// (libnetcdf), the users' table layout, and a generated file of 2 GiB whose groups and table were
// created after a 2 GiB dataset (metadata at the end, as HDF5 writers put objects created last);
// more files may be named on the command line (bench_lazyopen [LABEL=FILE]...).
//
// A third table chooses the window of sequential read-ahead (BlockStore::kDefaultReadAheadWindow)
// and measures export's goal (lazy within 80 % of the whole file's throughput): a 1 GiB dataset
// (BENCH_LAZY_ROWS x 8 float64, default 2^24 rows) read front to back as export reads it, lazily
// over the local server without and with read-ahead and with a quarter of a 1 GiB budget as cache,
// beside the whole file downloaded first; on loopback and with 20 ms before every answer (the
// server's latency fault); with the worker's peak RSS (bounded by the cache, not the file).
//
// A fourth sets a lazy open beside fsspec's WebHDFS file object under h5py, as Python users read
// large remote files (tests/bench/lazy_fsspec.py): a file of BENCH_LAZY_GIB GiB (default 10; sparse
// on disk) with chunked datasets and a pandas table frame written after a dataset that fills it,
// served by `h5hdfs serve` (a process of its own), on loopback and with --latency 20, and with
// --real-cluster also by a real HDFS (tests/hadoop/minihdfs.sh; the file uploaded with replication
// 1, deleted after), on loopback and behind tests/bench/delayproxy.py holding every request 20 ms
// (the NameNode and each DataNode; both tools map the DataNodes to their proxies): time to the
// tree (every object's metadata and attributes) and to the frame's first 100 rows, bytes and HTTP
// requests, peak RSS of h5hdfs's worker and of the Python process.
//
//   bench_lazyopen [--real-cluster] [LABEL=FILE]...
//
// A second table says what to prefetch with the first request (BlockStore::kDefaultFirstFetch
// from the start, kDefaultTailFetch from the end): the share of what the walk reads that lies in
// the file's last 256 KiB and 1 MiB, and the round trips left (distinct 256 KiB blocks outside
// what the first request brought) with no tail, the last 256 KiB, or the last 1 MiB.
#include "benchtools.h"
#include "lazyfigures.h"
#include "lazy/blockstore.h"
#include "lazy/filerangesource.h"
#include "filewalk.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <cstdio>
#include <hdf5.h>
#include <mutex>

using namespace H5Hdfs;

namespace {

/// Records every range read.
class RecordingSource : public RangeSource {
public:
    explicit RecordingSource(std::shared_ptr<RangeSource> inner)
        : m_inner(std::move(inner))
    {
    }
    [[nodiscard]] qint64 size() const override { return m_inner->size(); }
    Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) override
    {
        std::lock_guard lock(m_mutex);
        ranges.append({offset, length});
        return m_inner->read(offset, length, into, limits);
    }
    QList<std::pair<qint64, qint64>> ranges;

private:
    std::shared_ptr<RangeSource> m_inner;
    std::mutex m_mutex;
};

struct Reads {
    QList<std::pair<qint64, qint64>> ranges;
    qint64 size = 0;
};

/// The ranges a walk reads; `treeOnly` stops before the first pages.
Reads record(const QString& path, bool treeOnly)
{
    auto file = FileRangeSource::open(path);
    auto source = std::make_shared<RecordingSource>(*file);
    auto store = BlockStore::create(source, QFileInfo(path).fileName(), qint64(1) << 30, 4096, 0, 0);
    H5Service service;
    const auto id = service.addLazyFile(*store, QFileInfo(path).fileName());
    FileWalk::transcript([&](const H5Request& r) {
        if (treeOnly && (r.kind == H5Request::Kind::ReadPage || r.kind == H5Request::Kind::ReadTable))
            return H5Response {};
        return service.call(id, r);
    });
    service.closeFile(id);
    return {source->ranges, source->size()};
}

void printFile(const QString& label, const QString& path)
{
    for (bool treeOnly : {true, false}) {
        const Reads reads = record(path, treeOnly);
        qint64 bytes = 0, inFirstMiB = 0, highest = 0;
        for (const auto& [offset, length] : reads.ranges) {
            bytes += length;
            inFirstMiB += qBound<qint64>(0, (1 << 20) - offset, length);
            highest = qMax(highest, offset + length);
        }
        QString perBlock;
        for (qint64 block : {64 << 10, 256 << 10, 1 << 20}) {
            QSet<qint64> blocks;
            for (const auto& [offset, length] : reads.ranges)
                for (qint64 b = offset / block; b <= (offset + length - 1) / block; ++b)
                    blocks.insert(b);
            perBlock += QStringLiteral(" | %1 / %2 KiB").arg(blocks.size()).arg(qMin(blocks.size() * block, reads.size) >> 10);
        }
        std::printf("| %s%s | %.1f MiB | %lld KiB (%.2f%%) | %.0f%% | %.1f%%%s |\n", qPrintable(label),
            treeOnly ? ", tree" : ", + pages", double(reads.size) / (1 << 20), bytes >> 10,
            100.0 * double(bytes) / double(reads.size), 100.0 * double(inFirstMiB) / double(qMax<qint64>(1, bytes)),
            100.0 * double(highest) / double(reads.size), qPrintable(perBlock));
    }
}

/// Where a tree walk plus first pages reads, against what the first request could bring.
void printTail(const QString& label, const QString& path, bool treeOnly)
{
    const Reads reads = record(path, treeOnly);
    constexpr qint64 kBlock = BlockStore::kDefaultBlockSize, kHead = BlockStore::kDefaultFirstFetch;
    qint64 bytes = 0, inLast256 = 0, inLastMiB = 0;
    for (const auto& [offset, length] : reads.ranges) {
        bytes += length;
        const auto within = [&](qint64 tail) {
            return qBound<qint64>(0, offset + length - std::max(offset, reads.size - tail), length);
        };
        inLast256 += within(256 << 10);
        inLastMiB += within(1 << 20);
    }
    QString roundTrips;
    for (qint64 tail : {qint64(0), qint64(256 << 10), qint64(1 << 20)}) {
        QSet<qint64> blocks;
        for (const auto& [offset, length] : reads.ranges)
            for (qint64 b = offset / kBlock; b <= (offset + length - 1) / kBlock; ++b)
                if (b * kBlock >= kHead && (b + 1) * kBlock <= reads.size - tail)
                    blocks.insert(b);
        roundTrips += QStringLiteral(" | %1").arg(blocks.size());
    }
    std::printf("| %s%s | %.1f MiB | %.0f%% | %.0f%%%s |\n", qPrintable(label), treeOnly ? ", tree" : ", + pages",
        double(reads.size) / (1 << 20),
        100.0 * double(inLast256) / double(qMax<qint64>(1, bytes)), 100.0 * double(inLastMiB) / double(qMax<qint64>(1, bytes)),
        qPrintable(roundTrips));
}

/// The 2 GiB file of tst_lazywebhdfs: a hole of 2 GiB, then groups and a chunked table.
QString writeBigFile(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t hole = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(hole, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(hole, H5D_FILL_TIME_NEVER);
    const hsize_t bigDims[1] = {hsize_t(2) << 27};
    const hid_t bigSpace = H5Screate_simple(1, bigDims, nullptr);
    H5Dclose(H5Dcreate2(file, "/raw", H5T_IEEE_F64LE, bigSpace, H5P_DEFAULT, hole, H5P_DEFAULT));
    for (int g = 0; g < 20; ++g) {
        const QByteArray name = "/run_" + QByteArray::number(g);
        H5Gclose(H5Gcreate2(file, name.constData(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    }
    const hsize_t dims[2] = {400000, 8}, chunk[2] = {8192, 8};
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 2, chunk);
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    std::vector<double> values(size_t(dims[0] * dims[1]), 1.5);
    const hid_t table = H5Dcreate2(file, "/run_0/table", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dwrite(table, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    for (hid_t id : {table})
        H5Dclose(id);
    H5Sclose(space);
    H5Pclose(dcpl);
    H5Sclose(bigSpace);
    H5Pclose(hole);
    H5Fclose(file);
    return path;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    BenchTools::printMachine();
    QTemporaryDir dir;
    const QString source = TestPaths::sourceDir();
    QList<std::pair<QString, QString>> files {
        {QStringLiteral("h5py: experiment.h5"), source + QStringLiteral("/resources/samples/experiment.h5")},
        {QStringLiteral("h5py: image_stack.h5"), source + QStringLiteral("/resources/samples/image_stack.h5")},
        {QStringLiteral("h5py: sensors_wide.h5"), source + QStringLiteral("/resources/samples/sensors_wide.h5")},
        {QStringLiteral("pandas: pandas_frames.h5"), source + QStringLiteral("/resources/samples/pandas_frames.h5")},
        {QStringLiteral("pandas: edges.h5 (38 keys)"), source + QStringLiteral("/tests/data/pandas/edges.h5")},
        {QStringLiteral("netCDF-4: packed_climate.nc"), source + QStringLiteral("/tests/data/netcdf/packed_climate.nc")},
        {QStringLiteral("users' table 200000 x 40"),
            H5Fixtures::writeUsersTable(dir.filePath(QStringLiteral("users.h5")), 200000, 40)},
        {QStringLiteral("2 GiB, metadata last"), writeBigFile(dir.filePath(QStringLiteral("big.h5")))},
    };
    bool realCluster = false;
    for (const QString& argument : app.arguments().mid(1)) {
        if (argument == QLatin1String("--real-cluster")) {
            realCluster = true;
            continue;
        }
        if (!argument.contains(QLatin1Char('='))) {
            std::fputs("usage: bench_lazyopen [--real-cluster] [LABEL=FILE]...\n", stderr);
            return 2;
        }
        files.append({argument.section(QLatin1Char('='), 0, 0), argument.section(QLatin1Char('='), 1)});
    }
    std::printf("\nReads of a lazy walk (4 KiB reads, no read-ahead): bytes read, the share of them in the\n"
                "first MiB, the highest offset read; distinct blocks (round trips) / bytes per block size\n\n"
                "| file | size | read | in 1st MiB | highest | 64 KiB | 256 KiB | 1 MiB |\n|---|---|---|---|---|---|---|---|\n");
    for (const auto& [label, path] : files)
        printFile(label, path);
    std::printf("\nWhat the first request could bring: the share of the walk's bytes (the tree; then with first pages)\n"
                "in the file's last 256 KiB and last MiB; the round trips left (256 KiB blocks) after a first\n"
                "request of the first MiB and no tail / the last 256 KiB / the last MiB\n\n"
                "| file | size | last 256 KiB | last MiB | no tail | + 256 KiB | + 1 MiB |\n|---|---|---|---|---|---|---|\n");
    for (const auto& [label, path] : files) {
        for (bool treeOnly : {true, false})
            printTail(label, path, treeOnly);
    }
    LazyFigures::printSequential(dir.path());
    LazyFigures::printBesideFsspec(dir.path(), realCluster);
    return 0;
}

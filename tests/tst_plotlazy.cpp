// SPDX-License-Identifier: MIT
// Plots of a lazily opened remote file (the range reads of issue 14, over the local WebHDFS
// server): a zoomed line or image of a large chunked dataset reads the chunks it shows, the file's
// metadata and what the store reads ahead: under an eighth of the dataset.
#include "clientwaits.h"
#include "lazy/lazyfiles.h"
#include "plotfixtures.h"
#include "service/h5service.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace H5Hdfs;

namespace {

constexpr qint64 kRows = 1 << 23;        // /line: float64, 64 MiB, chunks of 65,536 rows (512 KiB)
constexpr qint64 kChunkRows = 1 << 16;
constexpr qint64 kSide = 4096;           // /image: float32, 64 MiB, chunks of 128 x 128 (64 KiB)
constexpr qint64 kChunkSide = 128;

double lineValue(qint64 i)
{
    return PlotFixtures::big(i, false);
}

// A chunked dataset of `dims`, each slab of rows filled by `fill(firstRow, rows, values)`.
void writeChunked(hid_t file, const char* name, const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
    hid_t type, const std::function<void(qint64, qint64, std::vector<double>&)>& fill)
{
    const hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, int(chunk.size()), chunk.data());
    const hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    const hsize_t rowLength = dims.size() > 1 ? dims[1] : 1;
    const auto slab = qint64(chunk[0]);
    std::vector<double> values;
    for (qint64 row = 0; row < qint64(dims[0]); row += slab) {
        fill(row, slab, values);
        std::vector<hsize_t> start(dims.size(), 0), count = dims;
        start[0] = hsize_t(row);
        count[0] = hsize_t(slab);
        H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
        const hsize_t n[1] = {hsize_t(slab) * rowLength};
        const hid_t memory = H5Screate_simple(1, n, nullptr);
        H5Dwrite(set, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, values.data());
        H5Sclose(memory);
    }
    H5Dclose(set);
    H5Pclose(dcpl);
    H5Sclose(space);
}

QString writeFile(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    writeChunked(file, "/line", {hsize_t(kRows)}, {hsize_t(kChunkRows)}, H5T_IEEE_F64LE,
        [](qint64 row, qint64 n, std::vector<double>& v) {
            v.resize(size_t(n));
            for (qint64 i = 0; i < n; ++i)
                v[size_t(i)] = lineValue(row + i);
        });
    writeChunked(file, "/image", {hsize_t(kSide), hsize_t(kSide)}, {hsize_t(kChunkSide), hsize_t(kChunkSide)},
        H5T_IEEE_F32LE, [](qint64 row, qint64 n, std::vector<double>& v) {
            v.resize(size_t(n * kSide));
            for (qint64 r = 0; r < n; ++r)
                for (qint64 c = 0; c < kSide; ++c)
                    v[size_t(r * kSide + c)] = double(row + r + c);
        });
    H5Fclose(file);
    return path;
}

/// The service answers on its own threads; the server answers on this one, so wait with events.
H5Response callPumping(H5Service& service, H5Service::FileId file, const H5Request& request)
{
    auto future = service.submit(file, request);
    ClientWaits::waitUntil([&future] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 120000);
    if (future.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        return future.get();
    H5Response none;
    none.error = Error(Error::Code::Internal, QStringLiteral("no answer"));
    return none;
}

} // namespace

class tst_PlotLazy : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    struct Lazy {
        std::shared_ptr<BlockStore> store;
        H5Service::FileId id = 0;
    };

    // chunked.h5 on `server`, opened lazily in `service`, and the bytes its opening fetched.
    Result<Lazy> openLazily(H5Service& service, const LocalWebHdfsServer& server)
    {
        WebHdfsConfig config;
        config.roots = {server.rootUrl()};
        config.user = QStringLiteral("analyst");
        WebHdfsClient client(config, &m_network);
        const auto status = ClientWaits::status(client, QStringLiteral("/chunked.h5"));
        if (!status)
            return status.error();
        auto store = LazyFiles::overWebHdfs(config, QStringLiteral("/chunked.h5"), *status);
        if (!store)
            return store.error();
        return Lazy {*store, service.addLazyFile(*store, QStringLiteral("chunked.h5"))};
    }

    // Plots `request` of `path` on a fresh lazy file; the bytes fetched for it (opening included).
    qint64 bytesFor(const QString& path, const PlotRequest& request, PlotData& answer)
    {
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        LocalWebHdfsServer server(options);
        if (!server.start())
            return -1;
        H5Service service;
        const auto lazy = openLazily(service, server);
        if (!lazy)
            return -1;
        const H5Response r = callPumping(service, lazy->id, H5Request::plotOf(path, request));
        if (!r.ok()) {
            qWarning() << r.error.toString();
            return -1;
        }
        answer = r.plot;
        const BlockStore::Stats stats = lazy->store->stats();
        // Every fetch is one DataNode read of the server's log.
        const QList<QByteArray> log = server.requestLog();
        const auto reads = std::count_if(log.cbegin(), log.cend(), [](const QByteArray& line) {
            return line.startsWith("DN ") && line.contains("op=OPEN");
        });
        if (reads != stats.fetches)
            qWarning("%lld DataNode reads for %d fetches", qint64(reads), stats.fetches);
        return reads == stats.fetches ? stats.bytesFetched : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeFile(m_dir.filePath(QStringLiteral("chunked.h5")));
    }

    void aZoomedLineReadsOnlyTheChunksItShows()
    {
        // 100,000 rows across two of 128 chunks of a 64 MiB dataset
        PlotRequest r;
        r.rowStart = 3'000'000;
        r.rowCount = 100'000;
        r.width = 500;
        PlotData d;
        const qint64 bytes = bytesFor(QStringLiteral("/line"), r, d);
        QVERIFY(bytes > 0);
        QCOMPARE(d.mins.size(), 500);
        QCOMPARE(d.mins[0], lineValue(3'000'000));
        QCOMPARE(d.maxs[499], lineValue(3'099'999));
        const qint64 dataset = kRows * 8;
        qInfo("zoomed line: %lld bytes fetched of a %lld-byte dataset", bytes, dataset);
        QVERIFY2(bytes < dataset / 8, qPrintable(QString::number(bytes)));
    }

    void aZoomedImageReadsOnlyTheChunksItShows()
    {
        // 256 x 256 cells: four of 1,024 chunks of a 64 MiB image
        PlotRequest r;
        r.kind = PlotRequest::Kind::Image;
        r.rowStart = 512;
        r.rowCount = 256;
        r.colStart = 1024;
        r.colCount = 256;
        r.width = r.height = 256;
        PlotData d;
        const qint64 bytes = bytesFor(QStringLiteral("/image"), r, d);
        QVERIFY(bytes > 0);
        QCOMPARE(d.imageRows, 256);
        QCOMPARE(d.pixel(0, 0, 0), 512.0 + 1024.0);
        QCOMPARE(d.pixel(0, 255, 255), 767.0 + 1279.0);
        const qint64 dataset = kSide * kSide * 4;
        qInfo("zoomed image: %lld bytes fetched of a %lld-byte dataset", bytes, dataset);
        QVERIFY2(bytes < dataset / 8, qPrintable(QString::number(bytes)));
    }
};

QTEST_GUILESS_MAIN(tst_PlotLazy)
#include "tst_plotlazy.moc"

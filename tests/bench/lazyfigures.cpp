// SPDX-License-Identifier: MIT
// bench_lazyopen's timed figures: the window of sequential read-ahead, and a lazy open beside
// fsspec + h5py (what the tables mean: bench_lazyopen.cpp's header).
#include "lazyfigures.h"

#include "benchtools.h"
#include "clientwaits.h"
#include "clirun.h"
#include "clusterfile.h"
#include "delayproxy.h"
#include "h5fixtures.h"
#include "lazy/lazyfiles.h"
#include "procstatus.h"
#include "service/h5service.h"
#include "testpaths.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTimer>
#include <cstdio>
#include <future>

namespace H5Hdfs {

namespace {

constexpr double kMiB = 1 << 20;

/// The peak resident set of the file's worker so far (its VmHWM, read while it still runs: the
/// worker is forked from the zygote, not waited for by us, so getrusage cannot see it; a fork
/// starts its peak afresh at its own RSS). Its cache pages, shared with this process, count in full.
double workerPeakMiB(const H5Service& service, H5Service::FileId file)
{
    return double(ProcStatus::field(service.workerPid(file), "status", "VmHWM")) / kMiB;
}

/// Reads /values of `file` page by page, front to back, as export does, on a thread of its own
/// while this one serves the local server. The seconds it took, or -1 when a page failed.
double readFrontToBack(H5Service& service, H5Service::FileId file, qint64 rows, qint64 cols)
{
    QElapsedTimer clock;
    clock.start();
    auto work = std::async(std::launch::async, [&] {
        constexpr qint64 kPage = 20000;
        for (qint64 row = 0; row < rows; row += kPage) {
            const H5Response page = service.call(file, H5Request::readPage(QStringLiteral("/values"),
                {DimView::defaultFor(2), row, std::min(kPage, rows - row), 0, cols}));
            if (!page.ok()) {
                std::fprintf(stderr, "%s\n", qPrintable(page.error.toString()));
                return false;
            }
        }
        return true;
    });
    // A real event loop, not QTest's waits: those sleep 10 ms between rounds, and the server
    // would answer in bursts.
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (work.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            loop.quit();
    });
    poll.start(2);
    loop.exec();
    return work.get() ? double(clock.elapsed()) / 1000.0 : -1;
}

/// Every group listed and every object's metadata and attributes read, as the tree shows them.
bool walkTree(H5Service& service, H5Service::FileId file, const QString& group)
{
    const H5Response listing = service.call(file, H5Request::listChildren(group));
    if (!listing.ok())
        return false;
    for (const H5Node& node : listing.children) {
        if (!service.call(file, H5Request::info(node.path)).ok())
            return false;
        if (node.kind == NodeKind::Group && !walkTree(service, file, node.path))
            return false;
    }
    return true;
}

struct OpenFigures {
    double tree = -1;
    double page = -1;
    qint64 bytes = 0;
    qint64 requests = 0;
    double peakRssMiB = 0;  ///< h5hdfs: its worker's; fsspec + h5py: the Python process's
    double clientRssMiB = 0; ///< h5hdfs: what this process (the supervisor, holding the cache) grew by
};

/// h5hdfs: GETFILESTATUS, a lazy store, the tree, then the frame's first 100 rows; `dataNodes`
/// maps DataNodes' host:port to the addresses to use instead (WebHdfsConfig::dataNodeMap).
OpenFigures openLazily(const QString& url, const QHash<QString, QString>& dataNodes)
{
    OpenFigures figures;
    const auto location = WebHdfsLocation::parse(url);
    if (!location)
        return figures;
    WebHdfsConfig config;
    config.roots = location->roots;
    config.user = QStringLiteral("analyst");
    config.dataNodeMap = dataNodes;
    ProcStatus::resetPeak();
    const qint64 rssBefore = ProcStatus::residentBytes();
    QElapsedTimer clock;
    clock.start();
    QNetworkAccessManager network;
    WebHdfsClient client(config, &network);
    const auto status = ClientWaits::status(client, location->path);
    auto store = status ? LazyFiles::overWebHdfs(config, location->path, *status) : Result<std::shared_ptr<BlockStore>>(status.error());
    if (!store)
        return figures;
    H5Service service;
    const auto file = service.addLazyFile(*store, QStringLiteral("ten.h5"));
    if (!service.call(file, H5Request::open()).ok() || !walkTree(service, file, QStringLiteral("/")))
        return figures;
    figures.tree = double(clock.nsecsElapsed()) / 1e9;
    const H5Response table = service.call(file, H5Request::describeTable(QStringLiteral("/frame")));
    if (!table.ok()
        || !service.call(file, H5Request::readTable(QStringLiteral("/frame"), {{}, 0, 100, 0, qint64(table.table.columns.size())}))
                .ok())
        return figures;
    figures.page = double(clock.nsecsElapsed()) / 1e9;
    figures.bytes = (*store)->stats().bytesFetched;
    figures.requests = 2 + (*store)->stats().fetches; // GETFILESTATUS, the NameNode's OPEN, each range
    figures.peakRssMiB = workerPeakMiB(service, file);
    figures.clientRssMiB = double(ProcStatus::peakResidentBytes() - rssBefore) / kMiB;
    return figures;
}

/// fsspec + h5py doing the same (lazy_fsspec.py, the DataNodes mapped with its data_proxy), with
/// its peak RSS.
OpenFigures openWithFsspec(
    const QString& script, const QString& url, const QHash<QString, QString>& dataNodes)
{
    OpenFigures figures;
    QJsonObject dataProxy;
    for (auto it = dataNodes.begin(); it != dataNodes.end(); ++it)
        dataProxy.insert(it.key(), it.value());
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
        {script, QStringLiteral("open"), QString::number(QUrl(url).port()), QUrl(url).path(),
            QString::fromUtf8(QJsonDocument(dataProxy).toJson(QJsonDocument::Compact))});
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        std::fprintf(stderr, "%s\n", python.readAllStandardError().constData());
        return figures;
    }
    const QJsonObject out = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    figures.tree = out.value(QStringLiteral("tree")).toDouble();
    figures.page = out.value(QStringLiteral("page")).toDouble();
    figures.bytes = qint64(out.value(QStringLiteral("bytes")).toDouble());
    figures.requests = out.value(QStringLiteral("requests")).toInt();
    figures.peakRssMiB = out.value(QStringLiteral("peak_rss_mib")).toDouble();
    return figures;
}

/// One way of reading a dataset front to back: the whole file downloaded first, or lazily with a
/// read-ahead window (0: none) and a cache of a quarter of `budget`.
struct Variant {
    QString label;
    bool whole = false;
    qint64 window = 0;
    qint64 budget = WebHdfsConfig {}.memoryBudget;
};

struct ReadFigures {
    double seconds = -1; ///< the download (whole file) and the reads; -1 when they failed
    double workerPeakMiB = 0;
};

/// The whole file into memory, waiting in a real event loop as readFrontToBack does (ClientWaits
/// polls every 10 ms, and the local server in this thread would send in bursts); null on failure.
std::shared_ptr<const ImageBuffer> downloadWhole(WebHdfsClient& client, const QString& path)
{
    std::shared_ptr<const ImageBuffer> image;
    bool done = false;
    QEventLoop loop;
    client.download(path, {}, &loop, [&](Result<DownloadedBytes>&& got) {
        if (got)
            image = std::move(got->buffer);
        else
            std::fprintf(stderr, "%s\n", qPrintable(got.error().toString()));
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return image;
}

ReadFigures readOnce(
    WebHdfsConfig config, const Variant& variant, const HdfsFileStatus& status, qint64 rows, qint64 cols)
{
    const QString path = QStringLiteral("/sequential.h5");
    H5Service service;
    QNetworkAccessManager network;
    WebHdfsClient client(config, &network);
    QElapsedTimer clock;
    clock.start();
    H5Service::FileId file = 0;
    if (variant.whole) {
        auto image = downloadWhole(client, path);
        if (!image)
            return {};
        file = service.addImage(std::move(image), QStringLiteral("sequential.h5"));
    } else {
        config.memoryBudget = variant.budget;
        auto store = LazyFiles::overWebHdfs(config, path, status);
        if (!store)
            return {};
        (*store)->setSequentialReadAhead(variant.window > 0, std::max<qint64>(variant.window, 1));
        file = service.addLazyFile(*store, QStringLiteral("sequential.h5"));
    }
    if (readFrontToBack(service, file, rows, cols) < 0)
        return {};
    return {double(clock.nsecsElapsed()) / 1e9, workerPeakMiB(service, file)};
}

/// `printRow` for the real cluster with 20 ms before every answer: a delaying proxy in front of
/// its NameNode's and DataNodes' HTTP ports, the DataNodes mapped to their proxies.
template <typename PrintRow>
void printBehindDelay(const QString& dir, const ClusterFile& cluster, PrintRow printRow)
{
    QUrl url(cluster.url());
    QList<int> ports {url.port()};
    for (const QString& dataNode : cluster.dataNodes())
        ports << dataNode.section(QLatin1Char(':'), -1).toInt();
    DelayProxy proxy(20, ports, dir + QStringLiteral("/delayproxy.log"));
    if (!proxy.ok()) {
        std::printf("| real HDFS 3.5.0, 20 ms before every answer | not run: tests/bench/delayproxy.py "
                    "did not start | |\n");
        return;
    }
    QHash<QString, QString> dataNodes;
    for (const QString& dataNode : cluster.dataNodes())
        dataNodes.insert(dataNode,
            QStringLiteral("127.0.0.1:%1").arg(proxy.port(dataNode.section(QLatin1Char(':'), -1).toInt())));
    url.setPort(proxy.port(url.port()));
    printRow("real HDFS 3.5.0, 20 ms before every answer", url.toString(), dataNodes, &proxy);
}

} // namespace

namespace LazyFigures {

void printSequential(const QString& dir)
{
    // BENCH_LAZY_ROWS: fewer rows for a quick run on a busy machine; the default is 1 GiB.
    const qint64 kRows
        = qEnvironmentVariableIsSet("BENCH_LAZY_ROWS") ? qEnvironmentVariable("BENCH_LAZY_ROWS").toLongLong() : 1 << 24;
    constexpr qint64 kCols = 8;
    const QString path = H5Fixtures::writeMatrix(dir + QStringLiteral("/sequential.h5"), kRows, kCols);
    const double mib = BenchTools::fileMiB(path);
    LocalWebHdfsServer::Options options;
    options.rootDir = dir;
    LocalWebHdfsServer server(options);
    if (!server.start())
        return;
    WebHdfsConfig config;
    config.roots = {server.rootUrl()};
    config.user = QStringLiteral("analyst");
    QNetworkAccessManager network;
    WebHdfsClient client(config, &network);
    const auto status = ClientWaits::status(client, QStringLiteral("/sequential.h5"));
    if (!status)
        return;
    std::printf("\nA %.0f MiB dataset read front to back in pages of 20,000 rows (as export reads it): seconds,\n"
                "MiB/s, DataNode requests, the worker's peak RSS\n\n"
                "| | loopback | 20 ms latency |\n|---|---|---|\n",
        mib);
    const auto dataNodeRequests = [&server] {
        const QList<QByteArray> log = server.requestLog();
        return std::count_if(log.cbegin(), log.cend(), [](const QByteArray& l) { return l.startsWith("DN "); });
    };
    QList<Variant> variants {{QStringLiteral("whole file, downloaded first"), true}};
    for (qint64 window : {0, 16 << 20, 32 << 20, 64 << 20})
        variants.append({window == 0 ? QStringLiteral("lazy, no read-ahead")
                                     : QStringLiteral("lazy, read-ahead of %1 MiB").arg(window >> 20),
            false, window});
    // The cache bounds the worker whatever the file's size: a 1 GiB budget gives 256 MiB.
    variants.append({QStringLiteral("lazy, read-ahead of 32 MiB, 1 GiB budget"), false, 32 << 20, 1LL << 30});
    QList<QList<ReadFigures>> figures(variants.size());
    QList<QStringList> cells(variants.size());
    for (int latency : {0, 20}) {
        server.faults().latencyMs = latency;
        for (qsizetype v = 0; v < variants.size(); ++v) {
            server.clearRequestLog();
            const ReadFigures f = readOnce(config, variants[v], *status, kRows, kCols);
            figures[v].append(f);
            cells[v] << (f.seconds < 0 ? QStringLiteral("failed")
                                       : QStringLiteral("%1 s = %2 MiB/s, %3 requests, %4 MiB")
                                             .arg(f.seconds, 0, 'f', 2)
                                             .arg(mib / f.seconds, 0, 'f', 0)
                                             .arg(dataNodeRequests())
                                             .arg(f.workerPeakMiB, 0, 'f', 0));
        }
    }
    for (qsizetype v = 0; v < variants.size(); ++v)
        std::printf("| %s | %s |\n", qPrintable(variants[v].label), qPrintable(cells[v].join(QStringLiteral(" | "))));
    // Export's read-ahead (32 MiB, the default) against the whole file: the goal is at least 80 %.
    const QList<ReadFigures>& whole = figures[0];
    const QList<ReadFigures>& lazy = figures[3];
    if (whole[0].seconds > 0 && whole[1].seconds > 0 && lazy[0].seconds > 0 && lazy[1].seconds > 0)
        std::printf("\nLazy with 32 MiB read-ahead at %.0f %% / %.0f %% of the whole file's throughput "
                    "(loopback / 20 ms)\n",
            100 * whole[0].seconds / lazy[0].seconds, 100 * whole[1].seconds / lazy[1].seconds);
}

void printBesideFsspec(const QString& dir, bool realCluster)
{
    const QString script = TestPaths::sourceDir() + QStringLiteral("/tests/bench/lazy_fsspec.py");
    const QString gib
        = qEnvironmentVariableIsSet("BENCH_LAZY_GIB") ? qEnvironmentVariable("BENCH_LAZY_GIB") : QStringLiteral("10");
    const QString file = dir + QStringLiteral("/ten.h5");
    if (!BenchTools::pythonHas(
            {QStringLiteral("fsspec"), QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("tables")})
        || QProcess::execute(QStringLiteral("/usr/bin/python3"), {script, QStringLiteral("write"), file, gib}) != 0) {
        std::printf("\nfsspec + h5py: not run (python3-fsspec, python3-h5py, python3-pandas, python3-tables needed)\n");
        return;
    }
    std::printf("\nA %s GiB file (%.0f MiB, sparse on disk): time to the tree and to the frame's first\n"
                "100 rows, bytes read, HTTP requests, peak RSS (h5hdfs: its worker's, and what the\n"
                "client grew by)\n\n"
                "| | h5hdfs lazily | fsspec + h5py |\n|---|---|---|\n",
        qPrintable(gib), BenchTools::fileMiB(file));
    // With a proxy: the requests it forwarded for each tool, after the row, to show none bypassed it.
    const auto printRow = [&script](const char* label, const QString& url,
                              const QHash<QString, QString>& dataNodes = {}, DelayProxy* proxy = nullptr) {
        const OpenFigures ours = openLazily(url, dataNodes);
        const qint64 ourProxied = proxy ? proxy->takeRequests() : 0;
        const OpenFigures theirs = openWithFsspec(script, url, dataNodes);
        const qint64 theirProxied = proxy ? proxy->takeRequests() : 0;
        const auto cell = [](const OpenFigures& f) {
            return QStringLiteral("%1 s / %2 s, %3 MiB, %4 requests, peak RSS %5 MiB")
                .arg(f.tree, 0, 'f', 3)
                .arg(f.page, 0, 'f', 3)
                .arg(double(f.bytes) / kMiB, 0, 'f', 1)
                .arg(f.requests)
                .arg(f.peakRssMiB, 0, 'f', 0);
        };
        std::printf("| %s | %s (client +%.0f MiB) | %s |\n", label, qPrintable(cell(ours)), ours.clientRssMiB,
            qPrintable(cell(theirs)));
        if (proxy)
            std::printf("(the delaying proxy forwarded %lld / %lld requests)\n", ourProxied, theirProxied);
        std::fflush(stdout);
    };
    for (const QStringList& extra : {QStringList {}, QStringList {QStringLiteral("--latency"), QStringLiteral("20")}}) {
        CliRun::ServeProcess serve(dir, extra);
        if (!serve.ok())
            return;
        printRow(extra.isEmpty() ? "`h5hdfs serve`, loopback" : "`h5hdfs serve`, 20 ms latency",
            serve.url(QStringLiteral("/ten.h5")));
    }
    if (!realCluster)
        return;
    const ClusterFile cluster(dir, file);
    if (!cluster.error().isEmpty()) {
        std::printf("| real HDFS | not run: %s | |\n", qPrintable(cluster.error()));
        return;
    }
    // Unprinted: a fresh cluster's first reads are several times slower (the DataNode's JIT, class
    // loading), and would fall on whichever tool went first.
    openLazily(cluster.url(), {});
    openWithFsspec(script, cluster.url(), {});
    printRow("real HDFS 3.5.0, loopback", cluster.url());
    printBehindDelay(dir, cluster, printRow);
    std::printf("\nReal HDFS: MiniDFSCluster (NameNode + 2 DataNodes) started in %.1f s; the file\n"
                "uploaded with replication 1 and 128 MiB blocks in %.1f s (%.0f MiB/s), deleted after\n",
        cluster.startSeconds(), cluster.uploadSeconds(), BenchTools::fileMiB(file) / cluster.uploadSeconds());
}

} // namespace LazyFigures

} // namespace H5Hdfs

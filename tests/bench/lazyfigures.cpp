// SPDX-License-Identifier: MIT
// bench_lazyopen's timed figures: the window of sequential read-ahead, and a lazy open beside
// fsspec + h5py (what the tables mean: bench_lazyopen.cpp's header).
#include "lazyfigures.h"

#include "benchtools.h"
#include "clientwaits.h"
#include "clirun.h"
#include "h5fixtures.h"
#include "lazy/lazyfiles.h"
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
};

/// h5hdfs: GETFILESTATUS, a lazy store, the tree, then the frame's first 100 rows.
OpenFigures openLazily(const QString& url)
{
    OpenFigures figures;
    const auto location = WebHdfsLocation::parse(url);
    if (!location)
        return figures;
    WebHdfsConfig config;
    config.roots = location->roots;
    config.user = QStringLiteral("analyst");
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
    return figures;
}

/// fsspec + h5py doing the same (lazy_fsspec.py), with its peak RSS.
OpenFigures openWithFsspec(const QString& script, const QString& url, double* peakRssMiB)
{
    OpenFigures figures;
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
        {script, QStringLiteral("open"), QString::number(QUrl(url).port()), QUrl(url).path()});
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        std::fprintf(stderr, "%s\n", python.readAllStandardError().constData());
        return figures;
    }
    const QJsonObject out = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    figures.tree = out.value(QStringLiteral("tree")).toDouble();
    figures.page = out.value(QStringLiteral("page")).toDouble();
    figures.bytes = qint64(out.value(QStringLiteral("bytes")).toDouble());
    figures.requests = out.value(QStringLiteral("requests")).toInt();
    *peakRssMiB = out.value(QStringLiteral("peak_rss_mib")).toDouble();
    return figures;
}

} // namespace

namespace LazyFigures {

void printSequential(const QString& dir)
{
    // BENCH_LAZY_ROWS: fewer rows for a quick run on a busy machine.
    const qint64 kRows = qEnvironmentVariableIsSet("BENCH_LAZY_ROWS") ? qEnvironmentVariable("BENCH_LAZY_ROWS").toLongLong() : 4'000'000;
    constexpr qint64 kCols = 8;
    const QString path = H5Fixtures::writeMatrix(dir + QStringLiteral("/sequential.h5"), kRows, kCols);
    const double mib = double(QFileInfo(path).size()) / (1 << 20);
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
                "MiB/s, DataNode requests\n\n| | loopback | 20 ms latency |\n|---|---|---|\n", mib);
    const auto dataNodeRequests = [&server] {
        const QList<QByteArray> log = server.requestLog();
        return std::count_if(log.cbegin(), log.cend(), [](const QByteArray& l) { return l.startsWith("DN "); });
    };
    const QList<qint64> windows {0, 4 << 20, 16 << 20, 32 << 20, 64 << 20};
    QStringList rows {QStringLiteral("whole file, downloaded first")};
    for (qint64 window : windows)
        rows << (window == 0 ? QStringLiteral("lazy, no read-ahead")
                             : QStringLiteral("lazy, read-ahead of %1 MiB").arg(window >> 20));
    QList<QStringList> cells(rows.size());
    for (int latency : {0, 20}) {
        server.faults().latencyMs = latency;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            H5Service service;
            server.clearRequestLog();
            QElapsedTimer clock;
            clock.start();
            double seconds = -1;
            if (r == 0) {
                const ClientWaits::Downloaded whole = ClientWaits::fetch(client, QStringLiteral("/sequential.h5"), {}, 600000);
                if (!whole.error.isError()
                    && readFrontToBack(service, service.addImage(whole.buffer, QStringLiteral("sequential.h5")), kRows, kCols) >= 0)
                    seconds = double(clock.elapsed()) / 1000.0; // the download and the reads
            } else {
                auto store = LazyFiles::overWebHdfs(config, QStringLiteral("/sequential.h5"), *status);
                if (!store)
                    return;
                const qint64 window = windows[r - 1];
                (*store)->setSequentialReadAhead(window > 0, std::max<qint64>(window, 1));
                seconds = readFrontToBack(service, service.addLazyFile(*store, QStringLiteral("sequential.h5")), kRows, kCols);
            }
            cells[r] << (seconds < 0 ? QStringLiteral("failed")
                                     : QStringLiteral("%1 s = %2 MiB/s, %3 requests")
                                           .arg(seconds, 0, 'f', 2)
                                           .arg(mib / seconds, 0, 'f', 0)
                                           .arg(dataNodeRequests()));
        }
    }
    for (qsizetype r = 0; r < rows.size(); ++r)
        std::printf("| %s | %s |\n", qPrintable(rows[r]), qPrintable(cells[r].join(QStringLiteral(" | "))));
}

void printBesideFsspec(const QString& dir)
{
    const QString script = TestPaths::sourceDir() + QStringLiteral("/tests/bench/lazy_fsspec.py");
    const QString gib = qEnvironmentVariableIsSet("BENCH_LAZY_GIB") ? qEnvironmentVariable("BENCH_LAZY_GIB") : QStringLiteral("10");
    if (!BenchTools::pythonHas({QStringLiteral("fsspec"), QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("tables")})
        || QProcess::execute(QStringLiteral("/usr/bin/python3"),
               {script, QStringLiteral("write"), dir + QStringLiteral("/ten.h5"), gib}) != 0) {
        std::printf("\nfsspec + h5py: not run (python3-fsspec, python3-h5py, python3-pandas, python3-tables needed)\n");
        return;
    }
    std::printf("\nA %s GiB file (%.0f MiB, sparse on disk), from `h5hdfs serve`: time to the tree and to the frame's first\n"
                "100 rows, bytes read, HTTP requests\n\n| | h5hdfs lazily | fsspec + h5py |\n|---|---|---|\n",
        qPrintable(gib), BenchTools::fileMiB(dir + QStringLiteral("/ten.h5")));
    for (const QStringList& extra : {QStringList {}, QStringList {QStringLiteral("--latency"), QStringLiteral("20")}}) {
        CliRun::ServeProcess serve(dir, extra);
        if (!serve.ok())
            return;
        const QString url = serve.url(QStringLiteral("/ten.h5"));
        const OpenFigures ours = openLazily(url);
        double rss = 0;
        const OpenFigures theirs = openWithFsspec(script, url, &rss);
        const auto cell = [](const OpenFigures& f) {
            return QStringLiteral("%1 s / %2 s, %3 MiB, %4 requests")
                .arg(f.tree, 0, 'f', 3)
                .arg(f.page, 0, 'f', 3)
                .arg(double(f.bytes) / (1 << 20), 0, 'f', 1)
                .arg(f.requests);
        };
        std::printf("| %s | %s | %s, peak RSS %.0f MiB |\n", extra.isEmpty() ? "loopback" : "20 ms latency",
            qPrintable(cell(ours)), qPrintable(cell(theirs)), rss);
    }
}

} // namespace LazyFigures

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// Lazy files over the local WebHDFS server: what a lazily opened file shows equals the whole
// file's; opening a 2 GiB file and showing its tree and a first page reads well under 1% of it,
// with one NameNode OPEN for the file; a second look is served from the cache; and the faults: a
// DataNode that dies between blocks, a body cut short, the file changing underneath, a stalled
// server, HttpFS (no redirects), and the CLI's --lazy and --whole.
#include "clientwaits.h"
#include "clirun.h"
#include "filewalk.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "lazy/lazyfiles.h"
#include "testpaths.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace H5Hdfs;

namespace {

/// The service answers on its own threads; the server answers on this one, so wait with events.
H5Response callPumping(H5Service& service, H5Service::FileId file, const H5Request& request)
{
    auto future = service.submit(file, request);
    ClientWaits::waitUntil(
        [&future] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 120000);
    if (future.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        return future.get();
    H5Response none;
    none.error = Error(Error::Code::Internal, QStringLiteral("no answer"));
    return none;
}

LocalWebHdfsServer::Options serving(const QString& dir, bool httpfs = false)
{
    LocalWebHdfsServer::Options options;
    options.rootDir = dir;
    options.httpfs = httpfs;
    return options;
}

/// A 2 GiB file that costs little disk and little time: a contiguous float64 dataset of 2 GiB
/// allocated but never written (a hole), then, written after it as HDF5 writers do, groups with
/// attributes and a chunked table whose chunks and index lie past the 2 GiB.
QString writeBigFile(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t hole = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(hole, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(hole, H5D_FILL_TIME_NEVER);
    const hsize_t bigDims[1] = {hsize_t(2) << 27}; // 2^28 float64 = 2 GiB
    const hid_t bigSpace = H5Screate_simple(1, bigDims, nullptr);
    H5Dclose(H5Dcreate2(file, "/raw", H5T_IEEE_F64LE, bigSpace, H5P_DEFAULT, hole, H5P_DEFAULT));
    for (int g = 0; g < 20; ++g) {
        const QByteArray name = "/run_" + QByteArray::number(g);
        const hid_t group = H5Gcreate2(file, name.constData(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t scalar = H5Screate(H5S_SCALAR);
        const hid_t a = H5Acreate2(group, "index", H5T_STD_I32LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(a, H5T_NATIVE_INT, &g);
        H5Aclose(a);
        H5Sclose(scalar);
        H5Gclose(group);
    }
    const hsize_t tableDims[2] = {400000, 8}, chunk[2] = {8192, 8};
    const hid_t chunked = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(chunked, 2, chunk);
    const hid_t tableSpace = H5Screate_simple(2, tableDims, nullptr);
    std::vector<double> values(size_t(tableDims[0] * tableDims[1]));
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = double(i) / 8.0;
    const hid_t table = H5Dcreate2(file, "/run_0/table", H5T_IEEE_F64LE, tableSpace, H5P_DEFAULT, chunked, H5P_DEFAULT);
    H5Dwrite(table, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(table);
    H5Sclose(tableSpace);
    H5Pclose(chunked);
    H5Sclose(bigSpace);
    H5Pclose(hole);
    H5Fclose(file);
    return path;
}

int count(const QList<QByteArray>& log, const QByteArray& prefix, const QByteArray& part = {})
{
    return int(std::count_if(log.cbegin(), log.cend(),
        [&](const QByteArray& line) { return line.startsWith(prefix) && line.contains(part); }));
}

/// A lazily opened file on `server`, and the service that reads it.
struct LazyFile {
    std::shared_ptr<BlockStore> store;
    H5Service::FileId id = 0;
};

} // namespace

class tst_LazyWebHdfs : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_big;
    QNetworkAccessManager m_network;

    WebHdfsConfig configFor(const LocalWebHdfsServer& server) const
    {
        WebHdfsConfig config;
        config.roots = {server.rootUrl()};
        config.user = QStringLiteral("analyst");
        return config;
    }

    Result<LazyFile> openLazily(H5Service& service, const LocalWebHdfsServer& server, const QString& path)
    {
        const WebHdfsConfig config = configFor(server);
        WebHdfsClient client(config, &m_network);
        const auto status = ClientWaits::status(client, path);
        if (!status)
            return status.error();
        auto store = LazyFiles::overWebHdfs(config, path, *status);
        if (!store)
            return store.error();
        return LazyFile {*store, service.addLazyFile(*store, path.section(QLatin1Char('/'), -1))};
    }

    static QByteArrayList wholeTranscript(const QString& localPath)
    {
        H5Service service;
        auto bytes = ImageBuffer::readFile(localPath);
        const auto file = service.addImage(*bytes, QFileInfo(localPath).fileName());
        return FileWalk::transcript([&](const H5Request& r) { return service.call(file, r); });
    }

    static H5Response firstPage(H5Service& service, H5Service::FileId file, qint64 rowStart = 0)
    {
        return callPumping(service, file,
            H5Request::readPage(QStringLiteral("/run_0/table"), {DimView::defaultFor(2), rowStart, 100, 0, 8}));
    }

    /// The tree as the viewer shows it at first: the root's children, each one's metadata, one group.
    static Status showTree(H5Service& service, H5Service::FileId file)
    {
        for (const QString& group : {QStringLiteral("/"), QStringLiteral("/run_0")}) {
            const H5Response listing = callPumping(service, file, H5Request::listChildren(group));
            if (!listing.ok())
                return listing.error;
            for (const H5Node& node : listing.children) {
                if (const H5Response info = callPumping(service, file, H5Request::info(node.path)); !info.ok())
                    return info.error;
            }
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_big = writeBigFile(m_dir.filePath(QStringLiteral("big.h5")));
        QVERIFY(QFileInfo(m_big).size() > (qint64(2) << 30));
        for (const char* sample : {"pandas_frames.h5", "sensors_wide.h5", "experiment.h5"})
            QVERIFY(QFile::copy(TestPaths::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(sample),
                m_dir.filePath(QLatin1String(sample))));
        H5Fixtures::writeUsersTable(m_dir.filePath(QStringLiteral("users.h5")), 20000, 40);
    }

    void lazyOverWebHdfsEqualsWhole_data()
    {
        QTest::addColumn<bool>("httpfs");
        QTest::newRow("NameNode and DataNodes") << false;
        QTest::newRow("HttpFS, no redirects") << true;
    }

    void lazyOverWebHdfsEqualsWhole()
    {
        QFETCH(bool, httpfs);
        LocalWebHdfsServer server(serving(m_dir.path(), httpfs));
        QVERIFY(server.start());
        H5Service service;
        int fetches = 0;
        for (const char* name : {"pandas_frames.h5", "sensors_wide.h5", "experiment.h5", "users.h5"}) {
            const auto lazy = openLazily(service, server, QStringLiteral("/") + QLatin1String(name));
            QVERIFY2(lazy.ok(), name);
            const QByteArrayList transcript = FileWalk::transcript(
                [&](const H5Request& r) { return callPumping(service, lazy->id, r); });
            QVERIFY2(transcript == wholeTranscript(m_dir.filePath(QLatin1String(name))), name);
            fetches += lazy->store->stats().fetches;
        }
        // A NameNode: one OPEN per file, every other read straight from the DataNode. HttpFS: all
        // through the gateway.
        QCOMPARE(count(server.requestLog(), "NN ", "op=OPEN"), httpfs ? fetches : 4);
        QCOMPARE(count(server.requestLog(), "DN "), httpfs ? 0 : fetches);
    }

    void twoGibFileReadsLittleAndAsksTheNameNodeOnce()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        H5Service service;
        const auto lazy = openLazily(service, server, QStringLiteral("/big.h5"));
        QVERIFY(lazy.ok());
        server.clearRequestLog();
        QVERIFY(showTree(service, lazy->id).isError() == false);
        const H5Response page = firstPage(service, lazy->id);
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QCOMPARE(page.page.value(1, 2).toDouble(), 1.25); // row 1, column 2: (1 * 8 + 2) / 8

        const qint64 size = QFileInfo(m_big).size();
        const BlockStore::Stats stats = lazy->store->stats();
        qInfo("tree and first page of a %lld-byte file: %lld bytes in %d reads", size, stats.bytesFetched, stats.fetches);
        QVERIFY(stats.bytesFetched > 0);
        QVERIFY(stats.bytesFetched < size / 100);
        const QList<QByteArray> log = server.requestLog();
        QCOMPARE(count(log, "NN ", "op=OPEN"), 1);           // once per file ...
        QCOMPARE(count(log, "DN ", "op=OPEN"), stats.fetches); // ... then straight to the DataNode
        QCOMPARE(count(log, "NN "), 1);

        // The same region again, from a fresh worker: from the cache, no request at all.
        server.clearRequestLog();
        const auto again = service.addLazyFile(lazy->store, QStringLiteral("big.h5"));
        QVERIFY(!showTree(service, again).isError());
        QVERIFY(firstPage(service, again).ok());
        QCOMPARE(server.requestLog().size(), 0);
        QCOMPARE(lazy->store->stats().fetches, stats.fetches);
    }

    void dataNodeDiesBetweenBlocks()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        H5Service service;
        const auto lazy = openLazily(service, server, QStringLiteral("/big.h5"));
        QVERIFY(lazy.ok());
        QVERIFY(!showTree(service, lazy->id).isError());
        server.faults().dataNodesDown = 1; // the DataNode the NameNode named
        server.clearRequestLog();
        const H5Response page = firstPage(service, lazy->id, 300000);
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QCOMPARE(page.page.value(0, 0).toDouble(), 300000.0);
        const QList<QByteArray> log = server.requestLog();
        QCOMPARE(count(log, "NN ", "op=OPEN"), 1); // asked again, once, avoiding the dead one
        QCOMPARE(count(log, "NN ", "excludedatanodes="), 1);
        QVERIFY(count(log, "DN ") >= 1);
    }

    void blockCutShort()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        H5Service service;
        const auto lazy = openLazily(service, server, QStringLiteral("/big.h5"));
        QVERIFY(lazy.ok());
        QVERIFY(!showTree(service, lazy->id).isError());
        // Once: the NameNode is asked again and the block comes whole.
        server.faults().dropOpen = 1;
        server.faults().dropAfterBytes = 1000;
        const H5Response recovered = firstPage(service, lazy->id, 200000);
        QVERIFY2(recovered.ok(), qPrintable(recovered.error.toString()));
        QCOMPARE(recovered.page.value(0, 0).toDouble(), 200000.0);
        // Every time: a clear error that says how much came.
        server.faults().dropOpen = 2;
        const H5Response failed = firstPage(service, lazy->id, 350000);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error.message.contains(QLatin1String("sent 1000 of")), qPrintable(failed.error.toString()));
        QVERIFY2(failed.error.message.startsWith(QLatin1String("big.h5")), qPrintable(failed.error.toString()));
    }

    void fileChangesUnderneath()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeUsersTable(dir.filePath(QStringLiteral("x.h5")), 200000, 40);
        LocalWebHdfsServer server(serving(dir.path()));
        QVERIFY(server.start());
        H5Service service;
        const auto lazy = openLazily(service, server, QStringLiteral("/x.h5"));
        QVERIFY(lazy.ok());
        QVERIFY(callPumping(service, lazy->id, H5Request::listChildren(QStringLiteral("/"))).ok());
        QFile file(path);
        QVERIFY(file.resize(1 << 20)); // rewritten shorter on HDFS
        const H5Response page = callPumping(service, lazy->id,
            H5Request::readPage(QStringLiteral("/data_f"), {DimView::defaultFor(2), 100000, 100, 0, 40}));
        QVERIFY(!page.ok());
        QCOMPARE(page.error.message, QStringLiteral("x.h5 changed on HDFS since it was opened"));
    }

    void stalledServerIsAClearErrorWithinTheDeadline()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        H5Service service;
        service.setRequestTimeout(std::chrono::milliseconds(1500));
        const auto lazy = openLazily(service, server, QStringLiteral("/big.h5"));
        QVERIFY(lazy.ok());
        QVERIFY(!showTree(service, lazy->id).isError());
        server.faults().dripBytes = 1;
        server.faults().dripIntervalMs = 600000;
        const H5Response page = firstPage(service, lazy->id, 250000);
        QVERIFY(!page.ok());
        QCOMPARE(page.error.code, Error::Code::Network);
        QVERIFY2(page.error.message.startsWith(QLatin1String("big.h5: no data from the server for 1.5 s")),
            qPrintable(page.error.toString()));
    }

    void corruptFileLazilyIsAnErrorNotACrash()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(TestPaths::sourceDir() + QStringLiteral("/tests/data/bad/mut_vlen_stomp_crash.h5"),
            dir.filePath(QStringLiteral("bad.h5"))));
        LocalWebHdfsServer server(serving(dir.path()));
        QVERIFY(server.start());
        H5Service service;
        service.setRequestTimeout(std::chrono::seconds(3));
        const auto lazy = openLazily(service, server, QStringLiteral("/bad.h5"));
        QVERIFY(lazy.ok());
        const QByteArrayList transcript
            = FileWalk::transcript([&](const H5Request& r) { return callPumping(service, lazy->id, r); });
        QVERIFY(std::any_of(transcript.cbegin(), transcript.cend(), [](const QByteArray& a) { return a.startsWith("error"); }));
    }

    void cliLazyAndWholeExportTheSame()
    {
        CliRun::ServeProcess serve(m_dir.path());
        QVERIFY(serve.ok());
        const CliRun::Run tree = CliRun::cli({QStringLiteral("tree"), QStringLiteral("--lazy"), serve.url(QStringLiteral("/big.h5"))});
        QVERIFY2(tree.ok(), qPrintable(tree.err));
        QVERIFY(tree.out.contains(QLatin1String("table")));
        QStringList outputs;
        for (const QString& mode : {QStringLiteral("--whole"), QStringLiteral("--lazy")}) {
            const QString out = m_dir.filePath(QStringLiteral("users") + mode + QStringLiteral(".csv"));
            const CliRun::Run run = CliRun::cli(
                {QStringLiteral("export"), mode, serve.url(QStringLiteral("/users.h5:/data_f")), QStringLiteral("-o"), out});
            QVERIFY2(run.ok(), qPrintable(run.err));
            outputs << QString::fromUtf8(H5Fixtures::readAll(out));
        }
        QVERIFY(outputs[0].size() > 100000);
        QVERIFY(outputs[0] == outputs[1]);
    }
};

QTEST_GUILESS_MAIN(tst_LazyWebHdfs)
#include "tst_lazywebhdfs.moc"

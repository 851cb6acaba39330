// SPDX-License-Identifier: MIT
// core's batch (BatchRun) and file check over the local WebHDFS server: each file's outcome and the
// totals for a good, a corrupt and a missing file; the per-file deadline stopping a stalled file
// while the batch goes on; and each file read whole or lazily by the rule that opens one file, a
// lazy file giving the same findings as whole.
#include "batch/batchrun.h"
#include "batch/filecheck.h"
#include "h5fixtures.h"
#include "lazy/lazyfiles.h"
#include "table/datasettablesource.h"
#include "testpaths.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace H5Hdfs;

namespace {

constexpr qint64 kRows = 1000;
constexpr qint64 kCols = 4;

/// A file just over the lazy threshold that costs no disk: a contiguous float64 dataset /raw
/// allocated but never written (a hole, read as zeros), then a small table /values written after it.
QString writeOverThreshold(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t hole = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(hole, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(hole, H5D_FILL_TIME_NEVER);
    const hsize_t rawDims[1] = {hsize_t(LazyFiles::kThreshold / 8 + 4096)};
    const hid_t rawSpace = H5Screate_simple(1, rawDims, nullptr);
    H5Dclose(H5Dcreate2(file, "/raw", H5T_IEEE_F64LE, rawSpace, H5P_DEFAULT, hole, H5P_DEFAULT));
    const hsize_t dims[1] = {kRows};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    std::vector<double> values(static_cast<size_t>(kRows));
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = double(i) - 10.0;
    const hid_t set
        = H5Dcreate2(file, "/values", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(set);
    H5Sclose(space);
    H5Sclose(rawSpace);
    H5Pclose(hole);
    H5Fclose(file);
    return path;
}

BatchFile hdfsFile(const QString& path)
{
    return BatchFile {path, path, {}};
}

/// Each file's outcome by name, and how often a file was reported.
struct Reported {
    QHash<QString, FileOutcome> outcomes;
    int reports = 0;
    int lastDone = 0;
    bool doneCountsUp = true;
};

const FileCheck::Findings* findingsOf(const FileOutcome& outcome)
{
    return std::any_cast<FileCheck::Findings>(&outcome.found);
}

/// The statistics check found for the dataset at `path`.
std::optional<NumericStats> statsOf(const FileCheck::Findings& found, const QString& path)
{
    for (const auto& object : found.objects) {
        const auto* dataset = std::get_if<FileCheck::DatasetCheck>(&object);
        if (dataset && dataset->path == path)
            return dataset->stats;
    }
    return std::nullopt;
}

/// OPEN requests for the file `name` to the NameNode ("NN ") or the DataNodes ("DN "): a whole
/// download is one of each, a lazy read one NameNode OPEN and then a range read per run of blocks.
int opens(const QList<QByteArray>& log, const QByteArray& node, const QByteArray& name)
{
    return int(std::count_if(log.cbegin(), log.cend(), [&](const QByteArray& line) {
        return line.startsWith(node) && line.contains("/" + name + "?op=OPEN");
    }));
}

} // namespace

class tst_BatchRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<LocalWebHdfsServer> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<WebHdfsClient> m_client;
    qint64 m_goodBytes = 0;
    qint64 m_corruptBytes = 0;

    Reported run(const QList<BatchFile>& files, BatchLimits limits, LazyFiles::Mode mode,
        const FileAction& action = FileCheck::batchAction(), BatchTotals* totals = nullptr)
    {
        Reported reported;
        BatchCallbacks callbacks;
        callbacks.fileDone = [&](const BatchFile& input, const FileOutcome& outcome, const BatchProgress& p) {
            reported.outcomes.insert(input.name, outcome);
            ++reported.reports;
            reported.doneCountsUp = reported.doneCountsUp && p.done == reported.lastDone + 1;
            reported.lastDone = p.done;
        };
        BatchSource source {m_client.get(), {}, mode};
        const BatchTotals t = runBatch(files, limits, source, action, callbacks);
        if (totals)
            *totals = t;
        return reported;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QDir(m_root.path()).mkpath(QStringLiteral("lake"));
        const QString good
            = H5Fixtures::writeMatrix(m_root.filePath(QStringLiteral("lake/good.h5")), kRows, kCols);
        const QByteArray bytes = H5Fixtures::readAll(good);
        m_goodBytes = bytes.size();
        QFile corrupt(m_root.filePath(QStringLiteral("lake/corrupt.h5")));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        m_corruptBytes = corrupt.write(bytes.left(bytes.size() / 3));
        corrupt.close();
        writeOverThreshold(m_root.filePath(QStringLiteral("lake/big.h5")));
        QVERIFY(QFileInfo(m_root.filePath(QStringLiteral("lake/big.h5"))).size() > LazyFiles::kThreshold);
        LocalWebHdfsServer::Options options;
        options.rootDir = m_root.path();
        m_server = std::make_unique<LocalWebHdfsServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        WebHdfsConfig config;
        config.roots = {m_server->rootUrl()};
        config.user = QStringLiteral("analyst");
        m_client = std::make_unique<WebHdfsClient>(config, &m_network);
    }

    // Given a good, a corrupt and a missing file, each ends once with its own outcome, and the
    // totals count them.
    void eachFileHasItsOutcomeAndTheTotalsCountThem()
    {
        const QList<BatchFile> files {hdfsFile(QStringLiteral("/lake/good.h5")),
            hdfsFile(QStringLiteral("/lake/corrupt.h5")), hdfsFile(QStringLiteral("/lake/missing.h5"))};
        BatchTotals totals;
        const Reported r = run(files, BatchLimits {2, std::chrono::seconds(60)}, LazyFiles::Mode::Auto,
            FileCheck::batchAction(), &totals);
        QCOMPARE(r.reports, 3);
        QVERIFY(r.doneCountsUp);
        const FileOutcome good = r.outcomes.value(QStringLiteral("/lake/good.h5"));
        QVERIFY2(!good.error.isError(), qPrintable(good.error.toString()));
        QCOMPARE(good.bytes, m_goodBytes);
        const FileCheck::Findings* found = findingsOf(good);
        QVERIFY(found);
        QCOMPARE(found->verdict(), FileCheck::Verdict::Ok);
        QCOMPARE(found->datasetCount(), 1);
        const auto stats = statsOf(*found, QStringLiteral("/values"));
        QVERIFY(stats);
        QCOMPARE(stats->total().values, kRows * kCols);
        QCOMPARE(stats->total().min, 0.0);
        QCOMPARE(stats->total().max, double(kRows * kCols - 1));
        const FileOutcome corrupt = r.outcomes.value(QStringLiteral("/lake/corrupt.h5"));
        QVERIFY(corrupt.error.isError());
        QVERIFY(!findingsOf(corrupt)); // it could not be walked at all
        QCOMPARE(corrupt.bytes, m_corruptBytes);
        const FileOutcome missing = r.outcomes.value(QStringLiteral("/lake/missing.h5"));
        QCOMPARE(missing.error.code, Error::Code::NotFound);
        QCOMPARE(missing.bytes, qint64(0));
        QCOMPARE(totals.ok, 1);
        QCOMPARE(totals.failed, 2);
        QCOMPARE(totals.bytes, m_goodBytes + m_corruptBytes);
    }

    // A file that stalls libhdf5 (reading its /ragged hangs) is stopped at the batch's limit per
    // file, whatever its action made of it (this action ignores every error: only the deadline can
    // fail the file), and the batch goes on to the next file.
    void theDeadlineStopsAStalledFile()
    {
        const QString hang = TestPaths::corpus() + QStringLiteral("/bad/min_04_hang_zero16_02327_.h5");
        QVERIFY(QFile::exists(hang));
        const QList<BatchFile> files {
            BatchFile {hang, {}, hang}, hdfsFile(QStringLiteral("/lake/good.h5"))};
        const FileAction readIgnoringErrors = [](const FileWork& work) {
            const QString ragged = QStringLiteral("/ragged");
            const H5Response info = work.service.call(work.file, H5Request::info(ragged));
            if (info.ok()) {
                DatasetTableSource table(work.service, work.file, ragged, info.info.dataset);
                (void)table.read(0, table.rowCount(), 0, 1); // hangs libhdf5
            }
            return FileOutcome {};
        };
        BatchTotals totals;
        const Reported r = run(files, BatchLimits {1, std::chrono::milliseconds(1500)}, LazyFiles::Mode::Auto,
            readIgnoringErrors, &totals);
        QCOMPARE(r.reports, 2);
        QCOMPARE(r.outcomes.value(hang).error.code, Error::Code::WorkerHung);
        QVERIFY(!r.outcomes.value(QStringLiteral("/lake/good.h5")).error.isError());
        QCOMPARE(totals.ok, 1);
        QCOMPARE(totals.failed, 1);
    }

    // A file from the lazy threshold on is read lazily (range requests), a small one whole (one
    // OPEN without a range); the findings are the same as when every file is read whole.
    void aFileOverTheThresholdIsReadLazilyWithTheSameFindings()
    {
        const QList<BatchFile> files {
            hdfsFile(QStringLiteral("/lake/big.h5")), hdfsFile(QStringLiteral("/lake/good.h5"))};
        const BatchLimits limits {2, std::chrono::seconds(120)};
        m_server->clearRequestLog();
        const Reported lazily = run(files, limits, LazyFiles::Mode::Auto);
        const QList<QByteArray> log = m_server->requestLog();
        QVERIFY2(opens(log, "DN ", "big.h5") > 1, log.join('\n').constData());
        QCOMPARE(opens(log, "NN ", "big.h5"), 1);
        QCOMPARE(opens(log, "DN ", "good.h5"), 1);
        // It reads ahead (export and check go through a file front to back); the small one is whole.
        const auto bigRead = lazily.outcomes.value(QStringLiteral("/lake/big.h5")).lazy;
        QVERIFY(bigRead);
        QVERIFY(bigRead->readAheadBlocks > 0);
        QVERIFY(!lazily.outcomes.value(QStringLiteral("/lake/good.h5")).lazy);
        m_server->clearRequestLog();
        const Reported whole = run(files, limits, LazyFiles::Mode::Whole);
        QCOMPARE(opens(m_server->requestLog(), "DN ", "big.h5"), 1);
        QVERIFY(!whole.outcomes.value(QStringLiteral("/lake/big.h5")).lazy);
        for (const QString& name : {QStringLiteral("/lake/big.h5"), QStringLiteral("/lake/good.h5")}) {
            const FileOutcome a = lazily.outcomes.value(name);
            const FileOutcome b = whole.outcomes.value(name);
            QVERIFY2(!a.error.isError(), qPrintable(a.error.toString()));
            QVERIFY2(!b.error.isError(), qPrintable(b.error.toString()));
            QCOMPARE(a.bytes, b.bytes);
            const FileCheck::Findings* fa = findingsOf(a);
            const FileCheck::Findings* fb = findingsOf(b);
            QVERIFY(fa && fb);
            QCOMPARE(fa->datasetCount(), fb->datasetCount());
            QCOMPARE(fa->verdict(), fb->verdict());
            for (const auto& object : fa->objects) {
                const auto& dataset = std::get<FileCheck::DatasetCheck>(object); // no named tables here
                const auto sa = dataset.stats;
                const auto sb = statsOf(*fb, dataset.path);
                QVERIFY2(sa && sb, qPrintable(dataset.path)); // both read their numbers
                QCOMPARE(sa->total().values, sb->total().values);
                QCOMPARE(sa->total().min, sb->total().min);
                QCOMPARE(sa->total().max, sb->total().max);
                QCOMPARE(sa->total().mean, sb->total().mean);
                QCOMPARE(sa->total().nan, sb->total().nan);
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_BatchRun)
#include "tst_batchrun.moc"

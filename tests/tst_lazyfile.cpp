// SPDX-License-Identifier: MIT
// The lazy file driver over local files: a file read block by block through the shared cache shows
// exactly what the same file read whole shows (tree, attributes, pages, DataFrames, export), on
// the shared corpus and on generated layouts; the cache is bounded and outlives workers; reads past
// the end and failed fetches are clear errors.
#include "lazy/blockstore.h"
#include "clirun.h"
#include "lazy/filerangesource.h"
#include "filewalk.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QDirIterator>
#include <algorithm>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace H5Hdfs;

namespace {

constexpr qint64 kSmallBlock = 4096;       // many blocks even for small files
constexpr qint64 kSmallCache = 16 * 4096;  // and a cache that must evict

Result<std::shared_ptr<BlockStore>> storeOver(std::shared_ptr<RangeSource> source, const QString& path,
    qint64 cacheBytes = kSmallCache)
{
    return BlockStore::create(std::move(source), QFileInfo(path).fileName(), cacheBytes, kSmallBlock);
}

Result<std::shared_ptr<BlockStore>> storeFor(const QString& path, qint64 cacheBytes = kSmallCache)
{
    auto source = FileRangeSource::open(path);
    if (!source)
        return source.error();
    return storeOver(std::move(source).value(), path, cacheBytes);
}

QByteArrayList transcriptOf(H5Service& service, H5Service::FileId file)
{
    const QByteArrayList out
        = FileWalk::transcript([&](const H5Request& request) { return service.call(file, request); });
    service.closeFile(file);
    return out;
}

QByteArrayList wholeTranscript(H5Service& service, const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    if (!bytes)
        return {"cannot read " + path.toUtf8()};
    return transcriptOf(service, service.addImage(*bytes, QFileInfo(path).fileName()));
}

QByteArrayList lazyTranscript(H5Service& service, const QString& path)
{
    auto store = storeFor(path);
    if (!store)
        return {"cannot open " + path.toUtf8()};
    return transcriptOf(service, service.addLazyFile(*store, QFileInfo(path).fileName()));
}

/// "" when equal, else where the transcripts first differ.
QString difference(const QByteArrayList& whole, const QByteArrayList& lazy)
{
    for (qsizetype i = 0; i < qMax(whole.size(), lazy.size()); ++i) {
        if (whole.value(i) != lazy.value(i))
            return QStringLiteral("answer %1 of %2/%3 differs: whole %4..., lazy %5...")
                .arg(i)
                .arg(whole.size())
                .arg(lazy.size())
                .arg(QString::fromLatin1(whole.value(i).left(60).toHex()),
                    QString::fromLatin1(lazy.value(i).left(60).toHex()));
    }
    return {};
}

/// Big attributes (1 MiB, more than the cache), 1,500 groups in a tree, and the three layouts,
/// written with the C API as h5py would.
QString writeManyGroupsAndBigAttributes(const QString& path)
{
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS); // attributes over 64 KiB need the newer format
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    std::vector<double> big(128 * 1024);
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = double(i) * 0.25;
    const hsize_t bigDims[1] = {big.size()};
    const hid_t bigSpace = H5Screate_simple(1, bigDims, nullptr);
    const hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    const hid_t attribute = H5Acreate2(root, "calibration", H5T_IEEE_F64LE, bigSpace, H5P_DEFAULT, H5P_DEFAULT);
    if (attribute < 0 || H5Awrite(attribute, H5T_NATIVE_DOUBLE, big.data()) < 0)
        return {}; // the tests check the file exists
    H5Aclose(attribute);
    for (int g = 0; g < 30; ++g) {
        const QByteArray outer = "/run_" + QByteArray::number(g);
        const hid_t group = H5Gcreate2(file, outer.constData(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        for (int s = 0; s < 50; ++s) {
            const QByteArray name = "shot_" + QByteArray::number(s);
            const hid_t child = H5Gcreate2(group, name.constData(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            const hsize_t one[1] = {3};
            const hid_t space = H5Screate_simple(1, one, nullptr);
            const int values[3] = {g, s, g * s};
            const hid_t a = H5Acreate2(child, "ids", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);
            H5Awrite(a, H5T_NATIVE_INT, values);
            H5Aclose(a);
            H5Sclose(space);
            H5Gclose(child);
        }
        H5Gclose(group);
    }
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t chunk[1] = {4096};
    H5Pset_chunk(dcpl, 1, chunk);
    H5Pset_deflate(dcpl, 4);
    for (const auto& [name, plist] :
        {std::pair<const char*, hid_t> {"/chunked", dcpl}, std::pair<const char*, hid_t> {"/contiguous", H5P_DEFAULT}}) {
        const hid_t d = H5Dcreate2(file, name, H5T_IEEE_F64LE, bigSpace, H5P_DEFAULT, plist, H5P_DEFAULT);
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, big.data());
        H5Dclose(d);
    }
    const hid_t compact = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_layout(compact, H5D_COMPACT);
    const hsize_t small[1] = {100};
    const hid_t smallSpace = H5Screate_simple(1, small, nullptr);
    const hid_t d = H5Dcreate2(file, "/compact", H5T_IEEE_F64LE, smallSpace, H5P_DEFAULT, compact, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, big.data());
    for (hid_t id : {d})
        H5Dclose(id);
    H5Sclose(smallSpace);
    H5Pclose(compact);
    H5Pclose(dcpl);
    H5Sclose(bigSpace);
    H5Gclose(root);
    H5Fclose(file);
    return path;
}

/// A source that fails every read after the first `good` ones, as a file that changed would.
class FailingSource : public RangeSource {
public:
    FailingSource(std::shared_ptr<RangeSource> inner, int good, Error error)
        : m_inner(std::move(inner))
        , m_good(good)
        , m_error(std::move(error))
    {
    }
    [[nodiscard]] qint64 size() const override { return m_inner->size(); }
    Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) override
    {
        if (m_good-- <= 0)
            return m_error;
        return m_inner->read(offset, length, into, limits);
    }

private:
    std::shared_ptr<RangeSource> m_inner;
    std::atomic_int m_good;
    Error m_error;
};

} // namespace

class tst_LazyFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpusLazyEqualsWhole()
    {
        QDirIterator it(TestPaths::corpus() + QStringLiteral("/hdf5"), {QStringLiteral("*.h5")},
            QDir::Files, QDirIterator::Subdirectories);
        H5Service service;
        int compared = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QByteArrayList whole = wholeTranscript(service, path);
            if (!whole.value(0).startsWith("error")) // files that do not open whole are checked below
                ++compared;
            const QByteArrayList lazy = lazyTranscript(service, path);
            const QString diff = difference(whole, lazy);
            QVERIFY2(diff.isEmpty(), qPrintable(path + QStringLiteral(": ") + diff));
        }
        QVERIFY2(compared >= 150, qPrintable(QStringLiteral("only %1 corpus files opened").arg(compared)));
    }

    void generatedAndSampleFilesLazyEqualWhole_data()
    {
        QTest::addColumn<QString>("path");
        static QTemporaryDir dir;
        QTest::newRow("everything") << H5Fixtures::writeEverything(dir.filePath(QStringLiteral("everything.h5")));
        QTest::newRow("users table") << H5Fixtures::writeUsersTable(dir.filePath(QStringLiteral("users.h5")), 5000, 40);
        QTest::newRow("many groups, big attributes")
            << writeManyGroupsAndBigAttributes(dir.filePath(QStringLiteral("groups.h5")));
        for (const char* sample : {"pandas_frames.h5", "sensors_wide.h5", "experiment.h5", "image_stack.h5"})
            QTest::newRow(sample) << TestPaths::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(sample);
        QTest::newRow("pandas edges") << TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/edges.h5");
        QTest::newRow("netCDF-4") << TestPaths::sourceDir() + QStringLiteral("/tests/data/netcdf/packed_climate.nc");
    }

    void generatedAndSampleFilesLazyEqualWhole()
    {
        QFETCH(QString, path);
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        H5Service service;
        const QByteArrayList whole = wholeTranscript(service, path);
        QVERIFY2(!whole.value(0).startsWith("error"), qPrintable(path));
        QVERIFY(whole.size() > 3);
        const QString diff = difference(whole, lazyTranscript(service, path));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void sequentialReadAheadShowsTheSame_data() { generatedAndSampleFilesLazyEqualWhole_data(); }

    void sequentialReadAheadShowsTheSame()
    {
        // A window of 16 small blocks moves often, and the small cache evicts what it handed over.
        QFETCH(QString, path);
        H5Service service;
        auto store = storeFor(path);
        QVERIFY(store.ok());
        (*store)->setSequentialReadAhead(true, 16 * kSmallBlock);
        const QByteArrayList lazy = transcriptOf(service, service.addLazyFile(*store, QFileInfo(path).fileName()));
        const QString diff = difference(wholeTranscript(service, path), lazy);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        if (QFileInfo(path).size() > 64 * kSmallBlock) // files the first request does not bring whole
            QVERIFY((*store)->stats().readAheadBlocks > 0);
    }

    void cacheIsBoundedAndOutlivesWorkers()
    {
        QTemporaryDir dir;
        const QString path = writeManyGroupsAndBigAttributes(dir.filePath(QStringLiteral("groups.h5")));
        const qint64 size = QFileInfo(path).size();
        auto store = storeFor(path, 4 * size); // room for the whole file
        QVERIFY(store.ok());
        QCOMPARE((*store)->stats().cacheBytes, (size + kSmallBlock - 1) / kSmallBlock * kSmallBlock);
        H5Service service;
        const QByteArrayList first = transcriptOf(service, service.addLazyFile(*store, QStringLiteral("groups.h5")));
        const BlockStore::Stats afterFirst = (*store)->stats();
        QVERIFY(afterFirst.fetches > 0);
        QVERIFY(afterFirst.bytesFetched <= size);
        // A second worker on the same store: every block it asks for is already there.
        const QByteArrayList second = transcriptOf(service, service.addLazyFile(*store, QStringLiteral("groups.h5")));
        QCOMPARE(second, first);
        QCOMPARE((*store)->stats().fetches, afterFirst.fetches);
        QVERIFY((*store)->stats().hits > afterFirst.hits);

        // A small cache stays small and still reads everything right.
        auto bounded = storeFor(path, kSmallCache);
        QVERIFY(bounded.ok());
        QCOMPARE((*bounded)->stats().cacheBytes, kSmallCache);
        QCOMPARE(transcriptOf(service, service.addLazyFile(*bounded, QStringLiteral("groups.h5"))), first);
        QVERIFY((*bounded)->stats().fetches > afterFirst.fetches); // evicted blocks came again
    }

    void truncatedFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("everything.h5")));
        QFile file(path);
        QVERIFY(file.resize(file.size() / 2));
        H5Service service;
        auto store = storeFor(path);
        QVERIFY(store.ok());
        const H5Response opened = service.call(service.addLazyFile(*store, QStringLiteral("half.h5")), H5Request::open());
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error.code == Error::Code::Truncated || opened.error.code == Error::Code::Corrupt,
            qPrintable(opened.error.toString()));
        QVERIFY2(opened.error.message.startsWith(QLatin1String("half.h5")), qPrintable(opened.error.toString()));
    }

    void failedFetchIsTheError()
    {
        QTemporaryDir dir;
        const QString path = writeManyGroupsAndBigAttributes(dir.filePath(QStringLiteral("groups.h5")));
        auto source = FileRangeSource::open(path);
        QVERIFY(source.ok());
        const Error changed(Error::Code::Io, QStringLiteral("groups.h5 changed on HDFS since it was opened"));
        auto store = storeOver(std::make_shared<FailingSource>(*source, 3, changed), path);
        QVERIFY(store.ok());
        H5Service service;
        const auto file = service.addLazyFile(*store, QStringLiteral("groups.h5"));
        H5Response last;
        for (const char* object : {"/", "/run_0", "/run_29", "/chunked", "/contiguous"}) {
            last = service.call(file, H5Request::listChildren(QLatin1String(object)));
            if (last.ok())
                last = service.call(file, H5Request::readPage(QLatin1String(object), {DimView::defaultFor(1), 100000, 100, 0, 1}));
            if (!last.ok())
                break;
        }
        QVERIFY(!last.ok());
        QVERIFY2(last.error.message == changed.message, qPrintable(last.error.toString() + last.error.detail)); // said once, not "groups.h5: groups.h5 ..."
        QCOMPARE(last.error.code, Error::Code::Io);
    }

    void corruptFilesFailCleanlyLazily()
    {
        H5Service service;
        service.setRequestTimeout(std::chrono::seconds(3)); // one file here hangs libhdf5
        QDirIterator it(TestPaths::sourceDir() + QStringLiteral("/tests/data/bad"), {QStringLiteral("*.h5")});
        int failed = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QByteArrayList lazy = lazyTranscript(service, path);
            QVERIFY(!lazy.isEmpty());
            failed += std::count_if(lazy.cbegin(), lazy.cend(), [](const QByteArray& a) { return a.startsWith("error"); }) > 0;
        }
        QVERIFY(failed >= 5);
        // The service (and this process) go on: a good file reads as before.
        const QString good = TestPaths::sourceDir() + QStringLiteral("/resources/samples/experiment.h5");
        QVERIFY(difference(wholeTranscript(service, good), lazyTranscript(service, good)).isEmpty());
    }

    void cliExportLazyEqualsWhole()
    {
        QTemporaryDir dir;
        const QString users = H5Fixtures::writeUsersTable(dir.filePath(QStringLiteral("users.h5")), 20000, 12);
        const QString frames = TestPaths::sourceDir() + QStringLiteral("/resources/samples/pandas_frames.h5");
        const CliRun::Run listed = CliRun::cli({QStringLiteral("tree"), frames});
        QVERIFY2(listed.ok(), qPrintable(listed.err));
        for (const QString& target : {users + QStringLiteral(":/data_f"), frames + QStringLiteral(":/weather_table")}) {
            QStringList outputs;
            for (const QString& mode : {QStringLiteral("--whole"), QStringLiteral("--lazy")}) {
                const QString out = dir.filePath(QStringLiteral("out") + mode + QStringLiteral(".csv"));
                const CliRun::Run run = CliRun::cli({QStringLiteral("export"), mode, target, QStringLiteral("-o"), out});
                QVERIFY2(run.ok(), qPrintable(target + mode + QStringLiteral(": ") + run.err));
                outputs << QString::fromUtf8(H5Fixtures::readAll(out));
            }
            QVERIFY(outputs[0].size() > 1000);
            QVERIFY2(outputs[0] == outputs[1], qPrintable(target));
        }
    }
};

QTEST_GUILESS_MAIN(tst_LazyFile)
#include "tst_lazyfile.moc"

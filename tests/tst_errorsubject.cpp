// SPDX-License-Identifier: MIT
// What an error is about, and what kind it is: the subject an error names (so the CLI adds its own
// context only when the message does not name it already), and the code libhdf5's error ids call for.
#include "clirun.h"
#include "h5fixtures.h"
#include "h5handle.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <hdf5.h>

#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

using namespace H5Hdfs;

namespace {

// A chunked deflate dataset whose one chunk is not a zlib stream: the filter runs, and fails.
bool writeGarbledDeflate(const QString& path)
{
    const QByteArray name = path.toUtf8();
    const hid_t file = H5Fcreate(name.constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[1] = {8};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, dims);
    H5Pset_deflate(dcpl, 4);
    const hid_t dataset = H5Dcreate2(file, "garbled", H5T_STD_I32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    const char noise[] = "this is not a zlib stream"; // 't' is no zlib header: inflate() refuses it
    const hsize_t origin[1] = {0};
    const herr_t written = H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, origin, sizeof noise, noise);
    H5Dclose(dataset);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Fclose(file);
    return dataset >= 0 && written >= 0;
}

// Reads a whole 1-D int dataset of a file on disk; the error H5Errors makes of the failure, or None.
Error readFailure(const QString& path, const char* dataset)
{
    H5Errors::silence();
    const QByteArray name = path.toUtf8();
    H5Handle file(H5Fopen(name.constData(), H5F_ACC_RDONLY, H5P_DEFAULT));
    H5Handle data(file ? H5Dopen2(file.id(), dataset, H5P_DEFAULT) : H5I_INVALID_HID);
    int values[64] = {};
    if (!data || H5Dread(data.id(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("the read failed"));
    return {};
}

// Only `dir` is searched for filter plugins from now on.
void searchPluginsOnlyIn(const QString& dir)
{
    unsigned n = 0;
    while (H5PLsize(&n) >= 0 && n > 0)
        H5PLremove(0);
    H5PLappend(dir.toUtf8().constData());
}

std::shared_ptr<const ImageBuffer> load(const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    return bytes.ok() ? *bytes : nullptr;
}

} // namespace

class tst_ErrorSubject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5")));
        QVERIFY(!m_file.isEmpty());
        QVERIFY(writeGarbledDeflate(m_dir.filePath(QStringLiteral("garbled.h5"))));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("no-plugins")));
    }

    // ---- The code, from libhdf5's error ids ----------------------------------------------------

    // Given a filter no plugin provides, when a read needs it, then the filter is missing, whether
    // the library searched and found nothing (the pipeline's own frame is the innermost) or may not
    // search at all (the worker turns loading off: the plugin layer's frame is beneath it).
    void aFilterNoPluginProvidesIsMissing_data()
    {
        QTest::addColumn<bool>("loading");
        QTest::newRow("plugin search finds nothing") << true;
        QTest::newRow("plugin loading off, as in the worker") << false;
    }
    void aFilterNoPluginProvidesIsMissing()
    {
        QFETCH(bool, loading);
        searchPluginsOnlyIn(m_dir.filePath(QStringLiteral("no-plugins")));
        QVERIFY(H5PLset_loading_state(loading ? H5PL_ALL_PLUGIN : 0) >= 0);
        const Error e = readFailure(m_file, "/filters/missing");
        H5PLset_loading_state(H5PL_ALL_PLUGIN);
        QCOMPARE(e.code, Error::Code::FilterMissing);
        QCOMPARE(e.message, QStringLiteral("the read failed"));
        QVERIFY2(!e.detail.isEmpty(), "the library's stack stays behind the message");
    }

    // Given a filter that is there but fails on the bytes (a chunk that is not a zlib stream), the
    // read fails as the caller said: the filter is not missing.
    void aFilterThatFailsIsNotMissing()
    {
        const Error e = readFailure(m_dir.filePath(QStringLiteral("garbled.h5")), "/garbled");
        QCOMPARE(e.code, Error::Code::Hdf5);
        QVERIFY2(e.detail.contains(QStringLiteral("inflate")), qPrintable(e.detail));
    }

    // ---- The subject ---------------------------------------------------------------------------

    void contextBecomesTheSubject()
    {
        const Error e = Error(Error::Code::Io, QStringLiteral("short read")).prefixed(QStringLiteral("x.h5"));
        QCOMPARE(e.message, QStringLiteral("x.h5: short read"));
        QCOMPARE(e.subject, QStringLiteral("x.h5"));
        const Error about = Error(Error::Code::Io, QStringLiteral("Cannot open /d/x.h5")).about(QStringLiteral("/d/x.h5"));
        QCOMPARE(about.message, QStringLiteral("Cannot open /d/x.h5"));
        QCOMPARE(about.subject, QStringLiteral("/d/x.h5"));
        QCOMPARE(Error(Error::Code::Io, QStringLiteral("no subject")).subject, QString());
    }

    void aLocalFileThatCannotBeReadIsTheSubject()
    {
        const QString path = m_dir.filePath(QStringLiteral("absent.h5"));
        const auto read = ImageBuffer::readFile(path);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().subject, path);
    }

    // Every error the service answers for a file names the file by the name it was given.
    void theServiceNamesTheFile()
    {
        H5Service service;
        const auto id = service.addImage(load(m_file), QStringLiteral("named.h5"));
        const H5Response missing = service.call(id, H5Request::info(QStringLiteral("/nope")));
        QCOMPARE(missing.error.code, Error::Code::NotFound);
        QCOMPARE(missing.error.message, QStringLiteral("No object /nope in named.h5"));
        QCOMPARE(missing.error.subject, QStringLiteral("named.h5"));
        const H5Response filter = service.call(id,
            H5Request::readPage(QStringLiteral("/filters/missing"), {DimView::defaultFor(1), 0, 1, 0, 1}));
        QCOMPARE(filter.error.code, Error::Code::FilterMissing);
        QVERIFY2(filter.error.message.startsWith(QStringLiteral("named.h5: ")), qPrintable(filter.error.message));
        QCOMPARE(filter.error.subject, QStringLiteral("named.h5"));
        // Past the file's deadline: the file, not an object, took too long.
        service.setFileDeadline(id, 0ms);
        const H5Response late = service.call(id, H5Request::info(QStringLiteral("/matrix")));
        QCOMPARE(late.error.code, Error::Code::WorkerHung);
        QCOMPARE(late.error.subject, QStringLiteral("named.h5"));
    }

    void aCrashNamesTheFile()
    {
        H5Service service;
        const auto id = service.addImage(
            load(TestPaths::corpus() + QStringLiteral("/bad/min_02_crash_bitflip_00869_SIGSEGV.h5")),
            QStringLiteral("crash.h5"));
        const H5Response crash = service.call(
            id, H5Request::readPage(QStringLiteral("/scaleoff"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QCOMPARE(crash.error.code, Error::Code::WorkerCrashed);
        QCOMPARE(crash.error.subject, QStringLiteral("crash.h5"));
    }

    // The CLI puts its context (the argument) before an error only when the error does not name it.
    void theCliNamesWhatTheErrorDoesNot()
    {
        // Named by its path: said once.
        const QString absent = m_dir.filePath(QStringLiteral("absent.h5"));
        const CliRun::Run missing = CliRun::cli({QStringLiteral("tree"), absent});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith(QStringLiteral("h5hdfs: Cannot open %1 (").arg(absent)),
            qPrintable(missing.err));
        QCOMPARE(missing.err.count(absent), 1);
        // Named by the file's name while the argument is its path: said once, by the error.
        const CliRun::Run nope = CliRun::cli({QStringLiteral("info"), m_file + QStringLiteral(":/nope")});
        QCOMPARE(nope.err, QStringLiteral("h5hdfs: No object /nope in e.h5\n"));
        // Not named (the CSV file cannot be created): the argument comes first.
        const CliRun::Run unwritable = CliRun::cli({QStringLiteral("export"), m_file + QStringLiteral(":/matrix"),
            QStringLiteral("-o"), m_dir.filePath(QStringLiteral("no/such/dir/out.csv"))});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY2(unwritable.err.startsWith(QStringLiteral("h5hdfs: %1: Cannot create ").arg(m_file)),
            qPrintable(unwritable.err));
    }

private:
    QTemporaryDir m_dir;
    QString m_file;
};

QTEST_GUILESS_MAIN(tst_ErrorSubject)
#include "tst_errorsubject.moc"

// SPDX-License-Identifier: MIT
// HDF5 runs in disposable worker processes: a file that crashes or hangs libhdf5 costs one error.
#include "h5fixtures.h"
#include "procstatus.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <thread>

using namespace std::chrono_literals;

using namespace H5Hdfs;

namespace {

std::shared_ptr<const ImageBuffer> load(const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    return bytes.ok() ? *bytes : nullptr;
}

QString bad(const char* name)
{
    return TestPaths::corpus() + QStringLiteral("/bad/") + QLatin1String(name);
}

/// Every error a walk (list, inspect, read the first page) of a file meets.
QList<Error> walkErrors(
    H5Service& service, H5Service::FileId file, const QString& group = QStringLiteral("/"))
{
    QList<Error> errors;
    const H5Response listing = service.call(file, H5Request::listChildren(group));
    if (!listing.ok())
        return {listing.error};
    for (const H5Node& node : listing.children) {
        const H5Response info = service.call(file, H5Request::info(node.path));
        if (!info.ok()) {
            errors << info.error;
            continue;
        }
        if (node.kind == NodeKind::Group)
            errors << walkErrors(service, file, node.path);
        if (node.kind != NodeKind::Dataset)
            continue;
        const DimView view = DimView::defaultFor(info.info.dataset.rank());
        const TableGeometry g = TableGeometry::of(info.info.dataset, view);
        const H5Response page = service.call(file,
            H5Request::readPage(node.path, {view, 0, qMin<qint64>(g.rows, 50), 0, qMin<qint64>(g.cols, 50)}));
        if (!page.ok())
            errors << page.error;
    }
    return errors;
}

bool hasCode(const QList<Error>& errors, Error::Code code)
{
    return std::any_of(errors.begin(), errors.end(), [code](const Error& e) { return e.code == code; });
}

qint64 blogValue(H5Service& service)
{
    const auto file = service.addImage(
        load(TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5")), QStringLiteral("blog"));
    const H5Response r = service.call(
        file, H5Request::readPage(QStringLiteral("/test"), {DimView::defaultFor(2), 0, 1, 0, 1}));
    service.closeFile(file);
    return r.ok() ? r.page.columns[0].ints[0] : -1;
}

// Dead but not yet reaped by its parent.
bool isZombie(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    return text.mid(text.lastIndexOf(')') + 2, 1) == "Z";
}

// /proc/PID/stat's fourth field; -1 when the process is gone.
qint64 parentOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
}

// CPU time (user + system, in clock ticks) a process has used so far; 0 when it is gone.
qint64 cpuTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime, stime
}

QByteArray commandLine(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().replace('\0', ' ') : QByteArray();
}

// /proc/PID/comm: what top shows, at most 15 bytes.
QByteArray commandName(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().chopped(1) : QByteArray(); // less its newline
}

int h5hdfsMemfds()
{
    int n = 0;
    for (const QFileInfo& fd : QDir(QStringLiteral("/proc/self/fd"))
                                   .entryInfoList(QDir::System | QDir::Files | QDir::NoDotAndDotDot))
        n += fd.symLinkTarget().contains(QStringLiteral("memfd:h5hdfs:")) ? 1 : 0;
    return n;
}

} // namespace

class tst_WorkerIsolation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badFilesAreReportedCleanly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("expected");
        QTest::newRow("heap length stomp")
            << bad("min_01_crash_stomp_00323_SIGSEGV.h5") << int(Error::Code::WorkerCrashed);
        QTest::newRow("compact layout bit flip")
            << bad("min_02_crash_bitflip_00869_SIGSEGV.h5") << int(Error::Code::WorkerCrashed);
        QTest::newRow("global heap endless loop")
            << bad("min_04_hang_zero16_02327_.h5") << int(Error::Code::WorkerHung);
        QTest::newRow("VDS stack overflow write")
            << bad("min_13_crash_bitflip_08484_SIGABRT.h5") << int(Error::Code::WorkerCrashed);
        QTest::newRow("pandas attribute bit flip") << bad("min_09_crash_bitflip_05951_SIGSEGV.h5") << -1;
        QTest::newRow("ok alone") << bad("cross_2_ok_alone_then_crashes.h5") << -1;
    }
    void badFilesAreReportedCleanly()
    {
        QFETCH(QString, file);
        QFETCH(int, expected);
        H5Service service;
        service.setRequestTimeout(1500ms);
        const auto id = service.addImage(load(file), QFileInfo(file).fileName());
        QElapsedTimer timer;
        timer.start();
        const QList<Error> errors = walkErrors(service, id);
        for (const Error& e : errors) {
            QVERIFY2(!e.message.isEmpty(), "every error says what happened");
            if (e.code == Error::Code::WorkerCrashed || e.code == Error::Code::WorkerHung) {
                // It names the file, the object and the operation.
                QVERIFY2(e.message.startsWith(QFileInfo(file).fileName() + QStringLiteral(": ")),
                    qPrintable(e.message));
                QVERIFY2(e.message.contains(QStringLiteral(" /")), qPrintable(e.message));
            }
        }
        if (expected >= 0)
            QVERIFY2(hasCode(errors, Error::Code(expected)),
                qPrintable(errors.isEmpty() ? QStringLiteral("no error") : errors.first().toString()));
        // A hang costs one timeout, not one per request: the object is not asked again.
        const auto hangs = std::count_if(
            errors.begin(), errors.end(), [](const Error& e) { return e.code == Error::Code::WorkerHung; });
        QVERIFY2(hangs <= 1, qPrintable(QString::number(hangs)));
        QVERIFY2(timer.elapsed() < 2 * 1500, qPrintable(QString::number(timer.elapsed())));
        // And the same service goes on working with a good file.
        QCOMPARE(blogValue(service), qint64(12345));
    }

    void foundByMutationAndKept_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(TestPaths::sourceDir() + QStringLiteral("/tests/data/bad"));
        const QStringList files = dir.entryList({QStringLiteral("*.h5")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 5);
        for (const QString& name : files)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
    void foundByMutationAndKept()
    {
        QFETCH(QString, file);
        H5Service service;
        service.setRequestTimeout(1500ms);
        const auto id = service.addImage(load(file), QFileInfo(file).fileName());
        const QList<Error> errors = walkErrors(service, id);
        const Error::Code expected = file.endsWith(QStringLiteral("_hang.h5")) ? Error::Code::WorkerHung
                                                                               : Error::Code::WorkerCrashed;
        QVERIFY2(hasCode(errors, expected),
            qPrintable(errors.isEmpty() ? QStringLiteral("no error") : errors.first().toString()));
        QCOMPARE(blogValue(service), qint64(12345));
    }

    void theRestOfACrashingFileStaysBrowsable()
    {
        H5Service service;
        const auto id
            = service.addImage(load(bad("min_02_crash_bitflip_00869_SIGSEGV.h5")), QStringLiteral("min_02"));
        const H5Response crash = service.call(
            id, H5Request::readPage(QStringLiteral("/scaleoff"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QCOMPARE(crash.error.code, Error::Code::WorkerCrashed);
        QVERIFY(crash.error.message.contains(QStringLiteral("reading /scaleoff crashed the HDF5 library")));
        QVERIFY2(crash.error.detail.contains(QStringLiteral("killed by signal"))
                || crash.error.detail.contains(QStringLiteral("AddressSanitizer")),
            qPrintable(crash.error.detail));
        const int startsAfterCrash = service.workerStarts(id);
        // The object is marked unreadable: asking again does not crash another worker.
        const H5Response again = service.call(
            id, H5Request::readPage(QStringLiteral("/scaleoff"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QCOMPARE(again.error.code, Error::Code::WorkerCrashed);
        QCOMPARE(service.workerStarts(id), startsAfterCrash);
        // A fresh worker maps the same shared image and serves the other objects.
        const H5Response gzip = service.call(
            id, H5Request::readPage(QStringLiteral("/gzip"), {DimView::defaultFor(2), 0, 2, 0, 2}));
        QVERIFY2(gzip.ok(), qPrintable(gzip.error.toString()));
        QCOMPARE(service.workerStarts(id), startsAfterCrash + 1);
    }

    void goodThenCorruptThenGoodInOneService()
    {
        // Alone each is fine; in one process the second crashes on cached conversion state of the first.
        H5Service service;
        QList<QStringList> tables;
        for (const char* name :
            {"cross_1_good_compound.h5", "cross_2_ok_alone_then_crashes.h5", "cross_1_good_compound.h5"}) {
            const auto id = service.addImage(load(bad(name)), QLatin1String(name));
            QStringList cells;
            for (const char* table : {"/table", "/table_contig"}) {
                const H5Response r = service.call(
                    id, H5Request::readPage(QLatin1String(table), {DimView::defaultFor(1), 0, 50, 0, 8}));
                // Each file has a worker of its own: the first file's state never reaches the second.
                QVERIFY2(r.ok(), qPrintable(r.error.toString()));
                for (qint64 row = 0; r.ok() && row < r.page.rowCount; ++row)
                    for (qint64 c = 0; c < r.page.colCount; ++c)
                        cells << r.page.text(row, c);
            }
            tables << cells;
            service.closeFile(id);
        }
        QCOMPARE(tables[0].size(), 2 * 50 * 8);
        QCOMPARE(tables[1].size(), 2 * 50 * 8);
        QCOMPARE(tables[2], tables[0]);
    }

    void aSilentWorkerIsKilledAtTheDeadline()
    {
        H5Service service;
        service.setRequestTimeout(700ms);
        const auto id
            = service.addImage(load(bad("min_04_hang_zero16_02327_.h5")), QStringLiteral("hang.h5"));
        QVERIFY(service.call(id, H5Request::open()).ok());
        const qint64 hungPid = service.workerPid(id);
        QElapsedTimer timer;
        timer.start();
        const H5Response r = service.call(
            id, H5Request::readPage(QStringLiteral("/ragged"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QCOMPARE(r.error.code, Error::Code::WorkerHung);
        QVERIFY(timer.elapsed() >= 700);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(r.error.message.contains(QStringLiteral("reading /ragged did not finish within 0.7 s")));
        QTRY_VERIFY(!ProcStatus::exists(hungPid));
        // Another object of the same file still answers.
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/vstr"))).ok());
    }

    // A file's deadline bounds all its work, progress or not: the running request is cut at it, and
    // the file answers nothing more.
    void aFileStopsAtItsDeadline()
    {
        H5Service service;
        service.setRequestTimeout(10s);
        const auto id
            = service.addImage(load(bad("min_04_hang_zero16_02327_.h5")), QStringLiteral("hang.h5"));
        service.setFileDeadline(id, 800ms);
        QVERIFY(service.call(id, H5Request::open()).ok());
        QVERIFY(!service.overtimeError(id).isError());
        QElapsedTimer timer;
        timer.start();
        const H5Response r = service.call(
            id, H5Request::readPage(QStringLiteral("/ragged"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QCOMPARE(r.error.code, Error::Code::WorkerHung);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(r.error.message,
            QStringLiteral("hang.h5: took longer than 0.8 s, the limit for one file; stopped"));
        QCOMPARE(service.overtimeError(id).message, r.error.message);
        QCOMPARE(service.call(id, H5Request::info(QStringLiteral("/vstr"))).error.message, r.error.message);
        QCOMPARE(service.workerPid(id), -1);
    }

    void aWorkerKilledFromOutsideIsReplaced()
    {
        QTemporaryDir dir;
        H5Service service;
        const auto id = service.addImage(
            load(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")))), QStringLiteral("e.h5"));
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/matrix"))).ok());
        const qint64 first = service.workerPid(id);
        QVERIFY(ProcStatus::exists(first));
        // Killed while idle (say by the OOM killer): the next request simply gets a new worker.
        ::kill(pid_t(first), SIGKILL);
        QTRY_VERIFY(isZombie(first));
        const H5Response after = service.call(
            id, H5Request::readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 2, 1, 3, 1}));
        QVERIFY2(after.ok(), qPrintable(after.error.toString()));
        QCOMPARE(after.page.columns[0].reals[0], 23.0);
        QVERIFY(service.workerPid(id) != first);
        QCOMPARE(service.workerStarts(id), 2);
    }

    void aWorkerKilledDuringARequestIsACrash()
    {
        H5Service service;
        service.setRequestTimeout(20s);
        const auto id
            = service.addImage(load(bad("min_04_hang_zero16_02327_.h5")), QStringLiteral("hang.h5"));
        QVERIFY(service.call(id, H5Request::open()).ok());
        const qint64 idle = cpuTicks(service.workerPid(id));
        auto pending = service.submit(
            id, H5Request::readPage(QStringLiteral("/ragged"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        // Killed once it is spinning in the library (it has used CPU time on the request).
        QTRY_VERIFY(cpuTicks(service.workerPid(id)) >= idle + 5);
        ::kill(pid_t(service.workerPid(id)), SIGKILL);
        QVERIFY(pending.wait_for(5s) == std::future_status::ready);
        const H5Response r = pending.get();
        QCOMPARE(r.error.code, Error::Code::WorkerCrashed);
        QVERIFY(r.error.detail.contains(QStringLiteral("signal 9")));
    }

    void anErrorRetiresTheWorkerBeforeAnotherObject()
    {
        QTemporaryDir dir;
        H5Service service;
        const auto id = service.addImage(
            load(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")))), QStringLiteral("e.h5"));
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/matrix"))).ok());
        QCOMPARE(service.workerStarts(id), 1);
        const H5Response failed = service.call(id,
            H5Request::readPage(QStringLiteral("/filters/missing"), {DimView::defaultFor(1), 0, 1, 0, 1}));
        QCOMPARE(failed.error.code, Error::Code::FilterMissing);
        // The same object may ask again in the same worker; another object gets a fresh one.
        QCOMPARE(service.call(id, H5Request::info(QStringLiteral("/filters/missing"))).error.code,
            Error::Code::None);
        QCOMPARE(service.workerStarts(id), 1);
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/matrix"))).ok());
        QCOMPARE(service.workerStarts(id), 2);
        // A page outside the dataset is our own check, not a library error: no new worker.
        QCOMPARE(service
                     .call(id,
                         H5Request::readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 5, 1, 0, 1}))
                     .error.code,
            Error::Code::OutOfRange);
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/ints"))).ok());
        QCOMPARE(service.workerStarts(id), 2);
        // Nor is "not a named table": viewers ask that of every group and matrix they show.
        QCOMPARE(service.call(id, H5Request::describeTable(QStringLiteral("/matrix"))).error.code,
            Error::Code::NotATable);
        QVERIFY(service.call(id, H5Request::info(QStringLiteral("/ints"))).ok());
        QCOMPARE(service.workerStarts(id), 2);
    }

    void cancellingARunningRequestStopsItsWorker()
    {
        H5Service service;
        service.setRequestTimeout(30s);
        const auto id
            = service.addImage(load(bad("min_04_hang_zero16_02327_.h5")), QStringLiteral("hang.h5"));
        QObject context;
        bool answered = false;
        const auto request = service.ask(id,
            H5Request::readPage(QStringLiteral("/ragged"), {DimView::defaultFor(1), 0, 10, 0, 1}), &context,
            [&answered](H5Response&&) { answered = true; });
        QTRY_VERIFY(cpuTicks(service.workerPid(id)) >= 5); // running: spinning in the library
        const qint64 worker = service.workerPid(id);
        QElapsedTimer timer;
        timer.start();
        service.cancel(request);
        QTRY_VERIFY_WITH_TIMEOUT(!ProcStatus::exists(worker), 3000);
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(!answered); // a cancelled request is not answered
    }

    void theMemoryLimitTurnsABlowUpIntoAnError()
    {
#ifdef __SANITIZE_ADDRESS__
        QSKIP(
            "the sanitizer build runs workers without an address-space limit (ASan needs its shadow memory)");
#endif
        // Given a worker allowed 100 MiB beyond its image, and a 4 Mi-row dataset
        QTemporaryDir dir;
        H5Service service;
        service.setWorkerLimits(H5WorkerLimits {100LL << 20});
        const auto id = service.addImage(
            load(H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 4 << 20, 2)),
            QStringLiteral("m.h5"));
        // When one read needs more than that (a 64 MiB page, held twice while it is sent)
        const H5Response big = service.call(
            id, H5Request::readPage(QStringLiteral("/values"), {DimView::defaultFor(2), 0, 4 << 20, 0, 2}));
        // Then it is a clean error, not a crash, and smaller reads go on working
        QVERIFY2(big.error.code == Error::Code::TooLarge, qPrintable(big.error.toString()));
        QVERIFY2(big.error.message.contains(QStringLiteral("/values")), qPrintable(big.error.toString()));
        const H5Response small = service.call(
            id, H5Request::readPage(QStringLiteral("/values"), {DimView::defaultFor(2), 1000, 10, 0, 2}));
        QVERIFY2(small.ok(), qPrintable(small.error.toString()));
        QCOMPARE(small.page.columns[1].reals[0], 2001.0);
    }

    void workersForkFromATemplateAndStayOurChildren()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")));
        qint64 templatePid = -1;
        {
            H5Service service;
            QList<qint64> pids;
            for (int i = 0; i < 2; ++i) {
                const auto id = service.addImage(load(path), QStringLiteral("e%1.h5").arg(i));
                QVERIFY(service.call(id, H5Request::open()).ok());
                pids << service.workerPid(id);
            }
            QVERIFY(pids[0] != pids[1]);
            for (qint64 pid : pids) {
                QCOMPARE(parentOf(pid), qint64(::getpid())); // inherited: this process reaps it
                QVERIFY2(commandLine(pid).contains("--zygote"), commandLine(pid).constData());
            }
            for (const QFileInfo& proc : QDir(QStringLiteral("/proc")).entryInfoList(QDir::Dirs)) {
                const qint64 pid = proc.fileName().toLongLong();
                if (pid > 0 && !pids.contains(pid) && parentOf(pid) == ::getpid()
                    && commandLine(pid).contains("--zygote"))
                    templatePid = pid;
            }
            QVERIFY(templatePid > 0);
            // A worker that crashes is still seen as a crash, with its signal.
            ::kill(pid_t(pids[0]), SIGSEGV);
            QTRY_VERIFY(isZombie(pids[0])); // dead, and ours to reap
            const H5Response r = service.call(1, H5Request::info(QStringLiteral("/matrix")));
            QVERIFY(r.ok()); // a fresh worker took over
            QVERIFY(service.workerPid(1) != pids[0]);
            // A worker that aborts (glibc's FORTIFY check) is the one that dies, with SIGABRT; the
            // template it was forked from lives on.
            const auto aborting = service.addImage(
                load(bad("min_13_crash_bitflip_08484_SIGABRT.h5")), QStringLiteral("abort.h5"));
            const QList<Error> errors = walkErrors(service, aborting);
            QVERIFY(std::any_of(errors.begin(), errors.end(), [](const Error& e) {
                return e.code == Error::Code::WorkerCrashed && e.detail.contains(QStringLiteral("signal 6"));
            }));
            QVERIFY(ProcStatus::exists(templatePid) && !isZombie(templatePid));
            const auto next = service.addImage(load(path), QStringLiteral("next.h5"));
            QVERIFY(service.call(next, H5Request::open()).ok());
            QVERIFY(commandLine(service.workerPid(next)).contains("--zygote"));
            // If the template dies, workers are started directly from then on.
            ::kill(pid_t(templatePid), SIGKILL);
            const auto late = service.addImage(load(path), QStringLiteral("late.h5"));
            QVERIFY(service.call(late, H5Request::open()).ok());
            QVERIFY(commandLine(service.workerPid(late)).contains("--image-fd"));
        }
        QVERIFY(!ProcStatus::exists(templatePid)); // the template goes with the service
        // Without the template, workers are started directly.
        qputenv("H5HDFS_NO_ZYGOTE", "1");
        H5Service direct;
        const auto id = direct.addImage(load(path), QStringLiteral("e.h5"));
        QVERIFY(direct.call(id, H5Request::open()).ok());
        QVERIFY(commandLine(direct.workerPid(id)).contains("--image-fd"));
        qunsetenv("H5HDFS_NO_ZYGOTE");
    }

    // ps and top name a worker by the file it serves (not by its directory), whether it was
    // forked from the template or started directly: its command (comm) and its command line.
    void workersShowTheirFileInPs_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("comm");
        QTest::addColumn<bool>("direct");
        const QString longName = QStringLiteral("2026-11-23_part-0007_of_the_nightly_ingest_of_the_lake.h5");
        QTest::newRow("forked") << QStringLiteral("e.h5") << QByteArray("e.h5") << false;
        QTest::newRow("forked, longer than the template's command line")
            << longName << QByteArray("2026-11-23_part") << false;
        QTest::newRow("forked, a character across comm's 15 bytes")
            << QStringLiteral("aaaaaaaaaaaaaa\u00e9.h5") << QByteArray("aaaaaaaaaaaaaa") << false;
        QTest::newRow("started directly") << QStringLiteral("e.h5") << QByteArray("e.h5") << true;
        QTest::newRow("started directly, a long name") << longName << QByteArray("2026-11-23_part") << true;
    }
    void workersShowTheirFileInPs()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, comm);
        QFETCH(bool, direct);
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")));
        if (direct)
            qputenv("H5HDFS_NO_ZYGOTE", "1");
        H5Service service;
        const auto id = service.addImage(load(path), QStringLiteral("/lake/2026-11-23/") + name);
        const bool opened = service.call(id, H5Request::open()).ok();
        qunsetenv("H5HDFS_NO_ZYGOTE");
        QVERIFY(opened);
        const qint64 pid = service.workerPid(id);
        QCOMPARE(commandName(pid), comm);
        const QByteArray line = commandLine(pid);
        QVERIFY2(line.startsWith("h5hdfs-worker: " + name.toUtf8() + ' '), line.constData());
        QVERIFY2(line.contains(direct ? "--image-fd" : "--zygote"), line.constData());
        // Renamed, it serves its file as before.
        const H5Response page = service.call(
            id, H5Request::readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 2, 1, 3, 1}));
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QCOMPARE(page.page.columns[0].reals[0], 23.0);
    }

    void nothingIsLeftBehind()
    {
        const int memfdsBefore = h5hdfsMemfds();
        QList<qint64> pids;
        {
            QTemporaryDir dir;
            const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")));
            H5Service service;
            for (int i = 0; i < 3; ++i) {
                const auto id = service.addImage(load(path), QStringLiteral("e%1.h5").arg(i));
                QVERIFY(service.call(id, H5Request::open()).ok());
                pids << service.workerPid(id);
            }
            QCOMPARE(h5hdfsMemfds(), memfdsBefore + 3);
            for (qint64 pid : pids)
                QVERIFY(ProcStatus::exists(pid));
        }
        // The service is gone: its workers were killed and reaped, and the images released.
        for (qint64 pid : pids)
            QVERIFY(!ProcStatus::exists(pid));
        QCOMPARE(h5hdfsMemfds(), memfdsBefore);
    }

    void filesAreServedInParallel()
    {
        H5Service service;
        service.setRequestTimeout(3s);
        const auto hang
            = service.addImage(load(bad("min_04_hang_zero16_02327_.h5")), QStringLiteral("hang.h5"));
        const auto good = service.addImage(
            load(TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5")), QStringLiteral("blog"));
        auto stuck = service.submit(
            hang, H5Request::readPage(QStringLiteral("/ragged"), {DimView::defaultFor(1), 0, 10, 0, 1}));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(service.call(good, H5Request::info(QStringLiteral("/test"))).ok());
        QVERIFY2(timer.elapsed() < 2000, "a hung file does not hold up another");
        QCOMPARE(stuck.get().error.code, Error::Code::WorkerHung);
    }
};

QTEST_GUILESS_MAIN(tst_WorkerIsolation)
#include "tst_workerisolation.moc"

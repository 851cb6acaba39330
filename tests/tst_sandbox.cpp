// SPDX-License-Identifier: MIT
// The worker's sandbox (core/engine/worker/workersandbox.h): every file worker runs with no new privileges and a
// seccomp filter; a subverted parser that opens a file, a socket or a program is killed by SIGSYS
// and reported by name, and the next request gets a fresh worker. The forbidden operations come
// from the test build of the worker (h5hdfs-worker-testhooks).
#include "h5fixtures.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace H5Hdfs;

namespace {

std::shared_ptr<const ImageBuffer> load(const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    return bytes.ok() ? *bytes : nullptr;
}

/// Every error of listing the root and reading the first page of each dataset in it.
QList<Error> rootErrors(H5Service& service, H5Service::FileId file)
{
    const H5Response listing = service.call(file, H5Request::listChildren(QStringLiteral("/")));
    if (!listing.ok())
        return {listing.error};
    QList<Error> errors;
    for (const H5Node& node : listing.children) {
        const H5Response info = service.call(file, H5Request::info(node.path));
        if (!info.ok()) {
            errors << info.error;
            continue;
        }
        if (node.kind != NodeKind::Dataset)
            continue;
        const DimView view = DimView::defaultFor(info.info.dataset.rank());
        const TableGeometry g = TableGeometry::of(info.info.dataset, view);
        const H5Response page = service.call(file,
            H5Request::readPage(node.path, {view, 0, qMin<qint64>(g.rows, 20), 0, qMin<qint64>(g.cols, 20)}));
        if (!page.ok())
            errors << page.error;
    }
    return errors;
}

/// A plain number field of /proc/PID/status ("Seccomp:\t2"); -1 when absent.
qint64 statusNumber(qint64 pid, const QByteArray& name)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(name + ':'))
            return line.mid(name.size() + 1).trimmed().toLongLong();
    }
    return -1;
}

} // namespace

class tst_Sandbox : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        m_fixture = m_dir.filePath(QStringLiteral("everything.h5"));
        QVERIFY(!H5Fixtures::writeEverything(m_fixture).isEmpty());
    }

    void forbiddenOperationKillsTheWorker_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::newRow("openat /etc/passwd") << QStringLiteral("openat");
        QTest::newRow("socket") << QStringLiteral("socket");
        QTest::newRow("execve /bin/true") << QStringLiteral("execve");
    }
    void forbiddenOperationKillsTheWorker()
    {
        QFETCH(QString, operation);
        H5Service service;
        service.setWorkerProgram(TestPaths::binDir() + QStringLiteral("/h5hdfs-worker-testhooks"));
        const auto file = service.addImage(load(m_fixture), QStringLiteral("everything.h5"));
        QVERIFY(service.call(file, H5Request::open()).ok());
        const qint64 firstWorker = service.workerPid(file);

        const H5Response attempt
            = service.call(file, H5Request::info(QStringLiteral("/.h5hdfs-test/forbidden/") + operation));
        QCOMPARE(attempt.error.code, Error::Code::WorkerCrashed);
        QVERIFY2(attempt.error.message.contains(
                     QStringLiteral("tried a forbidden operation (%1); the file may be malicious").arg(operation)),
            qPrintable(attempt.error.toString()));
        QVERIFY2(attempt.error.detail.contains(QStringLiteral("signal %1").arg(SIGSYS)),
            qPrintable(attempt.error.detail));

        // The file goes on in a fresh worker.
        const H5Response after = service.call(file, H5Request::listChildren(QStringLiteral("/")));
        QVERIFY2(after.ok(), qPrintable(after.error.toString()));
        QVERIFY(!after.children.isEmpty());
        QVERIFY(service.workerPid(file) != firstWorker);
        QCOMPARE(service.workerStarts(file), 2);
    }

    void everyFileWorkerIsConfined()
    {
        // The release worker, as the programs start it.
        H5Service service;
        const auto file = service.addImage(load(m_fixture), QStringLiteral("everything.h5"));
        QVERIFY(service.call(file, H5Request::listChildren(QStringLiteral("/"))).ok());
        const qint64 pid = service.workerPid(file);
        QVERIFY(pid > 0);
        QCOMPARE(statusNumber(pid, "NoNewPrivs"), 1);
        QCOMPARE(statusNumber(pid, "Seccomp"), 2); // SECCOMP_MODE_FILTER
        // The template's filter and the worker's own, stricter one.
        QCOMPARE(statusNumber(pid, "Seccomp_filters"), 2);
    }

    void corpusAndBadFilesNeverTripTheFilter()
    {
        // The allow list was measured; this keeps it honest on files nobody here wrote, including
        // the ones that crash or hang libhdf5: they must fail as crashes, never as forbidden calls.
        QStringList paths;
        for (const QString& directory : {QStringLiteral("/bad"), QStringLiteral("/hdf5/test")}) {
            const QDir dir(TestPaths::corpus() + directory);
            for (const QString& name : dir.entryList({QStringLiteral("*.h5")}, QDir::Files))
                paths << dir.filePath(name);
        }
        QVERIFY(paths.size() > 20);
        H5Service service;
        service.setRequestTimeout(std::chrono::seconds(5));
        int readCleanly = 0;
        for (const QString& path : paths) {
            const auto file = service.addImage(load(path), QFileInfo(path).fileName());
            const QList<Error> errors = rootErrors(service, file);
            for (const Error& e : errors)
                QVERIFY2(!e.message.contains(QStringLiteral("forbidden")), qPrintable(e.toString() + e.detail));
            readCleanly += errors.isEmpty();
            service.closeFile(file);
        }
        QVERIFY(readCleanly > paths.size() / 2);
    }
};

QTEST_GUILESS_MAIN(tst_Sandbox)
#include "tst_sandbox.moc"

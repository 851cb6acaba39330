// SPDX-License-Identifier: MIT
// A file whose opening kills the worker: the crash is the file's error, for the open and for
// every later request, without starting worker after worker; the next file gets a fresh worker.
#include "service/h5service.h"
#include "testpaths.h"

#include <QFileInfo>
#include <QTest>

using namespace std::chrono_literals;

using namespace H5Hdfs;

namespace {

// tools/testfiles/tldouble.h5 with the root group's symbol table message pointing at an undefined
// B-tree address (8 bytes 0xff at 0x78): libhdf5 1.10.8 dereferences it inside H5Fopen (SIGSEGV).
QString crashesOnOpen()
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/data/bad/open_root_btree_undef_crash.h5");
}

std::shared_ptr<const ImageBuffer> load(const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    return bytes.ok() ? *bytes : nullptr;
}

} // namespace

class tst_OpenFailures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aCrashWhileOpeningIsTheFilesError()
    {
        H5Service service;
        service.setRequestTimeout(5s);
        const auto id = service.addImage(load(crashesOnOpen()), QStringLiteral("crash.h5"));
        const H5Response opened = service.call(id, H5Request::open());
        QCOMPARE(opened.error.code, Error::Code::WorkerCrashed);
        QCOMPARE(opened.error.message,
            QStringLiteral(
                "crash.h5: opening the file crashed the HDF5 library; the file is probably corrupt"));
        QVERIFY2(opened.error.detail.contains(QStringLiteral("signal 11")), qPrintable(opened.error.detail));
        QCOMPARE(service.workerStarts(id), 1);
        QCOMPARE(service.workerPid(id), qint64(-1));
        // Opening again would crash again: later requests get the same error, no new worker.
        const H5Response listing = service.call(id, H5Request::listChildren(QStringLiteral("/")));
        QCOMPARE(listing.error.code, Error::Code::WorkerCrashed);
        QCOMPARE(listing.error.message, opened.error.message);
        QCOMPARE(service.workerStarts(id), 1);
    }

    void theNextFileGetsAFreshWorker()
    {
        H5Service service;
        const auto crashed = service.addImage(load(crashesOnOpen()), QStringLiteral("crash.h5"));
        QCOMPARE(service.call(crashed, H5Request::open()).error.code, Error::Code::WorkerCrashed);
        const auto good = service.addImage(
            load(TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5")), QStringLiteral("blog"));
        const H5Response r = service.call(
            good, H5Request::readPage(QStringLiteral("/test"), {DimView::defaultFor(2), 0, 1, 0, 1}));
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.page.columns[0].ints[0], qint64(12345));
        QCOMPARE(service.workerStarts(good), 1);
        QVERIFY(service.workerPid(good) > 0);
    }
};

QTEST_GUILESS_MAIN(tst_OpenFailures)
#include "tst_openfailures.moc"

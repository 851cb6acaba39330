// SPDX-License-Identifier: MIT
// Workers forked ahead of need (SpareWorkers, issue 18): a spare exists before its file, serves
// that one file and no other, and a spare nobody took is killed and reaped; a corrupt file in a
// batch that uses spares still fails alone.
#include "batch/batchrun.h"
#include "batch/filecheck.h"
#include "h5fixtures.h"
#include "procstatus.h"
#include "service/h5service.h"
#include "service/spareworkers.h"
#include "testpaths.h"

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

std::shared_ptr<H5WorkerZygote> startTemplate()
{
    return H5WorkerZygote::start(TestPaths::binDir() + QStringLiteral("/h5hdfs-worker"));
}

QList<qint64> asList(const std::vector<pid_t>& pids)
{
    return QList<qint64>(pids.begin(), pids.end());
}

/// The file's first page of /matrix (writeEverything's 23.0 at row 2, column 3), through `worker`.
H5WorkerProcess::Reply readMatrixCell(H5WorkerProcess& worker)
{
    return worker.execute(H5Request::readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 2, 1, 3, 1}),
        std::chrono::seconds(10));
}

} // namespace

class tst_SpareWorkers : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_everything;

private Q_SLOTS:
    void initTestCase()
    {
        m_everything = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5")));
        QVERIFY(!m_everything.isEmpty());
    }

    void aSpareIsHandedOneFileAndServesOnlyIt()
    {
        const auto zygote = startTemplate();
        QVERIFY(zygote);
        SpareWorkers spares(zygote, 1);
        QTRY_COMPARE(spares.waitingPids().size(), size_t(1));
        const qint64 sparePid = spares.waitingPids().front();
        const auto image = load(m_everything);
        auto worker = spares.take(*image, H5WorkerLimits {}, QStringLiteral("first.h5"));
        QVERIFY(worker);
        QCOMPARE(qint64(worker->pid()), sparePid); // the file was served by the worker forked before it
        const auto reply = readMatrixCell(*worker);
        QCOMPARE(reply.outcome, H5WorkerProcess::Outcome::Answered);
        QVERIFY2(reply.response.ok(), qPrintable(reply.response.error.toString()));
        QCOMPARE(reply.response.page.columns[0].reals[0], 23.0);
        QCOMPARE(ProcStatus::commandName(sparePid), QByteArray("first.h5")); // named after it in ps
        // One file only: it refuses a second image, and goes on serving its own.
        QVERIFY(!worker->handImage(*image, H5WorkerLimits {}, QStringLiteral("second.h5")));
        QCOMPARE(readMatrixCell(*worker).outcome, H5WorkerProcess::Outcome::Answered);
        // The one taken is replaced, by another process.
        QTRY_COMPARE(spares.waitingPids().size(), size_t(1));
        QVERIFY(qint64(spares.waitingPids().front()) != sparePid);
        worker.reset();
        QVERIFY(!ProcStatus::exists(sparePid));
    }

    void unusedSparesAreKilledAndReaped()
    {
        const auto zygote = startTemplate();
        QVERIFY(zygote);
        QList<qint64> pids;
        {
            SpareWorkers spares(zygote, 3);
            QTRY_COMPARE(spares.waitingPids().size(), size_t(3));
            pids = asList(spares.waitingPids());
            for (qint64 pid : pids)
                QVERIFY(ProcStatus::children().contains(pid)); // ours to reap, like any worker
        }
        for (qint64 pid : pids)
            QVERIFY2(!ProcStatus::exists(pid), "no spare is left, not even as a zombie");
    }

    void aSpareThatDiedIsNotHandedAFile()
    {
        const auto zygote = startTemplate();
        QVERIFY(zygote);
        SpareWorkers spares(zygote, 1);
        QTRY_COMPARE(spares.waitingPids().size(), size_t(1));
        const qint64 dead = spares.waitingPids().front();
        QCOMPARE(::kill(pid_t(dead), SIGKILL), 0);
        QTRY_VERIFY(ProcStatus::isZombie(dead));
        QVERIFY(!spares.take(*load(m_everything), H5WorkerLimits {}, QStringLiteral("e.h5")));
        QVERIFY(!ProcStatus::exists(dead)); // reaped when it was dropped
    }

    // Through the service: the worker that serves a file was forked before the file was added, and
    // the service leaves no process behind.
    void theServiceServesFilesFromSparesAndLeavesNothing()
    {
        const QList<qint64> before = ProcStatus::children();
        QList<qint64> served;
        {
            H5Service service;
            service.keepSpareWorkers(2);
            for (int i = 0; i < 2; ++i) {
                // The template, 2 spares, and the workers of the files opened before.
                QTRY_COMPARE(ProcStatus::children().size(), before.size() + 3 + i);
                const QList<qint64> ready = ProcStatus::children();
                const auto id = service.addImage(load(m_everything), QStringLiteral("/lake/e%1.h5").arg(i));
                QVERIFY(service.call(id, H5Request::open()).ok());
                served << service.workerPid(id);
                QVERIFY2(ready.contains(served.last()), "its worker was forked before the file came");
                QCOMPARE(ProcStatus::commandName(served.last()), QStringLiteral("e%1.h5").arg(i).toUtf8());
            }
            QVERIFY(served[0] != served[1]);
        }
        QCOMPARE(ProcStatus::children(), before); // workers, spares and template: all gone and reaped
    }

    void aCorruptFileInABatchFailsAlone()
    {
        const QString crash = TestPaths::corpus() + QStringLiteral("/bad/min_13_crash_bitflip_08484_SIGABRT.h5");
        QVERIFY(QFile::exists(crash));
        QList<BatchFile> files;
        const QString good = H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("good.h5")), 100, 4);
        for (int i = 0; i < 5; ++i) {
            const QString path = i == 2 ? crash : good;
            files << BatchFile {QStringLiteral("%1#%2").arg(path).arg(i), {}, path};
        }
        const QList<qint64> before = ProcStatus::children();
        QHash<QString, FileOutcome> outcomes;
        BatchCallbacks callbacks;
        callbacks.fileDone = [&](const BatchFile& input, const FileOutcome& outcome, const BatchProgress&) {
            outcomes.insert(input.name, outcome);
        };
        const BatchTotals totals
            = runBatch(files, BatchLimits {2, std::chrono::seconds(60)}, BatchSource {}, FileCheck::batchAction(), callbacks);
        QCOMPARE(totals.ok, 4);
        QCOMPARE(totals.failed, 1);
        QCOMPARE(outcomes.size(), 5);
        for (const BatchFile& f : files) {
            const Error error = outcomes.value(f.name).error;
            QVERIFY2(error.isError() == (f.localPath == crash), qPrintable(f.name + QStringLiteral(": ") + error.toString()));
        }
        QCOMPARE(outcomes.value(files[2].name).error.code, Error::Code::WorkerCrashed);
        QCOMPARE(ProcStatus::children(), before);
    }
};

QTEST_GUILESS_MAIN(tst_SpareWorkers)
#include "tst_spareworkers.moc"

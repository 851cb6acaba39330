// SPDX-License-Identifier: MIT
// BackgroundJob: the rules every long job (statistics, sort, CSV export) relies on. Callbacks run in
// the context's thread; never after cancel(), the handle's end or the context's death, which also
// stop the work; progress reports are merged while the context's thread is busy; done runs once.
#include "backgroundjob.h"

#include <QCoreApplication>
#include <QTest>
#include <QThread>
#include <atomic>
#include <optional>

using namespace H5Hdfs;

namespace {

/// What the callbacks saw, in the order they ran.
struct Seen {
    int doneCalls = 0;
    std::optional<int> outcome;
    QThread* doneThread = nullptr;
    QList<qint64> progress; ///< `done` of each progress call
    bool progressAfterDone = false;

    std::function<void(int&&)> done()
    {
        return [this](int&& value) {
            ++doneCalls;
            outcome = value;
            doneThread = QThread::currentThread();
        };
    }
    ProgressCallback reports()
    {
        return [this](qint64 reached, qint64) {
            progressAfterDone = progressAfterDone || doneCalls > 0;
            progress.append(reached);
        };
    }
};

/// Work that runs until it is cancelled, then says so in `stopped`.
std::function<int(const JobControl&)> untilCancelled(std::atomic_bool& started, std::atomic_bool& stopped)
{
    return [&started, &stopped](const JobControl& control) {
        started = true;
        for (qint64 step = 0; !control.cancelled; ++step) {
            control.report(step, -1);
            QThread::yieldCurrentThread();
        }
        stopped = true;
        return -1;
    };
}

/// Runs every call posted so far (the work's thread has ended: nothing more can come).
void deliverPosted()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

} // namespace

class tst_BackgroundJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void doneRunsOnceInTheContextsThreadWithTheOutcome()
    {
        QObject context;
        Seen seen;
        BackgroundJob job = BackgroundJob::start<int>(
            &context, [](const JobControl&) { return 42; }, seen.done());
        QVERIFY(job.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(seen.doneCalls, 1, 10000);
        QCOMPARE(seen.outcome, 42);
        QCOMPARE(seen.doneThread, QThread::currentThread());
        QVERIFY(!job.isRunning());
        job = {}; // joins the finished thread
        deliverPosted();
        QCOMPARE(seen.doneCalls, 1);
    }

    void cancelStopsTheWorkAndItsCallbacks()
    {
        QObject context;
        Seen seen;
        std::atomic_bool started {false}, stopped {false};
        BackgroundJob job = BackgroundJob::start<int>(
            &context, untilCancelled(started, stopped), seen.done(), seen.reports());
        QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
        const qsizetype reportsBefore = seen.progress.size(); // those that ran while waiting
        job.cancel();
        QVERIFY(!job.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 10000); // the work saw the cancel
        job = {};
        deliverPosted();
        QCOMPARE(seen.doneCalls, 0);
        QCOMPARE(seen.progress.size(), reportsBefore); // none of those posted before the cancel ran
    }

    void droppingTheHandleStopsTheWorkAndItsCallbacks()
    {
        QObject context;
        Seen seen;
        std::atomic_bool started {false}, stopped {false};
        qsizetype reportsBefore = 0;
        {
            BackgroundJob job = BackgroundJob::start<int>(
                &context, untilCancelled(started, stopped), seen.done(), seen.reports());
            QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
            reportsBefore = seen.progress.size();
        } // the handle's end cancels and waits for the thread
        QVERIFY(stopped);
        deliverPosted();
        QCOMPARE(seen.doneCalls, 0);
        QCOMPARE(seen.progress.size(), reportsBefore);
    }

    void aDeadContextGetsNoCallbackAndStopsTheWork()
    {
        auto* context = new QObject;
        Seen seen;
        std::atomic_bool started {false}, stopped {false};
        BackgroundJob job = BackgroundJob::start<int>(
            context, untilCancelled(started, stopped), seen.done(), seen.reports());
        QTRY_VERIFY_WITH_TIMEOUT(started, 10000);
        const qsizetype reportsBefore = seen.progress.size();
        delete context;
        QVERIFY(!job.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 10000); // nobody takes the answer: the work stopped
        job = {};
        deliverPosted();
        QCOMPARE(seen.doneCalls, 0);
        QCOMPARE(seen.progress.size(), reportsBefore);
    }

    void reportsWhileTheContextIsBusyMergeIntoOneCallBeforeDone()
    {
        QObject context;
        Seen seen;
        std::atomic_bool reported {false};
        constexpr qint64 kReports = 1000;
        BackgroundJob job = BackgroundJob::start<int>(
            &context,
            [&reported](const JobControl& control) {
                for (qint64 i = 1; i <= kReports; ++i)
                    control.report(i, kReports);
                reported = true;
                return 7;
            },
            seen.done(), seen.reports());
        // This thread takes no events until every report is made: they merge into one pending call.
        while (!reported)
            QThread::yieldCurrentThread();
        QTRY_COMPARE_WITH_TIMEOUT(seen.doneCalls, 1, 10000);
        QCOMPARE(seen.progress, QList<qint64>({kReports})); // one call, with the newest numbers
        QVERIFY(!seen.progressAfterDone);
        QCOMPARE(seen.outcome, 7);
    }
};

QTEST_GUILESS_MAIN(tst_BackgroundJob)
#include "tst_backgroundjob.moc"

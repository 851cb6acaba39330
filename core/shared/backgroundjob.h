// SPDX-License-Identifier: MIT
#pragma once

#include "contextreply.h"

#include <atomic>
#include <thread>

namespace H5Hdfs {

/// What long work sees of its asker: where to report progress, and whether to stop.
struct JobControl {
    /// Reports progress to the asker (merged, in its context's thread); cheap, call it per page.
    ProgressCallback report;
    /// Set once the asker cancelled or went away: stop after the step at hand.
    const std::atomic_bool& cancelled;
};

/// Long work with progress (statistics, a sort, a CSV export) on a thread of its own, in the shape of
/// H5Service::ask: start() takes a context, a done callback and a progress callback, which run in
/// the context's thread, never after the context died or the job was cancelled; done runs exactly
/// once otherwise, progress never after it. The handle owns the work: cancel() stops it at once
/// for the asker (no callback from then on) and the work within its step; destroying the handle
/// cancels and waits for the thread.
class BackgroundJob {
public:
    BackgroundJob() = default;
    BackgroundJob(BackgroundJob&& other) noexcept = default;
    BackgroundJob& operator=(BackgroundJob&& other) noexcept;
    ~BackgroundJob();

    template <typename Outcome>
    static BackgroundJob start(QObject* context, std::function<Outcome(const JobControl&)> work,
        std::function<void(Outcome&&)> done, ProgressCallback progress = {})
    {
        BackgroundJob job;
        job.m_cancel = std::make_shared<std::atomic_bool>(false);
        // Nobody takes the answer of a dead context: the work stops.
        const auto reply = ContextReply<Outcome>::create(
            context, std::move(done), std::move(progress), {nullptr, [cancel = job.m_cancel] { *cancel = true; }});
        job.m_withdraw = [reply] { reply->withdraw(); };
        job.m_pending = [weak = std::weak_ptr(reply)] {
            const auto r = weak.lock();
            return r && r->isPending();
        };
        job.m_thread = std::thread([reply, cancel = job.m_cancel, work = std::move(work)] {
            ProgressCallback report;
            if (reply->wantsProgress())
                report = [&reply](qint64 doneSoFar, qint64 total) { reply->postProgress(doneSoFar, total); };
            else
                report = [](qint64, qint64) {};
            reply->post(work(JobControl {report, *cancel}));
        });
        return job;
    }

    /// No callback runs from now on (called in the context's thread); the work stops after its step.
    void cancel();
    /// True from start() until done ran or the job was cancelled.
    [[nodiscard]] bool isRunning() const { return m_pending && m_pending(); }

private:
    /// Cancels, and waits for the thread (it stops within its step).
    void stop();

    std::shared_ptr<std::atomic_bool> m_cancel;
    std::function<void()> m_withdraw;
    std::function<bool()> m_pending;
    std::thread m_thread;
};

} // namespace H5Hdfs

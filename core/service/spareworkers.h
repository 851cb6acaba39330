// SPDX-License-Identifier: MIT
#pragma once

#include "h5workerprocess.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace H5Hdfs {

/// Workers forked ahead of need: a batch's next files are still downloading while their workers
/// are forked, so a file that arrives finds one ready and does not wait for the fork. Isolation is
/// unchanged: a spare has read nothing until it is handed its one file, and serves only that file;
/// the spares nobody took are killed and reaped when this goes. A thread of its own keeps `count`
/// ready, forking a new one as soon as one is taken. Thread-safe.
class SpareWorkers {
public:
    SpareWorkers(std::shared_ptr<H5WorkerZygote> zygote, int count);
    /// Kills and reaps the spares still waiting.
    ~SpareWorkers();
    SpareWorkers(const SpareWorkers&) = delete;
    SpareWorkers& operator=(const SpareWorkers&) = delete;

    /// A ready spare, already handed `image`; null when none is ready or the one taken could not
    /// take it (the caller then starts a worker itself, as without spares).
    std::unique_ptr<H5WorkerProcess> take(
        const ImageBuffer& image, const H5WorkerLimits& limits, const QString& fileName);

    /// Diagnostics: the pids of the spares waiting now.
    [[nodiscard]] std::vector<pid_t> waitingPids() const;

private:
    void keepReady();

    const std::shared_ptr<H5WorkerZygote> m_zygote;
    const size_t m_count;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::unique_ptr<H5WorkerProcess>> m_ready;
    bool m_stopping = false;
    std::thread m_thread; ///< last: it starts once the rest is in place
};

} // namespace H5Hdfs

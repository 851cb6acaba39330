// SPDX-License-Identifier: MIT
#include "spareworkers.h"

#include "logging.h"

namespace H5Hdfs {

SpareWorkers::SpareWorkers(std::shared_ptr<H5WorkerZygote> zygote, int count)
    : m_zygote(std::move(zygote))
    , m_count(size_t(qMax(0, count)))
    , m_thread([this] { keepReady(); })
{
}

SpareWorkers::~SpareWorkers()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    m_ready.clear(); // each spare's socket closes, and it is killed and reaped
}

std::unique_ptr<H5WorkerProcess> SpareWorkers::take(
    const ImageBuffer& image, const H5WorkerLimits& limits, const QString& fileName)
{
    std::unique_ptr<H5WorkerProcess> spare;
    {
        std::lock_guard lock(m_mutex);
        if (m_ready.empty())
            return nullptr;
        spare = std::move(m_ready.front());
        m_ready.pop_front();
    }
    m_wake.notify_all(); // fork its successor while this one opens its file
    if (!spare->handImage(image, limits, fileName))
        return nullptr; // it died waiting; destroyed here, reaped
    return spare;
}

std::vector<pid_t> SpareWorkers::waitingPids() const
{
    std::lock_guard lock(m_mutex);
    std::vector<pid_t> pids;
    for (const auto& spare : m_ready)
        pids.push_back(spare->pid());
    return pids;
}

// Forks outside the lock: a take() never waits for a fork.
void SpareWorkers::keepReady()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || m_ready.size() < m_count; });
        if (m_stopping)
            return;
        lock.unlock();
        auto spare = H5WorkerProcess::startSpare(*m_zygote);
        lock.lock();
        if (!spare) {
            qCWarning(lcH5) << "no spare workers from now on:" << spare.error().toString();
            return; // the template is gone: files start their workers themselves, as without spares
        }
        m_ready.push_back(std::move(spare).value());
    }
}

} // namespace H5Hdfs

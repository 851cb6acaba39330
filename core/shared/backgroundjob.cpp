// SPDX-License-Identifier: MIT
#include "backgroundjob.h"

namespace H5Hdfs {

BackgroundJob& BackgroundJob::operator=(BackgroundJob&& other) noexcept
{
    if (this == &other)
        return *this;
    stop(); // the work held before
    m_cancel = std::move(other.m_cancel);
    m_withdraw = std::move(other.m_withdraw);
    m_pending = std::move(other.m_pending);
    m_thread = std::move(other.m_thread);
    return *this;
}

BackgroundJob::~BackgroundJob()
{
    stop();
}

void BackgroundJob::stop()
{
    cancel();
    if (m_thread.joinable())
        m_thread.join();
}

void BackgroundJob::cancel()
{
    if (m_cancel)
        *m_cancel = true;
    if (m_withdraw)
        m_withdraw();
}

} // namespace H5Hdfs

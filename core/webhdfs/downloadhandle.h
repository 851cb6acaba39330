// SPDX-License-Identifier: MIT
#pragma once

#include "imagebuffer.h"

#include <functional>
#include <memory>

namespace H5Hdfs {

/// What a finished WebHdfsClient::download hands its asker.
struct DownloadedBytes {
    /// The file (or the range asked for): buffer->size() bytes, written in place as they arrived.
    std::shared_ptr<ImageBuffer> buffer;
    /// Bytes per second, from the first byte asked for to the last one received.
    double bytesPerSecond = 0;
};

/// The asker's end of a WebHdfsClient::download, used in the client's thread. cancel() ends the
/// transfer and, as ContextReply::withdraw, no callback of the download runs from then on.
/// Move-only. Destroying it does NOT cancel: every asker (a batch, the viewer, the CLI) starts a
/// download and lets its done callback take over, and the download already ends with its context;
/// keep the handle only to cancel, to ask whether it runs, or for its rate while it runs.
class DownloadHandle {
public:
    DownloadHandle() = default;
    DownloadHandle(DownloadHandle&& other) noexcept = default;
    DownloadHandle& operator=(DownloadHandle&& other) noexcept = default;
    DownloadHandle(const DownloadHandle&) = delete;
    DownloadHandle& operator=(const DownloadHandle&) = delete;

    /// No callback runs from now on, and the requests in flight are aborted.
    void cancel()
    {
        if (m_cancel)
            m_cancel();
    }
    /// True from download() until done ran, the context ended or cancel().
    [[nodiscard]] bool isRunning() const { return m_running && m_running(); }
    /// Bytes per second so far, while it runs (0 before the first byte and once it ended).
    [[nodiscard]] double bytesPerSecond() const { return m_rate ? m_rate() : 0.0; }

private:
    friend class WebHdfsClient;
    std::function<void()> m_cancel;
    std::function<bool()> m_running;
    std::function<double()> m_rate;
};

} // namespace H5Hdfs

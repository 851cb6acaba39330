// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <atomic>
#include <chrono>

namespace H5Hdfs {

/// How long a fetch may take: `stall` without a byte, never past `until`; `cancel` (polled) stops it.
struct FetchLimits {
    const std::atomic_bool* cancel = nullptr;
    std::chrono::milliseconds stall {10'000};
    std::chrono::steady_clock::time_point until = std::chrono::steady_clock::time_point::max();
};

/// Where the bytes of a lazily opened file come from: byte ranges of a WebHDFS file, or of a
/// local one. Reads may come from any thread, one at a time per source.
class RangeSource {
public:
    virtual ~RangeSource() = default;
    /// The file's length, as seen when it was opened.
    [[nodiscard]] virtual qint64 size() const = 0;
    /// Reads exactly `length` bytes at `offset` into `into`; anything less is an error that says
    /// what and where ("x.h5 changed on HDFS since it was opened", a short answer, a stall).
    virtual Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QList>
#include <atomic>
#include <chrono>

namespace H5Hdfs {

/// How long a fetch may take: `stall` without a byte, never past `until`; `cancel` (polled) stops it.
struct FetchLimits {
    const std::atomic_bool* cancel = nullptr;
    std::chrono::milliseconds stall {10'000};
    std::chrono::steady_clock::time_point until = std::chrono::steady_clock::time_point::max();
};

/// One range of a readRanges() call: `length` bytes at `offset`, into `into`.
struct RangeRead {
    qint64 offset = 0;
    qint64 length = 0;
    char* into = nullptr;
};

/// Where the bytes of a lazily opened file come from: byte ranges of a WebHDFS file, or of a
/// local one. Reads may come from several threads at once (the worker's supervisor, read-ahead).
class RangeSource {
public:
    virtual ~RangeSource() = default;
    /// The file's length, as seen when it was opened.
    [[nodiscard]] virtual qint64 size() const = 0;
    /// Reads exactly `length` bytes at `offset` into `into`; anything less is an error that says
    /// what and where ("x.h5 changed on HDFS since it was opened", a short answer, a stall).
    virtual Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) = 0;
    /// Reads every range; the answer is the first range's error in order, if any (what the other
    /// ranges then hold is undefined). A source over a network reads independent ranges at the
    /// same time (WebHdfsRangeSource); this one reads them one after the other.
    virtual Status readRanges(const QList<RangeRead>& ranges, const FetchLimits& limits)
    {
        for (const RangeRead& range : ranges) {
            if (Status s = read(range.offset, range.length, range.into, limits); s.isError())
                return s;
        }
        return {};
    }
};

} // namespace H5Hdfs

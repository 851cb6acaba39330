// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "result.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace H5Hdfs {

/// Formats the rows of pages as CSV on several threads and hands the text back in row order.
///
/// Formatting numbers (shortest round-trip text) is the CPU cost of an export; one core of it is
/// slower than a disk takes text. A page is cut into chunks of rows; helper threads format chunks
/// ahead into a small ring of buffers while the caller writes the finished ones, in order. Each row's
/// text depends on that row alone, so the output is byte for byte what one thread writes. Memory is
/// the ring (a few MiB), whatever the size of the page or the table; buffers keep their capacity, so
/// after the first page nothing is allocated.
class CsvPageFormatter {
public:
    /// Writes one chunk of text; an error stops the page.
    using Sink = std::function<Status(std::string_view text)>;

    /// `threads`: helper threads; 0 formats on the caller's thread (small exports, one core).
    CsvPageFormatter(const CsvOptions& options, int threads);
    ~CsvPageFormatter();
    CsvPageFormatter(const CsvPageFormatter&) = delete;
    CsvPageFormatter& operator=(const CsvPageFormatter&) = delete;

    /// Helper threads worth running on this machine: one per core, at most 8.
    static int defaultThreads();
    /// Rows per chunk of a page of `rows` x `columns` cells: at most about kChunkCells cells (a few
    /// MiB of text, written in one call), and small enough that every helper gets work.
    [[nodiscard]] qint64 chunkRows(qint64 rows, qint64 columns) const;
    static constexpr qint64 kChunkCells = 1 << 17;

    /// Formats rows [0, page.rowCount) of `page` (`indexStart`: the index of its first row) and
    /// passes the text to `sink` in chunks, in row order, from the calling thread. Returns the
    /// sink's first error, or Cancelled when `cancel` becomes true between chunks. One caller at a time.
    Status format(const Page& page, qint64 indexStart, const Sink& sink, const std::atomic_bool* cancel);

private:
    struct Slot {
        std::string text;
        qint64 chunk = -1; ///< the chunk whose text is ready here; -1 while empty
    };
    void helperLoop();
    void formatChunk(qint64 chunk, std::string& out) const;

    const CsvOptions m_options;
    std::vector<std::thread> m_helpers;
    std::mutex m_mutex;
    std::condition_variable m_work;  ///< helpers wait here for a chunk to claim
    std::condition_variable m_ready; ///< the caller waits here for the next chunk in order
    std::vector<Slot> m_slots;
    // The page being formatted (guarded by m_mutex).
    const Page* m_page = nullptr;
    qint64 m_indexStart = 0;
    qint64 m_chunkRows = 1;
    qint64 m_chunks = 0;
    qint64 m_nextClaim = 0; ///< the next chunk a helper takes
    qint64 m_written = 0;   ///< chunks the caller has passed to the sink
    int m_busy = 0;         ///< helpers formatting a chunk right now
    bool m_stop = false;
};

} // namespace H5Hdfs

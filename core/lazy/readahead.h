// SPDX-License-Identifier: MIT
#pragma once

#include "lazy/rangesource.h"

#include <QtGlobal>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace H5Hdfs {

/// Sequential read-ahead for a lazily read file (BlockStore::setSequentialReadAhead): while the
/// worker works on the blocks it asked for, the window after them is fetched in the background,
/// so a whole-dataset read (export, check) finds its next blocks here instead of waiting a round
/// trip and a transfer for each. The fetched blocks are kept apart from the shared cache and are
/// copied into it only when the worker asks for them: only the worker's own requests ever evict a
/// block it knows. At most two windows are held. Thread-safe.
class ReadAhead {
public:
    /// `windowBytes` are fetched ahead, in one request each time the window moves on.
    ReadAhead(std::shared_ptr<RangeSource> source, qint64 blockSize, qint64 windowBytes);
    /// Stops the fetch in progress (its reader polls a cancel flag) and waits for the thread.
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    /// The worker was just given blocks up to `lastBlock`: the window after it is fetched next.
    /// What was fetched before that block is dropped (read, or skipped).
    void advance(qint64 lastBlock);
    /// Drops everything fetched ahead and fetches nothing more until the next advance() (the
    /// worker's reads stopped being sequential).
    void reset();
    /// Copies `block` (`length` bytes) into `into` if it was fetched ahead, waiting for its fetch
    /// if it is under way (bound by `limits`). False when it is not here or its fetch failed: the
    /// caller then fetches it itself and gets the real error, if any.
    bool take(qint64 block, char* into, qint64 length, const FetchLimits& limits);

    struct Stats {
        int fetches = 0;        ///< requests to the source
        qint64 bytesFetched = 0;
        int blocksTaken = 0;    ///< blocks a request found here
    };
    [[nodiscard]] Stats stats() const;

private:
    /// A run of blocks fetched (or being fetched) by one request.
    struct Piece {
        qint64 first = 0;
        qint64 count = 0;
        std::vector<char> bytes;
        enum class State { Wanted, Fetching, Ready, Failed } state = State::Wanted;
        bool dropped = false; ///< no longer wanted; discarded when its fetch ends
    };

    void run();
    [[nodiscard]] qint64 blockCount() const;

    std::shared_ptr<RangeSource> m_source;
    qint64 m_blockSize = 0;
    qint64 m_windowBlocks = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::list<std::shared_ptr<Piece>> m_pieces; ///< in file order
    Stats m_stats;
    std::atomic_bool m_stop {false};
    std::thread m_thread; ///< last: started once everything above is ready
};

} // namespace H5Hdfs

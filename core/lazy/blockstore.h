// SPDX-License-Identifier: MIT
#pragma once

#include "lazyprotocol.h"
#include "imagebuffer.h"
#include "lazy/rangesource.h"
#include "lazy/readahead.h"

#include <QHash>
#include <memory>
#include <mutex>
#include <vector>

namespace H5Hdfs {

/// The supervisor's side of a lazily opened file: a block cache in shared memory (a memfd the
/// worker maps read-only) that it fills from a RangeSource when the worker asks. The cache is
/// bounded (slots of one block each) with least-recently-used eviction, and outlives workers: a
/// worker started after an error finds the blocks already fetched. The missing blocks of a request
/// are read as runs of adjacent blocks, the runs at the same time; the first request also brings
/// the file's last blocks, where objects created last may lie. Thread-safe.
class BlockStore {
public:
    /// Chosen by measurement (tests/bench/bench_lazyopen, figures in its header): see there.
    static constexpr qint64 kDefaultBlockSize = 256 << 10;
    /// The first request brings at least the file's first this many bytes: HDF5 writers put the
    /// superblock, the root group and the first objects' headers there.
    static constexpr qint64 kDefaultFirstFetch = 1 << 20;
    /// The first request also brings the file's last this many bytes, in a request of its own sent
    /// with it (no round trip more). bench_lazyopen measured where the metadata a viewer reads lies
    /// (2026-12-01): small files are read whole by the first request anyway; in files of h5py and
    /// pandas of 60-70 MB it is spread through the file, each object's header next to its data, so
    /// the end saves 0-1 round trips of 5-13 in most; the last MiB saves more than the last 256 KiB
    /// (pandas' edges.h5: 8 -> 4 round trips, not 7; h5py appended: 5 -> 4, not 5).
    static constexpr qint64 kDefaultTailFetch = 1 << 20;
    /// What sequential read-ahead fetches ahead of the worker (setSequentialReadAhead). Chosen by
    /// bench_lazyopen (2026-12-01, load average 4, one run): a 244 MiB dataset read front to back
    /// over the local server with 20 ms latency takes 1.38 s without read-ahead, 1.13 s with 16 MiB,
    /// 0.86 s with 32 MiB, 0.87 s with 64 MiB (the whole file downloaded first: 1.18 s).
    static constexpr qint64 kDefaultReadAheadWindow = 32 << 20;

    struct Stats {
        qint64 bytesFetched = 0; ///< from the source
        int fetches = 0;         ///< range reads from the source
        int hits = 0;            ///< blocks a worker asked for that were already here
        int readAheadBlocks = 0; ///< blocks a worker asked for that read-ahead had fetched
        qint64 cacheBytes = 0;   ///< the cache's size
    };

    /// A cache of at most `cacheBytes` (at least a few blocks; never more than the file needs).
    static Result<std::shared_ptr<BlockStore>> create(std::shared_ptr<RangeSource> source, QString name,
        qint64 cacheBytes, qint64 blockSize = kDefaultBlockSize, qint64 firstFetch = kDefaultFirstFetch,
        qint64 tailFetch = kDefaultTailFetch);
    ~BlockStore();
    BlockStore(const BlockStore&) = delete;
    BlockStore& operator=(const BlockStore&) = delete;

    /// The shared cache, for the worker to map.
    [[nodiscard]] std::shared_ptr<const ImageBuffer> slots() const { return m_slots; }
    /// What the worker is told first.
    [[nodiscard]] LazyProtocol::LazyOpen openParameters() const;
    /// Makes the requested blocks resident (fetching the missing ones, adjacent ones in one read)
    /// and says where they are.
    LazyProtocol::BlockReply serve(const LazyProtocol::BlockRequest& request, const FetchLimits& limits);
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] qint64 fileSize() const { return m_fileSize; }
    /// For reads that go through the file front to back (export, check): once the worker's
    /// requests follow each other, the next `window` bytes are fetched in the background while it
    /// works, one request per window. Off by default: browsing jumps around. Any thread, any time.
    void setSequentialReadAhead(bool on, qint64 window = kDefaultReadAheadWindow);

private:
    BlockStore(std::shared_ptr<RangeSource> source, QString name, std::shared_ptr<ImageBuffer> slots,
        qint64 blockSize, int slotCount, qint64 firstFetch, qint64 tailFetch);
    /// A slot for `block`: a free one, else the least recently used one not used by this request.
    int claimSlot(qint64 block, quint64 stamp, QList<qint64>& evicted);
    /// The file's last blocks not yet here and not in `request`, if they fit beside it.
    [[nodiscard]] QList<qint64> tailBlocks(const LazyProtocol::BlockRequest& request, qsizetype missing) const;
    /// Fills the slots of `blocks` (ascending, slots claimed): from read-ahead, else read as runs
    /// of adjacent blocks, the runs at the same time.
    Status fill(const QList<qint64>& blocks, const FetchLimits& limits);
    [[nodiscard]] char* slotData(qint64 block) const;
    [[nodiscard]] qint64 blockLength(qint64 block) const;

    std::shared_ptr<RangeSource> m_source;
    QString m_name;
    std::shared_ptr<ImageBuffer> m_slots;
    qint64 m_fileSize = 0;
    qint64 m_blockSize = 0;
    int m_slotCount = 0;
    qint64 m_firstFetch = 0;
    qint64 m_tailFetch = 0;
    bool m_tailFetched = false;
    mutable std::mutex m_mutex;
    std::vector<qint64> m_blockIn;   ///< slot -> block, -1 when free
    std::vector<quint64> m_lastUse;  ///< slot -> the stamp of the request that last used it
    QHash<qint64, int> m_slotOf;     ///< block -> slot
    quint64 m_stamp = 0;
    qint64 m_nextSequential = -1;           ///< the block after the last request's
    std::unique_ptr<ReadAhead> m_readAhead; ///< while sequential read-ahead is on; set under both mutexes
    mutable std::mutex m_statsMutex; ///< apart from m_mutex: stats are read while a fetch runs
    Stats m_stats; ///< read-ahead's figures are added as it is turned off
};

} // namespace H5Hdfs

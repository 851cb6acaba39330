// SPDX-License-Identifier: MIT
#pragma once

#include "lazyprotocol.h"
#include "imagebuffer.h"
#include "lazy/rangesource.h"

#include <QHash>
#include <memory>
#include <mutex>
#include <vector>

namespace H5Hdfs {

/// The supervisor's side of a lazily opened file: a block cache in shared memory (a memfd the
/// worker maps read-only) that it fills from a RangeSource when the worker asks. The cache is
/// bounded (slots of one block each) with least-recently-used eviction, and outlives workers: a
/// worker started after an error finds the blocks already fetched. Thread-safe.
class BlockStore {
public:
    /// Chosen by measurement (tests/bench/bench_lazyopen, figures in its header): see there.
    static constexpr qint64 kDefaultBlockSize = 256 << 10;
    /// The first request brings at least the file's first this many bytes: HDF5 writers put the
    /// superblock, the root group and the first objects' headers there.
    static constexpr qint64 kDefaultFirstFetch = 1 << 20;

    struct Stats {
        qint64 bytesFetched = 0; ///< from the source
        int fetches = 0;         ///< range reads from the source
        int hits = 0;            ///< blocks a worker asked for that were already here
        qint64 cacheBytes = 0;   ///< the cache's size
    };

    /// A cache of at most `cacheBytes` (at least a few blocks; never more than the file needs).
    static Result<std::shared_ptr<BlockStore>> create(std::shared_ptr<RangeSource> source, QString name,
        qint64 cacheBytes, qint64 blockSize = kDefaultBlockSize, qint64 firstFetch = kDefaultFirstFetch);

    /// The shared cache, for the worker to map.
    [[nodiscard]] std::shared_ptr<const ImageBuffer> slots() const { return m_slots; }
    /// What the worker is told first.
    [[nodiscard]] LazyProtocol::LazyOpen openParameters() const;
    /// Makes the requested blocks resident (fetching the missing ones, adjacent ones in one read)
    /// and says where they are.
    LazyProtocol::BlockReply serve(const LazyProtocol::BlockRequest& request, const FetchLimits& limits);
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] qint64 fileSize() const { return m_fileSize; }

private:
    BlockStore(std::shared_ptr<RangeSource> source, QString name, std::shared_ptr<ImageBuffer> slots,
        qint64 blockSize, int slotCount, qint64 firstFetch);
    /// A slot for `block`: a free one, else the least recently used one not used by this request.
    int claimSlot(qint64 block, quint64 stamp, QList<qint64>& evicted);
    Status fetchRun(qint64 first, qint64 count, const FetchLimits& limits);

    std::shared_ptr<RangeSource> m_source;
    QString m_name;
    std::shared_ptr<ImageBuffer> m_slots;
    qint64 m_fileSize = 0;
    qint64 m_blockSize = 0;
    int m_slotCount = 0;
    qint64 m_firstFetch = 0;
    mutable std::mutex m_mutex;
    std::vector<qint64> m_blockIn;   ///< slot -> block, -1 when free
    std::vector<quint64> m_lastUse;  ///< slot -> the stamp of the request that last used it
    QHash<qint64, int> m_slotOf;     ///< block -> slot
    quint64 m_stamp = 0;
    mutable std::mutex m_statsMutex; ///< apart from m_mutex: stats are read while a fetch runs
    Stats m_stats;
};

} // namespace H5Hdfs

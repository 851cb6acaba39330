// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"
#include "lazyprotocol.h"

#include <QHash>
#include <functional>

namespace H5Hdfs {

/// The worker's view of a lazily opened file: its bytes are blocks in a shared-memory cache that
/// the supervisor fills (lazyprotocol.h). Knows which slot holds which block; asks for the blocks
/// a read is missing, with read-ahead for sequential reads, and copies from the slots. Reads never
/// block without end: the supervisor answers every request, with the blocks or an error, and is
/// itself bound by the request's deadline. Single-threaded (the HDF5 thread).
class BlockCache {
public:
    /// Sends one request to the supervisor and waits for its reply.
    using Ask = std::function<LazyProtocol::BlockReply(const LazyProtocol::BlockRequest&)>;

    /// Sequential reads (export, check) double their read-ahead up to this.
    static constexpr qint64 kMaxReadAheadBytes = 16 << 20;

    /// `slots` is the mapped cache, params.slotCount * params.blockSize bytes, read-only here.
    BlockCache(const char* slots, LazyProtocol::LazyOpen params, Ask ask);

    [[nodiscard]] qint64 fileSize() const { return m_params.fileSize; }
    [[nodiscard]] const QString& name() const { return m_params.name; }
    /// Copies `size` bytes at `offset` into `out`. False when they cannot be had: a read past the
    /// end, a fetch that failed, a malformed reply; failure() says why.
    bool read(qint64 offset, qint64 size, char* out);
    /// Why the last read failed, until the next read; no error after a good one.
    [[nodiscard]] const Error& failure() const { return m_failure; }
    void forgetFailure() { m_failure = Error(); }
    /// How many requests went to the supervisor (tests, diagnostics).
    [[nodiscard]] int requests() const { return m_requests; }

private:
    bool fetch(qint64 block, qint64 lastWanted);
    [[nodiscard]] qint64 blockCount() const;
    [[nodiscard]] qint64 blockLength(qint64 block) const;

    const char* m_slots;
    LazyProtocol::LazyOpen m_params;
    Ask m_ask;
    QHash<qint64, qint32> m_slotOf; ///< block -> slot, for blocks this worker was told about
    Error m_failure;
    qint64 m_nextSequential = 0; ///< the block after the last one fetched
    qint64 m_readAhead = 0;      ///< blocks fetched beyond what a sequential read asks for
    int m_requests = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "lazy/blockstore.h"

#include <algorithm>
#include <limits>
#include <cstring>

namespace H5Hdfs {

BlockStore::BlockStore(std::shared_ptr<RangeSource> source, QString name, std::shared_ptr<ImageBuffer> slots,
    qint64 blockSize, int slotCount, qint64 firstFetch, qint64 tailFetch)
    : m_source(std::move(source))
    , m_name(std::move(name))
    , m_slots(std::move(slots))
    , m_fileSize(m_source->size())
    , m_blockSize(blockSize)
    , m_slotCount(slotCount)
    , m_firstFetch(firstFetch)
    , m_tailFetch(tailFetch)
    , m_blockIn(size_t(slotCount), -1)
    , m_lastUse(size_t(slotCount), 0)
{
    m_stats.cacheBytes = m_slots->size();
}

BlockStore::~BlockStore() = default;

Result<std::shared_ptr<BlockStore>> BlockStore::create(
    std::shared_ptr<RangeSource> source, QString name, qint64 cacheBytes, qint64 blockSize, qint64 firstFetch,
    qint64 tailFetch)
{
    if (!source || blockSize <= 0)
        return Error(Error::Code::Internal, QStringLiteral("No source or block size for %1").arg(name));
    constexpr qint64 kFewestSlots = 8; // room for a request (half the cache) and what it evicts
    const qint64 fileBlocks = std::max<qint64>(1, (source->size() + blockSize - 1) / blockSize);
    // Rounded up: a cache the size of the file holds all of it (its last block may be short).
    const qint64 slotCount = std::clamp<qint64>(
        (cacheBytes + blockSize - 1) / blockSize, kFewestSlots, std::max(kFewestSlots, fileBlocks));
    if (slotCount > std::numeric_limits<qint32>::max())
        return Error(Error::Code::TooLarge, QStringLiteral("A cache of %1 bytes is too large").arg(cacheBytes));
    auto slots = ImageBuffer::allocate(slotCount * blockSize, QStringLiteral("cache:") + name);
    if (!slots)
        return slots.error();
    return std::shared_ptr<BlockStore>(
        new BlockStore(std::move(source), std::move(name), std::move(slots).value(), blockSize, int(slotCount),
        firstFetch, tailFetch));
}

LazyProtocol::LazyOpen BlockStore::openParameters() const
{
    return {m_fileSize, m_blockSize, qint32(m_slotCount), m_firstFetch, m_name};
}

BlockStore::Stats BlockStore::stats() const
{
    std::lock_guard lock(m_statsMutex);
    Stats copy = m_stats;
    if (m_readAhead) {
        const ReadAhead::Stats ahead = m_readAhead->stats();
        copy.fetches += ahead.fetches;
        copy.bytesFetched += ahead.bytesFetched;
        copy.readAheadBlocks += ahead.blocksTaken;
    }
    return copy;
}

void BlockStore::setSequentialReadAhead(bool on, qint64 window)
{
    std::lock_guard lock(m_mutex);
    std::lock_guard statsLock(m_statsMutex); // stats() reads m_readAhead under this one alone
    if (m_readAhead) { // its figures stay counted
        const ReadAhead::Stats ahead = m_readAhead->stats();
        m_stats.fetches += ahead.fetches;
        m_stats.bytesFetched += ahead.bytesFetched;
        m_stats.readAheadBlocks += ahead.blocksTaken;
    }
    m_readAhead.reset();
    if (on)
        m_readAhead = std::make_unique<ReadAhead>(m_source, m_blockSize, window);
}

char* BlockStore::slotData(qint64 block) const
{
    return m_slots->data() + qint64(m_slotOf.value(block)) * m_blockSize;
}

qint64 BlockStore::blockLength(qint64 block) const
{
    return std::min(m_blockSize, m_fileSize - block * m_blockSize);
}

QList<qint64> BlockStore::tailBlocks(const LazyProtocol::BlockRequest& request, qsizetype missing) const
{
    const qint64 blockCount = (m_fileSize + m_blockSize - 1) / m_blockSize;
    QList<qint64> tail;
    for (qint64 b = std::max<qint64>(0, (m_fileSize - m_tailFetch) / m_blockSize); b < blockCount; ++b) {
        if ((b < request.firstBlock || b >= request.firstBlock + request.count) && !m_slotOf.contains(b))
            tail.append(b);
    }
    if (missing + tail.size() > m_slotCount / 2 + 1) // never evict what this request brings
        return {};
    return tail;
}

int BlockStore::claimSlot(qint64 block, quint64 stamp, QList<qint64>& evicted)
{
    int chosen = -1;
    for (int slot = 0; slot < m_slotCount; ++slot) {
        if (m_blockIn[size_t(slot)] < 0) {
            chosen = slot;
            break;
        }
        if (m_lastUse[size_t(slot)] != stamp
            && (chosen < 0 || m_lastUse[size_t(slot)] < m_lastUse[size_t(chosen)]))
            chosen = slot;
    }
    if (const qint64 old = m_blockIn[size_t(chosen)]; old >= 0) {
        m_slotOf.remove(old);
        evicted.append(old);
    }
    m_blockIn[size_t(chosen)] = block;
    m_lastUse[size_t(chosen)] = stamp;
    m_slotOf.insert(block, chosen);
    return chosen;
}

LazyProtocol::BlockReply BlockStore::serve(const LazyProtocol::BlockRequest& request, const FetchLimits& limits)
{
    LazyProtocol::BlockReply reply;
    const qint64 blockCount = (m_fileSize + m_blockSize - 1) / m_blockSize;
    if (request.firstBlock < 0 || request.count <= 0 || request.count > m_slotCount / 2 + 1
        || request.firstBlock > blockCount - request.count) {
        reply.error = Error(Error::Code::Internal,
            QStringLiteral("%1: the worker asked for blocks %2+%3, outside the file or the cache")
                .arg(m_name)
                .arg(request.firstBlock)
                .arg(request.count));
        return reply;
    }
    std::unique_lock lock(m_mutex);
    const quint64 stamp = ++m_stamp;
    QList<qint64> missing;
    for (qint64 b = request.firstBlock; b < request.firstBlock + request.count; ++b) {
        if (const auto at = m_slotOf.constFind(b); at != m_slotOf.cend()) {
            m_lastUse[size_t(*at)] = stamp;
            std::lock_guard statsLock(m_statsMutex);
            ++m_stats.hits;
        } else {
            missing.append(b);
        }
    }
    // The first request (the superblock) also brings the file's end, read beside it: objects
    // created last may lie there (kDefaultTailFetch says what that saves).
    if (!m_tailFetched && m_tailFetch > 0) {
        const QList<qint64> tail = tailBlocks(request, missing.size());
        missing.append(tail);
        std::sort(missing.begin(), missing.end());
    }
    for (qint64 b : std::as_const(missing))
        claimSlot(b, stamp, reply.evicted);
    if (Status s = fill(missing, limits); s.isError()) {
        for (qint64 b : std::as_const(missing)) { // nothing half-filled stays in the cache
            const int slot = m_slotOf.take(b);
            m_blockIn[size_t(slot)] = -1;
            m_lastUse[size_t(slot)] = 0;
        }
        reply.error = s;
        return reply;
    }
    m_tailFetched = true;
    const qint64 last = request.firstBlock + request.count - 1;
    if (m_readAhead) {
        if (request.firstBlock == m_nextSequential)
            m_readAhead->advance(last);
        else
            m_readAhead->reset();
    }
    m_nextSequential = last + 1;
    for (qint64 b = request.firstBlock; b < request.firstBlock + request.count; ++b)
        reply.slots.append(m_slotOf.value(b));
    return reply;
}

Status BlockStore::fill(const QList<qint64>& blocks, const FetchLimits& limits)
{
    QList<qint64> toFetch;
    for (qint64 b : blocks) {
        if (!m_readAhead || !m_readAhead->take(b, slotData(b), blockLength(b), limits))
            toFetch.append(b);
    }
    // Adjacent missing blocks are one read; the reads go out together.
    QList<std::pair<qint64, qint64>> runs; // first block, count
    for (qint64 b : std::as_const(toFetch)) {
        if (!runs.isEmpty() && runs.back().first + runs.back().second == b)
            ++runs.back().second;
        else
            runs.append({b, 1});
    }
    std::vector<std::vector<char>> bytes(size_t(runs.size()));
    QList<RangeRead> ranges;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const qint64 offset = runs[i].first * m_blockSize;
        const qint64 length = std::min(runs[i].second * m_blockSize, m_fileSize - offset);
        bytes[size_t(i)].resize(size_t(length));
        ranges.append({offset, length, bytes[size_t(i)].data()});
    }
    if (Status s = m_source->readRanges(ranges, limits); s.isError())
        return s;
    qint64 fetched = 0;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        for (qint64 k = 0; k < runs[i].second; ++k)
            std::memcpy(slotData(runs[i].first + k), bytes[size_t(i)].data() + k * m_blockSize,
                size_t(blockLength(runs[i].first + k)));
        fetched += ranges[i].length;
    }
    std::lock_guard statsLock(m_statsMutex);
    m_stats.fetches += int(runs.size());
    m_stats.bytesFetched += fetched;
    return {};
}

} // namespace H5Hdfs

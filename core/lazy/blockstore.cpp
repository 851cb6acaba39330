// SPDX-License-Identifier: MIT
#include "lazy/blockstore.h"

#include <algorithm>
#include <limits>
#include <cstring>

namespace H5Hdfs {

BlockStore::BlockStore(std::shared_ptr<RangeSource> source, QString name, std::shared_ptr<ImageBuffer> slots,
    qint64 blockSize, int slotCount, qint64 firstFetch)
    : m_source(std::move(source))
    , m_name(std::move(name))
    , m_slots(std::move(slots))
    , m_fileSize(m_source->size())
    , m_blockSize(blockSize)
    , m_slotCount(slotCount)
    , m_firstFetch(firstFetch)
    , m_blockIn(size_t(slotCount), -1)
    , m_lastUse(size_t(slotCount), 0)
{
    m_stats.cacheBytes = m_slots->size();
}

Result<std::shared_ptr<BlockStore>> BlockStore::create(
    std::shared_ptr<RangeSource> source, QString name, qint64 cacheBytes, qint64 blockSize, qint64 firstFetch)
{
    if (!source || blockSize <= 0)
        return Error(Error::Code::Internal, QStringLiteral("No source or block size for %1").arg(name));
    constexpr qint64 kFewestSlots = 8; // room for a request (half the cache) and what it evicts
    const qint64 fileBlocks = std::max<qint64>(1, (source->size() + blockSize - 1) / blockSize);
    const qint64 slotCount = std::clamp<qint64>(cacheBytes / blockSize, kFewestSlots, std::max(kFewestSlots, fileBlocks));
    if (slotCount > std::numeric_limits<qint32>::max())
        return Error(Error::Code::TooLarge, QStringLiteral("A cache of %1 bytes is too large").arg(cacheBytes));
    auto slots = ImageBuffer::allocate(slotCount * blockSize, QStringLiteral("cache:") + name);
    if (!slots)
        return slots.error();
    return std::shared_ptr<BlockStore>(
        new BlockStore(std::move(source), std::move(name), std::move(slots).value(), blockSize, int(slotCount), firstFetch));
}

LazyProtocol::LazyOpen BlockStore::openParameters() const
{
    return {m_fileSize, m_blockSize, qint32(m_slotCount), m_firstFetch, m_name};
}

BlockStore::Stats BlockStore::stats() const
{
    std::lock_guard lock(m_statsMutex);
    return m_stats;
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
    for (qint64 b : std::as_const(missing))
        claimSlot(b, stamp, reply.evicted);
    // Adjacent missing blocks are one read.
    for (qsizetype i = 0; i < missing.size();) {
        qsizetype j = i + 1;
        while (j < missing.size() && missing[j] == missing[j - 1] + 1)
            ++j;
        if (Status s = fetchRun(missing[i], j - i, limits); s.isError()) {
            for (qint64 b : std::as_const(missing)) { // nothing half-filled stays in the cache
                const int slot = m_slotOf.take(b);
                m_blockIn[size_t(slot)] = -1;
                m_lastUse[size_t(slot)] = 0;
            }
            reply.error = s;
            return reply;
        }
        i = j;
    }
    for (qint64 b = request.firstBlock; b < request.firstBlock + request.count; ++b)
        reply.slots.append(m_slotOf.value(b));
    return reply;
}

Status BlockStore::fetchRun(qint64 first, qint64 count, const FetchLimits& limits)
{
    const qint64 offset = first * m_blockSize;
    const qint64 length = std::min(count * m_blockSize, m_fileSize - offset);
    std::vector<char> bytes(static_cast<size_t>(length));
    if (Status s = m_source->read(offset, length, bytes.data(), limits); s.isError())
        return s;
    for (qint64 i = 0; i < count; ++i) {
        const qint64 from = i * m_blockSize;
        std::memcpy(m_slots->data() + qint64(m_slotOf.value(first + i)) * m_blockSize, bytes.data() + from,
            size_t(std::min(m_blockSize, length - from)));
    }
    std::lock_guard statsLock(m_statsMutex);
    ++m_stats.fetches;
    m_stats.bytesFetched += length;
    return {};
}

} // namespace H5Hdfs

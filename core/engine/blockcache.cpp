// SPDX-License-Identifier: MIT
#include "blockcache.h"

#include <algorithm>
#include <cstring>

namespace H5Hdfs {

BlockCache::BlockCache(const char* slots, LazyProtocol::LazyOpen params, Ask ask)
    : m_slots(slots)
    , m_params(std::move(params))
    , m_ask(std::move(ask))
{
}

qint64 BlockCache::blockCount() const
{
    return (m_params.fileSize + m_params.blockSize - 1) / m_params.blockSize;
}

qint64 BlockCache::blockLength(qint64 block) const
{
    return std::min(m_params.blockSize, m_params.fileSize - block * m_params.blockSize);
}

bool BlockCache::read(qint64 offset, qint64 size, char* out)
{
    m_failure = Error();
    if (offset < 0 || size < 0 || offset > m_params.fileSize - size) {
        m_failure = Error(Error::Code::Truncated,
            QStringLiteral("%1: a read of %2 bytes at offset %3 goes past the end of the file (%4 bytes)")
                .arg(m_params.name)
                .arg(size)
                .arg(offset)
                .arg(m_params.fileSize));
        return false;
    }
    const qint64 lastWanted = size > 0 ? (offset + size - 1) / m_params.blockSize : 0;
    while (size > 0) {
        const qint64 block = offset / m_params.blockSize;
        auto where = m_slotOf.constFind(block);
        if (where == m_slotOf.cend()) {
            if (!fetch(block, lastWanted))
                return false;
            where = m_slotOf.constFind(block);
        }
        const qint64 within = offset - block * m_params.blockSize;
        const qint64 n = std::min(size, blockLength(block) - within);
        std::memcpy(out, m_slots + qint64(*where) * m_params.blockSize + within, size_t(n));
        out += n;
        offset += n;
        size -= n;
    }
    return true;
}

bool BlockCache::fetch(qint64 block, qint64 lastWanted)
{
    // Read-ahead: the first request brings the file's start; a read that continues where the last
    // fetch ended doubles what is fetched beyond it; any other read fetches what it needs.
    const qint64 blockSize = m_params.blockSize;
    if (m_requests == 0)
        m_readAhead = m_params.firstFetchBytes / blockSize;
    else if (block == m_nextSequential)
        m_readAhead = std::clamp<qint64>(m_readAhead * 2, 1, std::max<qint64>(1, kMaxReadAheadBytes / blockSize));
    else
        m_readAhead = 0;
    // Never more than half the cache at once, so the blocks of one request never evict each other.
    const qint64 most = std::max<qint64>(1, m_params.slotCount / 2);
    qint64 last = std::min({std::max(lastWanted, block + m_readAhead - 1), block + most - 1, blockCount() - 1});
    for (qint64 b = block + 1; b <= last; ++b) {
        if (m_slotOf.contains(b)) { // one request is one range: stop at what is already here
            last = b - 1;
            break;
        }
    }
    const LazyProtocol::BlockRequest request {block, qint32(last - block + 1)};
    ++m_requests;
    const LazyProtocol::BlockReply reply = m_ask(request);
    for (qint64 evicted : reply.evicted) // slots reused before a failure are gone all the same
        m_slotOf.remove(evicted);
    if (reply.error.isError()) {
        m_failure = reply.error;
        return false;
    }
    if (reply.slots.size() != request.count
        || std::any_of(reply.slots.cbegin(), reply.slots.cend(),
            [this](qint32 s) { return s < 0 || s >= m_params.slotCount; })) {
        m_failure = Error(Error::Code::Internal,
            QStringLiteral("%1: the supervisor's answer for blocks %2-%3 is malformed")
                .arg(m_params.name)
                .arg(block)
                .arg(last));
        return false;
    }
    for (qint32 i = 0; i < request.count; ++i)
        m_slotOf.insert(block + i, reply.slots[i]);
    m_nextSequential = last + 1;
    return true;
}

} // namespace H5Hdfs

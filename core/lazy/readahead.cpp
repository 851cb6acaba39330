// SPDX-License-Identifier: MIT
#include "lazy/readahead.h"

#include <algorithm>
#include <cstring>

namespace H5Hdfs {

ReadAhead::ReadAhead(std::shared_ptr<RangeSource> source, qint64 blockSize, qint64 windowBytes)
    : m_source(std::move(source))
    , m_blockSize(blockSize)
    , m_windowBlocks(std::max<qint64>(1, windowBytes / blockSize))
    , m_thread([this] { run(); })
{
}

ReadAhead::~ReadAhead()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

qint64 ReadAhead::blockCount() const
{
    return (m_source->size() + m_blockSize - 1) / m_blockSize;
}

ReadAhead::Stats ReadAhead::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void ReadAhead::advance(qint64 lastBlock)
{
    std::unique_lock lock(m_mutex);
    // What lies before the worker's position was read or skipped.
    qint64 next = lastBlock + 1;
    for (auto at = m_pieces.begin(); at != m_pieces.end();) {
        const auto& piece = *at;
        if (piece->dropped || piece->first + piece->count <= next) {
            if (piece->state == Piece::State::Fetching)
                piece->dropped = true; // the thread discards it when its fetch ends
            else {
                at = m_pieces.erase(at);
                continue;
            }
        } else if (piece->first <= next) {
            next = piece->first + piece->count; // already on its way
        }
        ++at;
    }
    const qint64 end = std::min(lastBlock + 1 + m_windowBlocks, blockCount());
    // One window ahead, fetched when at least half of it is missing (or the rest of the file):
    // fewer, larger requests.
    if (end <= next || (end - next < m_windowBlocks / 2 && next != lastBlock + 1 && end != blockCount()))
        return;
    auto piece = std::make_shared<Piece>();
    piece->first = next;
    piece->count = end - next;
    m_pieces.push_back(std::move(piece));
    lock.unlock();
    m_changed.notify_all();
}

void ReadAhead::reset()
{
    std::lock_guard lock(m_mutex);
    for (auto at = m_pieces.begin(); at != m_pieces.end();) {
        if ((*at)->state == Piece::State::Fetching) {
            (*at)->dropped = true;
            ++at;
        } else {
            at = m_pieces.erase(at);
        }
    }
}

bool ReadAhead::take(qint64 block, char* into, qint64 length, const FetchLimits& limits)
{
    std::unique_lock lock(m_mutex);
    const auto at = std::find_if(m_pieces.cbegin(), m_pieces.cend(), [block](const auto& p) {
        return !p->dropped && block >= p->first && block < p->first + p->count;
    });
    if (at == m_pieces.cend())
        return false;
    const std::shared_ptr<Piece> piece = *at;
    // Its fetch is bound by the source's own limits; the caller's cancel and deadline apply too.
    while (piece->state == Piece::State::Wanted || piece->state == Piece::State::Fetching) {
        if ((limits.cancel && limits.cancel->load()) || std::chrono::steady_clock::now() >= limits.until)
            return false;
        m_changed.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (piece->state != Piece::State::Ready || piece->dropped)
        return false;
    std::memcpy(into, piece->bytes.data() + (block - piece->first) * m_blockSize, size_t(length));
    ++m_stats.blocksTaken;
    return true;
}

void ReadAhead::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const auto wanted = std::find_if(m_pieces.cbegin(), m_pieces.cend(),
            [](const auto& p) { return !p->dropped && p->state == Piece::State::Wanted; });
        if (wanted == m_pieces.cend()) {
            m_changed.wait(lock);
            continue;
        }
        const std::shared_ptr<Piece> piece = *wanted;
        piece->state = Piece::State::Fetching;
        lock.unlock();
        const qint64 offset = piece->first * m_blockSize;
        const qint64 length = std::min(piece->count * m_blockSize, m_source->size() - offset);
        piece->bytes.resize(size_t(length)); // only this thread touches it while Fetching
        FetchLimits limits;
        limits.cancel = &m_stop;
        const Status status = m_source->read(offset, length, piece->bytes.data(), limits);
        lock.lock();
        piece->state = status.isError() ? Piece::State::Failed : Piece::State::Ready;
        if (!status.isError()) {
            ++m_stats.fetches;
            m_stats.bytesFetched += length;
        }
        if (piece->dropped)
            m_pieces.remove(piece);
        m_changed.notify_all();
    }
}

} // namespace H5Hdfs

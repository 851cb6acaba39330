// SPDX-License-Identifier: MIT
#include "export/csvpageformatter.h"

#include "h5types.h"

#include <algorithm>

namespace H5Hdfs {

namespace {

Error cancelled()
{
    return Error(Error::Code::Cancelled, QStringLiteral("Export cancelled"));
}

} // namespace

CsvPageFormatter::CsvPageFormatter(const CsvOptions& options, int threads)
    : m_options(options)
    // Two chunks per helper: one being formatted, one finished and waiting for the writer.
    , m_slots(size_t(std::max(1, 2 * threads)))
{
    for (int i = 0; i < threads; ++i)
        m_helpers.emplace_back([this] { helperLoop(); });
}

CsvPageFormatter::~CsvPageFormatter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_work.notify_all();
    for (std::thread& helper : m_helpers)
        helper.join();
}

int CsvPageFormatter::defaultThreads()
{
    return int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

qint64 CsvPageFormatter::chunkRows(qint64 rows, qint64 columns) const
{
    const qint64 cells = std::max<qint64>(1, columns + (m_options.indexColumn ? 1 : 0));
    const qint64 byCells = std::max<qint64>(1, kChunkCells / cells);
    // A page smaller than the ring is shared out among the helpers rather than given to one.
    const qint64 perHelper = std::max<qint64>(1, (rows + qint64(m_slots.size()) - 1) / qint64(m_slots.size()));
    return std::min(byCells, perHelper);
}

void CsvPageFormatter::formatChunk(qint64 chunk, std::string& out) const
{
    out.clear();
    const qint64 first = chunk * m_chunkRows;
    CsvWriter::appendRows(out, *m_page, m_options, m_indexStart, first, std::min(m_page->rowCount, first + m_chunkRows));
}

void CsvPageFormatter::helperLoop()
{
    const qint64 ring = qint64(m_slots.size());
    std::unique_lock lock(m_mutex);
    for (;;) {
        // A chunk may be claimed once the chunk that used its slot before has been written.
        m_work.wait(lock, [&] { return m_stop || (m_nextClaim < m_chunks && m_nextClaim < m_written + ring); });
        if (m_stop)
            return;
        const qint64 chunk = m_nextClaim++;
        Slot& slot = m_slots[size_t(chunk % ring)];
        ++m_busy;
        lock.unlock();
        // The page and its geometry stay fixed while any chunk is claimed (format() waits for m_busy).
        formatChunk(chunk, slot.text);
        lock.lock();
        --m_busy;
        slot.chunk = chunk;
        m_ready.notify_one();
    }
}

Status CsvPageFormatter::format(
    const Page& page, qint64 indexStart, const Sink& sink, const std::atomic_bool* cancel)
{
    const qint64 chunkRows = this->chunkRows(page.rowCount, page.columns.size());
    const qint64 chunks = (page.rowCount + chunkRows - 1) / chunkRows;
    if (m_helpers.empty() || chunks <= 1) {
        std::string& text = m_slots[0].text;
        for (qint64 first = 0; first < page.rowCount; first += chunkRows) {
            if (cancel && cancel->load())
                return cancelled();
            text.clear();
            CsvWriter::appendRows(text, page, m_options, indexStart, first, std::min(page.rowCount, first + chunkRows));
            if (Status s = sink(text); s.isError())
                return s;
        }
        return {};
    }

    const qint64 ring = qint64(m_slots.size());
    {
        std::lock_guard lock(m_mutex);
        m_page = &page;
        m_indexStart = indexStart;
        m_chunkRows = chunkRows;
        m_chunks = chunks;
        m_nextClaim = 0;
        m_written = 0;
        for (Slot& slot : m_slots)
            slot.chunk = -1;
    }
    m_work.notify_all();
    Status result;
    for (qint64 chunk = 0; chunk < chunks; ++chunk) {
        Slot& slot = m_slots[size_t(chunk % ring)];
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [&] { return slot.chunk == chunk; });
        }
        if (cancel && cancel->load()) {
            result = cancelled();
            break;
        }
        // Written outside the lock: the helpers go on formatting the chunks after this one.
        if (result = sink(slot.text); result.isError())
            break;
        {
            std::lock_guard lock(m_mutex);
            slot.chunk = -1;
            m_written = chunk + 1;
        }
        m_work.notify_all();
    }
    // Nothing more is claimed; the chunks in hand are finished before the page may go.
    std::unique_lock lock(m_mutex);
    m_chunks = m_nextClaim;
    m_ready.wait(lock, [&] { return m_busy == 0; });
    m_page = nullptr;
    return result;
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "table/datasettablesource.h"

namespace H5Hdfs {

DatasetTableSource::DatasetTableSource(H5Service& service, TableRef ref)
    : m_pages(service, ref.file)
    , m_ref(std::move(ref))
    , m_geometry(m_ref.geometry())
{
    Q_ASSERT(!m_ref.isNamed());
}

DatasetTableSource::DatasetTableSource(
    H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view)
    : DatasetTableSource(service, TableRef::ofDataset(file, std::move(path), std::move(info), view))
{
}

QList<ColumnSpec> DatasetTableSource::columns() const
{
    return columnRange(0, m_geometry.cols);
}

QList<ColumnSpec> DatasetTableSource::columnRange(qint64 first, qint64 count) const
{
    const qint64 end = qMin(m_geometry.cols, first + count);
    QList<ColumnSpec> specs;
    specs.reserve(qMax<qint64>(0, end - first));
    for (qint64 c = first; c < end; ++c)
        specs.append(m_geometry.column(c));
    return specs;
}

namespace {

qint64 rowsPerPage(qint64 columnCount)
{
    // Aim at a quarter of the engine's per-read budget, assuming 8 bytes a cell at least.
    const qint64 cellsPerPage = PageRequest::kMaxBytes / 4 / 8;
    return qMax<qint64>(1, cellsPerPage / qMax<qint64>(1, columnCount));
}

bool samePage(const H5Request& a, const H5Request& b)
{
    return a.kind == b.kind && a.path == b.path && a.page.rowStart == b.page.rowStart
        && a.page.rowCount == b.page.rowCount && a.page.colStart == b.page.colStart
        && a.page.colCount == b.page.colCount;
}

} // namespace

void PageFetcher::prefetch(const H5Request& request)
{
    if (!m_pending)
        m_pending = Pending {request, m_service.submit(m_file, request)};
}

Result<Page> PageFetcher::fetch(const H5Request& request)
{
    H5Response response;
    if (m_pending && samePage(m_pending->request, request)) {
        response = m_pending->answer.get();
        m_pending.reset();
    } else {
        if (m_pending) { // a stale guess: let it finish, then ask for what is wanted
            m_pending->answer.wait();
            m_pending.reset();
        }
        response = m_service.call(m_file, request);
    }
    if (!response.ok())
        return response.error;
    return std::move(response.page);
}

QString DatasetTableSource::summary() const
{
    return m_ref.summary();
}

qint64 DatasetTableSource::pageRows(qint64 columnCount) const
{
    return rowsPerPage(columnCount);
}

void DatasetTableSource::prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    m_pages.prefetch(m_ref.pageRequest(firstRow, rows, firstColumn, columns));
}

Result<Page> DatasetTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    return m_pages.fetch(m_ref.pageRequest(firstRow, rows, firstColumn, columns));
}

FrameTableSource::FrameTableSource(H5Service& service, TableRef ref)
    : m_pages(service, ref.file)
    , m_ref(std::move(ref))
{
    Q_ASSERT(m_ref.isNamed());
}

FrameTableSource::FrameTableSource(
    H5Service& service, H5Service::FileId file, QString path, TableDescription description)
    : FrameTableSource(service, TableRef::ofNamedTable(file, std::move(path), std::move(description)))
{
}

QString FrameTableSource::summary() const
{
    return m_ref.summary();
}

qint64 FrameTableSource::pageRows(qint64 columnCount) const
{
    // DataFrame.to_csv formats 100,000 cells of data columns at a time, and some of its choices
    // (dates without times, whole days) hold per chunk: pages are its chunks, so the CSV matches.
    const qint64 pandasChunk = qMax<qint64>(1, 100'000 / qMax<qint64>(1, columnCount - indexColumns()));
    return qMin(pandasChunk, rowsPerPage(columnCount));
}

void FrameTableSource::prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    m_pages.prefetch(m_ref.pageRequest(firstRow, rows, firstColumn, columns));
}

Result<Page> FrameTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    return m_pages.fetch(m_ref.pageRequest(firstRow, rows, firstColumn, columns));
}

} // namespace H5Hdfs

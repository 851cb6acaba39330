// SPDX-License-Identifier: MIT
#include "table/datasettablesource.h"

#include "hdf5/h5reader.h"

DatasetTableSource::DatasetTableSource(
    H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view)
    : m_service(service)
    , m_file(file)
    , m_path(std::move(path))
    , m_info(std::move(info))
    , m_view(view.orDefaultFor(m_info.rank()))
    , m_geometry(TableGeometry::of(m_info, m_view))
{
}

QList<ColumnSpec> DatasetTableSource::columns() const
{
    QList<ColumnSpec> specs;
    specs.reserve(m_geometry.cols);
    for (qint64 c = 0; c < m_geometry.cols; ++c)
        specs.append(m_geometry.column(c));
    return specs;
}

qint64 DatasetTableSource::pageRows(qint64 columnCount) const
{
    // Aim at a quarter of the engine's per-read budget, assuming 8 bytes a cell at least.
    const qint64 cellsPerPage = H5Reader::kMaxPageBytes / 4 / 8;
    return qMax<qint64>(1, cellsPerPage / qMax<qint64>(1, columnCount));
}

H5Request DatasetTableSource::pageRequest(
    qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) const
{
    return H5Request::readPage(m_path, PageRequest {m_view, firstRow, rows, firstColumn, columns});
}

void DatasetTableSource::prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    if (m_pending)
        return;
    const H5Request request = pageRequest(firstRow, rows, firstColumn, columns);
    m_pending = Pending {request.page, m_service.submit(m_file, request)};
}

Result<Slice> DatasetTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    const H5Request request = pageRequest(firstRow, rows, firstColumn, columns);
    H5Response response;
    const bool prefetched = m_pending && m_pending->page.rowStart == firstRow
        && m_pending->page.rowCount == rows && m_pending->page.colStart == firstColumn
        && m_pending->page.colCount == columns;
    if (prefetched) {
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
    return std::move(response.slice);
}

// SPDX-License-Identifier: MIT
#include "table/datasettablesource.h"

#include "text/h5describe.h"

namespace H5Hdfs {

DatasetTableSource::DatasetTableSource(
    H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view)
    : m_pages(service, file)
    , m_path(std::move(path))
    , m_info(std::move(info))
    , m_view(view.orDefaultFor(m_info.rank()))
    , m_geometry(TableGeometry::of(m_info, m_view))
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
    return H5Describe::cfSummary(m_info);
}

qint64 DatasetTableSource::pageRows(qint64 columnCount) const
{
    return rowsPerPage(columnCount);
}

H5Request DatasetTableSource::pageRequest(
    qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) const
{
    PageRequest page {m_view, firstRow, rows, firstColumn, columns};
    page.unpack = m_info.cfView;
    return H5Request::readPage(m_path, page);
}

void DatasetTableSource::prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    m_pages.prefetch(pageRequest(firstRow, rows, firstColumn, columns));
}

Result<Page> DatasetTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    return m_pages.fetch(pageRequest(firstRow, rows, firstColumn, columns));
}

FrameTableSource::FrameTableSource(
    H5Service& service, H5Service::FileId file, QString path, TableDescription description)
    : m_pages(service, file)
    , m_path(std::move(path))
    , m_description(std::move(description))
{
}

QString FrameTableSource::summary() const
{
    return H5Describe::table(m_description.summary());
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
    m_pages.prefetch(H5Request::readTable(m_path, PageRequest {{}, firstRow, rows, firstColumn, columns}));
}

Result<Page> FrameTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    return m_pages.fetch(
        H5Request::readTable(m_path, PageRequest {{}, firstRow, rows, firstColumn, columns}));
}

Result<TableSourceFactory> TableSources::forObject(
    H5Service& service, H5Service::FileId file, const ObjectInfo& info, const DimView& view, bool raw)
{
    if (!raw) {
        H5Response described = service.call(file, H5Request::describeTable(info.path));
        if (described.ok()) {
            return TableSourceFactory([&service, file, path = info.path, table = described.table] {
                return std::make_unique<FrameTableSource>(service, file, path, table);
            });
        }
        if (described.error.code != Error::Code::NotATable) // a pandas object, but a broken one
            return described.error;
    }
    if (info.kind != NodeKind::Dataset)
        return Error(Error::Code::Unsupported,
            QStringLiteral("%1 is a %2, not a dataset or a DataFrame")
                .arg(info.path, nodeKindName(info.kind)));
    // netCDF variables show their values (CF unpacking and masking) unless raw, as DataFrames do.
    return TableSourceFactory([&service, file, path = info.path, shown = info.dataset.shown(raw), view] {
        return std::make_unique<DatasetTableSource>(service, file, path, shown, view);
    });
}

} // namespace H5Hdfs

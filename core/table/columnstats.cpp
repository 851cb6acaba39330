// SPDX-License-Identifier: MIT
#include "table/columnstats.h"

#include "table/datasettablesource.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace H5Hdfs {

void ColumnStats::addFinite(double v, qint64 times)
{
    min = std::min(min, v);
    max = std::max(max, v);
    // Welford's update, merged as a block of `times` equal values (Chan et al.): one pass, and no
    // cancellation from summing squares of large values.
    const double before = double(finite() - times);
    const double n = before + double(times);
    const double delta = v - mean;
    mean += delta * double(times) / n;
    m2 += delta * delta * before * double(times) / n;
}

void ColumnStats::add(const ColumnData& c, qint64 times)
{
    for (qint64 i = 0; i < c.size(); ++i) {
        const double v = c.kind == CellKind::Int ? double(c.ints[size_t(i)])
            : c.kind == CellKind::UInt           ? double(c.uints[size_t(i)])
                                                 : c.reals[size_t(i)];
        values += times;
        if (std::isnan(v))
            nan += times;
        else if (std::isinf(v))
            inf += times;
        else
            addFinite(v, times);
    }
}

void ColumnStats::merge(const ColumnStats& o)
{
    const double a = double(finite());
    const double b = double(o.finite());
    values += o.values, nan += o.nan, inf += o.inf;
    min = std::min(min, o.min), max = std::max(max, o.max);
    if (b == 0)
        return;
    const double delta = o.mean - mean;
    mean += delta * b / (a + b);
    m2 += o.m2 + delta * delta * a * b / (a + b);
}

double ColumnStats::standardDeviation() const
{
    return finite() < 2 ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(m2 / double(finite() - 1));
}

NumericStats::NumericStats(const QList<ColumnSpec>& fields)
{
    for (const ColumnSpec& f : fields) {
        columns.append(ColumnStats {f.name});
        columns.last().single = f.kind == CellKind::Float32;
        numeric.append(f.kind != CellKind::Text);
    }
}

NumericStats NumericStats::forTable(const TableDescription& table)
{
    NumericStats stats(table.columns);
    for (int i = 0; i < table.indexColumns && i < stats.columns.size(); ++i) {
        if (stats.columns[i].name.isEmpty())
            stats.columns[i].name = QStringLiteral("index");
    }
    return stats;
}

void NumericStats::add(qint64 column, const ColumnData& c, qint64 times)
{
    const qsizetype field = qsizetype(column % qMax<qint64>(1, columns.size()));
    if (field < columns.size() && numeric[field] && c.kind != CellKind::Text)
        columns[field].add(c, times);
}

ColumnStats NumericStats::total() const
{
    ColumnStats all;
    for (const ColumnStats& c : columns)
        all.merge(c);
    return all;
}

namespace Statistics {
namespace {

// Storage never written holds nothing but the fill value: reading it element by element would
// cost as much as a full dataset (2^61 elements in tlayouto.h5) to learn one value.
bool unallocated(const DatasetInfo& info)
{
    return info.storageSize == 0 && (info.layout == Layout::Contiguous || info.layout == Layout::Chunked);
}

Status cancelled()
{
    return Error(Error::Code::Cancelled, QStringLiteral("Statistics cancelled"));
}

// The statistics of an unallocated dataset: its fill value, read once (one element), counted for all.
Status collectFillStats(H5Service& service, H5Service::FileId file, const QString& path,
    const DatasetInfo& info, NumericStats& stats)
{
    DatasetTableSource source(service, file, path, info, DimView::defaultFor(info.rank()));
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    auto page = source.read(0, 1, 0, fields);
    if (!page)
        return page.error();
    for (qint64 c = 0; c < page->columns.size(); ++c)
        stats.add(c, page->columns[c], info.elementCount());
    return {};
}

/// A rectangle of a dataset's default table view, in table columns.
struct TableRect {
    qint64 row = 0;
    qint64 rows = 0;
    qint64 column = 0;
    qint64 columns = 0;
};

/// Rows done before a rectangle and rows in all, so that progress runs once from 0 to the total
/// across the rectangles (slices, chunks) of one dataset.
struct RowCount {
    qint64 done = 0;
    qint64 total = 0;
};

Status addRect(TableSource& source, const TableRect& rect, NumericStats& stats, const Progress& progress,
    RowCount& count, qint64 times = 1)
{
    const qint64 pageRows = source.pageRows(rect.columns);
    for (qint64 row = rect.row; row < rect.row + rect.rows; row += pageRows) {
        if (progress && !progress(count.done + row - rect.row, count.total))
            return cancelled();
        auto page = source.read(row, qMin(pageRows, rect.row + rect.rows - row), rect.column, rect.columns);
        if (!page)
            return page.error();
        for (qint64 c = 0; c < page->columns.size(); ++c)
            stats.add(rect.column + c, page->columns[c], times);
    }
    count.done += rect.rows;
    return {};
}

// Rank 1 and 2: the chunk at `offset` as table rows x (positions x fields), clipped to the extent.
TableRect chunkRect(const DatasetInfo& info, const QList<qint64>& offset)
{
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    const qint64 rows = qMin(info.chunk[0], info.shape[0] - offset[0]);
    if (info.rank() == 1)
        return {offset[0], rows, 0, fields};
    const qint64 positions = qMin(info.chunk[1], info.shape[1] - offset[1]);
    return {offset[0], rows, offset[1] * fields, positions * fields};
}

// The origin of a chunk that was never written, in row-major order of the chunk grid: with at
// most kMaxListedChunks allocated, one of the first that many + 1 is free.
QList<qint64> unwrittenChunk(const DatasetInfo& info)
{
    const QSet<QList<qint64>> written(info.allocatedChunks.begin(), info.allocatedChunks.end());
    const qint64 across = info.rank() == 1 ? 1 : (info.shape[1] + info.chunk[1] - 1) / info.chunk[1];
    for (qint64 k = 0;; ++k) {
        QList<qint64> origin {k / across * info.chunk[0]};
        if (info.rank() == 2)
            origin << k % across * info.chunk[1];
        if (!written.contains(origin))
            return origin;
    }
}

// A partly written chunked dataset (tbigdims.h5: 2 KiB written of 4 GiB): the written chunks, read,
// and the fill value, read once and counted for every element outside them.
Status collectSparseStats(H5Service& service, H5Service::FileId file, const QString& path,
    const DatasetInfo& info, NumericStats& stats, const Progress& progress)
{
    DatasetTableSource source(service, file, path, info, DimView::defaultFor(info.rank()));
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    RowCount count;
    for (const QList<qint64>& offset : info.allocatedChunks)
        count.total += chunkRect(info, offset).rows;
    qint64 written = 0;
    for (const QList<qint64>& offset : info.allocatedChunks) {
        const TableRect rect = chunkRect(info, offset);
        written += rect.rows * (rect.columns / fields);
        if (Status s = addRect(source, rect, stats, progress, count); s.isError())
            return s;
    }
    if (written >= info.elementCount())
        return {};
    const TableRect fill = chunkRect(info, unwrittenChunk(info));
    return addRect(
        source, {fill.row, 1, fill.column, fields}, stats, progress, count, info.elementCount() - written);
}

bool sparse(const DatasetInfo& info)
{
    return info.partlyAllocated && !info.allocatedChunks.isEmpty() && info.chunk.size() == info.rank()
        && (info.rank() == 1 || info.rank() == 2);
}

} // namespace

bool hasNumbers(const DatasetInfo& info)
{
    return std::any_of(
        info.fields.begin(), info.fields.end(), [](const ColumnSpec& f) { return f.kind != CellKind::Text; });
}

// Every 2-D slice of the dataset, page by page: rank 3 and up goes through all leading indices.
Status ofDataset(H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats, const Progress& progress)
{
    if (unallocated(info))
        return collectFillStats(service, file, path, info, stats);
    if (sparse(info))
        return collectSparseStats(service, file, path, info, stats, progress);
    DimView view = DimView::defaultFor(info.rank());
    qint64 slices = 1;
    for (int d = 0; d < info.rank() - 2; ++d)
        slices *= info.shape[d];
    RowCount count;
    count.total = slices * TableGeometry::of(info, view).rows;
    for (qint64 s = 0; s < slices; ++s) {
        qint64 rest = s;
        for (int d = info.rank() - 3; d >= 0; --d) {
            view.index[d] = rest % info.shape[d];
            rest /= info.shape[d];
        }
        DatasetTableSource source(service, file, path, info, view);
        const qint64 columns = TableGeometry::of(info, view).cols; // not columns(): 2^28 specs in tlayouto.h5
        if (Status st = addRect(source, {0, source.rowCount(), 0, columns}, stats, progress, count);
            st.isError())
            return st;
    }
    return {};
}

Status ofTable(TableSource& source, NumericStats& stats, const Progress& progress)
{
    RowCount count {0, source.rowCount()};
    return addRect(source, {0, source.rowCount(), 0, source.columnCount()}, stats, progress, count);
}

} // namespace Statistics

} // namespace H5Hdfs

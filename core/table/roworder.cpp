// SPDX-License-Identifier: MIT
#include "table/roworder.h"

#include <algorithm>
#include <cmath>

namespace H5Hdfs {

namespace RowOrder {
namespace {

/// One column's values, kept in the form that compares them right.
struct SortKeys {
    std::vector<double> numbers;
    std::vector<qint64> ints;   ///< int64 beyond 2^53 does not survive a double
    std::vector<quint64> uints;
    QStringList texts;
    CellKind kind = CellKind::Text;

    void append(const ColumnData& c)
    {
        kind = c.kind;
        numbers.insert(numbers.end(), c.reals.begin(), c.reals.end());
        ints.insert(ints.end(), c.ints.begin(), c.ints.end());
        uints.insert(uints.end(), c.uints.begin(), c.uints.end());
        texts += c.texts;
    }
};

template <typename Less> std::vector<qint64> order(qint64 rows, Less less)
{
    std::vector<qint64> rowsInOrder(size_t(rows), 0);
    for (qint64 i = 0; i < rows; ++i)
        rowsInOrder[size_t(i)] = i;
    std::stable_sort(rowsInOrder.begin(), rowsInOrder.end(), less);
    return rowsInOrder;
}

} // namespace

Result<std::vector<qint64>> sortedBy(
    TableSource& source, qint64 column, bool descending, const std::atomic_bool* cancel)
{
    const qint64 rows = source.rowCount();
    if (rows > kMaxSortedRows)
        return Error(Error::Code::TooLarge,
            QStringLiteral("The table has %1 rows; sorting takes up to %2.").arg(rows).arg(kMaxSortedRows));
    SortKeys keys;
    const qint64 pageRows = source.pageRows(1);
    for (qint64 row = 0; row < rows; row += pageRows) {
        if (cancel && *cancel)
            return Error(Error::Code::Cancelled, QStringLiteral("Sorting cancelled"));
        auto page = source.read(row, qMin(pageRows, rows - row), column, 1);
        if (!page)
            return page.error();
        keys.append(page->columns.value(0));
    }
    const auto by = [descending](const auto& a, const auto& b) { return descending ? b < a : a < b; };
    switch (keys.kind) {
    case CellKind::Int:
        return order(rows, [&](qint64 a, qint64 b) { return by(keys.ints[size_t(a)], keys.ints[size_t(b)]); });
    case CellKind::UInt:
        return order(rows, [&](qint64 a, qint64 b) { return by(keys.uints[size_t(a)], keys.uints[size_t(b)]); });
    case CellKind::Float32:
    case CellKind::Float64:
        return order(rows, [&](qint64 a, qint64 b) {
            const double x = keys.numbers[size_t(a)];
            const double y = keys.numbers[size_t(b)];
            if (std::isnan(x) || std::isnan(y)) // NaN last, as pandas' sort_values puts it
                return !std::isnan(x) && std::isnan(y);
            return by(x, y);
        });
    case CellKind::Text:
        return order(rows, [&](qint64 a, qint64 b) {
            return by(keys.texts[a].compare(keys.texts[b]), 0);
        });
    }
    return Error(Error::Code::Internal, QStringLiteral("A column of no known kind"));
}

} // namespace RowOrder

ReorderedTableSource::ReorderedTableSource(
    std::unique_ptr<TableSource> source, std::shared_ptr<const std::vector<qint64>> order)
    : m_source(std::move(source))
    , m_order(std::move(order))
{
}

namespace {

ColumnData sized(CellKind kind, qint64 rows)
{
    ColumnData c;
    c.kind = kind;
    switch (kind) {
    case CellKind::Int: c.ints.resize(size_t(rows)); break;
    case CellKind::UInt: c.uints.resize(size_t(rows)); break;
    case CellKind::Float32:
    case CellKind::Float64: c.reals.resize(size_t(rows)); break;
    case CellKind::Text: c.texts.resize(rows); break;
    }
    return c;
}

void copyCell(ColumnData& out, qint64 to, const ColumnData& in, qint64 from)
{
    switch (in.kind) {
    case CellKind::Int: out.ints[size_t(to)] = in.ints[size_t(from)]; break;
    case CellKind::UInt: out.uints[size_t(to)] = in.uints[size_t(from)]; break;
    case CellKind::Float32:
    case CellKind::Float64: out.reals[size_t(to)] = in.reals[size_t(from)]; break;
    case CellKind::Text: out.texts[to] = in.texts[from]; break;
    }
}

} // namespace

Result<Page> ReorderedTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    // (source row, position in this read), visited in source order: each source page that holds
    // any of them is read once, its cells copied to their positions, and dropped.
    std::vector<std::pair<qint64, qint64>> wanted;
    wanted.reserve(size_t(rows));
    for (qint64 i = 0; i < rows; ++i)
        wanted.emplace_back((*m_order)[size_t(firstRow + i)], i);
    std::sort(wanted.begin(), wanted.end());
    Page slice;
    slice.rowStart = firstRow;
    slice.rowCount = rows;
    slice.colStart = firstColumn;
    slice.colCount = columns;
    const qint64 pageRows = m_source->pageRows(columns);
    for (size_t k = 0; k < wanted.size();) {
        const qint64 start = wanted[k].first / pageRows * pageRows;
        auto page = m_source->read(start, qMin(pageRows, m_source->rowCount() - start), firstColumn, columns);
        if (!page)
            return page.error();
        if (slice.columns.isEmpty()) {
            for (const ColumnData& c : page->columns)
                slice.columns.append(sized(c.kind, rows));
        }
        for (; k < wanted.size() && wanted[k].first < start + pageRows; ++k) {
            for (qsizetype c = 0; c < slice.columns.size(); ++c)
                copyCell(slice.columns[c], wanted[k].second, page->columns[c], wanted[k].first - start);
        }
    }
    return slice;
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "table/tablesource.h"

#include <atomic>
#include <memory>
#include <vector>

namespace H5Hdfs {

/// A table's rows in another order than stored: sorting by a column, for tables whose column fits
/// in memory.
namespace RowOrder {

/// Tables up to this many rows can be sorted (one column read whole: at most 8 MB of numbers).
constexpr qint64 kMaxSortedRows = 1'000'000;

/// The rows of `source` by the values of its column `column`: numbers by value, text by its
/// characters; NaN last in either direction, equal values in their stored order. Reads the column
/// page by page: call from a background thread. Stops with Cancelled once `cancel` is set.
Result<std::vector<qint64>> sortedBy(
    TableSource& source, qint64 column, bool descending, const std::atomic_bool* cancel = nullptr);

} // namespace RowOrder

/// `source` with its rows in `order`: row i is the source's row order[i]. Copy and export of a
/// sorted table read through this, so they write the rows in the order shown.
class ReorderedTableSource : public TableSource {
public:
    ReorderedTableSource(std::unique_ptr<TableSource> source, std::shared_ptr<const std::vector<qint64>> order);

    [[nodiscard]] qint64 rowCount() const override { return qint64(m_order->size()); }
    [[nodiscard]] QList<ColumnSpec> columns() const override { return m_source->columns(); }
    [[nodiscard]] qint64 columnCount() const override { return m_source->columnCount(); }
    [[nodiscard]] QList<ColumnSpec> columnRange(qint64 first, qint64 count) const override
    {
        return m_source->columnRange(first, count);
    }
    [[nodiscard]] QString indexName() const override { return m_source->indexName(); }
    [[nodiscard]] int indexColumns() const override { return m_source->indexColumns(); }
    [[nodiscard]] QString summary() const override { return m_source->summary(); }
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override { return m_source->pageRows(columnCount); }
    /// Reads the source's pages that hold the rows asked for, each once, and picks the rows.
    [[nodiscard]] Result<Page> read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    std::unique_ptr<TableSource> m_source;
    std::shared_ptr<const std::vector<qint64>> m_order;
};

} // namespace H5Hdfs

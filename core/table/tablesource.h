// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"
#include "result.h"

#include <functional>
#include <memory>

namespace H5Hdfs {

/// A table of rows x named, typed columns, read page by page. The viewer's table, the CLI and
/// the CSV writer all read through this, so what is shown is what is exported.
class TableSource {
public:
    virtual ~TableSource() = default;

    [[nodiscard]] virtual qint64 rowCount() const = 0;
    [[nodiscard]] virtual QList<ColumnSpec> columns() const = 0;
    /// columns().size(), without building them all (a dataset may have 2^28 columns).
    [[nodiscard]] virtual qint64 columnCount() const { return columns().size(); }
    /// Columns [first, first + count) of columns(), without building the others.
    [[nodiscard]] virtual QList<ColumnSpec> columnRange(qint64 first, qint64 count) const
    {
        return columns().mid(first, count);
    }
    /// Header of the index column written before the data columns ("" like pandas' unnamed index).
    [[nodiscard]] virtual QString indexName() const { return {}; }
    /// How many leading columns are the table's own index (a DataFrame's index levels).
    [[nodiscard]] virtual int indexColumns() const { return 0; }
    /// What the table is, when it is more than a dataset: "DataFrame · table format · 8 columns × …",
    /// or how a netCDF variable's values are unpacked. Non-empty: CSV is written as pandas writes it.
    [[nodiscard]] virtual QString summary() const { return {}; }
    /// Rows per page that keep one read within the engine's budget for `columnCount` columns.
    [[nodiscard]] virtual qint64 pageRows(qint64 columnCount) const = 0;
    /// Reads a rectangle. May block: call from a background thread, never the GUI thread.
    [[nodiscard]] virtual Result<Page> read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
        = 0;
    /// A hint that read() with these arguments comes next, so it can start now.
    virtual void prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
    {
        Q_UNUSED(firstRow)
        Q_UNUSED(rows)
        Q_UNUSED(firstColumn)
        Q_UNUSED(columns)
    }
};

/// Builds a TableSource on the thread that will read it (reads block, so sources live there).
using TableSourceFactory = std::function<std::unique_ptr<TableSource>()>;

} // namespace H5Hdfs

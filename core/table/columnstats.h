// SPDX-License-Identifier: MIT
#pragma once

// Statistics per column of a dataset or a named table, read page by page through the engine:
// what `h5hdfs check` reports and what the viewer's Statistics panel shows. Blocks on the engine:
// call from a background thread (or the CLI), never the GUI thread.

#include "service/h5service.h"
#include "table/tablesource.h"

#include <functional>
#include <limits>

namespace H5Hdfs {

/// What the numbers of one column hold: NaN and Inf counts, the finite range, mean and spread.
struct ColumnStats {
    QString name;
    qint64 values = 0; ///< every value, NaN and Inf included
    qint64 nan = 0;
    qint64 inf = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double mean = 0; ///< of the finite values
    double m2 = 0;   ///< sum of squared deviations from the mean, of the finite values
    bool single = false; ///< a float32 column: its min and max read best as float32 text

    /// `times`: how many elements hold each value (an unallocated dataset's fill value stands for all).
    void add(const ColumnData& c, qint64 times = 1);
    void merge(const ColumnStats& o);
    [[nodiscard]] qint64 finite() const { return values - nan - inf; }
    [[nodiscard]] bool hasRange() const { return min <= max; }
    /// The sample standard deviation of the finite values (n - 1, as pandas' describe()); NaN below 2.
    [[nodiscard]] double standardDeviation() const;

private:
    void addFinite(double v, qint64 times);
};

/// Statistics per field of the element type: the fields of a compound (a table's columns) are
/// different quantities, and one range over all of them says nothing. Positions along the column
/// dimension of a matrix are the same quantity, so they share their field's entry.
struct NumericStats {
    QList<ColumnStats> columns; ///< one per field; text fields stay empty
    QList<bool> numeric;

    NumericStats() = default;
    explicit NumericStats(const QList<ColumnSpec>& fields);
    /// One entry per column of a named table; unnamed index columns are called "index", as
    /// pandas' reset_index() names them.
    static NumericStats forTable(const TableDescription& table);
    void add(qint64 column, const ColumnData& c, qint64 times = 1);
    [[nodiscard]] ColumnStats total() const;
};

namespace Statistics {

/// Told the rows read so far and the rows to read in all, before each page; false stops the work
/// (the result is then Error::Code::Cancelled).
using Progress = std::function<bool(qint64 done, qint64 total)>;

/// Whether a dataset has numbers to take statistics of.
bool hasNumbers(const DatasetInfo& info);
/// Every element of a dataset, per field (all slices of an N-D dataset). Storage never written is
/// not read: it counts as its fill value.
Status ofDataset(H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats, const Progress& progress = {});
/// Every row of a named table (a DataFrame), per named column.
Status ofTable(TableSource& source, NumericStats& stats, const Progress& progress = {});

} // namespace Statistics

} // namespace H5Hdfs

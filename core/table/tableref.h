// SPDX-License-Identifier: MIT
#pragma once

#include "service/h5service.h"
#include "table/tablesource.h"

#include <optional>

namespace H5Hdfs {

/// Which table an object of an open file is read as: a named table the engine recognised (a pandas
/// DataFrame or Series, a PyTables table, a matrix with column names), or a dataset through a 2-D
/// view. A value, made by TableResolver: the viewer's table, its export, sorting and the CLI all
/// read an object through its ref, so they read the same table.
struct TableRef {
    H5Service::FileId file = 0;
    QString path;
    /// Set: the named table the engine described (the dataset fields below are unused).
    std::optional<TableDescription> named;
    /// The dataset as shown: cfView set when a netCDF variable's values are unpacked.
    DatasetInfo dataset;
    DimView view; ///< which dimensions are rows and columns (the default view when none was given)
    /// Rank 3 and up as `cat` and `export` write it: one row per element (FlatTableSource), not
    /// the 2-D `view`. Such a ref is read through its source only, not page by page.
    bool everyElement = false;

    static TableRef ofDataset(
        H5Service::FileId file, QString path, DatasetInfo shown, const DimView& view = {});
    static TableRef ofNamedTable(H5Service::FileId file, QString path, TableDescription table);

    [[nodiscard]] bool isNamed() const { return named.has_value(); }
    /// The same dataset through another 2-D view.
    [[nodiscard]] TableRef withView(const DimView& other) const;
    /// Rows and columns as read page by page: a named table's columns, or the view's.
    [[nodiscard]] TableGeometry geometry() const;
    /// A named table's summary ("DataFrame · table format · …"), or how a netCDF variable's values
    /// are unpacked; "" for other datasets.
    [[nodiscard]] QString summary() const;
    /// The engine's request for rows x columns of this table: the one place that chooses between
    /// reading a named table and reading a page of a dataset. `labels`: with the values of the
    /// dimension scales (netCDF coordinates) at the page's rows and columns.
    [[nodiscard]] H5Request pageRequest(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns, bool labels = false) const;
    /// This table as a TableSource (export, sorting, statistics), built on the thread that reads it.
    [[nodiscard]] TableSourceFactory sourceFactory(H5Service& service) const;

    /// Same object read the same way (file, path, named table or dataset, values, view).
    friend bool operator==(const TableRef& a, const TableRef& b);
};

} // namespace H5Hdfs

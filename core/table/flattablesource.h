// SPDX-License-Identifier: MIT
#pragma once

#include "table/datasettablesource.h"

namespace H5Hdfs {

/// A dataset of rank 3 and up as one long table, laid out as h5dump and xarray's to_dataframe()
/// lay it out: one row per element in C order, the columns dim_0 … dim_{n-1} with the element's
/// indices, then the element's fields ("value" for a plain number). Nothing is left out, as a 2-D
/// slice would leave out every other index of the leading dimensions.
class FlatTableSource : public TableSource {
public:
    FlatTableSource(H5Service& service, H5Service::FileId file, QString path, DatasetInfo info);

    [[nodiscard]] qint64 rowCount() const override { return m_info.elementCount(); }
    [[nodiscard]] QList<ColumnSpec> columns() const override { return m_columns; }
    [[nodiscard]] int indexColumns() const override { return m_info.rank(); }
    /// As DatasetTableSource::summary().
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override;
    [[nodiscard]] Result<Page> read(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    /// The plane (a 2-D slice of the last two dimensions) at this position of the leading ones.
    [[nodiscard]] DimView planeView(qint64 plane) const;
    [[nodiscard]] bool smallPlanes() const;
    Status readPlanes(Page& out, qint64 firstRow, qint64 rows);
    Status readStacked(Page& out, qint64 firstRow, qint64 rows);
    void appendElement(Page& out, const QList<qint64>& leading, qint64 j, qint64 k, const Page& page,
        qint64 row, qint64 column) const;

    PageFetcher m_pages;
    TableRef m_ref; ///< the dataset, through the view of the plane being read
    DatasetInfo m_info;
    QList<ColumnSpec> m_columns;
    qint64 m_rowLength = 1;  ///< the last dimension: elements in one row of a plane
    qint64 m_planeRows = 1;  ///< the dimension before it
    qint64 m_fields = 1;     ///< leaves of one element
};

namespace TableSources {

/// A 2-D view from text such as "3,:,:" (rank 3): an index for each dimension, with ':' for the
/// row and the column dimension (the first ':' gives the rows; with one ':', a single column).
Result<DimView> parseSlice(const QString& text, const DatasetInfo& info);

} // namespace TableSources

} // namespace H5Hdfs

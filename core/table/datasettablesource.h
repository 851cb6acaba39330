// SPDX-License-Identifier: MIT
#pragma once

#include "service/h5service.h"
#include "table/tableref.h"
#include "table/tablesource.h"

#include <future>
#include <optional>

namespace H5Hdfs {

/// A dataset seen as a table through an H5Service: a 2-D view (DimView) of any dataset, one column
/// per (position along the column dimension) x (field of the element type).
/// Requests pages from the engine, answering a read from the prefetched page when it matches.
class PageFetcher {
public:
    PageFetcher(H5Service& service, H5Service::FileId file)
        : m_service(service)
        , m_file(file)
    {
    }
    void prefetch(const H5Request& request);
    [[nodiscard]] Result<Page> fetch(const H5Request& request);

private:
    H5Service& m_service;
    H5Service::FileId m_file;
    struct Pending {
        H5Request request;
        std::future<H5Response> answer;
    };
    std::optional<Pending> m_pending;
};

class DatasetTableSource : public TableSource {
public:
    /// `ref` names a dataset (not a named table).
    DatasetTableSource(H5Service& service, TableRef ref);
    DatasetTableSource(
        H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view = {});

    [[nodiscard]] qint64 rowCount() const override { return m_geometry.rows; }
    [[nodiscard]] QList<ColumnSpec> columns() const override;
    [[nodiscard]] qint64 columnCount() const override { return m_geometry.cols; }
    [[nodiscard]] QList<ColumnSpec> columnRange(qint64 first, qint64 count) const override;
    /// Said of a netCDF variable whose values are unpacked (they are written as pandas writes
    /// values, missing ones as nothing); "" for other datasets.
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override;
    [[nodiscard]] Result<Page> read(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;
    void prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    PageFetcher m_pages;
    TableRef m_ref;
    TableGeometry m_geometry;
};

/// A named table the engine recognised (a pandas DataFrame or Series, a matrix with column
/// names): columns carry their names and pandas' presentation, the index columns come first.
class FrameTableSource : public TableSource {
public:
    /// `ref` names a named table.
    FrameTableSource(H5Service& service, TableRef ref);
    FrameTableSource(H5Service& service, H5Service::FileId file, QString path, TableDescription description);

    [[nodiscard]] qint64 rowCount() const override { return m_ref.named->rows; }
    [[nodiscard]] QList<ColumnSpec> columns() const override { return m_ref.named->columns; }
    [[nodiscard]] int indexColumns() const override { return m_ref.named->indexColumns; }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override;
    [[nodiscard]] Result<Page> read(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;
    void prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    PageFetcher m_pages;
    TableRef m_ref;
};

} // namespace H5Hdfs

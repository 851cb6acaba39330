// SPDX-License-Identifier: MIT
#pragma once

#include "service/h5service.h"
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
    [[nodiscard]] H5Request pageRequest(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) const;

    PageFetcher m_pages;
    QString m_path;
    DatasetInfo m_info;
    DimView m_view;
    TableGeometry m_geometry;
};

/// A named table the engine recognised (a pandas DataFrame or Series, a matrix with column
/// names): columns carry their names and pandas' presentation, the index columns come first.
class FrameTableSource : public TableSource {
public:
    FrameTableSource(H5Service& service, H5Service::FileId file, QString path, TableDescription description);

    [[nodiscard]] qint64 rowCount() const override { return m_description.rows; }
    [[nodiscard]] QList<ColumnSpec> columns() const override { return m_description.columns; }
    [[nodiscard]] int indexColumns() const override { return m_description.indexColumns; }
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override;
    [[nodiscard]] Result<Page> read(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;
    void prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    PageFetcher m_pages;
    QString m_path;
    TableDescription m_description;
};

namespace TableSources {

/// How `info`'s object reads as a table: as the named table the engine recognises in it (unless
/// `raw`), else as the dataset itself through `view`. Blocks on the engine: not for the GUI thread.
Result<TableSourceFactory> forObject(H5Service& service, H5Service::FileId file, const ObjectInfo& info,
    const DimView& view = {}, bool raw = false);

} // namespace TableSources

} // namespace H5Hdfs

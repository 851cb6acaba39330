// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"
#include "table/tablesource.h"

#include <future>
#include <optional>

/// A dataset seen as a table through an H5Service: a 2-D view (DimView) of any dataset, one column
/// per (position along the column dimension) x (field of the element type).
class DatasetTableSource : public TableSource {
public:
    DatasetTableSource(
        H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view = {});

    [[nodiscard]] qint64 rowCount() const override { return m_geometry.rows; }
    [[nodiscard]] QList<ColumnSpec> columns() const override;
    [[nodiscard]] qint64 pageRows(qint64 columnCount) const override;
    [[nodiscard]] Result<Slice> read(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;
    void prefetch(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override;

private:
    [[nodiscard]] H5Request pageRequest(
        qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) const;

    H5Service& m_service;
    H5Service::FileId m_file;
    QString m_path;
    DatasetInfo m_info;
    DimView m_view;
    TableGeometry m_geometry;
    struct Pending {
        PageRequest page;
        std::future<H5Response> answer;
    };
    std::optional<Pending> m_pending;
};

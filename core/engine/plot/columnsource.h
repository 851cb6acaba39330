// SPDX-License-Identifier: MIT
#pragma once

// The values a line or a histogram reduces (plotreader.cpp): one column of a dataset's or a named
// table's rows as doubles, read block by block.

#include "plottypes.h"
#include "result.h"

#include <memory>
#include <vector>

namespace H5Hdfs {

class H5FileImage;
struct FramePlan;

class ColumnSource {
public:
    /// Column `column` of the plotted object (the request's column, or its x column): a named
    /// table's column when request.table is set (`plan` is the table), plain numbers read straight
    /// into doubles, anything else through the table's page reading (text reads as NaN). `image`
    /// must outlive the source.
    static Result<std::unique_ptr<ColumnSource>> open(const H5FileImage& image, const QString& path,
        const PlotRequest& request, const FramePlan* plan, qint64 column);

    virtual ~ColumnSource() = default;
    [[nodiscard]] virtual qint64 rows() const = 0;
    /// Rows read at once: a numeric dataset reads big blocks, decoded pages smaller ones.
    [[nodiscard]] virtual qint64 blockRows() const = 0;
    virtual Status read(qint64 row, qint64 n, std::vector<double>& out) = 0;
    /// float32 values: numpy bins them with float32 edges.
    [[nodiscard]] virtual bool isFloat32() = 0;
    /// Times, read as seconds since 1970-01-01 UTC.
    [[nodiscard]] virtual bool isTime() const { return false; }
};

} // namespace H5Hdfs

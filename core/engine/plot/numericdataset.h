// SPDX-License-Identifier: MIT
#pragma once

// A dataset of plain numbers (integers or floats, no compound), read by the library straight into
// doubles: no per-cell decoding, so that 10^8 samples take a fraction of a second. What images and
// numeric columns of plots read (plotreader.cpp, columnsource.cpp).

#include "h5handle.h"
#include "h5netcdf.h"
#include "h5types.h"
#include "result.h"

#include <memory>
#include <vector>

namespace H5Hdfs {

class H5FileImage;

class NumericDataset {
public:
    /// A rectangle of the dataset's 2-D view: `rows` positions along rowDim from rowStart every
    /// rowStep, and the same along colDim (cols is 1 when the view has no column dimension).
    struct Box {
        qint64 rowStart = 0, rowStep = 1, rows = 0;
        qint64 colStart = 0, colStep = 1, cols = 1;
    };

    /// Opens `path` with the dimensions `asked` (or the default view); refuses what is not plain
    /// numbers (Unsupported), a single value, and what a table page refuses. `unpack`: apply CF
    /// packing (scale_factor, add_offset) to what is read.
    static Result<std::unique_ptr<NumericDataset>> open(
        const H5FileImage& image, const QString& path, const DimView& asked, bool unpack);

    [[nodiscard]] const DimView& view() const { return m_view; }
    /// float32 as read: CF unpacking (scale_factor, add_offset) makes other numbers of them.
    [[nodiscard]] bool isFloat32() const { return m_float32 && !m_packing.changesValues(); }
    [[nodiscard]] qint64 length(int dim) const { return dim < 0 ? 1 : m_info.shape[dim]; }
    void setIndex(int dim, qint64 position) { m_view.index[dim] = position; }

    /// The box's values, row-major (rows x cols), unpacked when asked.
    Status read(const Box& b, double* out);

private:
    NumericDataset() = default;
    void unpack(double* values, qint64 n) const;

    QString m_path;
    H5Handle m_dataset;
    H5Handle m_space;
    DatasetInfo m_info;
    DimView m_view;
    H5NetCdf::Packing m_packing;
    std::vector<double> m_scratch;
    bool m_float32 = false;
};

} // namespace H5Hdfs

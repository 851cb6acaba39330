// SPDX-License-Identifier: MIT
#pragma once

// Worker side of plots: reads a dataset or a named table's column in blocks of bounded size
// (columnsource.h, numericdataset.h) and reduces it (reduce.h) to what a plot draws. Runs on the
// HDF5 thread of the worker only.

#include "plottypes.h"
#include "result.h"

#include <functional>

namespace H5Hdfs {

class H5FileImage;
struct FramePlan;

class PlotReader {
public:
    /// Values read per block: memory stays at a few of these, whatever the dataset's size.
    static constexpr qint64 kBlockValues = 1 << 20;
    /// Images of up to this many source cells are block means; larger ones are strided (a pixel is
    /// one cell), so that an image never reads more than about this many cells per plane.
    static constexpr qint64 kMeanCells = 1 << 24;

    explicit PlotReader(const H5FileImage& image)
        : m_image(image)
    {
    }

    /// `plan` is the named table when request.table is set, else null. `progress(done, total)`
    /// is called between blocks.
    [[nodiscard]] Result<PlotData> run(const QString& path, const PlotRequest& request, const FramePlan* plan,
        const std::function<void(qint64, qint64)>& progress = {}) const;

private:
    const H5FileImage& m_image;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// Internal to the engine: what netCDF-4 and the CF conventions add to a dataset, read in the worker.
// A netCDF-4 variable is an HDF5 dataset whose dimensions have dimension scales attached
// (DIMENSION_LIST: one list of object references per dimension), and whose attributes say how its
// stored numbers become values (scale_factor, add_offset) and which of them are missing
// (_FillValue, missing_value, valid_min, valid_max, valid_range).

#include "h5handle.h"
#include "h5types.h"

#include <limits>

namespace H5Hdfs {

class H5FileImage;
class H5Reader;

namespace H5NetCdf {

/// The dimension scale attached to one dimension of a dataset.
struct Dimension {
    QString name;      ///< the netCDF dimension's name ("" when no scale is attached)
    QString scalePath; ///< the scale dataset, when it holds values (a coordinate variable)
};

/// The scales attached to each of the `rank` dimensions of `dataset` in `image`; empty when none is.
QList<Dimension> dimensions(const H5FileImage& image, HdfId dataset, int rank);
/// Fills info.dimensions, dimensionScales, packing and unpackedKind of an open dataset.
void describe(const H5FileImage& image, HdfId dataset, DatasetInfo& info);

/// How a variable's stored numbers become values, CF section 8.1 and 2.5.1.
struct Packing {
    bool scaled = false; ///< scale_factor or add_offset present
    double scale = 1;
    double offset = 0;
    QList<double> missing; ///< _FillValue and missing_value, as stored
    double validMin = -std::numeric_limits<double>::infinity();
    double validMax = std::numeric_limits<double>::infinity();
    bool validInStoredUnits = true; ///< valid_* of the stored type compare stored numbers
    CellKind kind = CellKind::Float64; ///< of the unpacked values
    /// "× 0.01 + 273.15; missing: _FillValue -32767, missing_value -32766"; empty when the values
    /// are the stored numbers.
    QString text;

    [[nodiscard]] bool changesValues() const { return !text.isEmpty(); }
};

/// The packing of a dataset with one numeric field; changesValues() is false for other datasets.
Packing packing(HdfId dataset);
/// The values of 1-D `scalePath` at [start, start + count), as text ("" past its end).
QStringList scaleLabels(const H5Reader& reader, const QString& scalePath, qint64 start, qint64 count,
    bool unpack);
/// Replaces the stored numbers of `column` by their values: missing ones become NaN.
void unpack(const Packing& packing, ColumnData& column);

} // namespace H5NetCdf

} // namespace H5Hdfs

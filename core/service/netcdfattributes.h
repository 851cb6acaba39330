// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

namespace H5Hdfs {

/// The attributes netCDF-4 and the HDF5 Dimension Scales keep for their own bookkeeping. They are
/// shown as what they mean (dimension names and labels, a variable's values), so the viewer hides
/// them unless Raw is on, as it hides a DataFrame's storage.
namespace NetCdfAttributes {

/// `attribute` is bookkeeping: _Netcdf4Dimid, _Netcdf4Coordinates, _nc3_strict, _NCProperties,
/// DIMENSION_LIST, REFERENCE_LIST, and on a dimension scale its CLASS and NAME. `siblings` are all
/// the attributes of its object (CLASS = DIMENSION_SCALE among them makes NAME bookkeeping).
[[nodiscard]] bool isInternal(const Attribute& attribute, const QList<Attribute>& siblings);
/// `attributes` without the internal ones, or all of them when `raw`.
[[nodiscard]] QList<Attribute> shown(const QList<Attribute>& attributes, bool raw);

} // namespace NetCdfAttributes

} // namespace H5Hdfs

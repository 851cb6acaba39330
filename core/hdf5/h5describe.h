// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

#include <QPair>

/// Readable text for metadata, shared by the viewer's panels and the CLI.
namespace H5Describe {

/// "1000 × 8", or "scalar" for no dimensions; with `unlimitedAware` (a max shape), "∞" for an
/// unlimited dimension.
QString shape(const QList<qint64>& dims, bool unlimitedAware = false);
/// With the dimensions' names (netCDF-4 variables): "time=12 × lat=73 × lon=144"; without, shape(dims).
QString shape(const QList<qint64>& dims, const QStringList& names);
/// A netCDF variable seen through the CF conventions (DatasetInfo::cfShown) whose values differ from
/// the stored numbers: "values unpacked (CF): × 0.01 + 273.15; missing: _FillValue -32767"; else "".
QString cfSummary(const DatasetInfo& info);
/// "1.5 MiB (1572864 bytes)" from 1 KiB on, "512 bytes" below: the metadata's sizes, and the CLI's.
QString bytes(qint64 n);
/// "deflate (1) [4] available, blosc (32001) NOT AVAILABLE", or "none".
QString filters(const QList<FilterInfo>& filters);
/// Label/value rows describing an object: kind, shape, type, layout, chunks, filters, sizes, ...
QList<QPair<QString, QString>> properties(const ObjectInfo& info);

} // namespace H5Describe

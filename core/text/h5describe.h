// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

#include <QPair>

namespace H5Hdfs {

/// Readable text for metadata, shared by the viewer's panels and the CLI.
namespace H5Describe {

// One formatter for shapes and one for sizes: the tree, the panels and the CLI show them alike.

/// "1,000 × 8" (the locale's digit grouping), "scalar"; with maxShape: "∞" for unlimited dimensions.
QString shape(const QList<qint64>& dims, bool unlimitedAware = false);
/// With the dimensions' names (netCDF-4 variables): "time=12 × lat=73 × lon=144"; a dimension
/// without a name (or beyond `names`) shows its length alone.
QString shape(const QList<qint64>& dims, const QStringList& names);
/// A netCDF variable seen through the CF conventions (DatasetInfo::cfShown) whose values differ from
/// the stored numbers: "values unpacked (CF): × 0.01 + 273.15; missing: _FillValue -32767"; else "".
QString cfSummary(const DatasetInfo& info);
/// A named table: "DataFrame · table format · 5 columns × 1,000 rows"; "" for no table.
QString table(const TableSummary& summary);
/// Its size alone: "5 columns × 1,000 rows" ("1,000 rows" for a Series).
QString tableSize(const TableSummary& summary);
/// Every size shown in brief, in the locale's style: "120.2 KiB", "512 bytes".
QString size(qint64 n);
/// A size with its exact count: "1.5 MiB (1,572,864 bytes)", "512 bytes".
QString bytes(qint64 n);
/// "deflate (1) [4] available, blosc (32001) NOT AVAILABLE", or "none".
QString filters(const QList<FilterInfo>& filters);
/// Label/value rows describing an object: kind, shape, type, layout, chunks, filters, sizes, ...
QList<QPair<QString, QString>> properties(const ObjectInfo& info);

} // namespace H5Describe

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// Which plot suits an object, and the requests that draw it: shared by the viewer's Plot tab and
// `h5hdfs plot`, so both show the same picture of the same object.

#include "plottypes.h"

#include <optional>

namespace H5Hdfs {

namespace PlotChoice {

/// Images need both sides longer than this; narrower 2-D data plots its columns as lines.
constexpr qint64 kMinImageSide = 32;
/// At most this many columns become lines by default.
constexpr int kMaxDefaultLines = 4;

/// The dimension holding the colour channels of an RGB(A) image, or -1: an 8-bit dataset (or one
/// marked CLASS=IMAGE) of rank 3 or more whose last dimension has 3 or 4 positions, or a CLASS=IMAGE
/// dataset with INTERLACE_MODE=INTERLACE_PLANE, whose first dimension does.
int colorDimension(const ObjectInfo& info);
/// The view that shows an RGB image: rows and columns are the two dimensions before the channels
/// (after them for INTERLACE_PLANE).
DimView colorView(const ObjectInfo& info, int channelDim);
/// Whether the dataset's elements are single numbers (not compounds, strings or references).
bool isNumeric(const DatasetInfo& info);
/// The plot that shows an object best, or nothing ("table only": compounds, strings, scalars).
/// `table` is the object read as a named table (a DataFrame), when it is one.
std::optional<PlotRequest::Kind> defaultKind(const ObjectInfo& info, const TableDescription* table, const DimView& view);
/// The columns a line plot shows by default: the first numeric non-index columns of a table, the
/// numeric fields of a compound, or the positions along the column dimension of narrow 2-D data.
QList<qint64> defaultColumns(const ObjectInfo& info, const TableDescription* table, const DimView& view);
/// Whether a table's column holds times (pandas datetime64 or timedelta64): a line along it reads
/// them as seconds.
bool isTime(const ColumnSpec& column);
/// The columns a line may run along, for the x chooser: a table's numeric and time columns (its
/// index among them), a dataset's numeric columns.
QList<qint64> xColumns(const ObjectInfo& info, const TableDescription* table, const DimView& view);
/// What a line runs along by default: a DataFrame's single index when it holds numbers or times,
/// as pandas plots it; -1, the row number, for everything else.
qint64 defaultXColumn(const TableDescription* table);
/// The name of column `column` in a legend.
QString columnName(const ObjectInfo& info, const TableDescription* table, const DimView& view, qint64 column);

} // namespace PlotChoice

} // namespace H5Hdfs

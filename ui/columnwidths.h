// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

class QTableView;

namespace H5Hdfs {

class DatasetTableModel;

/// Table columns as wide as the widest value their type can show, so that no number is ever cut:
/// widths come from the type (int16, float64, datetime64[ns]), not from the rows read first.
namespace ColumnWidths {

/// Above this many columns in the window, one width (the widest field's) serves them all.
constexpr int kMaxSizedColumns = 2000;

/// The longest text a value of `column` shows as, with digits as '8' (for measuring); empty when
/// the type says nothing about it (free text).
QString widestText(const ColumnSpec& column, char format, int precision);
/// Sizes the columns of `view`, which shows `model`, to their widest values and their names.
void apply(QTableView& view, const DatasetTableModel& model, char format, int precision);

} // namespace ColumnWidths

} // namespace H5Hdfs

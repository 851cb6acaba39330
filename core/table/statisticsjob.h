// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "result.h"
#include "table/columnstats.h"
#include "table/tableref.h"

namespace H5Hdfs {

/// The statistics of one dataset or named table, per column, taken on a thread of their own (the
/// pages are read by the file's worker) so the window stays responsive. Every row of a named table
/// (a DataFrame), per named column; or every element of a dataset, per field, whatever 2-D view of
/// it the table shows. `progress` counts rows; `done` and `progress` run in `context`'s thread
/// (BackgroundJob's rules); cancelling or dropping the handle stops the work after the page being read.
[[nodiscard]] BackgroundJob takeStatistics(H5Service& service, TableRef table, QObject* context,
    std::function<void(Result<NumericStats>&&)> done, ProgressCallback progress = {});

} // namespace H5Hdfs

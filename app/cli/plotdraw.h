// SPDX-License-Identifier: MIT
#pragma once

// The one way the CLI draws a plot of an object (`plot`, and `check --previews`): what the viewer's
// Plot tab would show of it, asked of the worker synchronously.

#include "plotplan.h"
#include "service/h5service.h"
#include "table/tableresolver.h"

#include <optional>

namespace H5Hdfs {

namespace Cli {

/// The named table the engine finds in the object (a DataFrame), as the viewer shows it; nothing
/// when the object is a plain dataset (or `options` ask for it as stored).
Result<std::optional<TableDescription>> shownTable(
    H5Service& service, H5Service::FileId file, const ObjectInfo& info, const TableOptions& options);

/// The scene of the object's plot (`table`: the object read as a named table, or null): the
/// planner's requests answered by the worker. InvalidArgument when the options do not fit the
/// object (PlotPlanner::plan), else the worker's error.
Result<PlotScene> drawScene(H5Service& service, H5Service::FileId file, const ObjectInfo& info,
    const TableDescription* table, const PlotOptions& options);

} // namespace Cli

} // namespace H5Hdfs

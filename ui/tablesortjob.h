// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "table/roworder.h"

namespace H5Hdfs {

/// The rows of a table in the order of one column, shared with the table that shows them.
using SharedRowOrder = std::shared_ptr<const std::vector<qint64>>;

/// Sorts a table's rows by one column on a thread of its own (the column is read through the
/// file's worker), so the window stays responsive (RowOrder::sortedBy). `done` runs in `context`'s
/// thread (BackgroundJob's rules); cancelling or dropping the handle stops the sort.
[[nodiscard]] BackgroundJob sortRows(TableSourceFactory source, qint64 column, bool descending, QObject* context,
    std::function<void(Result<SharedRowOrder>&&)> done);

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "tablesortjob.h"

namespace H5Hdfs {

BackgroundJob sortRows(TableSourceFactory source, qint64 column, bool descending, QObject* context,
    std::function<void(Result<SharedRowOrder>&&)> done)
{
    return BackgroundJob::start<Result<SharedRowOrder>>(
        context,
        [source = std::move(source), column, descending](const JobControl& control) -> Result<SharedRowOrder> {
            const std::unique_ptr<TableSource> table = source();
            auto sorted = RowOrder::sortedBy(*table, column, descending, &control.cancelled);
            if (!sorted)
                return sorted.error();
            return std::make_shared<const std::vector<qint64>>(std::move(*sorted));
        },
        std::move(done));
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "table/statisticsjob.h"

namespace H5Hdfs {

namespace {

Result<NumericStats> statisticsOf(H5Service& service, const TableRef& table, const JobControl& control)
{
    NumericStats stats = table.named ? NumericStats::forTable(*table.named) : NumericStats(table.dataset.fields);
    const Statistics::Progress report = [&control](qint64 done, qint64 total) {
        if (control.cancelled)
            return false;
        control.report(done, total);
        return true;
    };
    Status status;
    const DatasetInfo& info = table.dataset;
    if (table.isNamed()) {
        const std::unique_ptr<TableSource> source = table.sourceFactory(service)();
        status = Statistics::ofTable(*source, stats, report);
    } else if (info.externalStorage || info.layout == Layout::Virtual) {
        status = Error(Error::Code::Unsupported,
            QStringLiteral("%1: statistics are not taken of external or virtual storage").arg(table.path));
    } else if (!info.nullSpace && info.elementCount() > 0 && Statistics::hasNumbers(info)) {
        status = Statistics::ofDataset(service, table.file, table.path, info, stats, report);
    }
    if (status.isError())
        return status;
    return stats;
}

} // namespace

BackgroundJob takeStatistics(H5Service& service, TableRef table, QObject* context,
    std::function<void(Result<NumericStats>&&)> done, ProgressCallback progress)
{
    return BackgroundJob::start<Result<NumericStats>>(
        context,
        [&service, table = std::move(table)](const JobControl& control) {
            return statisticsOf(service, table, control);
        },
        std::move(done), std::move(progress));
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plotdraw.h"

namespace H5Hdfs {

namespace Cli {

Result<std::optional<TableDescription>> shownTable(
    H5Service& service, H5Service::FileId file, const ObjectInfo& info, const TableOptions& options)
{
    const auto ref = resolveTable(service, file, info, options);
    if (!ref) {
        if (ref.error().code == Error::Code::NotATable) // a group: the planner's to refuse
            return std::optional<TableDescription>();
        return ref.error();
    }
    return ref->named;
}

Result<PlotScene> drawScene(H5Service& service, H5Service::FileId file, const ObjectInfo& info,
    const TableDescription* table, const PlotOptions& options)
{
    ObjectInfo shown = info;
    shown.dataset = shown.dataset.shown(options.raw);
    const auto plan = PlotPlanner::plan(shown, table, options);
    if (!plan)
        return plan.error();
    QList<H5Response> answers;
    for (const H5Request& request : plan->requests)
        answers.append(service.call(file, request));
    return PlotPlanner::scene(*plan, answers);
}

} // namespace Cli

} // namespace H5Hdfs

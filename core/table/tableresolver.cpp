// SPDX-License-Identifier: MIT
#include "table/tableresolver.h"

#include "table/flattablesource.h"

namespace H5Hdfs {

Result<TableOptions> TableOptions::ofCommandLine(const ObjectInfo& info, const QString& slice, bool raw)
{
    TableOptions options;
    options.raw = raw;
    if (slice.isEmpty()) {
        options.everyElement = true;
        return options;
    }
    if (info.kind != NodeKind::Dataset)
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("--slice needs a dataset; %1 is a %2").arg(info.path, nodeKindName(info.kind)));
    const auto view = TableSources::parseSlice(slice, info.dataset);
    if (!view)
        return view.error();
    options.view = *view;
    options.slice = true;
    return options;
}

namespace TableResolver {

std::optional<H5Request> question(const ObjectInfo& info, const TableOptions& options)
{
    if (options.raw || options.slice || (options.listed && options.listed->isEmpty()))
        return std::nullopt;
    return H5Request::describeTable(info.path);
}

Result<TableRef> answer(
    H5Service::FileId file, const ObjectInfo& info, const H5Response* described, const TableOptions& options)
{
    if (described && question(info, options)) {
        if (described->ok())
            return TableRef::ofNamedTable(file, info.path, described->table);
        if (described->error.code != Error::Code::NotATable) // a named table, but a broken one
            return described->error;
    }
    if (info.kind != NodeKind::Dataset)
        return Error(Error::Code::NotATable, QStringLiteral("%1 is a %2, not a dataset or a DataFrame")
                                                 .arg(info.path, nodeKindName(info.kind)));
    // netCDF variables show their values (CF unpacking and masking) unless raw, as DataFrames do.
    TableRef ref = TableRef::ofDataset(file, info.path, info.dataset.shown(options.raw), options.view);
    ref.everyElement = options.everyElement && ref.dataset.rank() >= 3;
    return ref;
}

} // namespace TableResolver

Result<TableRef> resolveTable(
    H5Service& service, H5Service::FileId file, const ObjectInfo& info, const TableOptions& options)
{
    const auto asked = TableResolver::question(info, options);
    if (!asked)
        return TableResolver::answer(file, info, nullptr, options);
    const H5Response described = service.call(file, *asked);
    return TableResolver::answer(file, info, &described, options);
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "batch/filecheck.h"

#include "table/tableresolver.h"

#include <QLocale>
#include <QSet>
#include <algorithm>

namespace H5Hdfs {

namespace FileCheck {

namespace {

/// One walk: what was found so far, and the groups already entered.
struct Walk {
    H5Service& service;
    H5Service::FileId file;
    const Progress& progress;
    Findings found;
    QSet<quint64> seenGroups; ///< by address: a group reached again through a hard link is not re-entered
};

Statistics::Progress rowsOf(const Walk& walk, const QString& path)
{
    return [&walk, path](qint64 row, qint64 rows) {
        if (walk.progress)
            walk.progress(path, row, rows);
        return true;
    };
}

// Statistics taken: infinities are a warning.
void noteStats(const NumericStats& stats, Findings& found)
{
    if (stats.total().inf > 0)
        ++found.warnings;
}

QStringList missingFiltersOf(const DatasetInfo& d)
{
    QStringList missing;
    for (const FilterInfo& f : d.filters) {
        if (!f.available && !f.optional)
            missing << QStringLiteral("%1 (%2)").arg(f.name).arg(f.id);
    }
    return missing;
}

bool hasReadableNumbers(const DatasetInfo& d)
{
    return Statistics::hasNumbers(d) && !d.externalStorage && d.layout != Layout::Virtual;
}

DatasetCheck checkDataset(Walk& walk, const QString& path)
{
    DatasetCheck c;
    c.path = path;
    const H5Response info = walk.service.call(walk.file, H5Request::info(path));
    if (!info.ok()) {
        c.unreadable = info.error;
        ++walk.found.problems;
        return c;
    }
    const DatasetInfo d = info.info.dataset.cfShown(); // statistics of the values a netCDF variable holds
    c.shape = d.shape;
    c.typeName = d.typeName;
    c.empty = d.elementCount() == 0;
    c.missingFilters = missingFiltersOf(d);
    walk.found.warnings += c.empty;
    walk.found.problems += !c.missingFilters.isEmpty();
    if (!c.missingFilters.isEmpty() || c.empty || !hasReadableNumbers(d))
        return c;
    NumericStats stats(d.fields);
    c.readError = Statistics::ofDataset(walk.service, walk.file, path, d, stats, rowsOf(walk, path));
    if (c.readError.isError()) {
        ++walk.found.problems;
        return c;
    }
    noteStats(stats, walk.found);
    c.stats = std::move(stats);
    return c;
}

/// A named table, and empty statistics for its columns.
struct OpenedTable {
    std::unique_ptr<TableSource> source;
    NumericStats stats;
};

// The one place check opens a named table: through the resolver, as the viewer and `cat` do, with
// what the listing said of the object.
Result<OpenedTable> openTable(H5Service& service, H5Service::FileId file, const H5Node& node)
{
    ObjectInfo object;
    object.path = node.path;
    object.kind = node.kind;
    TableOptions options;
    options.listed = node.tableSummary;
    const auto table = resolveTable(service, file, object, options);
    if (!table)
        return table.error();
    if (!table->isNamed()) // the listing and the description are one decision of the engine's
        return Error(Error::Code::NotATable,
            QStringLiteral("%1 was listed as a named table but is not described as one").arg(node.path));
    return OpenedTable {table->sourceFactory(service)(), NumericStats::forTable(*table->named)};
}

TableCheck checkTable(Walk& walk, const H5Node& node)
{
    TableCheck c;
    c.path = node.path;
    c.summary = node.tableSummary;
    auto table = openTable(walk.service, walk.file, node);
    if (!table) {
        c.readError = table.error();
        return c;
    }
    c.readError = Statistics::ofTable(*table->source, table->stats, rowsOf(walk, node.path));
    if (!c.readError.isError()) {
        noteStats(table->stats, walk.found);
        c.stats = std::move(table->stats);
    }
    return c;
}

Status walkGroup(Walk& walk, const QString& group)
{
    const H5Response listing = walk.service.call(walk.file, H5Request::listChildren(group));
    if (!listing.ok())
        return listing.error;
    for (const H5Node& node : listing.children) {
        if (!node.tableSummary.isEmpty())
            walk.found.objects << checkTable(walk, node);
        if (node.kind == NodeKind::Group) {
            ++walk.found.groups;
            // Hard links can make the groups a cycle (tloop.h5): each group is walked once.
            if (walk.seenGroups.contains(node.address))
                continue;
            walk.seenGroups.insert(node.address);
            if (Status s = walkGroup(walk, node.path); s.isError())
                return s;
        } else if (node.kind == NodeKind::Dataset) {
            walk.found.objects << checkDataset(walk, node.path);
        }
    }
    return {};
}

} // namespace

Verdict Findings::verdict() const
{
    return problems ? Verdict::Failed : warnings ? Verdict::Warning : Verdict::Ok;
}

int Findings::datasetCount() const
{
    return int(std::count_if(objects.cbegin(), objects.cend(),
        [](const auto& o) { return std::holds_alternative<DatasetCheck>(o); }));
}

Result<Findings> check(H5Service& service, H5Service::FileId file, const Progress& progress)
{
    Walk walk {service, file, progress, {}, {}};
    const H5Response root = service.call(file, H5Request::open());
    if (!root.ok())
        return root.error;
    walk.seenGroups.insert(root.info.address);
    if (Status s = walkGroup(walk, QStringLiteral("/")); s.isError())
        return s;
    return std::move(walk.found);
}

FileAction batchAction()
{
    return [](const FileWork& work) {
        // Rows as a progress line shows them: "/data: row 40,000 of 1,000,000".
        const auto progress = [&work](const QString& path, qint64 row, qint64 rows) {
            const QLocale locale = QLocale::system();
            work.reportActivity(
                QStringLiteral("%1: row %2 of %3").arg(path, locale.toString(row), locale.toString(rows)));
        };
        FileOutcome outcome;
        auto found = check(work.service, work.file, progress);
        if (!found) {
            outcome.error = found.error();
            return outcome;
        }
        if (found->problems)
            outcome.error
                = Error(Error::Code::Corrupt, QStringLiteral("%1 problem(s)").arg(found->problems));
        outcome.found = std::move(found).value();
        return outcome;
    };
}

} // namespace FileCheck

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// h5hdfs check URL_OR_GLOB... [--json]: a QA report for freshly ingested files.
#include "batch.h"
#include "clicommon.h"

#include "hdf5/h5describe.h"
#include "numberformat.h"
#include "table/datasettablesource.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <cstdio>
#include <limits>

namespace Cli {
namespace {

/// What the numbers of one dataset hold (text fields aside): NaN and Inf counts, the finite range.
struct NumericStats {
    qint64 values = 0;
    qint64 nan = 0;
    qint64 inf = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();

    void add(const ColumnData& c)
    {
        if (c.kind == CellKind::Text)
            return;
        for (qint64 i = 0; i < c.size(); ++i) {
            const double v = c.kind == CellKind::Int ? double(c.ints[size_t(i)])
                : c.kind == CellKind::UInt           ? double(c.uints[size_t(i)])
                                                     : c.reals[size_t(i)];
            ++values;
            if (std::isnan(v))
                ++nan;
            else if (std::isinf(v))
                ++inf;
            else
                min = std::min(min, v), max = std::max(max, v);
        }
    }
};

bool hasNumbers(const DatasetInfo& info)
{
    return std::any_of(
        info.fields.begin(), info.fields.end(), [](const ColumnSpec& f) { return f.kind != CellKind::Text; });
}

// Every 2-D slice of the dataset, page by page: rank 3 and up goes through all leading indices.
Status collectStats(H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats)
{
    DimView view = DimView::defaultFor(info.rank());
    qint64 slices = 1;
    for (int d = 0; d < info.rank() - 2; ++d)
        slices *= info.shape[d];
    for (qint64 s = 0; s < slices; ++s) {
        qint64 rest = s;
        for (int d = info.rank() - 3; d >= 0; --d) {
            view.index[d] = rest % info.shape[d];
            rest /= info.shape[d];
        }
        DatasetTableSource source(service, file, path, info, view);
        const qint64 columns = source.columns().size();
        const qint64 pageRows = source.pageRows(columns);
        for (qint64 row = 0; row < source.rowCount(); row += pageRows) {
            auto page = source.read(row, qMin(pageRows, source.rowCount() - row), 0, columns);
            if (!page)
                return page.error();
            for (const ColumnData& c : page->columns)
                stats.add(c);
        }
    }
    return {};
}

QString numberText(double v)
{
    return NumberFormat::fromDouble(v);
}

struct FileCheck {
    int groups = 0;
    QJsonArray datasets;
    QStringList lines;
    int problems = 0; ///< unreadable datasets, missing filters
    int warnings = 0; ///< empty datasets, infinities
};

void checkDataset(H5Service& service, H5Service::FileId file, const QString& path, FileCheck& check)
{
    QJsonObject report {{QStringLiteral("path"), path}};
    const H5Response info = service.call(file, H5Request::info(path));
    if (!info.ok()) {
        report.insert(QStringLiteral("error"), info.error.message);
        check.datasets.append(report);
        check.lines << QStringLiteral("  %1  error: %2").arg(path, info.error.message);
        ++check.problems;
        return;
    }
    const DatasetInfo& d = info.info.dataset;
    QStringList line {path, H5Describe::shape(d.shape), d.typeName};
    QJsonArray shape;
    for (qint64 n : d.shape)
        shape.append(n);
    report.insert(QStringLiteral("shape"), shape);
    report.insert(QStringLiteral("type"), d.typeName);
    const bool empty = d.elementCount() == 0;
    report.insert(QStringLiteral("empty"), empty);
    if (empty) {
        line << QStringLiteral("EMPTY");
        ++check.warnings;
    }
    QJsonArray missing;
    for (const FilterInfo& f : d.filters) {
        if (!f.available && !f.optional)
            missing.append(QStringLiteral("%1 (%2)").arg(f.name).arg(f.id));
    }
    report.insert(QStringLiteral("missingFilters"), missing);
    if (!missing.isEmpty()) {
        line << QStringLiteral("MISSING FILTER %1").arg(missing.first().toString());
        ++check.problems;
    } else if (!empty && hasNumbers(d) && !d.externalStorage && d.layout != Layout::Virtual) {
        NumericStats stats;
        if (const Status s = collectStats(service, file, path, d, stats); s.isError()) {
            report.insert(QStringLiteral("error"), s.message);
            line << QStringLiteral("error: %1").arg(s.message);
            ++check.problems;
        } else {
            report.insert(QStringLiteral("nan"), stats.nan);
            report.insert(QStringLiteral("inf"), stats.inf);
            if (stats.min <= stats.max) {
                report.insert(QStringLiteral("min"), stats.min);
                report.insert(QStringLiteral("max"), stats.max);
                line << QStringLiteral("min %1 max %2").arg(numberText(stats.min), numberText(stats.max));
            }
            line << QStringLiteral("NaN %1 Inf %2").arg(stats.nan).arg(stats.inf);
            if (stats.inf > 0)
                ++check.warnings;
        }
    }
    check.datasets.append(report);
    check.lines << QStringLiteral("  ") + line.join(QStringLiteral("  "));
}

Status walk(H5Service& service, H5Service::FileId file, const QString& group, FileCheck& check)
{
    const H5Response listing = service.call(file, H5Request::listChildren(group));
    if (!listing.ok())
        return listing.error;
    for (const H5Node& node : listing.children) {
        if (!node.tableSummary.isEmpty())
            check.lines << QStringLiteral("  %1  %2").arg(node.path, node.tableSummary);
        if (node.kind == NodeKind::Group) {
            ++check.groups;
            if (Status s = walk(service, file, node.path, check); s.isError())
                return s;
        } else if (node.kind == NodeKind::Dataset) {
            checkDataset(service, file, node.path, check);
        }
    }
    return {};
}

QString verdictOf(const FileOutcome& outcome)
{
    if (outcome.error.isError())
        return QStringLiteral("failed");
    return outcome.report.value(QStringLiteral("verdict")).toString();
}

} // namespace

int runCheck(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check files for quality: does each open, what it holds (groups, datasets with shape and type),\n"
        "empty datasets, NaN/Inf counts and min/max of numeric data, missing compression filters.\n"
        "One verdict per file (ok, warning, failed) and a total; exit 1 when any file failed."));
    parser.addPositionalArgument(QStringLiteral("files"),
        QStringLiteral("Files and WebHDFS URLs (globs allowed)"), QStringLiteral("FILE_OR_URL_GLOB..."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON document on standard output.")});
    parser.addOption({QStringLiteral("jobs"), QStringLiteral("Files checked at once."), QStringLiteral("N"),
        QStringLiteral("4")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1 << 20))
        return kUsage;
    std::unique_ptr<Connection> connection;
    auto files = expandTargets(parser.positionalArguments(), parser, connection);
    if (!files) {
        printError(QStringLiteral("check"), files.error());
        return kFailed;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    QJsonArray reports;
    int warnings = 0;
    const BatchTotals totals = runBatch(
        *files, connection.get(), parser.value(QStringLiteral("jobs")).toInt(),
        [](H5Service& service, H5Service::FileId file, const BatchFile&) {
            FileCheck check;
            FileOutcome outcome;
            const H5Response root = service.call(file, H5Request::open());
            if (Status s = root.ok() ? walk(service, file, QStringLiteral("/"), check) : root.error;
                s.isError()) {
                outcome.error = s;
                return outcome;
            }
            const QString verdict = check.problems ? QStringLiteral("failed")
                : check.warnings                   ? QStringLiteral("warning")
                                                   : QStringLiteral("ok");
            if (check.problems)
                outcome.error
                    = Error(Error::Code::Corrupt, QStringLiteral("%1 problem(s)").arg(check.problems));
            outcome.report = QJsonObject {{QStringLiteral("verdict"), verdict},
                {QStringLiteral("groups"), check.groups}, {QStringLiteral("datasets"), check.datasets}};
            outcome.lines = check.lines;
            outcome.lines.prepend(
                QStringLiteral("%1 groups, %2 datasets").arg(check.groups).arg(check.datasets.size()));
            return outcome;
        },
        [&](const BatchFile& input, const FileOutcome& outcome) {
            const QString verdict = verdictOf(outcome);
            warnings += verdict == QLatin1String("warning");
            QJsonObject report = outcome.report;
            report.insert(QStringLiteral("file"), input.name);
            report.insert(QStringLiteral("verdict"), verdict);
            report.insert(QStringLiteral("bytes"), outcome.bytes);
            if (outcome.error.isError() && outcome.lines.isEmpty())
                report.insert(QStringLiteral("error"), outcome.error.message);
            if (json) {
                reports.append(report);
                return;
            }
            // Errors from the service start with the file's name, which the line already shows.
            QString first = outcome.lines.isEmpty() ? outcome.error.message : outcome.lines.first();
            if (first.startsWith(input.name + QStringLiteral(": ")))
                first = first.mid(input.name.size() + 2);
            printLine(QStringLiteral("%1  %2  %3").arg(verdict.leftJustified(7), input.name, first));
            for (qsizetype i = 1; i < outcome.lines.size(); ++i)
                printLine(outcome.lines[i]);
        });
    const QString total = totals.summary() + QStringLiteral(", %1 with warnings").arg(warnings);
    if (json) {
        const QJsonObject document {{QStringLiteral("files"), reports},
            {QStringLiteral("total"),
                QJsonObject {{QStringLiteral("files"), totals.ok + totals.failed},
                    {QStringLiteral("ok"), totals.ok - warnings}, {QStringLiteral("warning"), warnings},
                    {QStringLiteral("failed"), totals.failed}, {QStringLiteral("bytes"), totals.bytes},
                    {QStringLiteral("seconds"), totals.seconds}}}};
        std::fputs(QJsonDocument(document).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        printLine(total);
    }
    return totals.failed > 0 ? kFailed : kOk;
}

} // namespace Cli

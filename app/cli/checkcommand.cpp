// SPDX-License-Identifier: MIT
// h5hdfs check URL_OR_GLOB... [--json]: a QA report for freshly ingested files.
#include "batch.h"
#include "clicommon.h"
#include "pathlist.h"

#include "numberformat.h"
#include "table/columnstats.h"
#include "table/datasettablesource.h"
#include "text/h5describe.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {
namespace {

constexpr qsizetype kMaxColumnLines = 20;

// Rows as the progress line shows them: "/data: row 40,000 of 1,000,000".
Statistics::Progress reportRows(const QString& path)
{
    return [path](qint64 row, qint64 rows) {
        const QLocale locale = QLocale::system();
        reportActivity(
            QStringLiteral("%1: row %2 of %3").arg(path, locale.toString(row), locale.toString(rows)));
        return true;
    };
}

QString numberText(double v)
{
    return NumberFormat::fromDouble(v);
}

struct FileCheck {
    int groups = 0;
    QJsonArray datasets;
    QJsonArray frames; ///< DataFrames and other named tables, with statistics per named column
    QStringList lines;
    int problems = 0; ///< unreadable datasets, missing filters
    int warnings = 0; ///< empty datasets, infinities
    QSet<quint64> seenGroups; ///< by address: a group reached again through a hard link is not re-entered
};

// One column's figures as JSON, and as text ("min 1 max 3  NaN 0 Inf 0").
QString describeStats(const ColumnStats& stats, QJsonObject& json)
{
    json.insert(QStringLiteral("nan"), stats.nan);
    json.insert(QStringLiteral("inf"), stats.inf);
    QString text;
    if (stats.min <= stats.max) {
        json.insert(QStringLiteral("min"), stats.min);
        json.insert(QStringLiteral("max"), stats.max);
        json.insert(QStringLiteral("mean"), stats.mean);
        if (stats.finite() > 1)
            json.insert(QStringLiteral("std"), stats.standardDeviation());
        text = QStringLiteral("min %1 max %2  ").arg(numberText(stats.min), numberText(stats.max));
    }
    return text + QStringLiteral("NaN %1 Inf %2").arg(stats.nan).arg(stats.inf);
}

// The dataset's totals stay at the top level of its JSON (what earlier versions wrote); the figures
// per column follow in "columns". In text, one numeric column's figures end the dataset's line;
// several get a line each below it (`columnLines`), up to kMaxColumnLines: --json has them all.
void reportStats(const NumericStats& stats, QJsonObject& report, QStringList& line, QStringList& columnLines,
    FileCheck& check)
{
    const ColumnStats total = stats.total();
    const QString totalText = describeStats(total, report);
    QJsonArray columns;
    for (qsizetype i = 0; i < stats.columns.size(); ++i) {
        if (!stats.numeric[i])
            continue;
        QJsonObject column {{QStringLiteral("name"), stats.columns[i].name}};
        const QString text = describeStats(stats.columns[i], column);
        if (columns.size() < kMaxColumnLines)
            columnLines << QStringLiteral("    %1  %2").arg(stats.columns[i].name, text);
        columns.append(column);
    }
    report.insert(QStringLiteral("columns"), columns);
    if (columns.size() == 1) {
        columnLines.clear();
        line << totalText;
    } else if (columns.size() > kMaxColumnLines) {
        columnLines << QStringLiteral("    … %1 more columns (--json lists them all)")
                           .arg(columns.size() - kMaxColumnLines);
    }
    if (total.inf > 0)
        ++check.warnings;
}

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
    const DatasetInfo d = info.info.dataset.cfShown(); // statistics of the values a netCDF variable holds
    QStringList line {path, H5Describe::shape(d.shape), d.typeName};
    QStringList columnLines;
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
    } else if (!empty && Statistics::hasNumbers(d) && !d.externalStorage && d.layout != Layout::Virtual) {
        NumericStats stats(d.fields);
        if (const Status s = Statistics::ofDataset(service, file, path, d, stats, reportRows(path));
            s.isError()) {
            report.insert(QStringLiteral("error"), s.message);
            line << QStringLiteral("error: %1").arg(s.message);
            ++check.problems;
        } else {
            reportStats(stats, report, line, columnLines, check);
        }
    }
    check.datasets.append(report);
    check.lines << QStringLiteral("  ") + line.join(QStringLiteral("  ")) << columnLines;
}

// A named table's statistics per named column: a DataFrame's datasets hold blocks of several
// columns each, so the statistics of its datasets do not say which column has the NaNs. Its
// datasets are still checked on their own (an unreadable one is a problem there, not twice).
void checkFrame(H5Service& service, H5Service::FileId file, const H5Node& node, FileCheck& check)
{
    const QString summary = H5Describe::table(node.tableSummary);
    QJsonObject report {{QStringLiteral("path"), node.path}, {QStringLiteral("summary"), summary}};
    QStringList line {node.path, summary};
    QStringList columnLines;
    const H5Response described = service.call(file, H5Request::describeTable(node.path));
    Status read = described.error;
    if (!read.isError()) {
        FrameTableSource source(service, file, node.path, described.table);
        NumericStats stats = NumericStats::forTable(described.table);
        read = Statistics::ofTable(source, stats, reportRows(node.path));
        if (!read.isError())
            reportStats(stats, report, line, columnLines, check);
    }
    if (read.isError()) {
        report.insert(QStringLiteral("error"), read.message);
        line << QStringLiteral("error: %1").arg(read.message);
    }
    check.frames.append(report);
    check.lines << QStringLiteral("  ") + line.join(QStringLiteral("  ")) << columnLines;
}

Status walk(H5Service& service, H5Service::FileId file, const QString& group, FileCheck& check)
{
    const H5Response listing = service.call(file, H5Request::listChildren(group));
    if (!listing.ok())
        return listing.error;
    for (const H5Node& node : listing.children) {
        if (!node.tableSummary.isEmpty())
            checkFrame(service, file, node, check);
        if (node.kind == NodeKind::Group) {
            ++check.groups;
            // Hard links can make the groups a cycle (tloop.h5): each group is walked once.
            if (check.seenGroups.contains(node.address))
                continue;
            check.seenGroups.insert(node.address);
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

void addCheckOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Check files for quality: does each open, what it holds (groups, datasets with shape and type),\n"
        "empty datasets, NaN/Inf counts and min/max of numeric data, missing compression filters.\n"
        "One verdict per file (ok, warning, failed) and a total; exit 1 when any file failed."));
    parser.addPositionalArgument(QStringLiteral("files"),
        QStringLiteral("Files and WebHDFS URLs (globs allowed)"), QStringLiteral("[FILE_OR_URL_GLOB...]"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON document on standard output.")});
    parser.addOption({QStringLiteral("json-lines"),
        QStringLiteral("One JSON object per file on its own line, written as each file ends, and no total\n"
                       "(a Hadoop Streaming mapper, Spark's RDD.pipe). The exit code is then 0 when every\n"
                       "file has its line, whatever its verdict.")});
    addPathsFromOption(parser);
    addBatchOptions(parser, QStringLiteral("Files checked at once."));
    addConnectionOptions(parser);
}

// The batch's action: walks the open file and gives its verdict, its findings and its report.
FileOutcome checkFile(H5Service& service, H5Service::FileId file, const BatchFile&)
{
    FileCheck check;
    FileOutcome outcome;
    const H5Response root = service.call(file, H5Request::open());
    check.seenGroups.insert(root.info.address);
    if (Status s = root.ok() ? walk(service, file, QStringLiteral("/"), check) : root.error; s.isError()) {
        outcome.error = s;
        return outcome;
    }
    const QString verdict = check.problems ? QStringLiteral("failed")
        : check.warnings                   ? QStringLiteral("warning")
                                           : QStringLiteral("ok");
    if (check.problems)
        outcome.error = Error(Error::Code::Corrupt, QStringLiteral("%1 problem(s)").arg(check.problems));
    outcome.report = QJsonObject {{QStringLiteral("verdict"), verdict}, {QStringLiteral("groups"), check.groups},
        {QStringLiteral("datasets"), check.datasets}, {QStringLiteral("frames"), check.frames}};
    outcome.lines = check.lines;
    outcome.lines.prepend(QStringLiteral("%1 groups, %2 datasets").arg(check.groups).arg(check.datasets.size()));
    return outcome;
}

// What `check` prints: a line or more per file as it ends, or a JSON line, or one JSON document
// at the end; and the total.
struct CheckReport {
    const bool json;
    const bool jsonLines;
    QJsonArray reports;
    int warnings = 0;

    CheckReport(bool wholeDocument, bool linePerFile)
        : json(wholeDocument)
        , jsonLines(linePerFile)
    {
    }

    void add(const BatchFile& input, const FileOutcome& outcome)
    {
        const QString verdict = verdictOf(outcome);
        warnings += verdict == QLatin1String("warning");
        QJsonObject report = outcome.report;
        report.insert(QStringLiteral("file"), input.name);
        report.insert(QStringLiteral("verdict"), verdict);
        report.insert(QStringLiteral("bytes"), outcome.bytes);
        if (outcome.error.isError() && outcome.lines.isEmpty())
            report.insert(QStringLiteral("error"), outcome.error.message);
        if (jsonLines) { // a line per file as it ends: a consumer downstream sees it at once
            printLine(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)));
            std::fflush(stdout);
            return;
        }
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
    }

    // The total, and the exit code.
    int finish(const BatchTotals& totals) const
    {
        const QString total = totals.summary() + QStringLiteral(", %1 with warnings").arg(warnings);
        if (json) {
            const QJsonObject document {{QStringLiteral("files"), reports},
                {QStringLiteral("total"),
                    QJsonObject {{QStringLiteral("files"), totals.ok + totals.failed},
                        {QStringLiteral("ok"), totals.ok - warnings}, {QStringLiteral("warning"), warnings},
                        {QStringLiteral("failed"), totals.failed}, {QStringLiteral("bytes"), totals.bytes},
                        {QStringLiteral("seconds"), totals.seconds}}}};
            std::fputs(QJsonDocument(document).toJson(QJsonDocument::Indented).constData(), stdout);
        } else if (jsonLines) {
            std::fprintf(stderr, "%s\n", qPrintable(total)); // standard output holds only the files' lines
            return kOk; // a mapper that exits 1 is retried, and its files reported twice
        } else {
            printLine(total);
        }
        return totals.failed > 0 ? kFailed : kOk;
    }
};

} // namespace

int runCheck(const QStringList& arguments)
{
    QCommandLineParser parser;
    addCheckOptions(parser);
    if (!parse(parser, arguments, 0, 1 << 20) || !hasInputs(parser))
        return kUsage;
    CheckReport report(parser.isSet(QStringLiteral("json")), parser.isSet(QStringLiteral("json-lines")));
    if (report.json && report.jsonLines) {
        std::fputs("h5hdfs check: --json or --json-lines, not both\n", stderr);
        return kUsage;
    }
    std::unique_ptr<Connection> connection;
    auto files = batchInputs(parser, connection);
    if (!files) {
        printError(QStringLiteral("check"), files.error());
        return kFailed;
    }
    const BatchTotals totals = runBatch(*files, connection.get(), limitsOf(parser), checkFile,
        [&report](const BatchFile& input, const FileOutcome& outcome) { report.add(input, outcome); });
    return report.finish(totals);
}

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// h5hdfs check URL_OR_GLOB... [--json]: a QA report for freshly ingested files. The check itself is
// core's (batch/filecheck.h); here its findings become text and JSON.
#include "batch.h"
#include "checkpreviews.h"
#include "clicommon.h"
#include "pathlist.h"

#include "batch/filecheck.h"
#include "numberformat.h"
#include "text/h5describe.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {
namespace {

constexpr qsizetype kMaxColumnLines = 20;

QString numberText(double v)
{
    return NumberFormat::fromDouble(v);
}

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

/// One object's text: its line (fields joined by two spaces) and the lines of its columns below.
struct ObjectText {
    QStringList line;
    QStringList columnLines;

    [[nodiscard]] QStringList lines() const
    {
        return QStringList {QStringLiteral("  ") + line.join(QStringLiteral("  "))} + columnLines;
    }
};

// The dataset's totals stay at the top level of its JSON (what earlier versions wrote); the figures
// per column follow in "columns". In text, one numeric column's figures end the dataset's line;
// several get a line each below it, up to kMaxColumnLines: --json has them all.
void describeColumns(const NumericStats& stats, QJsonObject& report, ObjectText& text)
{
    const QString totalText = describeStats(stats.total(), report);
    QJsonArray columns;
    for (qsizetype i = 0; i < stats.columns.size(); ++i) {
        if (!stats.numeric[i])
            continue;
        QJsonObject column {{QStringLiteral("name"), stats.columns[i].name}};
        const QString columnText = describeStats(stats.columns[i], column);
        if (columns.size() < kMaxColumnLines)
            text.columnLines << QStringLiteral("    %1  %2").arg(stats.columns[i].name, columnText);
        columns.append(column);
    }
    report.insert(QStringLiteral("columns"), columns);
    if (columns.size() == 1) {
        text.columnLines.clear();
        text.line << totalText;
    } else if (columns.size() > kMaxColumnLines) {
        text.columnLines << QStringLiteral("    … %1 more columns (--json lists them all)")
                                .arg(columns.size() - kMaxColumnLines);
    }
}

// A read error, or the statistics, end the object's line.
void describeNumbers(
    const Error& readError, const std::optional<NumericStats>& stats, QJsonObject& report, ObjectText& text)
{
    if (readError.isError()) {
        report.insert(QStringLiteral("error"), readError.message);
        text.line << QStringLiteral("error: %1").arg(readError.message);
    } else if (stats) {
        describeColumns(*stats, report, text);
    }
}

QJsonObject describeDataset(const FileCheck::DatasetCheck& c, ObjectText& text)
{
    QJsonObject report {{QStringLiteral("path"), c.path}};
    if (c.unreadable.isError()) {
        report.insert(QStringLiteral("error"), c.unreadable.message);
        text.line = QStringList {c.path, QStringLiteral("error: %1").arg(c.unreadable.message)};
        return report;
    }
    text.line = QStringList {c.path, H5Describe::shape(c.shape), c.typeName};
    QJsonArray shape;
    for (qint64 n : c.shape)
        shape.append(n);
    report.insert(QStringLiteral("shape"), shape);
    report.insert(QStringLiteral("type"), c.typeName);
    report.insert(QStringLiteral("empty"), c.empty);
    if (c.empty)
        text.line << QStringLiteral("EMPTY");
    report.insert(QStringLiteral("missingFilters"), QJsonArray::fromStringList(c.missingFilters));
    if (!c.missingFilters.isEmpty())
        text.line << QStringLiteral("MISSING FILTER %1").arg(c.missingFilters.first());
    describeNumbers(c.readError, c.stats, report, text);
    return report;
}

QJsonObject describeTable(const FileCheck::TableCheck& c, ObjectText& text)
{
    const QString summary = H5Describe::table(c.summary);
    QJsonObject report {{QStringLiteral("path"), c.path}, {QStringLiteral("summary"), summary}};
    text.line = QStringList {c.path, summary};
    describeNumbers(c.readError, c.stats, report, text);
    return report;
}

QString verdictName(FileCheck::Verdict verdict)
{
    switch (verdict) {
    case FileCheck::Verdict::Ok: return QStringLiteral("ok");
    case FileCheck::Verdict::Warning: return QStringLiteral("warning");
    case FileCheck::Verdict::Failed: break;
    }
    return QStringLiteral("failed");
}

/// A file's findings for people (a summary line, then a line or more per object) and as JSON.
struct FileText {
    QStringList lines;
    QJsonObject report;
};

// The object's preview (--previews) ends its line: the picture written, or why there is none.
void describePreview(
    const CheckPreviews::Checked& checked, const QString& path, QJsonObject& report, ObjectText& text)
{
    if (const QString preview = checked.previews.value(path); !preview.isEmpty()) {
        report.insert(QStringLiteral("preview"), preview);
        text.line << QStringLiteral("preview %1").arg(preview);
    } else if (const QString why = checked.previewWarnings.value(path); !why.isEmpty()) {
        report.insert(QStringLiteral("previewWarning"), why);
        text.line << QStringLiteral("PREVIEW FAILED: %1").arg(why);
    }
}

FileText describe(const CheckPreviews::Checked& checked)
{
    const FileCheck::Findings& found = checked.findings;
    FileText file;
    QJsonArray datasets;
    QJsonArray frames;
    for (const auto& object : found.objects) {
        ObjectText text;
        const auto* dataset = std::get_if<FileCheck::DatasetCheck>(&object);
        const auto* table = std::get_if<FileCheck::TableCheck>(&object);
        QJsonObject report = dataset ? describeDataset(*dataset, text) : describeTable(*table, text);
        describePreview(checked, dataset ? dataset->path : table->path, report, text);
        (dataset ? datasets : frames).append(report);
        file.lines << text.lines();
    }
    file.lines.prepend(QStringLiteral("%1 groups, %2 datasets").arg(found.groups).arg(found.datasetCount()));
    file.report = QJsonObject {{QStringLiteral("verdict"), verdictName(found.verdict())},
        {QStringLiteral("groups"), found.groups}, {QStringLiteral("datasets"), datasets},
        {QStringLiteral("frames"), frames}};
    if (checked.leftOut > 0) {
        file.report.insert(QStringLiteral("previewsLeftOut"), checked.leftOut);
        file.lines << QStringLiteral("  … %1 more numeric objects without a preview (%2 per file)")
                          .arg(checked.leftOut)
                          .arg(CheckPreviews::kMaxPerFile);
    }
    return file;
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
    parser.addOption({QStringLiteral("previews"),
        QStringLiteral("Draw the default plot of each numeric dataset and DataFrame checked, as `plot` "
                       "draws it, into DIR as a %1x%2 PNG (at most %3 per file), and list each with its "
                       "object. A preview that cannot be drawn is a warning, not a failure.")
            .arg(CheckPreviews::kSize.width())
            .arg(CheckPreviews::kSize.height())
            .arg(CheckPreviews::kMaxPerFile),
        QStringLiteral("DIR")});
    addPathsFromOption(parser);
    addBatchOptions(parser, QStringLiteral("Files checked at once."));
    addConnectionOptions(parser);
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
        const auto* found = std::any_cast<CheckPreviews::Checked>(&outcome.found);
        const FileText text = found ? describe(*found) : FileText {};
        const QString verdict = outcome.error.isError() ? QStringLiteral("failed")
            : found                                     ? verdictName(found->findings.verdict())
                                                        : QString();
        warnings += verdict == QLatin1String("warning");
        QJsonObject report = text.report;
        report.insert(QStringLiteral("file"), input.name);
        report.insert(QStringLiteral("verdict"), verdict);
        report.insert(QStringLiteral("bytes"), outcome.bytes);
        if (outcome.error.isError() && !found)
            report.insert(QStringLiteral("error"), outcome.error.message);
        if (jsonLines) { // a line per file as it ends: a consumer downstream sees it at once
            printLine(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)));
            std::fflush(stdout);
        } else if (json) {
            reports.append(report);
        } else {
            const QStringList lines = text.lines.isEmpty() ? QStringList {outcome.error.message} : text.lines;
            printText(input, verdict, lines);
        }
    }

    static void printText(const BatchFile& input, const QString& verdict, const QStringList& lines)
    {
        // Errors from the service start with the file's name, which the line already shows.
        QString first = lines.first();
        if (first.startsWith(input.name + QStringLiteral(": ")))
            first = first.mid(input.name.size() + 2);
        printLine(QStringLiteral("%1  %2  %3").arg(verdict.leftJustified(7), input.name, first));
        for (qsizetype i = 1; i < lines.size(); ++i)
            printLine(lines[i]);
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
    const QString previews = parser.value(QStringLiteral("previews"));
    if (parser.isSet(QStringLiteral("previews")) && !QDir().mkpath(previews)) {
        printError(QStringLiteral("check"),
            Error(Error::Code::Io, QStringLiteral("Cannot create the previews' directory %1").arg(previews)));
        return kFailed;
    }
    std::unique_ptr<Connection> connection;
    auto files = batchInputs(parser, connection);
    if (!files) {
        printError(QStringLiteral("check"), files.error());
        return kFailed;
    }
    const BatchTotals totals = runBatch(*files, connection.get(), parser,
        CheckPreviews::batchAction(previews),
        [&report](const BatchFile& input, const FileOutcome& outcome) { report.add(input, outcome); });
    return report.finish(totals);
}

} // namespace Cli

} // namespace H5Hdfs

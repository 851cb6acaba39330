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
#include <QLocale>
#include <QSet>
#include <cmath>
#include <cstdio>
#include <limits>

namespace Cli {
namespace {

constexpr qsizetype kMaxColumnLines = 20;

/// What the numbers of one column hold: NaN and Inf counts, the finite range.
struct ColumnStats {
    QString name;
    qint64 values = 0;
    qint64 nan = 0;
    qint64 inf = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();

    // `times`: how many elements hold each value (an unallocated dataset's fill value stands for all).
    void add(const ColumnData& c, qint64 times = 1)
    {
        for (qint64 i = 0; i < c.size(); ++i) {
            const double v = c.kind == CellKind::Int ? double(c.ints[size_t(i)])
                : c.kind == CellKind::UInt           ? double(c.uints[size_t(i)])
                                                     : c.reals[size_t(i)];
            values += times;
            if (std::isnan(v))
                nan += times;
            else if (std::isinf(v))
                inf += times;
            else
                min = std::min(min, v), max = std::max(max, v);
        }
    }
    void merge(const ColumnStats& o)
    {
        values += o.values, nan += o.nan, inf += o.inf;
        min = std::min(min, o.min), max = std::max(max, o.max);
    }
};

/// Statistics per field of the element type: the fields of a compound (a table's columns) are
/// different quantities, and one range over all of them says nothing. Positions along the column
/// dimension of a matrix are the same quantity, so they share their field's entry.
struct NumericStats {
    QList<ColumnStats> columns; ///< one per field; text fields stay empty
    QList<bool> numeric;

    explicit NumericStats(const QList<ColumnSpec>& fields)
    {
        for (const ColumnSpec& f : fields) {
            columns.append(ColumnStats {f.name});
            numeric.append(f.kind != CellKind::Text);
        }
    }
    void add(qint64 column, const ColumnData& c, qint64 times = 1)
    {
        const qsizetype field = qsizetype(column % qMax<qint64>(1, columns.size()));
        if (field < columns.size() && numeric[field] && c.kind != CellKind::Text)
            columns[field].add(c, times);
    }
    [[nodiscard]] ColumnStats total() const
    {
        ColumnStats all;
        for (const ColumnStats& c : columns)
            all.merge(c);
        return all;
    }
};

bool hasNumbers(const DatasetInfo& info)
{
    return std::any_of(
        info.fields.begin(), info.fields.end(), [](const ColumnSpec& f) { return f.kind != CellKind::Text; });
}

// Storage never written holds nothing but the fill value: reading it element by element would
// cost as much as a full dataset (2^61 elements in tlayouto.h5) to learn one value.
bool unallocated(const DatasetInfo& info)
{
    return info.storageSize == 0 && (info.layout == Layout::Contiguous || info.layout == Layout::Chunked);
}

// The statistics of an unallocated dataset: its fill value, read once (one element), counted for all.
Status collectFillStats(
    H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats)
{
    DatasetTableSource source(service, file, path, info, DimView::defaultFor(info.rank()));
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    auto page = source.read(0, 1, 0, fields);
    if (!page)
        return page.error();
    for (qint64 c = 0; c < page->columns.size(); ++c)
        stats.add(c, page->columns[c], info.elementCount());
    return {};
}

/// A rectangle of a dataset's default table view, in table columns.
struct TableRect {
    qint64 row = 0;
    qint64 rows = 0;
    qint64 column = 0;
    qint64 columns = 0;
};

// Rows as the progress line shows them: "/data: row 40,000 of 1,000,000".
void reportRow(const QString& path, qint64 row, qint64 rows)
{
    const QLocale locale = QLocale::system();
    reportActivity(QStringLiteral("%1: row %2 of %3").arg(path, locale.toString(row), locale.toString(rows)));
}

Status addRect(const QString& path, TableSource& source, const TableRect& rect, NumericStats& stats,
    qint64 times = 1)
{
    const qint64 pageRows = source.pageRows(rect.columns);
    for (qint64 row = rect.row; row < rect.row + rect.rows; row += pageRows) {
        reportRow(path, row, source.rowCount());
        auto page = source.read(row, qMin(pageRows, rect.row + rect.rows - row), rect.column, rect.columns);
        if (!page)
            return page.error();
        for (qint64 c = 0; c < page->columns.size(); ++c)
            stats.add(rect.column + c, page->columns[c], times);
    }
    return {};
}

// Rank 1 and 2: the chunk at `offset` as table rows x (positions x fields), clipped to the extent.
TableRect chunkRect(const DatasetInfo& info, const QList<qint64>& offset)
{
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    const qint64 rows = qMin(info.chunk[0], info.shape[0] - offset[0]);
    if (info.rank() == 1)
        return {offset[0], rows, 0, fields};
    const qint64 positions = qMin(info.chunk[1], info.shape[1] - offset[1]);
    return {offset[0], rows, offset[1] * fields, positions * fields};
}

// The origin of a chunk that was never written, in row-major order of the chunk grid: with at
// most kMaxListedChunks allocated, one of the first that many + 1 is free.
QList<qint64> unwrittenChunk(const DatasetInfo& info)
{
    const QSet<QList<qint64>> written(info.allocatedChunks.begin(), info.allocatedChunks.end());
    const qint64 across = info.rank() == 1 ? 1 : (info.shape[1] + info.chunk[1] - 1) / info.chunk[1];
    for (qint64 k = 0;; ++k) {
        QList<qint64> origin {k / across * info.chunk[0]};
        if (info.rank() == 2)
            origin << k % across * info.chunk[1];
        if (!written.contains(origin))
            return origin;
    }
}

// A partly written chunked dataset (tbigdims.h5: 2 KiB written of 4 GiB): the written chunks, read,
// and the fill value, read once and counted for every element outside them.
Status collectSparseStats(
    H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats)
{
    DatasetTableSource source(service, file, path, info, DimView::defaultFor(info.rank()));
    const qint64 fields = qMax<qint64>(1, info.fields.size());
    qint64 written = 0;
    for (const QList<qint64>& offset : info.allocatedChunks) {
        const TableRect rect = chunkRect(info, offset);
        written += rect.rows * (rect.columns / fields);
        if (Status s = addRect(path, source, rect, stats); s.isError())
            return s;
    }
    if (written >= info.elementCount())
        return {};
    const TableRect fill = chunkRect(info, unwrittenChunk(info));
    return addRect(path, source, {fill.row, 1, fill.column, fields}, stats, info.elementCount() - written);
}

bool sparse(const DatasetInfo& info)
{
    return info.partlyAllocated && !info.allocatedChunks.isEmpty() && info.chunk.size() == info.rank()
        && (info.rank() == 1 || info.rank() == 2);
}

// Every 2-D slice of the dataset, page by page: rank 3 and up goes through all leading indices.
Status collectStats(H5Service& service, H5Service::FileId file, const QString& path, const DatasetInfo& info,
    NumericStats& stats)
{
    if (unallocated(info))
        return collectFillStats(service, file, path, info, stats);
    if (sparse(info))
        return collectSparseStats(service, file, path, info, stats);
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
        const qint64 columns = TableGeometry::of(info, view).cols; // not columns(): 2^28 specs in tlayouto.h5
        const qint64 pageRows = source.pageRows(columns);
        for (qint64 row = 0; row < source.rowCount(); row += pageRows) {
            reportRow(path, row, source.rowCount());
            auto page = source.read(row, qMin(pageRows, source.rowCount() - row), 0, columns);
            if (!page)
                return page.error();
            for (qint64 c = 0; c < page->columns.size(); ++c)
                stats.add(c, page->columns[c]);
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
    const DatasetInfo& d = info.info.dataset;
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
    } else if (!empty && hasNumbers(d) && !d.externalStorage && d.layout != Layout::Virtual) {
        NumericStats stats(d.fields);
        if (const Status s = collectStats(service, file, path, d, stats); s.isError()) {
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
    QJsonObject report {{QStringLiteral("path"), node.path}, {QStringLiteral("summary"), node.tableSummary}};
    QStringList line {node.path, node.tableSummary};
    QStringList columnLines;
    const H5Response described = service.call(file, H5Request::describeTable(node.path));
    Status read = described.error;
    if (!read.isError()) {
        FrameTableSource source(service, file, node.path, described.table);
        NumericStats stats(described.table.columns);
        for (int i = 0; i < described.table.indexColumns; ++i) {
            if (stats.columns[i].name.isEmpty())
                stats.columns[i].name = QStringLiteral("index"); // as pandas' reset_index() names it
        }
        const qint64 columns = described.table.columns.size();
        read = addRect(node.path, source, {0, source.rowCount(), 0, columns}, stats);
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
    addBatchOptions(parser, QStringLiteral("Files checked at once."));
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
        *files, connection.get(), limitsOf(parser),
        [](H5Service& service, H5Service::FileId file, const BatchFile&) {
            FileCheck check;
            FileOutcome outcome;
            const H5Response root = service.call(file, H5Request::open());
            check.seenGroups.insert(root.info.address);
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
                {QStringLiteral("groups"), check.groups}, {QStringLiteral("datasets"), check.datasets},
                {QStringLiteral("frames"), check.frames}};
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

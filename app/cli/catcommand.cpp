// SPDX-License-Identifier: MIT
// h5hdfs cat FILE:/path [--head N]: a table on the terminal, DataFrames with their names and index.
#include "clicommon.h"
#include "connection.h"

#include "table/datasettablesource.h"

#include <QCommandLineParser>
#include <cstdio>

namespace Cli {

namespace {

constexpr int kMaxCellWidth = 40;
constexpr qint64 kRowsPerPage = 4096;

QString clipped(const QString& text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return flat.size() > kMaxCellWidth ? flat.left(kMaxCellWidth - 1) + QStringLiteral("…") : flat;
}

// Numbers right-aligned, text left-aligned, as pandas prints a frame.
QString padded(const QString& cell, int width, bool right)
{
    return right ? cell.rightJustified(width) : cell.leftJustified(width);
}

} // namespace

int runCat(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print a table: a dataset, or a pandas DataFrame/Series with its column names and index."));
    parser.addPositionalArgument(
        QStringLiteral("target"), QStringLiteral("FILE_OR_URL:/path"), QStringLiteral("FILE_OR_URL:/path"));
    parser.addOption(
        {QStringLiteral("head"), QStringLiteral("Print only the first N rows."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("raw"), QStringLiteral("The dataset as stored, not as a DataFrame.")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const Target target = splitTarget(parser.positionalArguments().first());
    H5Service service;
    const auto object = openObject(service, target, parser);
    if (!object) {
        printError(target.file, object.error());
        return kFailed;
    }
    const auto factory = TableSources::forObject(
        service, object->file, object->info, {}, parser.isSet(QStringLiteral("raw")));
    if (!factory) {
        printError(target.file, factory.error());
        return kFailed;
    }
    const std::unique_ptr<TableSource> source = (*factory)();
    const QList<ColumnSpec> columns = source->columns();
    qint64 rows = source->rowCount();
    if (parser.isSet(QStringLiteral("head")))
        rows = qMin(rows, qMax<qint64>(0, parser.value(QStringLiteral("head")).toLongLong()));
    if (!source->summary().isEmpty())
        printLine(source->summary());
    // Column widths come from the header and the first page, so output can stream after it.
    QList<int> widths;
    for (const ColumnSpec& c : columns)
        widths << int(clipped(c.name).size());
    for (qint64 start = 0; start < rows; start += kRowsPerPage) {
        const qint64 n = qMin(kRowsPerPage, rows - start);
        auto page = source->read(start, n, 0, columns.size());
        if (!page) {
            printError(target.file, page.error());
            return kFailed;
        }
        if (start == 0) {
            for (qint64 c = 0; c < columns.size(); ++c) {
                for (qint64 r = 0; r < n; ++r)
                    widths[c] = qMax(widths[c], int(clipped(page->text(r, c)).size()));
            }
            QStringList header;
            for (qint64 c = 0; c < columns.size(); ++c)
                header << padded(clipped(columns[c].name), widths[c], columns[c].kind != CellKind::Text);
            printLine(header.join(QStringLiteral("  ")));
        }
        for (qint64 r = 0; r < n; ++r) {
            QStringList line;
            for (qint64 c = 0; c < columns.size(); ++c)
                line << padded(clipped(page->text(r, c)), widths[c], columns[c].kind != CellKind::Text);
            printLine(line.join(QStringLiteral("  ")));
        }
    }
    if (rows < source->rowCount())
        printLine(QStringLiteral("… %1 of %2 rows").arg(rows).arg(source->rowCount()));
    return kOk;
}

} // namespace Cli

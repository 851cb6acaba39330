// SPDX-License-Identifier: MIT
// h5hdfs cat FILE:/path [--head N]: a table on the terminal, DataFrames with their names and index.
#include "clicommon.h"
#include "connection.h"

#include "table/datasettablesource.h"

#include <QCommandLineParser>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {

namespace {

constexpr int kMaxCellWidth = 40;
constexpr qint64 kRowsPerPage = 4096;
// No terminal shows more, and reading --head N rows must cost N rows of these, not of every
// column (tlayouto.h5 has 268,435,457 columns: 1 GiB a row).
constexpr qint64 kMaxColumns = 100;

// Columns a character takes on a terminal: 2 for East Asian wide and fullwidth characters (and
// emoji), 0 for combining marks and zero-width characters, else 1. A fixed table rather than
// wcwidth(), which depends on the locale and answers -1 for everything but ASCII under "C".
int columnsOf(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing
        || category == QChar::Other_Format)
        return 0;
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
        || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

int displayWidth(const QString& text)
{
    int width = 0;
    for (const char32_t c : QStringView(text).toUcs4())
        width += columnsOf(c);
    return width;
}

// One line, at most kMaxCellWidth terminal columns, cut between characters (never inside a
// surrogate pair), with "…" where it was cut.
QString clipped(const QString& text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (displayWidth(flat) <= kMaxCellWidth)
        return flat;
    QString cut;
    int width = 0;
    for (const char32_t c : QStringView(flat).toUcs4()) {
        width += columnsOf(c);
        if (width > kMaxCellWidth - 1)
            break;
        cut += QString::fromUcs4(&c, 1);
    }
    return cut + QStringLiteral("…");
}

// Numbers right-aligned, text left-aligned, as pandas prints a frame; widths in terminal columns.
QString padded(const QString& cell, int width, bool right)
{
    const QString fill(qMax(0, width - displayWidth(cell)), QLatin1Char(' '));
    return right ? fill + cell : cell + fill;
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
    addRawOption(parser);
    addSliceOption(parser);
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
    const auto factory = tableOf(service, object->file, object->info, parser.value(QStringLiteral("slice")),
        parser.isSet(QStringLiteral("raw")));
    if (!factory) {
        printError(target.file, factory.error());
        return factory.error().code == Error::Code::InvalidArgument ? kUsage : kFailed;
    }
    const std::unique_ptr<TableSource> source = (*factory)();
    const QList<ColumnSpec> columns = source->columnRange(0, kMaxColumns);
    qint64 rows = source->rowCount();
    if (parser.isSet(QStringLiteral("head")))
        rows = qMin(rows, qMax<qint64>(0, parser.value(QStringLiteral("head")).toLongLong()));
    if (!source->summary().isEmpty())
        printLine(source->summary());
    // Column widths come from the header and the first page, so output can stream after it.
    QList<int> widths;
    for (const ColumnSpec& c : columns)
        widths << displayWidth(clipped(c.name));
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
                    widths[c] = qMax(widths[c], displayWidth(clipped(page->text(r, c))));
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
    if (columns.size() < source->columnCount())
        printLine(QStringLiteral("… %1 of %2 columns").arg(columns.size()).arg(source->columnCount()));
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

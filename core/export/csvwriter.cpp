// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"

#include "h5types.h"
#include "logging.h"
#include "numberformat.h"
#include "table/tablesource.h"

#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <string_view>

namespace {

constexpr size_t kFlushBytes = 4 << 20;
constexpr qint64 kRowsPerChunk = 16384;

// A row whose one field is empty is written as "" (as Python's csv module and pandas do): a blank
// line is skipped by pandas.read_csv and most readers, and the row would be lost on read-back.
constexpr std::string_view kEmptyField = "\"\"";

// As DataFrame.to_csv writes a float: Python's repr ("13.0", "1e+16"), and NaN as nothing.
char* writePandasFloat(char* p, const ColumnData& column, size_t row)
{
    const double v = column.reals[row];
    return std::isnan(v) ? p : NumberFormat::writePythonFloat(p, v, column.kind == CellKind::Float32);
}

char* writeNumber(char* p, const ColumnData& column, size_t row, bool pandasStyle)
{
    if (pandasStyle && (column.kind == CellKind::Float32 || column.kind == CellKind::Float64))
        return writePandasFloat(p, column, row);
    switch (column.kind) {
    case CellKind::Int: return NumberFormat::writeInt(p, column.ints[row]);
    case CellKind::UInt: return NumberFormat::writeUInt(p, column.uints[row]);
    case CellKind::Float32: return NumberFormat::writeFloat(p, float(column.reals[row]));
    case CellKind::Float64: return NumberFormat::writeDouble(p, column.reals[row]);
    case CellKind::Text: break;
    }
    return p;
}

// A row with text cells: every field goes through quoting.
void appendTextRow(
    std::string& out, const Slice& page, const CsvOptions& options, qint64 indexStart, qint64 r)
{
    char buf[NumberFormat::kMaxChars];
    const size_t rowStart = out.size();
    bool first = true;
    if (options.indexColumn) {
        out.append(buf, size_t(NumberFormat::writeInt(buf, indexStart + r) - buf));
        first = false;
    }
    for (const ColumnData& column : page.columns) {
        if (!first)
            out.push_back(options.delimiter);
        first = false;
        if (column.kind == CellKind::Text)
            CsvWriter::appendField(out, column.texts[r], options.delimiter, options.guardFormulas);
        else
            out.append(buf, size_t(writeNumber(buf, column, size_t(r), options.pandasStyle) - buf));
    }
    if (out.size() == rowStart)
        out.append(kEmptyField);
    out.push_back('\n');
}

Status writeAll(QIODevice& out, std::string& buffer)
{
    if (buffer.empty())
        return {};
    if (out.write(buffer.data(), qint64(buffer.size())) != qint64(buffer.size()))
        return Error(Error::Code::Io, QStringLiteral("Cannot write the CSV file"), out.errorString());
    buffer.clear();
    return {};
}

} // namespace

void CsvWriter::appendField(std::string& out, QStringView text, char delimiter, bool guardFormulas)
{
    const QByteArray utf8 = text.toUtf8();
    bool quote = false;
    for (char c : utf8) {
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    const bool guard = guardFormulas && !utf8.isEmpty() && QByteArrayView("=+-@\t\r").contains(utf8[0]);
    if (!quote && !guard) {
        out.append(utf8.constData(), size_t(utf8.size()));
        return;
    }
    out.push_back('"');
    if (guard)
        out.push_back('\'');
    for (char c : utf8) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void CsvWriter::appendRows(std::string& out, const Slice& page, const CsvOptions& options, qint64 indexStart,
    qint64 firstRow, qint64 endRow)
{
    if (endRow < 0)
        endRow = page.rowCount;
    const bool allNumeric = std::none_of(page.columns.begin(), page.columns.end(),
        [](const ColumnData& c) { return c.kind == CellKind::Text; });
    // Numbers are written straight into reserved space: one row can never need more than this.
    const size_t rowBound = size_t(page.columns.size() + 1) * (NumberFormat::kMaxChars + 1) + 1;
    for (qint64 r = firstRow; r < endRow; ++r) {
        if (!allNumeric) {
            appendTextRow(out, page, options, indexStart, r);
            continue;
        }
        size_t used = out.size();
        if (out.capacity() < used + rowBound)
            out.reserve(std::max(out.capacity() * 2, used + rowBound));
        out.resize(used + rowBound);
        char* const start = out.data() + used;
        char* p = start;
        if (options.indexColumn) {
            p = NumberFormat::writeInt(p, indexStart + r);
            *p++ = options.delimiter;
        }
        for (const ColumnData& column : page.columns) {
            p = writeNumber(p, column, size_t(r), options.pandasStyle);
            *p++ = options.delimiter;
        }
        if (p == start + 1) { // one field, and it was empty (a missing float)
            p = std::copy(kEmptyField.begin(), kEmptyField.end(), start);
            *p++ = options.delimiter;
        }
        p[-1] = '\n';
        out.resize(used + size_t(p - start));
    }
}

Result<CsvStats> CsvWriter::write(TableSource& source, const QString& path, const CsvOptions& options,
    const Progress& progress, const std::atomic_bool* cancel)
{
    if (path == QLatin1String("-")) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return Error(
                Error::Code::Io, QStringLiteral("Cannot write to standard output"), out.errorString());
        return writeTo(source, out, options, progress, cancel);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(Error::Code::Io, QStringLiteral("Cannot create %1").arg(path), file.errorString());
    auto stats = writeTo(source, file, options, progress, cancel);
    if (!stats) {
        file.cancelWriting();
        return stats;
    }
    if (!file.commit())
        return Error(Error::Code::Io, QStringLiteral("Cannot save %1").arg(path), file.errorString());
    qCDebug(lcCsv) << "wrote" << stats->rows << "rows," << stats->bytes << "bytes to" << path;
    return stats;
}

Result<CsvStats> CsvWriter::writeTo(TableSource& source, QIODevice& out, const CsvOptions& requested,
    const Progress& progress, const std::atomic_bool* cancel)
{
    CsvOptions options = requested;
    // DataFrames, and netCDF variables as xarray's to_dataframe() gives them: missing values empty.
    options.pandasStyle = options.pandasStyle || !source.summary().isEmpty();
    // Counted, not listed: a dataset may have 2^28 columns (tlayouto.h5), more than memory holds.
    const qint64 columnCount = source.columnCount();
    const qint64 firstRow = qBound<qint64>(0, options.firstRow, source.rowCount());
    const qint64 rows = options.rowCount < 0 ? source.rowCount() - firstRow
                                             : qMin(options.rowCount, source.rowCount() - firstRow);
    const qint64 firstColumn = qBound<qint64>(0, options.firstColumn, columnCount);
    const qint64 columns = options.columnCount < 0
        ? columnCount - firstColumn
        : qMin<qint64>(options.columnCount, columnCount - firstColumn);
    std::string buffer;
    buffer.reserve(kFlushBytes + (1 << 20));
    // The header follows the first page read: a table too wide to read fails before its header
    // of 2^28 names is built.
    bool headerWritten = !options.header;
    auto writeHeader = [&] {
        bool first = true;
        if (options.indexColumn) {
            appendField(buffer, source.indexName(), options.delimiter);
            first = false;
        }
        for (const ColumnSpec& column : source.columnRange(firstColumn, columns)) {
            if (!first)
                buffer.push_back(options.delimiter);
            first = false;
            appendField(buffer, column.name, options.delimiter);
        }
        buffer.push_back('\n');
        headerWritten = true;
    };

    CsvStats stats;
    const qint64 pageRows = source.pageRows(columns);
    for (qint64 done = 0; done < rows && columns > 0;) {
        if (cancel && cancel->load())
            return Error(Error::Code::Cancelled, QStringLiteral("Export cancelled"));
        const qint64 n = qMin(pageRows, rows - done);
        if (done + n < rows) // the engine reads the next page while this one is formatted
            source.prefetch(firstRow + done + n, qMin(pageRows, rows - done - n), firstColumn, columns);
        auto page = source.read(firstRow + done, n, firstColumn, columns);
        if (!page)
            return page.error();
        if (!headerWritten)
            writeHeader();
        // Format in chunks of rows so the buffer stays near kFlushBytes whatever the page size.
        for (qint64 r = 0; r < n; r += kRowsPerChunk) {
            appendRows(buffer, *page, options, firstRow + done, r, qMin(n, r + kRowsPerChunk));
            if (buffer.size() >= kFlushBytes) {
                stats.bytes += qint64(buffer.size());
                if (Status s = writeAll(out, buffer); s.isError())
                    return s;
            }
        }
        done += n;
        if (progress)
            progress(done, rows);
    }
    if (!headerWritten)
        writeHeader();
    stats.bytes += qint64(buffer.size());
    if (Status s = writeAll(out, buffer); s.isError())
        return s;
    stats.rows = rows;
    return stats;
}

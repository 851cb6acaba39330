// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"

#include "hdf5/h5types.h"
#include "logging.h"
#include "numberformat.h"
#include "table/tablesource.h"

#include <QFile>
#include <QSaveFile>

namespace {

constexpr size_t kFlushBytes = 4 << 20;

void appendNumber(std::string& out, const ColumnData& column, size_t row)
{
    char buf[NumberFormat::kMaxChars];
    char* end = buf;
    switch (column.kind) {
    case CellKind::Int:
        end = NumberFormat::writeInt(buf, column.ints[row]);
        break;
    case CellKind::UInt:
        end = NumberFormat::writeUInt(buf, column.uints[row]);
        break;
    case CellKind::Float32:
        end = NumberFormat::writeFloat(buf, float(column.reals[row]));
        break;
    case CellKind::Float64:
        end = NumberFormat::writeDouble(buf, column.reals[row]);
        break;
    case CellKind::Text:
        break;
    }
    out.append(buf, size_t(end - buf));
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

void CsvWriter::appendRows(std::string& out, const Slice& page, const CsvOptions& options, qint64 indexStart)
{
    char buf[NumberFormat::kMaxChars];
    for (qint64 r = 0; r < page.rowCount; ++r) {
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
                appendField(out, column.texts[r], options.delimiter, options.guardFormulas);
            else
                appendNumber(out, column, size_t(r));
        }
        out.push_back('\n');
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

Result<CsvStats> CsvWriter::writeTo(TableSource& source, QIODevice& out, const CsvOptions& options,
    const Progress& progress, const std::atomic_bool* cancel)
{
    const QList<ColumnSpec> allColumns = source.columns();
    const qint64 firstRow = qBound<qint64>(0, options.firstRow, source.rowCount());
    const qint64 rows = options.rowCount < 0 ? source.rowCount() - firstRow
                                             : qMin(options.rowCount, source.rowCount() - firstRow);
    const qint64 firstColumn = qBound<qint64>(0, options.firstColumn, allColumns.size());
    const qint64 columns = options.columnCount < 0
        ? allColumns.size() - firstColumn
        : qMin<qint64>(options.columnCount, allColumns.size() - firstColumn);
    std::string buffer;
    buffer.reserve(kFlushBytes + (1 << 20));
    if (options.header) {
        bool first = true;
        if (options.indexColumn) {
            appendField(buffer, source.indexName(), options.delimiter);
            first = false;
        }
        for (qint64 c = firstColumn; c < firstColumn + columns; ++c) {
            if (!first)
                buffer.push_back(options.delimiter);
            first = false;
            appendField(buffer, allColumns[c].name, options.delimiter);
        }
        buffer.push_back('\n');
    }

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
        appendRows(buffer, *page, options, firstRow + done);
        if (buffer.size() >= kFlushBytes) {
            stats.bytes += qint64(buffer.size());
            if (Status s = writeAll(out, buffer); s.isError())
                return s;
        }
        done += n;
        if (progress)
            progress(done, rows);
    }
    stats.bytes += qint64(buffer.size());
    if (Status s = writeAll(out, buffer); s.isError())
        return s;
    stats.rows = rows;
    return stats;
}

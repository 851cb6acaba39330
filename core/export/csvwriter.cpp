// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"

#include "export/csvpageformatter.h"
#include "h5types.h"
#include "logging.h"
#include "numberformat.h"
#include "table/tablesource.h"

#include <QFile>
#include <QSaveFile>
#include <fcntl.h>
#include <algorithm>
#include <cmath>
#include <string_view>

namespace H5Hdfs {

namespace {

// Tables smaller than this many cells are formatted on the caller's thread: starting helpers would
// cost more than they save (a few selected cells copied, a short dataset).
constexpr qint64 kParallelCells = 4 * CsvPageFormatter::kChunkCells;

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
    std::string& out, const Page& page, const CsvOptions& options, qint64 indexStart, qint64 r)
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

Status writeAll(QIODevice& out, std::string_view text)
{
    if (text.empty())
        return {};
    if (out.write(text.data(), qint64(text.size())) != qint64(text.size()))
        return Error(Error::Code::Io, QStringLiteral("Cannot write the CSV file"), out.errorString());
    return {};
}

// Starts writing a file's pages to disk while the export goes on. The kernel starts on its own only
// past 10% of memory in dirty pages, so a 1.5 GB export would otherwise wait seconds at the end, in
// the fsync of QSaveFile::commit(), for the whole file at once. Only starts the writes, never waits.
class WriteBehind {
public:
    explicit WriteBehind(QIODevice& out)
        : m_file(qobject_cast<QFileDevice*>(&out))
    {
        if (m_file && m_file->handle() >= 0)
            m_started = m_file->pos();
        else
            m_file = nullptr;
    }
    void wrote()
    {
        if (!m_file || m_file->pos() - m_started < kBytes || !m_file->flush())
            return;
        const qint64 end = m_file->pos();
        ::sync_file_range(m_file->handle(), m_started, end - m_started, SYNC_FILE_RANGE_WRITE);
        m_started = end;
    }

private:
    static constexpr qint64 kBytes = 32 << 20;
    QFileDevice* m_file = nullptr;
    qint64 m_started = 0;
};

// Appends the text as it is when it is ASCII that needs neither quotes nor a guard (most cells):
// its UTF-8 is its UTF-16 units, so no conversion and no allocation are needed. False otherwise.
bool appendPlainAscii(std::string& out, QStringView text, char delimiter, bool guardFormulas)
{
    if (guardFormulas && !text.isEmpty() && QByteArrayView("=+-@\t\r").contains(char(text[0].unicode())))
        return false;
    const char16_t plainDelimiter = char16_t(static_cast<unsigned char>(delimiter));
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80 || u == plainDelimiter || u == u'"' || u == u'\n' || u == u'\r')
            return false;
    }
    const size_t start = out.size();
    out.resize(start + size_t(text.size()));
    std::transform(text.begin(), text.end(), out.begin() + qsizetype(start),
        [](QChar c) { return char(c.unicode()); });
    return true;
}

} // namespace

void CsvWriter::appendField(std::string& out, QStringView text, char delimiter, bool guardFormulas)
{
    if (appendPlainAscii(out, text, delimiter, guardFormulas))
        return;
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

void CsvWriter::appendRows(std::string& out, const Page& page, const CsvOptions& options, qint64 indexStart,
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
    CsvStats stats;
    WriteBehind writeBehind(out);
    const auto write = [&](std::string_view text) {
        stats.bytes += qint64(text.size());
        Status s = writeAll(out, text);
        writeBehind.wrote();
        return s;
    };
    // The header follows the first page read: a table too wide to read fails before its header
    // of 2^28 names is built.
    bool headerWritten = !options.header;
    auto writeHeader = [&] {
        std::string header;
        bool first = true;
        if (options.indexColumn) {
            appendField(header, source.indexName(), options.delimiter);
            first = false;
        }
        for (const ColumnSpec& column : source.columnRange(firstColumn, columns)) {
            if (!first)
                header.push_back(options.delimiter);
            first = false;
            appendField(header, column.name, options.delimiter);
        }
        header.push_back('\n');
        headerWritten = true;
        return write(header);
    };

    CsvPageFormatter formatter(
        options, rows * columns >= kParallelCells ? CsvPageFormatter::defaultThreads() : 0);
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
        if (!headerWritten) {
            if (Status s = writeHeader(); s.isError())
                return s;
        }
        if (Status s = formatter.format(*page, firstRow + done, write, cancel); s.isError())
            return s;
        done += n;
        if (progress)
            progress(done, rows);
    }
    if (!headerWritten) {
        if (Status s = writeHeader(); s.isError())
            return s;
    }
    stats.rows = rows;
    return stats;
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>
#include <atomic>
#include <functional>
#include <string>

class QIODevice;

namespace H5Hdfs {

class TableSource;
struct Page;

struct CsvOptions {
    char delimiter = ',';
    bool header = true;
    bool indexColumn = false;
    /// Prefix text cells that a spreadsheet would run as a formula (=, +, -, @) with a quote.
    bool guardFormulas = false;
    /// Numbers as DataFrame.to_csv writes them: NaN as an empty field, whole floats as "13.0".
    /// Always on for named tables (DataFrames), so their CSV matches pandas'.
    bool pandasStyle = false;
    /// The rectangle to write; -1 counts mean "to the end".
    qint64 firstRow = 0;
    qint64 rowCount = -1;
    qint64 firstColumn = 0;
    qint64 columnCount = -1;
};

struct CsvStats {
    qint64 rows = 0;
    qint64 bytes = 0;
};

/// Writes a TableSource as CSV: UTF-8, RFC 4180 quoting, "\n" line ends, locale-independent
/// numbers, floats in the shortest text that reads back to the same bits, NaN/Inf/-Inf.
/// Streams page by page (never the whole table in memory) into a QSaveFile, so the target is
/// either the complete file or untouched: an error or a cancel leaves nothing behind.
class CsvWriter {
public:
    using Progress = std::function<void(qint64 rowsDone, qint64 rowsTotal)>;

    /// Writes to `path` atomically; "-" writes to standard output (which cannot be atomic).
    static Result<CsvStats> write(TableSource& source, const QString& path, const CsvOptions& options,
        const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);
    /// Writes to an open device; on an error, what was written so far stays there.
    static Result<CsvStats> writeTo(TableSource& source, QIODevice& out, const CsvOptions& options,
        const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);

    /// One field, quoted when it holds the delimiter, a quote, CR or LF.
    static void appendField(std::string& out, QStringView text, char delimiter, bool guardFormulas = false);
    /// Rows [firstRow, endRow) of a page (all rows by default); `indexStart` is the index value of the
    /// page's first row (when options.indexColumn).
    static void appendRows(std::string& out, const Page& page, const CsvOptions& options, qint64 indexStart,
        qint64 firstRow = 0, qint64 endRow = -1);
};

} // namespace H5Hdfs

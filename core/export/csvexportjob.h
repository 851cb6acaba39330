// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "export/csvwriter.h"
#include "table/tablesource.h"

namespace H5Hdfs {

/// What a CSV export wrote: rows and bytes, and the text itself when it was kept in memory.
struct CsvExported {
    qint64 rows = 0;
    qint64 bytes = 0;
    QByteArray text; ///< the whole CSV when exported without an output path (for the clipboard)
};

/// A CSV export of a table (a dataset view, a DataFrame) on a thread of its own, so the window stays
/// responsive (CsvWriter). Without an output path the text is kept in memory. `progress` counts rows;
/// `done` and `progress` run in `context`'s thread (BackgroundJob's rules); cancelling or dropping
/// the handle stops the export and leaves no file.
[[nodiscard]] BackgroundJob startCsvExport(TableSourceFactory source, QString outputPath, CsvOptions options,
    QObject* context, std::function<void(Result<CsvExported>&&)> done, ProgressCallback progress = {});

} // namespace H5Hdfs

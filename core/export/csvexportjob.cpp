// SPDX-License-Identifier: MIT
#include "export/csvexportjob.h"

#include <QBuffer>

namespace H5Hdfs {

namespace {

Result<CsvExported> writeCsv(
    const TableSourceFactory& factory, const QString& outputPath, const CsvOptions& options, const JobControl& control)
{
    const std::unique_ptr<TableSource> source = factory();
    CsvExported exported;
    QBuffer memory(&exported.text);
    const bool toMemory = outputPath.isEmpty();
    if (toMemory)
        memory.open(QIODevice::WriteOnly);
    const auto written = toMemory ? CsvWriter::writeTo(*source, memory, options, control.report, &control.cancelled)
                                  : CsvWriter::write(*source, outputPath, options, control.report, &control.cancelled);
    if (!written)
        return written.error();
    exported.rows = written->rows;
    exported.bytes = written->bytes;
    memory.close();
    return exported;
}

} // namespace

BackgroundJob startCsvExport(TableSourceFactory source, QString outputPath, CsvOptions options, QObject* context,
    std::function<void(Result<CsvExported>&&)> done, ProgressCallback progress)
{
    return BackgroundJob::start<Result<CsvExported>>(
        context,
        [source = std::move(source), path = std::move(outputPath), options](const JobControl& control) {
            return writeCsv(source, path, options, control);
        },
        std::move(done), std::move(progress));
}

} // namespace H5Hdfs

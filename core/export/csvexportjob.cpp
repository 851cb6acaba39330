// SPDX-License-Identifier: MIT
#include "export/csvexportjob.h"

#include "table/datasettablesource.h"

#include <QElapsedTimer>

CsvExportJob::CsvExportJob(H5Service& service, H5Service::FileId file, QString datasetPath, DatasetInfo info,
    DimView view, QString outputPath, CsvOptions options, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_file(file)
    , m_datasetPath(std::move(datasetPath))
    , m_info(std::move(info))
    , m_view(std::move(view))
    , m_outputPath(std::move(outputPath))
    , m_options(options)
{
}

CsvExportJob::~CsvExportJob()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void CsvExportJob::start()
{
    m_thread = std::thread([this] {
        DatasetTableSource source(m_service, m_file, m_datasetPath, m_info, m_view);
        QElapsedTimer throttle;
        throttle.start();
        auto result = CsvWriter::write(
            source, m_outputPath, m_options,
            [this, &throttle](qint64 done, qint64 total) {
                if (throttle.elapsed() < 100 && done < total)
                    return; // a few updates a second are plenty for a progress bar
                throttle.restart();
                QMetaObject::invokeMethod(
                    this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
            },
            &m_cancel);
        const Error error = result ? Error() : result.error();
        const qint64 rows = result ? result->rows : 0;
        const qint64 bytes = result ? result->bytes : 0;
        QMetaObject::invokeMethod(
            this, [this, error, rows, bytes] { Q_EMIT finished(error, rows, bytes); }, Qt::QueuedConnection);
    });
}

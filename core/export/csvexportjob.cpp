// SPDX-License-Identifier: MIT
#include "export/csvexportjob.h"

#include <QBuffer>
#include <QElapsedTimer>

namespace H5Hdfs {

CsvExportJob::CsvExportJob(TableSourceFactory source, QString outputPath, CsvOptions options, QObject* parent)
    : QObject(parent)
    , m_source(std::move(source))
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
        const std::unique_ptr<TableSource> source = m_source();
        QElapsedTimer throttle;
        throttle.start();
        const auto report = [this, &throttle](qint64 done, qint64 total) {
            if (throttle.elapsed() < 100 && done < total)
                return; // a few updates a second are plenty for a progress bar
            throttle.restart();
            QMetaObject::invokeMethod(
                this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
        };
        QBuffer memory(&m_text); // only read by others after finished()
        const bool toMemory = m_outputPath.isEmpty();
        if (toMemory)
            memory.open(QIODevice::WriteOnly);
        auto result = toMemory ? CsvWriter::writeTo(*source, memory, m_options, report, &m_cancel)
                               : CsvWriter::write(*source, m_outputPath, m_options, report, &m_cancel);
        if (!result)
            m_text.clear();
        const Error error = result ? Error() : result.error();
        const qint64 rows = result ? result->rows : 0;
        const qint64 bytes = result ? result->bytes : 0;
        QMetaObject::invokeMethod(
            this, [this, error, rows, bytes] { Q_EMIT finished(error, rows, bytes); }, Qt::QueuedConnection);
    });
}

} // namespace H5Hdfs

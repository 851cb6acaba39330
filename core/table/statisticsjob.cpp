// SPDX-License-Identifier: MIT
#include "table/statisticsjob.h"

#include "table/datasettablesource.h"

#include <QElapsedTimer>

namespace H5Hdfs {

StatisticsJob::StatisticsJob(
    H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_file(file)
    , m_path(std::move(path))
    , m_info(std::move(info))
    , m_stats(m_info.fields)
{
}

StatisticsJob::StatisticsJob(
    H5Service& service, H5Service::FileId file, QString path, TableDescription table, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_file(file)
    , m_path(std::move(path))
    , m_table(std::move(table))
    , m_stats(NumericStats::forTable(*m_table))
{
}

StatisticsJob::~StatisticsJob()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void StatisticsJob::start()
{
    m_thread = std::thread([this] {
        QElapsedTimer throttle;
        throttle.start();
        const Statistics::Progress report = [this, &throttle](qint64 done, qint64 total) {
            if (m_cancel)
                return false;
            if (throttle.elapsed() >= 100) { // a few updates a second are plenty for a progress bar
                throttle.restart();
                QMetaObject::invokeMethod(
                    this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
            }
            return true;
        };
        Status status;
        if (m_table) {
            FrameTableSource source(m_service, m_file, m_path, *m_table);
            status = Statistics::ofTable(source, m_stats, report);
        } else if (m_info.externalStorage || m_info.layout == Layout::Virtual) {
            status = Error(Error::Code::Unsupported,
                QStringLiteral("%1: statistics are not taken of external or virtual storage").arg(m_path));
        } else if (!m_info.nullSpace && m_info.elementCount() > 0 && Statistics::hasNumbers(m_info)) {
            status = Statistics::ofDataset(m_service, m_file, m_path, m_info, m_stats, report);
        }
        QMetaObject::invokeMethod(
            this, [this, status] { Q_EMIT finished(status); }, Qt::QueuedConnection);
    });
}

} // namespace H5Hdfs

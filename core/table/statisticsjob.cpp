// SPDX-License-Identifier: MIT
#include "table/statisticsjob.h"


#include <QElapsedTimer>

namespace H5Hdfs {

StatisticsJob::StatisticsJob(H5Service& service, TableRef table, QObject* parent)
    : QObject(parent)
    , m_service(service)
    , m_table(std::move(table))
    , m_stats(m_table.named ? NumericStats::forTable(*m_table.named) : NumericStats(m_table.dataset.fields))
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
        const DatasetInfo& info = m_table.dataset;
        if (m_table.isNamed()) {
            const std::unique_ptr<TableSource> source = m_table.sourceFactory(m_service)();
            status = Statistics::ofTable(*source, m_stats, report);
        } else if (info.externalStorage || info.layout == Layout::Virtual) {
            status = Error(Error::Code::Unsupported,
                QStringLiteral("%1: statistics are not taken of external or virtual storage")
                    .arg(m_table.path));
        } else if (!info.nullSpace && info.elementCount() > 0 && Statistics::hasNumbers(info)) {
            status = Statistics::ofDataset(m_service, m_table.file, m_table.path, info, m_stats, report);
        }
        QMetaObject::invokeMethod(
            this, [this, status] { Q_EMIT finished(status); }, Qt::QueuedConnection);
    });
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "tablesortjob.h"

namespace H5Hdfs {

TableSortJob::TableSortJob(TableSourceFactory source, qint64 column, bool descending, QObject* parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_column(column)
    , m_descending(descending)
{
}

TableSortJob::~TableSortJob()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void TableSortJob::start()
{
    m_thread = std::thread([this] {
        const std::unique_ptr<TableSource> source = m_source();
        auto sorted = RowOrder::sortedBy(*source, m_column, m_descending, &m_cancel);
        Error error;
        if (sorted)
            m_order = std::make_shared<const std::vector<qint64>>(std::move(*sorted));
        else
            error = sorted.error();
        QMetaObject::invokeMethod(this, [this, error] { Q_EMIT finished(error); }, Qt::QueuedConnection);
    });
}

} // namespace H5Hdfs

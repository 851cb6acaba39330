// SPDX-License-Identifier: MIT
#pragma once

#include "table/roworder.h"

#include <QObject>
#include <atomic>
#include <thread>

namespace H5Hdfs {

/// Sorts a table's rows by one column on a thread of its own (the column is read through the
/// file's worker), so the window stays responsive. Deleting the job cancels it.
class TableSortJob : public QObject {
    Q_OBJECT
public:
    TableSortJob(TableSourceFactory source, qint64 column, bool descending, QObject* parent = nullptr);
    ~TableSortJob() override;

    void start();
    [[nodiscard]] qint64 column() const { return m_column; }
    [[nodiscard]] bool descending() const { return m_descending; }
    /// The rows in order; set once finished() reported no error.
    [[nodiscard]] std::shared_ptr<const std::vector<qint64>> order() const { return m_order; }

Q_SIGNALS:
    void finished(const Error& error);

private:
    TableSourceFactory m_source;
    qint64 m_column;
    bool m_descending;
    std::shared_ptr<const std::vector<qint64>> m_order; ///< written by the thread before finished()
    std::atomic_bool m_cancel {false};
    std::thread m_thread;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "table/columnstats.h"
#include "table/tableref.h"

#include <QObject>
#include <atomic>
#include <optional>
#include <thread>

namespace H5Hdfs {

/// The statistics of one dataset or named table, per column, taken on a thread of their own (the
/// pages are read by the file's worker) so the window stays responsive: progress and the result come
/// back as signals in the job's thread. Deleting the job cancels it (after the page being read).
class StatisticsJob : public QObject {
    Q_OBJECT
public:
    /// Every row of a named table (a DataFrame), per named column, read through its source; or
    /// every element of a dataset, per field, whatever 2-D view of it the table shows.
    StatisticsJob(H5Service& service, TableRef table, QObject* parent = nullptr);
    ~StatisticsJob() override;

    void start();
    void cancel() { m_cancel = true; }
    [[nodiscard]] const QString& path() const { return m_table.path; }
    /// Complete once finished() reported no error.
    [[nodiscard]] const NumericStats& result() const { return m_stats; }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 rowsTotal);
    void finished(const Error& error);

private:
    H5Service& m_service;
    TableRef m_table;
    NumericStats m_stats; ///< written by the thread, read by others only after finished()
    std::atomic_bool m_cancel {false};
    std::thread m_thread;
};

} // namespace H5Hdfs

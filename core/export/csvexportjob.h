// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "table/tablesource.h"

#include <QObject>
#include <atomic>
#include <thread>

/// A CSV export of a table (a dataset view, a DataFrame) running on its own thread, so the window stays
/// responsive: progress and the result come back as signals in the job's thread; cancel() leaves no file.
class CsvExportJob : public QObject {
    Q_OBJECT
public:
    CsvExportJob(
        TableSourceFactory source, QString outputPath, CsvOptions options, QObject* parent = nullptr);
    /// Cancels a running export and waits for its thread.
    ~CsvExportJob() override;

    void start();
    void cancel() { m_cancel = true; }
    [[nodiscard]] QString outputPath() const { return m_outputPath; }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 rowsTotal);
    void finished(const Error& error, qint64 rows, qint64 bytes);

private:
    TableSourceFactory m_source;
    QString m_outputPath;
    CsvOptions m_options;
    std::atomic_bool m_cancel {false};
    std::thread m_thread;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "table/tablesource.h"

#include <QObject>
#include <atomic>
#include <thread>

namespace H5Hdfs {

/// A CSV export of a table (a dataset view, a DataFrame) running on its own thread, so the window stays
/// responsive: progress and the result come back as signals in the job's thread; cancel() leaves no file.
/// Without an output path the text is kept in memory (for the clipboard), in text() once finished.
class CsvExportJob : public QObject {
    Q_OBJECT
public:
    CsvExportJob(
        TableSourceFactory source, QString outputPath, CsvOptions options, QObject* parent = nullptr);
    CsvExportJob(TableSourceFactory source, CsvOptions options, QObject* parent = nullptr)
        : CsvExportJob(std::move(source), QString(), options, parent)
    {
    }
    /// Cancels a running export and waits for its thread.
    ~CsvExportJob() override;

    void start();
    void cancel() { m_cancel = true; }
    [[nodiscard]] QString outputPath() const { return m_outputPath; }
    /// The text written to memory (no output path); complete once finished() reported no error.
    [[nodiscard]] const QByteArray& text() const { return m_text; }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 rowsTotal);
    void finished(const Error& error, qint64 rows, qint64 bytes);

private:
    TableSourceFactory m_source;
    QString m_outputPath;
    CsvOptions m_options;
    QByteArray m_text;
    std::atomic_bool m_cancel {false};
    std::thread m_thread;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "hdf5/h5service.h"

#include <QObject>
#include <atomic>
#include <thread>

/// A CSV export of a dataset view running on its own thread, so the window stays responsive:
/// progress and the result come back as signals in the job's thread; cancel() leaves no file.
class CsvExportJob : public QObject {
    Q_OBJECT
public:
    CsvExportJob(H5Service& service, H5Service::FileId file, QString datasetPath, DatasetInfo info,
        DimView view, QString outputPath, CsvOptions options, QObject* parent = nullptr);
    /// Cancels a running export and waits for its thread.
    ~CsvExportJob() override;

    void start();
    void cancel() { m_cancel = true; }
    [[nodiscard]] QString outputPath() const { return m_outputPath; }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 rowsTotal);
    void finished(const Error& error, qint64 rows, qint64 bytes);

private:
    H5Service& m_service;
    H5Service::FileId m_file;
    QString m_datasetPath;
    DatasetInfo m_info;
    DimView m_view;
    QString m_outputPath;
    CsvOptions m_options;
    std::atomic_bool m_cancel {false};
    std::thread m_thread;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "result.h"
#include "service/h5service.h"
#include "table/columnstats.h"

#include <QWidget>
#include <functional>

class QLabel;
class QProgressBar;
class QTableWidget;

namespace H5Hdfs {

struct TableRef;

/// Statistics per column of the selected dataset or DataFrame: count, NaN, Inf, min, max, mean and
/// standard deviation, the figures `h5hdfs check` takes. They are taken in the background, and only
/// while the panel is shown (a 10^9-row dataset costs a full read); selecting another object
/// cancels the work in progress.
class StatisticsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, CountColumn, NanColumn, InfColumn, MinColumn, MaxColumn, MeanColumn, StdColumn };

    StatisticsPanel(H5Service& service, H5Service::FileId file, QWidget* parent = nullptr);
    ~StatisticsPanel() override;

    /// Every row of a named table, per named column; every element of a dataset, per field.
    void setTable(const TableRef& table);
    /// Nothing to take statistics of (a group): `reason` says so.
    void clear(const QString& reason);

    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QString statusText() const;
    /// True while statistics are being taken.
    [[nodiscard]] bool isRunning() const { return m_job.isRunning(); }

Q_SIGNALS:
    void errorOccurred(const Error& error);
    /// The statistics of the object selected are shown, or `error` says why there are none; not
    /// emitted for work cancelled by another selection.
    void finished(const Error& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    using JobFactory = std::function<BackgroundJob()>;
    /// `target` names the object and how it is read ("table:/df"); empty for none.
    void setTarget(const QString& target, const QString& path, JobFactory factory);
    void startPending();
    void onFinished(Result<NumericStats>&& stats);
    void showStatistics(const NumericStats& stats);

    H5Service& m_service;
    H5Service::FileId m_file;
    QString m_target;
    QString m_path;
    JobFactory m_pending; ///< what to take once the panel is shown
    BackgroundJob m_job;
    QLabel* m_status;
    QProgressBar* m_progress;
    QTableWidget* m_table;
};

} // namespace H5Hdfs

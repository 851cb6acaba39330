// SPDX-License-Identifier: MIT
#pragma once

#include "webhdfs/downloadhandle.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;
class QVBoxLayout;

namespace H5Hdfs {

struct Error;

/// One download in the panel: a progress bar with size and rate, a cancel button, and the error
/// when it failed. It is the download's context: what the download reports goes to it.
class DownloadRow : public QWidget {
    Q_OBJECT
public:
    DownloadRow(const QString& name, std::function<void()> ended, QWidget* parent);
    /// What the cancel button cancels; `cancelled` runs after it, since no callback of a
    /// cancelled download does.
    void setDownload(DownloadHandle download, std::function<void()> cancelled = {});
    void showProgress(qint64 received, qint64 total);
    /// The download's end: done (no error) or failed.
    void showEnd(const Error& error);

private:
    /// Hides the cancel button, tells the panel, and goes after `ms`.
    void end(int ms);

    QProgressBar* m_bar;
    QLabel* m_info;
    QToolButton* m_cancel;
    DownloadHandle m_download;
    std::function<void()> m_ended;
};

/// The downloads in progress and finished, a row each.
class DownloadsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DownloadsPanel(QWidget* parent = nullptr);
    /// A new row for a download of `name`, shown until the download ends (and a while after, for
    /// errors); it counts as active until then.
    DownloadRow* add(const QString& name);
    [[nodiscard]] int activeCount() const { return m_active; }

private:
    QVBoxLayout* m_rows;
    int m_active = 0;
};

} // namespace H5Hdfs

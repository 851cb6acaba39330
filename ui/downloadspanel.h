// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QVBoxLayout;

namespace H5Hdfs {

class WebHdfsDownload;

/// The downloads in progress and finished: per file a progress bar with size and rate, a cancel
/// button, and the error when one failed.
class DownloadsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DownloadsPanel(QWidget* parent = nullptr);
    /// Shows `download` (not owned) under `name` until it finishes (and a while after, for errors).
    void track(WebHdfsDownload* download, const QString& name);
    [[nodiscard]] int activeCount() const { return m_active; }

private:
    QVBoxLayout* m_rows;
    int m_active = 0;
};

} // namespace H5Hdfs

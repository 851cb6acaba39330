// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <QStringList>
#include <QWidget>

class HdfsBrowserModel;
class QLabel;
class QLineEdit;
class PathBar;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;
class WebHdfsClient;

/// Browses an HDFS namespace: an editable path bar, back / forward / up / home / refresh, a
/// filter-as-you-type box, and a sortable listing. Double-click enters directories; files are
/// offered to whoever opens them (openRequested).
class HdfsBrowser : public QWidget {
    Q_OBJECT
public:
    explicit HdfsBrowser(QWidget* parent = nullptr);

    /// Browses with `client` (owned by the caller), starting at `path` ("" = the home directory).
    void setClient(WebHdfsClient* client, const QString& path = {});
    void navigate(const QString& path);
    [[nodiscard]] QString currentPath() const;
    [[nodiscard]] HdfsBrowserModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] PathBar* pathBar() const { return m_path; }
    /// Paths of the selected files (directories left out).
    [[nodiscard]] QStringList selectedFiles() const;
    /// A dialog with the entry's status, and its content summary when asked for.
    void showProperties(int row);

Q_SIGNALS:
    void openRequested(const QStringList& paths);
    void errorOccurred(const Error& error);
    void pathChanged(const QString& path);
    /// A listing finished (error.code None) or failed.
    void listed(const Error& error);

private:
    void load(const QString& path, bool remember);
    void activate(const QModelIndex& index);
    void updateButtons();

    WebHdfsClient* m_client = nullptr;
    HdfsBrowserModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    PathBar* m_path;
    QLineEdit* m_filter;
    QLabel* m_status;
    QToolButton* m_back;
    QToolButton* m_forward;
    QToolButton* m_up;
    QStringList m_history;
    int m_position = -1;
    int m_navigations = 0; ///< counts navigations, so a late home-directory answer cannot undo one
};

// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <QStringList>
#include <QWidget>
#include <initializer_list>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace H5Hdfs {

class HdfsBrowserModel;
class PathBar;
class WebHdfsClient;

/// A file the user asked to open, with its length when a listing or status already gave it
/// (-1: unknown, the download asks the NameNode).
struct HdfsFileToOpen {
    QString path;
    qint64 length = -1;
};

/// Browses an HDFS namespace: an editable path bar, back / forward / up / home / refresh, a
/// filter-as-you-type box, and a sortable listing. Double-click enters directories; files are
/// offered to whoever opens them (openRequested).
class HdfsBrowser : public QWidget {
    Q_OBJECT
public:
    explicit HdfsBrowser(QWidget* parent = nullptr);

    /// Browses with `client` (owned by the caller) from now on; until navigate() or openPath() the
    /// browser says it is connecting to `label`.
    void setClient(WebHdfsClient* client, const QString& label);
    /// Lists the directory `path` ("" = the home directory).
    void navigate(const QString& path);
    /// A path of either kind, from one GETFILESTATUS: a directory is listed; a file's folder is
    /// listed and the file offered to open with its length (openRequested).
    void openPath(const QString& path);
    [[nodiscard]] QString currentPath() const;
    [[nodiscard]] HdfsBrowserModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] PathBar* pathBar() const { return m_path; }
    /// The line under the listing: connecting, listing, the entry count (of those the filter shows).
    [[nodiscard]] QString statusText() const;
    /// Paths of the selected files (directories left out).
    [[nodiscard]] QStringList selectedFiles() const;
    /// A dialog with the entry's status, and its content summary when asked for.
    void showProperties(int row);

Q_SIGNALS:
    void openRequested(const QList<HdfsFileToOpen>& files);
    void errorOccurred(const Error& error);
    void pathChanged(const QString& path);
    /// A listing finished (error.code None) or failed.
    void listed(const Error& error);

private:
    // The constructor's parts.
    void setUpListing();
    void layOut(std::initializer_list<QToolButton*> buttons);
    void connectNavigation(QToolButton* home, QToolButton* refresh);
    void connectListing();
    void showContextMenu(const QPoint& at);

    void load(const QString& path, bool remember);
    void activate(const QModelIndex& index);
    void updateButtons();
    void showEntryCount();
    void fitColumns();
    [[nodiscard]] HdfsFileToOpen fileAt(int row) const;

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
    bool m_showsEntryCount = false; ///< the status line counts entries (the filter updates it)
    /// Counts navigations, so a late home-directory or status answer cannot undo a later one.
    int m_navigations = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QAction;
class QToolButton;
class QWidget;

namespace H5Hdfs {

class FileView;
struct WebHdfsConfig;

/// Where a tab that reads its file lazily reads it from.
struct LazySource {
    QString path; ///< on HDFS
    QString url;  ///< the server and path, as the tab's tooltip shows it
    qint64 size = 0;
};

/// "Download whole file into memory" for the current tab when it reads its file lazily (issue 14):
/// one request for the whole file, after which every read is served from memory. Offered for files
/// that fit the memory budget; past it, or while the file's server is not the one connected, the
/// action is off and its tooltip says why. In the File menu and, for lazy tabs, the status bar.
class WholeFileAction : public QObject {
    Q_OBJECT
public:
    explicit WholeFileAction(QObject* parent);

    [[nodiscard]] QAction* action() const { return m_action; }
    /// The same action as a button for the status bar, shown while the current tab is lazy.
    [[nodiscard]] QToolButton* statusButton(QWidget* parent);
    /// `view` reads `source` lazily (forgotten when the view goes).
    void track(FileView* view, const LazySource& source);
    /// The file `view` reads lazily; null for a file in memory.
    [[nodiscard]] const LazySource* sourceOf(const FileView* view) const;
    /// Marks `view`'s file as being downloaded whole (the action is off for it meanwhile).
    void setDownloading(FileView* view, bool downloading);
    /// Brings the action in line with the current tab and the connection (null: not connected).
    void update(FileView* current, const WebHdfsConfig* connection);

Q_SIGNALS:
    /// The user asked for `view`'s file whole.
    void requested(FileView* view, const LazySource& source);

private:
    /// Why the current tab's file cannot be downloaded whole now; empty when it can.
    [[nodiscard]] QString obstacle(const LazySource& source, const WebHdfsConfig* connection) const;

    QAction* m_action;
    QToolButton* m_button = nullptr;
    QPointer<FileView> m_current;
    QHash<const FileView*, LazySource> m_sources;
    QSet<const FileView*> m_downloading;
};

/// What the user was looking at in a file view: the selected object and the table's current cell
/// (true row and column), carried over to another view of the same file.
struct ViewPlace {
    QString path;     ///< "" when nothing is selected
    qint64 row = -1;  ///< -1 when no table cell is known
    qint64 column = 0;

    [[nodiscard]] static ViewPlace of(const FileView& view);
    /// Selects the object in `view` (listing its groups first) and, once its table shows, goes
    /// to the cell.
    void restoreIn(FileView* view) const;
};

} // namespace H5Hdfs

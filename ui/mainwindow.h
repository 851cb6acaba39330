// SPDX-License-Identifier: MIT
#pragma once

#include "recentitems.h"
#include "service/h5service.h"
#include "webhdfs/webhdfsconfig.h"

#include <QMainWindow>
#include <functional>

class QAction;
class QLineEdit;
class QMenu;
class QSplitter;
class QNetworkAccessManager;
class QTabWidget;

namespace H5Hdfs {

class DownloadsPanel;
class ErrorBanner;
class FileView;
class HdfsBrowser;
struct HadoopLocation;
struct HdfsFileToOpen;
class MainMenus;
class NoticeBar;
class WebHdfsClient;
class WholeFileAction;
struct LazySource;

/// The viewer's main window: one tab per open file, each with its object tree and details.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Reads a local file (or a Qt resource) in the background and opens it in a new tab.
    void openLocalFile(const QString& path);
    /// A WebHDFS URL: browses it when it names a directory, opens it when it names a file, after one
    /// GETFILESTATUS. The server's root alone returns to the last directory browsed there.
    void openUrl(const QString& url);
    /// A command-line argument: a local file, a file:// URL (what desktops pass for Exec=... %U),
    /// or an HDFS URL or path.
    void openArgument(const QString& argument);
    /// Connects with a full configuration (a saved profile) and browses `path` ("" = home).
    void connectWith(const WebHdfsConfig& config, const QString& label, const QString& path = QString());
    /// Starts the local WebHDFS server over the sample files and browses it.
    void startDemo();
    /// Downloads HDFS files into memory, each shown in the downloads panel, and opens them in tabs.
    void downloadAndOpen(const QStringList& paths);
    /// Opens a file image already in memory in a new tab, at tab position `at` (-1: the end).
    FileView* addFileTab(
        const QString& title, const QString& tooltip, std::shared_ptr<const ImageBuffer> bytes, int at = -1);
    /// Opens a file read lazily (block by block, through `store`) in a new tab; its status line
    /// says so, with the bytes fetched so far and the cache's size (mainwindowlazy.cpp). With the
    /// file's HDFS path, the tab offers to download the file whole (wholeFileAction()).
    void addLazyFileTab(const QString& title, const QString& tooltip, std::shared_ptr<BlockStore> store,
        const QString& hdfsPath = QString());
    /// "Download whole file into memory" for the current tab when it is read lazily.
    [[nodiscard]] QAction* wholeFileAction() const;
    [[nodiscard]] FileView* currentFileView() const;
    [[nodiscard]] ErrorBanner* errorBanner() const { return m_banner; }
    [[nodiscard]] H5Service& service() { return m_service; }
    [[nodiscard]] HdfsBrowser* browser() const { return m_browser; }
    [[nodiscard]] DownloadsPanel* downloads() const { return m_downloads; }
    [[nodiscard]] NoticeBar* notices() const { return m_notices; }
    /// Shows or hides the HDFS browser's column (checkable; for a View menu).
    [[nodiscard]] QAction* browserPanelAction() const { return m_browserPanel; }
    [[nodiscard]] MainMenus* menus() const { return m_menus; }
    /// The connection bar's URL field.
    [[nodiscard]] QLineEdit* locationEdit() const { return m_url; }
    [[nodiscard]] int tabCount() const;
    /// Recently opened local files and URLs, newest first.
    [[nodiscard]] QStringList recentItems() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

Q_SIGNALS:
    void fileOpened(FileView* view);

private:
    void buildMenus();
    void chooseAndOpen();
    void closeTab(int index);
    void buildConnectionBar();
    /// What becomes of a finished download's bytes; by default they open in a new tab.
    using DownloadedFile = std::function<void(std::shared_ptr<const ImageBuffer>)>;
    /// `knownLength` from a listing or status spares the download its GETFILESTATUS (-1: unknown).
    /// `ended` runs once the download ends, whichever way (done, failed, cancelled in the panel).
    /// False without a connection.
    bool startDownload(const QString& path, bool allowOverBudget, qint64 knownLength = -1,
        DownloadedFile opened = {}, std::function<void()> ended = {});
    void openFromBrowser(const QList<HdfsFileToOpen>& files);
    /// Downloads an HDFS file into memory, or opens it lazily when it is large (LazyFiles).
    /// `knownLength` from a listing decides small files without a request (mainwindowlazy.cpp).
    void openRemote(const QString& path, qint64 knownLength = -1);
    /// Puts a file view in a new tab (at `at`, -1: the end) with `summary` as its status line.
    int addViewTab(
        FileView* view, const QString& title, const QString& tooltip, const QString& summary, int at = -1);
    /// Downloads the file `lazyView` reads lazily whole, then shows it from memory in the same tab,
    /// at the same object and table cell (mainwindowlazy.cpp).
    void downloadWhole(FileView* lazyView, const LazySource& source);
    void replaceWithImage(FileView* lazyView, std::shared_ptr<const ImageBuffer> bytes);
    void updateWholeFileAction();
    /// The action in the File menu and the status bar, following the current tab.
    void setUpWholeFileAction(QMenu* fileMenu);
    void remember(const QString& fileOrUrl);
    void rebuildRecentMenu();
    /// The file of `from` once more, in a tab of its own showing the object at `path`.
    void openInNewTab(FileView* from, const QString& path);
    /// Names, the browser's toggle, the status line per tab (mainwindowlayout.cpp).
    void setUpLayout();
    /// Most of the screen, for a first start without a remembered geometry.
    void resizeToScreen();
    /// The first file opened: the browser narrows to a column, the file view takes the room.
    void giveRoomToFiles();
    void showExported(const QString& path, qint64 rows);
    void saveSettings();
    void restoreSettings();
    /// Connects to the service `located` names; the connection bar keeps the form of `typedUrl`.
    void connectTo(const HadoopLocation& located, const QString& typedUrl);
    /// A new client and an empty browser saying "Connecting to `label`…"; navigation is the caller's.
    /// `urlServer` is what the connection bar shows before the browsed path.
    void startSession(const WebHdfsConfig& config, const QString& label, const QString& urlServer);
    /// Opens or browses `url` (see openUrl); `resumeAtRoot`: a server's root means the last place.
    void openLocation(const QString& url, bool resumeAtRoot);

    H5Service m_service;
    QNetworkAccessManager* m_network;
    std::unique_ptr<WebHdfsClient> m_client;
    QString m_connectionLabel;
    ErrorBanner* m_banner;
    NoticeBar* m_notices;
    QTabWidget* m_tabs;
    HdfsBrowser* m_browser;
    DownloadsPanel* m_downloads;
    QLineEdit* m_url;
    QLineEdit* m_user;
    QSplitter* m_split = nullptr;
    QAction* m_browserPanel = nullptr;
    QMenu* m_recentMenu = nullptr;
    MainMenus* m_menus = nullptr;
    WholeFileAction* m_wholeFile = nullptr;
    RecentItems m_recent;
    std::function<void()> m_placeHint; ///< keeps the empty-tab hint over the tab area
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"
#include "webhdfs/webhdfsconfig.h"

#include <QMainWindow>
#include <functional>

class DownloadsPanel;
class ErrorBanner;
class FileView;
class HdfsBrowser;
class QLineEdit;
class QMenu;
class QSplitter;
class QNetworkAccessManager;
class QTabWidget;
class WebHdfsClient;

/// The viewer's main window: one tab per open file, each with its object tree and details.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Reads a local file (or a Qt resource) in the background and opens it in a new tab.
    void openLocalFile(const QString& path);
    /// A WebHDFS URL: browses it when it names a directory, opens it when it names a file.
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
    /// Opens a file image already in memory in a new tab.
    void addFileTab(const QString& title, const QString& tooltip, std::shared_ptr<ImageBuffer> bytes);
    [[nodiscard]] FileView* currentFileView() const;
    [[nodiscard]] ErrorBanner* errorBanner() const { return m_banner; }
    [[nodiscard]] H5Service& service() { return m_service; }
    [[nodiscard]] HdfsBrowser* browser() const { return m_browser; }
    [[nodiscard]] DownloadsPanel* downloads() const { return m_downloads; }
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
    void startDownload(const QString& path, bool allowOverBudget);
    void remember(const QString& fileOrUrl);
    void rebuildRecentMenu();
    void saveSettings();
    void restoreSettings();
    /// Connects to the service behind `url` and browses `path` ("" = home).
    void connectTo(const QString& url, const QString& path = QString());

    H5Service m_service;
    QNetworkAccessManager* m_network;
    std::unique_ptr<WebHdfsClient> m_client;
    QString m_connectionLabel;
    ErrorBanner* m_banner;
    QTabWidget* m_tabs;
    HdfsBrowser* m_browser;
    DownloadsPanel* m_downloads;
    QLineEdit* m_url;
    QLineEdit* m_user;
    QSplitter* m_split = nullptr;
    QMenu* m_recentMenu = nullptr;
    std::function<void()> m_placeHint; ///< keeps the empty-tab hint over the tab area
};

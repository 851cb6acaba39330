// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"

#include <QMainWindow>

class ErrorBanner;
class FileView;
class QTabWidget;

/// The viewer's main window: one tab per open file, each with its object tree and details.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Reads a local file (or a Qt resource) in the background and opens it in a new tab.
    void openLocalFile(const QString& path);
    [[nodiscard]] FileView* currentFileView() const;
    [[nodiscard]] ErrorBanner* errorBanner() const { return m_banner; }
    [[nodiscard]] H5Service& service() { return m_service; }

Q_SIGNALS:
    void fileOpened(FileView* view);

private:
    void buildMenus();
    void chooseAndOpen();
    void addFileTab(const QString& path, std::shared_ptr<ImageBuffer> bytes);
    void closeTab(int index);

    H5Service m_service;
    ErrorBanner* m_banner;
    QTabWidget* m_tabs;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QWidget;

namespace H5Hdfs {

class MainWindow;

/// The main window's View, Go and Help menus, and the keys that move between its panes: the
/// browser's listing, the current file's object tree and its table (F6 / Shift+F6 cycle through
/// them, Ctrl+1..3 go to one). Every shortcut is an action in a menu, so the menus show them all.
class MainMenus : public QObject {
    Q_OBJECT
public:
    enum class Pane { Browser, Tree, Table };

    /// Adds the menus to `window`'s menu bar, after its File menu.
    explicit MainMenus(MainWindow* window);

    /// Gives the keyboard focus to a pane; false when it is not there (no file open, no browser).
    bool focusPane(Pane pane);
    /// Moves the focus to the next (+1) or previous (-1) pane that is there.
    void cyclePanes(int step);
    /// Help > About: shows at once; the HDF5 version and filters, which only the worker program
    /// knows, are asked for in the background the first time and kept.
    void showAbout();
    /// Help > Keyboard shortcuts: every menu shortcut and the keys that work inside the views.
    void showShortcuts();
    [[nodiscard]] QAction* action(const QString& objectName) const;

Q_SIGNALS:
    /// The worker's version report arrived (the first About asked for it).
    void versionReportReady(const QString& report);

private:
    void buildViewMenu();
    void buildGoMenu();
    void buildHelpMenu();
    void orderFocus();
    [[nodiscard]] QWidget* paneWidget(Pane pane) const;
    void askVersionReport();

    MainWindow* m_window;
    QString m_versionReport; ///< the worker's report, once it has answered
    bool m_asking = false;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "mainmenus.h"

#include "downloadspanel.h"
#include "fileview.h"
#include "hdfsbrowser.h"
#include "installlayout.h"
#include "mainwindow.h"
#include "pathbar.h"

#include <QActionGroup>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>
#include <thread>

namespace H5Hdfs {

namespace {

QAction* addAction(QMenu* menu, const QString& name, const QString& text, const QKeySequence& keys)
{
    QAction* action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcut(keys);
    return action;
}

/// Brings `widget` to the front of every tab widget it sits in (the table is on the Table tab).
void bringForward(QWidget* widget)
{
    for (QWidget* w = widget; w; w = w->parentWidget()) {
        for (QWidget* up = w->parentWidget(); up; up = up->parentWidget()) {
            if (auto* tabs = qobject_cast<QTabWidget*>(up); tabs && tabs->indexOf(w) >= 0)
                tabs->setCurrentWidget(w);
        }
    }
}

/// Keys that work inside the views, beside the menus' shortcuts.
const QList<QPair<const char*, const char*>> kKeysInViews = {
    {"Type a name", "Jump to it in the listing, the tree or the find results"},
    {"Enter", "Open the file or directory (browser), show the object (tree)"},
    {"Down", "From the find field to its results"},
    {"Ctrl+C", "Copy the selected cells (table)"},
    {"Ctrl+G", "Go to a row (table)"},
    {"Tab / Shift+Tab", "Next / previous control"},
    {"Menu / Shift+F10", "Context menu of the listing or the tree"},
};

} // namespace

MainMenus::MainMenus(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    buildViewMenu();
    buildGoMenu();
    buildHelpMenu();
    orderFocus();
}

void MainMenus::orderFocus()
{
    // Tab in reading order: the connection bar, the browser's filter and listing, then the files
    // (each file view orders its own: find, results, tree, table). The browser moves to just after
    // the connection bar's last field, wherever the file views land in the chain.
    QWidget* last = m_window->locationEdit();
    for (auto* field :
        m_window->locationEdit()->parentWidget()->findChildren<QLineEdit*>(Qt::FindDirectChildrenOnly))
        last = field; // the user name follows the URL
    HdfsBrowser* browser = m_window->browser();
    if (auto* filter = browser->findChild<QLineEdit*>(QStringLiteral("browserFilter"))) {
        QWidget::setTabOrder(last, filter);
        last = filter;
    }
    QWidget::setTabOrder(last, browser->view());
}

QAction* MainMenus::action(const QString& objectName) const
{
    return m_window->menuBar()->findChild<QAction*>(objectName);
}

void MainMenus::buildViewMenu()
{
    QMenu* view = m_window->menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    if (QAction* browser = m_window->browserPanelAction()) // the window's own, also on its toolbar
        view->addAction(browser);
    QAction* downloads = addAction(view, QStringLiteral("showDownloads"), tr("&Downloads"), {});
    downloads->setCheckable(true);
    // The panel comes and goes on its own (with each download): ticked as it is now.
    connect(view, &QMenu::aboutToShow, this,
        [this, downloads] { downloads->setChecked(m_window->downloads()->isVisible()); });
    connect(downloads, &QAction::triggered, m_window->downloads(), &QWidget::setVisible);

    view->addSeparator();
    QMenu* numbers = view->addMenu(tr("&Numbers"));
    auto* group = new QActionGroup(numbers);
    const QList<QPair<char, QString>> formats
        = {{'g', tr("&Exact")}, {'f', tr("&Fixed")}, {'e', tr("&Scientific")}};
    for (const auto& [format, text] : formats) {
        QAction* action = numbers->addAction(text);
        action->setObjectName(QStringLiteral("numbers_") + QLatin1Char(format));
        action->setCheckable(true);
        action->setChecked(format == 'g');
        group->addAction(action);
        // Every open file, and each one opened later, shows numbers the chosen way.
        connect(action, &QAction::triggered, this, [this, format = format] {
            for (FileView* file : m_window->findChildren<FileView*>())
                file->setNumberFormat(format);
        });
    }
    connect(m_window, &MainWindow::fileOpened, this, [group](FileView* file) {
        if (QAction* chosen = group->checkedAction())
            file->setNumberFormat(chosen->objectName().back().toLatin1());
    });
}

void MainMenus::buildGoMenu()
{
    QMenu* go = m_window->menuBar()->addMenu(tr("&Go"));
    go->setObjectName(QStringLiteral("goMenu"));
    QAction* location
        = addAction(go, QStringLiteral("goToLocation"), tr("&Location…"), QKeySequence(tr("Ctrl+L")));
    connect(location, &QAction::triggered, this, [this] {
        // The browser's path while browsing; the connection's URL before that.
        if (m_window->browser()->isVisible()) {
            m_window->browser()->pathBar()->startEditing();
            return;
        }
        m_window->locationEdit()->setFocus(Qt::ShortcutFocusReason);
        m_window->locationEdit()->selectAll();
    });
    QAction* find = addAction(go, QStringLiteral("findInFile"), tr("&Find in file…"), QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        if (FileView* file = m_window->currentFileView()) {
            file->searchField()->setFocus(Qt::ShortcutFocusReason);
            file->searchField()->selectAll();
        }
    });
    go->addSeparator();
    const QList<QPair<Pane, QString>> panes
        = {{Pane::Browser, tr("&Browser")}, {Pane::Tree, tr("Object &tree")}, {Pane::Table, tr("T&able")}};
    int number = 1;
    for (const auto& [pane, text] : panes) {
        QAction* action = addAction(
            go, QStringLiteral("pane%1").arg(number), text, QKeySequence(tr("Ctrl+%1").arg(number)));
        connect(action, &QAction::triggered, this, [this, pane = pane] { focusPane(pane); });
        ++number;
    }
    QAction* next = addAction(go, QStringLiteral("nextPane"), tr("&Next pane"), QKeySequence(Qt::Key_F6));
    connect(next, &QAction::triggered, this, [this] { cyclePanes(+1); });
    QAction* previous = addAction(
        go, QStringLiteral("previousPane"), tr("&Previous pane"), QKeySequence(Qt::SHIFT | Qt::Key_F6));
    connect(previous, &QAction::triggered, this, [this] { cyclePanes(-1); });
}

void MainMenus::buildHelpMenu()
{
    QMenu* help = m_window->menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction* keys = addAction(
        help, QStringLiteral("showShortcuts"), tr("&Keyboard shortcuts"), QKeySequence::HelpContents);
    connect(keys, &QAction::triggered, this, &MainMenus::showShortcuts);
    help->addSeparator();
    QAction* about = addAction(help, QStringLiteral("about"), tr("&About h5hdfs-viewer"), {});
    connect(about, &QAction::triggered, this, &MainMenus::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QWidget* MainMenus::paneWidget(Pane pane) const
{
    FileView* file = m_window->currentFileView();
    switch (pane) {
    case Pane::Browser: return m_window->browser()->isHidden() ? nullptr : m_window->browser()->view();
    case Pane::Tree: return file ? file->treeView() : nullptr;
    case Pane::Table: return file ? file->tableView() : nullptr;
    }
    return nullptr;
}

bool MainMenus::focusPane(Pane pane)
{
    QWidget* target = paneWidget(pane);
    if (!target)
        return false;
    bringForward(target);
    target->setFocus(Qt::ShortcutFocusReason);
    // Arrows and typed names need a current item to move from.
    if (auto* view = qobject_cast<QAbstractItemView*>(target); view && view->model()
        && !view->currentIndex().isValid() && view->model()->rowCount(view->rootIndex()) > 0)
        view->setCurrentIndex(view->model()->index(0, 0, view->rootIndex()));
    return true;
}

void MainMenus::cyclePanes(int step)
{
    const QList<Pane> order = {Pane::Browser, Pane::Tree, Pane::Table};
    QList<Pane> present;
    int current = -1;
    QWidget* focused = QApplication::focusWidget();
    for (Pane pane : order) {
        QWidget* widget = paneWidget(pane);
        if (!widget)
            continue;
        if (focused && (widget == focused || widget->isAncestorOf(focused)))
            current = int(present.size());
        present << pane;
    }
    if (present.isEmpty())
        return;
    const int n = int(present.size());
    const int next = current < 0 ? (step > 0 ? 0 : n - 1) : ((current + step) % n + n) % n;
    focusPane(present.at(next));
}

void MainMenus::showShortcuts()
{
    auto* dialog = new QDialog(m_window);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    auto* table = new QTableWidget(0, 2, dialog);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Does")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto addRow = [table](const QString& keys, const QString& does) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(keys));
        table->setItem(row, 1, new QTableWidgetItem(does));
    };
    // From the menus themselves, so this list cannot drift from what the keys do.
    for (QAction* menuAction : m_window->menuBar()->actions()) {
        QMenu* menu = menuAction->menu();
        if (!menu)
            continue;
        for (QAction* action : menu->actions()) {
            if (!action->shortcut().isEmpty())
                addRow(action->shortcut().toString(QKeySequence::NativeText),
                    QString(menuAction->text() + QStringLiteral(" › ") + action->text())
                        .remove(QLatin1Char('&')));
        }
    }
    for (const auto& [keys, does] : kKeysInViews)
        addRow(tr(keys), tr(does));
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(560, 480);
    dialog->show();
}

void MainMenus::showAbout()
{
    auto* box = new QMessageBox(m_window);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About h5hdfs-viewer"));
    box->setIconPixmap(QApplication::windowIcon().pixmap(64, 64));
    box->setText(tr("<b>h5hdfs-viewer</b> %1<br>HDF5 files from Hadoop HDFS and local disk, read in memory.")
                     .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    auto showReport = [box](const QString& report) {
        box->setInformativeText(QStringLiteral("<pre>%1</pre>License: MIT").arg(report.toHtmlEscaped()));
    };
    showReport(m_versionReport.isEmpty() ? tr("HDF5: asking the worker…") : m_versionReport);
    if (m_versionReport.isEmpty()) {
        connect(this, &MainMenus::versionReportReady, box, showReport);
        askVersionReport();
    }
    box->open(); // window-modal, without a nested event loop
}

void MainMenus::askVersionReport()
{
    if (m_asking)
        return;
    m_asking = true;
    // Running the worker with --version takes as long as the worker does to start: never on the GUI thread.
    std::thread([program = QCoreApplication::applicationName(),
                    version = QCoreApplication::applicationVersion(), guard = QPointer<MainMenus>(this)] {
        const QString report = InstallLayout::versionReport(program, version);
        QMetaObject::invokeMethod(qApp, [guard, report] {
            if (!guard)
                return;
            guard->m_versionReport = report;
            guard->m_asking = false;
            Q_EMIT guard->versionReportReady(report);
        });
    }).detach();
}

} // namespace H5Hdfs

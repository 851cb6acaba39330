// SPDX-License-Identifier: MIT
// The main window's room and what its bars say: the browser gives way to the files once one is
// open (and can be hidden), the status line follows the current tab, exports are confirmed.
#include "mainwindow.h"

#include "noticebar.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUrl>

namespace H5Hdfs {

namespace {

constexpr double kScreenShare = 0.9;        // of the available screen, on a first start
constexpr double kBrowserShareWithFiles = 0.25; // the browser's column once a file is open
constexpr int kMinBrowserWidth = 300;           // its name and size columns

} // namespace

void MainWindow::setUpLayout()
{
    m_tabs->setObjectName(QStringLiteral("fileTabs"));
    m_split->setObjectName(QStringLiteral("mainSplit"));
    m_url->setObjectName(QStringLiteral("connectionUrl"));
    // The status line says which file the current tab holds, not the last one opened.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const QString summary = m_tabs->tabBar()->tabData(index).toString();
        if (summary.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(summary);
    });
    QWidget* browserSide = m_split->widget(0);
    m_browserPanel = new QAction(tr("HDFS &browser"), this);
    m_browserPanel->setObjectName(QStringLiteral("browserPanelAction"));
    m_browserPanel->setCheckable(true);
    m_browserPanel->setChecked(true);
    m_browserPanel->setToolTip(tr("Show or hide the HDFS browser's column"));
    connect(m_browserPanel, &QAction::toggled, this, [this, browserSide](bool shown) {
        browserSide->setVisible(shown);
        if (shown && m_split->sizes().value(0) == 0) { // collapsed by a drag: open it again
            const int total = m_split->width();
            const int column = qMax(kMinBrowserWidth, int(total * kBrowserShareWithFiles));
            m_split->setSizes({column, total - column});
        }
    });
    // Dragged shut counts as hidden.
    connect(m_split, &QSplitter::splitterMoved, this, [this] {
        const QSignalBlocker quiet(m_browserPanel);
        m_browserPanel->setChecked(m_split->sizes().value(0) > 0);
    });
    if (auto* bar = findChild<QToolBar*>(QStringLiteral("connectionBar"))) {
        bar->insertAction(bar->actions().value(0), m_browserPanel);
        bar->insertSeparator(bar->actions().value(1));
    }
}

void MainWindow::resizeToScreen()
{
    const QScreen* here = screen();
    if (!here)
        return;
    const QRect available = here->availableGeometry();
    resize(int(available.width() * kScreenShare), int(available.height() * kScreenShare));
    move(available.center() - rect().center());
}

void MainWindow::giveRoomToFiles()
{
    const QList<int> sizes = m_split->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    const int column = qMax(kMinBrowserWidth, int(total * kBrowserShareWithFiles));
    if (sizes.value(0) > column)
        m_split->setSizes({column, total - column});
}

void MainWindow::showExported(const QString& path, qint64 rows)
{
    const QString folder = QFileInfo(path).absolutePath();
    const QString count = rows == 1 ? tr("1 row") : tr("%L1 rows").arg(rows);
    m_notices->showNotice(tr("Exported %1 to %2").arg(count, QDir::toNativeSeparators(path)),
        tr("Open folder"), [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); });
}

} // namespace H5Hdfs

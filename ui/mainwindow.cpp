// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "errorbanner.h"
#include "fileview.h"
#include "hdf5/h5describe.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QPointer>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <thread>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_banner(new ErrorBanner(this))
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("h5hdfs viewer"));
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    buildMenus();
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    statusBar()->showMessage(tr("Open an HDF5 file with File > Open"));
    resize(1100, 700);
}

MainWindow::~MainWindow()
{
    // File views post to the service in their destructors; they go before it does.
    while (m_tabs->count() > 0)
        closeTab(0);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseAndOpen);
    open->setShortcut(QKeySequence::Open);
    QAction* close = file->addAction(tr("&Close tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence::Close);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::chooseAndOpen()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open HDF5 files"), QString(),
        tr("HDF5 files (*.h5 *.hdf5 *.he5 *.nc *.mat);;All files (*)"));
    for (const QString& path : paths)
        openLocalFile(path);
}

void MainWindow::openLocalFile(const QString& path)
{
    statusBar()->showMessage(tr("Reading %1…").arg(path));
    // The read is plain disk I/O, done away from the GUI thread; the tab opens when it is done.
    std::thread([this, path, guard = QPointer<MainWindow>(this)] {
        auto bytes = ImageBuffer::readFile(path);
        QMetaObject::invokeMethod(qApp, [guard, path, bytes = std::move(bytes)]() mutable {
            if (!guard)
                return;
            if (!bytes) {
                guard->m_banner->showError(bytes.error());
                guard->statusBar()->clearMessage();
                return;
            }
            guard->addFileTab(path, std::move(bytes).value());
        });
    }).detach();
}

void MainWindow::addFileTab(const QString& path, std::shared_ptr<ImageBuffer> bytes)
{
    const QString name = QFileInfo(path).fileName();
    const qint64 size = bytes->size();
    const H5Service::FileId file = m_service.addImage(std::move(bytes), name);
    auto* view = new FileView(m_service, file, name, m_tabs);
    connect(view, &FileView::errorOccurred, m_banner, &ErrorBanner::showError);
    const int index = m_tabs->addTab(view, name);
    m_tabs->setTabToolTip(index, path);
    m_tabs->setCurrentIndex(index);
    statusBar()->showMessage(tr("%1: %2 in memory").arg(name, H5Describe::bytes(size)));
    Q_EMIT fileOpened(view);
}

void MainWindow::closeTab(int index)
{
    if (QWidget* w = m_tabs->widget(index)) {
        m_tabs->removeTab(index);
        delete w;
    }
}

FileView* MainWindow::currentFileView() const
{
    return qobject_cast<FileView*>(m_tabs->currentWidget());
}

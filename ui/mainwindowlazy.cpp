// SPDX-License-Identifier: MIT
// Large HDFS files open lazily: read block by block as the views need them (issue 14).
#include "mainwindow.h"

#include "errorbanner.h"
#include "fileview.h"
#include "text/h5describe.h"
#include "lazy/lazyfiles.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"
#include "wholefileaction.h"

#include <QMenu>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

namespace H5Hdfs {

namespace {

QString lazySummary(const QString& title, const BlockStore& store)
{
    const BlockStore::Stats stats = store.stats();
    return QObject::tr("%1: %2 read lazily; %3 fetched, cache %4")
        .arg(title, H5Describe::bytes(store.fileSize()), H5Describe::bytes(stats.bytesFetched),
            H5Describe::bytes(stats.cacheBytes));
}

} // namespace

void MainWindow::openRemote(const QString& path, qint64 knownLength)
{
    if (!m_client)
        return;
    const qint64 budget = m_client->config().memoryBudget;
    // A small file from a listing downloads at once; anything else needs its status first.
    if (knownLength >= 0 && !LazyFiles::opensLazily(LazyFiles::Mode::Auto, knownLength, budget)) {
        startDownload(path, false, knownLength);
        return;
    }
    m_client->fileStatus(path, this, [this, path](Result<HdfsFileStatus> status) {
        if (!m_client)
            return;
        if (!status || status->isDirectory()) { // what a download would have said
            m_banner->showError(status ? Error(Error::Code::Unsupported,
                                             tr("%1 is a directory, not a file").arg(path))
                                       : status.error());
            return;
        }
        const WebHdfsConfig& config = m_client->config();
        if (!LazyFiles::opensLazily(LazyFiles::Mode::Auto, status->length, config.memoryBudget)) {
            startDownload(path, false, status->length);
            return;
        }
        auto store = LazyFiles::overWebHdfs(config, path, *status);
        if (!store) {
            m_banner->showError(store.error());
            return;
        }
        const QString url = WebHdfsLocation {config.roots, path}.toDisplayString();
        remember(url);
        addLazyFileTab(path.section(QLatin1Char('/'), -1), url, std::move(store).value(), path);
    });
}

void MainWindow::addLazyFileTab(
    const QString& title, const QString& tooltip, std::shared_ptr<BlockStore> store, const QString& hdfsPath)
{
    const H5Service::FileId file = m_service.addLazyFile(store, title);
    auto* view = new FileView(m_service, file, title, m_tabs);
    if (!hdfsPath.isEmpty()) // before the tab shows, so the action follows it at once
        m_wholeFile->track(view, {hdfsPath, tooltip, store->fileSize()});
    addViewTab(view, title, tooltip, lazySummary(title, *store));
    // The bytes fetched so far, in the tab's status line while it is current.
    auto* refresh = new QTimer(view);
    connect(refresh, &QTimer::timeout, view, [this, view, title, store] {
        const int index = m_tabs->indexOf(view);
        const QString summary = lazySummary(title, *store);
        if (index < 0 || m_tabs->tabBar()->tabData(index).toString() == summary)
            return;
        m_tabs->tabBar()->setTabData(index, summary);
        if (m_tabs->currentIndex() == index)
            statusBar()->showMessage(summary);
    });
    refresh->start(1000);
}

QAction* MainWindow::wholeFileAction() const
{
    return m_wholeFile->action();
}

void MainWindow::setUpWholeFileAction(QMenu* fileMenu)
{
    m_wholeFile = new WholeFileAction(this);
    fileMenu->addAction(m_wholeFile->action());
    fileMenu->setToolTipsVisible(true); // why the action is off, when it is
    statusBar()->addPermanentWidget(m_wholeFile->statusButton(statusBar()));
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateWholeFileAction);
    connect(m_wholeFile, &WholeFileAction::requested, this, &MainWindow::downloadWhole);
}

void MainWindow::updateWholeFileAction()
{
    m_wholeFile->update(currentFileView(), m_client ? &m_client->config() : nullptr);
}

void MainWindow::downloadWhole(FileView* lazyView, const LazySource& source)
{
    // A fresh status (no known length): a file changed since it was opened comes whole and new.
    const QPointer<FileView> view(lazyView);
    const bool started = startDownload(
        source.path, false, -1,
        [this, view](std::shared_ptr<const ImageBuffer> bytes) {
            if (view) // else its tab was closed meanwhile: nothing to show the bytes in
                replaceWithImage(view, std::move(bytes));
        },
        [this, view] {
            if (!view)
                return;
            m_wholeFile->setDownloading(view, false); // failed or cancelled: it can be asked again
            updateWholeFileAction();
        });
    if (!started)
        return;
    m_wholeFile->setDownloading(lazyView, true);
    updateWholeFileAction();
}

void MainWindow::replaceWithImage(FileView* lazyView, std::shared_ptr<const ImageBuffer> bytes)
{
    const int index = m_tabs->indexOf(lazyView);
    if (index < 0)
        return;
    const ViewPlace place = ViewPlace::of(*lazyView);
    // The image's view takes the lazy one's place in the tab bar; the lazy file closes with its view.
    FileView* view = addFileTab(m_tabs->tabText(index), m_tabs->tabToolTip(index), std::move(bytes), index);
    closeTab(m_tabs->indexOf(lazyView));
    place.restoreIn(view);
}

} // namespace H5Hdfs

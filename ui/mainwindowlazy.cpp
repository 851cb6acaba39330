// SPDX-License-Identifier: MIT
// Large HDFS files open lazily: read block by block as the views need them (issue 14).
#include "mainwindow.h"

#include "errorbanner.h"
#include "fileview.h"
#include "text/h5describe.h"
#include "lazy/lazyfiles.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>

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
    if (knownLength >= 0 && !LazyFiles::opensLazily(LazyFiles::Mode::Auto, knownLength, budget))
        return startDownload(path, false, knownLength);
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
        if (!LazyFiles::opensLazily(LazyFiles::Mode::Auto, status->length, config.memoryBudget))
            return startDownload(path, false, status->length);
        auto store = LazyFiles::overWebHdfs(config, path, *status);
        if (!store) {
            m_banner->showError(store.error());
            return;
        }
        const QString url = WebHdfsLocation {config.roots, path}.toDisplayString();
        remember(url);
        addLazyFileTab(path.section(QLatin1Char('/'), -1), url, std::move(store).value());
    });
}

void MainWindow::addLazyFileTab(const QString& title, const QString& tooltip, std::shared_ptr<BlockStore> store)
{
    const H5Service::FileId file = m_service.addLazyFile(store, title);
    auto* view = new FileView(m_service, file, title, m_tabs);
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

} // namespace H5Hdfs

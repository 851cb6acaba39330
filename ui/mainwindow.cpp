// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "connectiondialog.h"
#include "connectionurl.h"
#include "demo.h"
#include "downloadspanel.h"
#include "errorbanner.h"
#include "fileview.h"
#include "hdfsbrowser.h"
#include "lazy/lazyfiles.h"
#include "mainmenus.h"
#include "noticebar.h"
#include "text/h5describe.h"
#include "wholefileaction.h"
#include "webhdfs/hadoopconfig.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QScopeGuard>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <thread>

namespace H5Hdfs {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_banner(new ErrorBanner(this))
    , m_notices(new NoticeBar(this))
    , m_tabs(new QTabWidget(this))
    , m_browser(new HdfsBrowser(this))
    , m_downloads(new DownloadsPanel(this))
    , m_url(new QLineEdit(this))
    , m_user(new QLineEdit(this))
{
    setWindowTitle(tr("h5hdfs viewer"));
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_browser);
    left->addWidget(m_downloads);
    left->setStretchFactor(0, 1);
    m_browser->hide();
    m_downloads->hide();
    auto* split = new QSplitter(Qt::Horizontal, this);
    m_split = split;
    split->addWidget(left);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setCollapsible(1, false); // the browser side may collapse, the files never do
    split->setSizes({430, 850});
    m_tabs->setMinimumWidth(360);
    // What the empty tab area is for, until the first file opens.
    auto* hint = new QLabel(tr("Open a file from the HDFS browser (double-click or Enter),\n"
                               "with File > Open, or by dropping it here. Small files open in memory;\n"
                               "from %1 on, only the bytes shown are read.")
                                .arg(H5Describe::size(LazyFiles::kThreshold)),
        m_tabs);
    hint->setObjectName(QStringLiteral("emptyHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto placeHint = [this, hint] {
        hint->setGeometry(m_tabs->rect());
        hint->setVisible(m_tabs->count() == 0);
    };
    connect(m_tabs, &QTabWidget::currentChanged, hint, placeHint);
    m_tabs->installEventFilter(this);
    m_placeHint = placeHint;
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_notices);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    buildMenus();
    buildConnectionBar();
    connect(m_browser, &HdfsBrowser::openRequested, this, &MainWindow::openFromBrowser);
    connect(m_browser, &HdfsBrowser::errorOccurred, m_banner, &ErrorBanner::showError);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setAcceptDrops(true);
    restoreSettings();
    setUpLayout();
    m_menus = new MainMenus(this); // View, Go, Help; after the layout, whose panel action View shows
    statusBar()->showMessage(
        tr("Connect to WebHDFS, or open a local HDF5 file with File > Open (or drop it here)"));
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
    QAction* connections = file->addAction(tr("&Connect…"), this, [this] {
        ConnectionDialog dialog(this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        auto config = dialog.profile().config(dialog.secret());
        if (!config) {
            m_banner->showError(config.error());
            return;
        }
        const QString label = dialog.profile().name;
        connectWith(*config, label.isEmpty() ? config->roots.first().authority() : label);
    });
    connections->setShortcut(QKeySequence(QStringLiteral("Ctrl+K")));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseAndOpen);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    QAction* close = file->addAction(tr("&Close tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence::Close);
    setUpWholeFileAction(file);
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
    if (!path.startsWith(QLatin1Char(':'))) // not the bundled samples
        remember(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Reading %1…").arg(path));
    // The read is plain disk I/O, done away from the GUI thread; the tab opens when it is done.
    std::thread([path, guard = QPointer<MainWindow>(this)] {
        auto bytes = ImageBuffer::readFile(path);
        QMetaObject::invokeMethod(qApp, [guard, path, bytes = std::move(bytes)]() mutable {
            if (!guard)
                return;
            if (!bytes) {
                guard->m_banner->showError(bytes.error());
                guard->statusBar()->clearMessage();
                return;
            }
            guard->addFileTab(QFileInfo(path).fileName(), path, std::move(bytes).value());
        });
    }).detach();
}

void MainWindow::buildConnectionBar()
{
    QToolBar* bar = addToolBar(tr("Connection"));
    bar->setObjectName(QStringLiteral("connectionBar"));
    bar->setMovable(false);
    m_url->setPlaceholderText(
        tr("webhdfs://namenode:9870/path  ·  hdfs://cluster/path  ·  "
           "https://knox:8443/gateway/default/webhdfs/v1/path"));
    m_url->setClearButtonEnabled(true);
    m_user->setPlaceholderText(WebHdfsConfig::defaultUser());
    m_user->setMaximumWidth(140);
    m_user->setToolTip(tr("HDFS user (user.name)"));
    bar->addWidget(new QLabel(tr(" WebHDFS "), bar));
    bar->addWidget(m_url);
    bar->addWidget(new QLabel(tr(" User "), bar));
    bar->addWidget(m_user);
    QAction* go = bar->addAction(tr("Connect"), this, [this] { openUrl(m_url->text().trimmed()); });
    go->setToolTip(tr("Connect and browse"));
    connect(m_url, &QLineEdit::returnPressed, go, &QAction::trigger);
}

void MainWindow::connectTo(const HadoopLocation& located, const QString& typedUrl)
{
    WebHdfsConfig config;
    config.roots = located.location.roots;
    config.user = m_user->text().trimmed();
    if (located.kerberos)
        config.auth = WebHdfsConfig::Auth::Kerberos;
    startSession(config, config.roots.first().authority(), ConnectionUrl::server(typedUrl));
}

void MainWindow::connectWith(const WebHdfsConfig& config, const QString& label, const QString& path)
{
    startSession(config, label, config.roots.first().toString());
    m_browser->navigate(path);
}

void MainWindow::startSession(const WebHdfsConfig& config, const QString& label, const QString& urlServer)
{
    m_client = std::make_unique<WebHdfsClient>(config, m_network);
    m_connectionLabel = label;
    m_banner->hide(); // an error of an earlier attempt is not this connection's
    m_browser->show();
    m_browserPanel->setChecked(true); // a new connection is to be browsed, even if the column was hidden
    m_browser->setClient(m_client.get(), label);
    updateWholeFileAction(); // a lazy tab's file downloads only from its own server
    connect(m_browser, &HdfsBrowser::pathChanged, m_client.get(), [this, label, urlServer](const QString& at) {
        QSettings().setValue(QStringLiteral("lastPath/") + label, at); // per server, like a profile's last place
        // The bar follows the browser, in the form the user typed, unless they are typing in it.
        if (!(m_url->hasFocus() && m_url->isModified()))
            m_url->setText(ConnectionUrl::withPath(urlServer, at));
    });
    const QString connecting = tr("Connecting to %1…").arg(label);
    statusBar()->showMessage(connecting);
    connect(m_browser, &HdfsBrowser::listed, m_client.get(), [this, connecting](const Error& error) {
        if (!error.isError())
            statusBar()->showMessage(tr("Connected to %1").arg(m_connectionLabel));
        else if (statusBar()->currentMessage() == connecting)
            statusBar()->clearMessage(); // the banner says what went wrong
    });
}

void MainWindow::openArgument(const QString& argument)
{
    if (argument.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        const QUrl url(argument);
        if (url.isLocalFile())
            return openLocalFile(url.toLocalFile());
    }
    if (HadoopConfig::isRemote(argument)) // local files first
        openLocation(argument, false); // a URL given to the program means that very place
    else
        openLocalFile(argument);
}

void MainWindow::openUrl(const QString& url)
{
    openLocation(url, true);
}

void MainWindow::openLocation(const QString& url, bool resumeAtRoot)
{
    // hdfs:// URLs and bare paths go through $HADOOP_CONF_DIR, like Hadoop's own clients.
    auto located = HadoopConfig::locate(url);
    if (!located) {
        m_banner->showError(located.error());
        return;
    }
    m_url->setText(url);
    remember(url);
    connectTo(*located, url);
    const QString path = located->location.path;
    // Connecting to a server's root takes you back where you were last time.
    const QString last = QSettings().value(QStringLiteral("lastPath/") + m_connectionLabel).toString();
    if (resumeAtRoot && path == QLatin1String("/") && !last.isEmpty())
        m_browser->navigate(last);
    else
        m_browser->openPath(path); // a file's folder is listed and the file opens
}

void MainWindow::startDemo()
{
    auto url = Demo::start(Demo::defaultDirectory(), this);
    if (!url) {
        m_banner->showError(url.error());
        return;
    }
    m_recent.setSessionServer(url->authority(), Demo::defaultDirectory());
    openUrl(url->toString());
}

void MainWindow::downloadAndOpen(const QStringList& paths)
{
    for (const QString& path : paths)
        startDownload(path, false);
}

void MainWindow::openFromBrowser(const QList<HdfsFileToOpen>& files)
{
    for (const HdfsFileToOpen& file : files)
        openRemote(file.path, file.length);
}

bool MainWindow::startDownload(const QString& path, bool allowOverBudget, qint64 knownLength,
    DownloadedFile opened, std::function<void()> ended)
{
    if (!m_client)
        return false;
    m_downloads->show();
    const QString name = path.section(QLatin1Char('/'), -1);
    DownloadRow* row = m_downloads->add(name);
    const QString url = WebHdfsLocation {m_client->config().roots, path}.toDisplayString();
    auto done = [this, row, name, url, path, knownLength, opened, ended](Result<DownloadedBytes> got) {
        row->showEnd(got ? Error() : got.error());
        const auto tellEnded = qScopeGuard([&ended] { // last: once the bytes are shown or refused
            if (ended)
                ended();
        });
        if (!got && got.error().code == Error::Code::TooLarge) {
            // Over the memory budget, known before any byte moved: the user decides.
            const auto answer = QMessageBox::question(this, tr("Large file"),
                got.error().message + QStringLiteral("\n\n") + tr("Download it into memory anyway?"));
            if (answer == QMessageBox::Yes)
                startDownload(path, true, knownLength, opened);
            return;
        }
        if (!got)
            return m_banner->showError(got.error());
        if (opened)
            return opened(std::move(got->buffer));
        remember(url); // a file browsed to is as recent as one opened by name
        addFileTab(name, url, std::move(got->buffer));
    };
    // A length the listing or status gave already spares a second GETFILESTATUS. The row is the
    // download's context: closing the window ends both.
    row->setDownload(m_client->download(path, {0, -1, allowOverBudget, knownLength}, row, std::move(done),
                         [row](qint64 received, qint64 total) { row->showProgress(received, total); }),
        std::move(ended));
    return true;
}

FileView* MainWindow::addFileTab(
    const QString& title, const QString& tooltip, std::shared_ptr<const ImageBuffer> bytes, int at)
{
    const qint64 size = bytes->size();
    const H5Service::FileId file = m_service.addImage(std::move(bytes), title);
    auto* view = new FileView(m_service, file, title, m_tabs);
    addViewTab(view, title, tooltip, tr("%1: %2 in memory").arg(title, H5Describe::bytes(size)), at);
    return view;
}

int MainWindow::addViewTab(
    FileView* view, const QString& title, const QString& tooltip, const QString& summary, int at)
{
    connect(view, &FileView::errorOccurred, m_banner, &ErrorBanner::showError);
    connect(view, &FileView::openInNewTabRequested, this,
        [this, view](const QString& path) { openInNewTab(view, path); });
    connect(view, &FileView::exported, this, &MainWindow::showExported);
    if (m_tabs->count() == 0)
        giveRoomToFiles();
    const int index = m_tabs->insertTab(at, view, title); // past the end (-1): appended
    m_tabs->setTabToolTip(index, tooltip);
    m_tabs->tabBar()->setTabData(index, summary); // the status bar's line while the tab is current
    m_tabs->setCurrentIndex(index);
    statusBar()->showMessage(summary);
    Q_EMIT fileOpened(view);
    return index;
}

void MainWindow::openInNewTab(FileView* from, const QString& path)
{
    const int index = m_tabs->indexOf(from);
    auto bytes = m_service.image(from->fileId());
    auto store = m_service.lazyStore(from->fileId());
    if (index < 0 || (!bytes && !store))
        return;
    // The same bytes in memory (or the same cache); a worker of its own, as for any tab.
    const QString name = m_tabs->tabText(index);
    const QString title = path == QLatin1String("/") ? name : name + QLatin1Char(':') + path;
    if (store) {
        const LazySource* source = m_wholeFile->sourceOf(from);
        addLazyFileTab(title, m_tabs->tabToolTip(index), std::move(store), source ? source->path : QString());
    } else {
        addFileTab(title, m_tabs->tabToolTip(index), std::move(bytes));
    }
    currentFileView()->revealPath(path);
}

void MainWindow::closeTab(int index)
{
    if (QWidget* w = m_tabs->widget(index)) {
        m_tabs->removeTab(index);
        delete w;
    }
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

FileView* MainWindow::currentFileView() const
{
    return qobject_cast<FileView*>(m_tabs->currentWidget());
}

QStringList MainWindow::recentItems() const
{
    return RecentItems::items();
}

void MainWindow::remember(const QString& fileOrUrl)
{
    if (m_recent.add(fileOrUrl))
        rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList items = recentItems();
    for (const QString& item : items) {
        m_recentMenu->addAction(item, this, [this, item] {
            if (HadoopConfig::isRemote(item))
                openUrl(item);
            else
                openLocalFile(item);
        });
    }
    m_recentMenu->setEnabled(!items.isEmpty());
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/split"), m_split->saveState());
    settings.setValue(QStringLiteral("connection/url"), m_url->text());
    settings.setValue(QStringLiteral("connection/user"), m_user->text());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resizeToScreen();
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_split->restoreState(settings.value(QStringLiteral("window/split")).toByteArray());
    m_url->setText(settings.value(QStringLiteral("connection/url")).toString());
    m_user->setText(settings.value(QStringLiteral("connection/user")).toString());
    rebuildRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            openLocalFile(url.toLocalFile());
        else if (HadoopConfig::isRemote(url.toString()))
            openUrl(url.toString());
    }
    event->acceptProposedAction();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tabs && event->type() == QEvent::Resize && m_placeHint)
        m_placeHint();
    return QMainWindow::eventFilter(watched, event);
}

} // namespace H5Hdfs

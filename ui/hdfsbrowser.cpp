// SPDX-License-Identifier: MIT
#include "hdfsbrowser.h"

#include "hdfsbrowsermodel.h"
#include "pathbar.h"
#include "text/h5describe.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace H5Hdfs {

namespace {

QToolButton* toolButton(QWidget* parent, QStyle::StandardPixmap icon, const QString& tip)
{
    auto* b = new QToolButton(parent);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

HdfsBrowser::HdfsBrowser(QWidget* parent)
    : QWidget(parent)
    , m_model(new HdfsBrowserModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_path(new PathBar(this))
    , m_filter(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_back(toolButton(this, QStyle::SP_ArrowBack, tr("Back")))
    , m_forward(toolButton(this, QStyle::SP_ArrowForward, tr("Forward")))
    , m_up(toolButton(this, QStyle::SP_ArrowUp, tr("Up")))
{
    auto* home = toolButton(this, QStyle::SP_DirHomeIcon, tr("Home directory"));
    auto* refresh = toolButton(this, QStyle::SP_BrowserReload, tr("Refresh"));
    setUpListing();
    layOut({m_back, m_forward, m_up, home, refresh});
    connectNavigation(home, refresh);
    connectListing();
    updateButtons();
}

// The filter box, and the sorted, filtered table of entries.
void HdfsBrowser::setUpListing()
{
    m_filter->setPlaceholderText(tr("Filter"));
    m_filter->setObjectName(QStringLiteral("browserFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(140);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HdfsBrowserModel::SortRole);
    m_proxy->setFilterKeyColumn(HdfsBrowserModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HdfsBrowserModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(22);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(HdfsBrowserModel::NameColumn, 240);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setTabKeyNavigation(false); // Tab leaves the listing; arrows and typed names move in it
}

// The buttons, the path bar and the filter in a row above the listing, the status line below.
void HdfsBrowser::layOut(std::initializer_list<QToolButton*> buttons)
{
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    for (QToolButton* button : buttons)
        bar->addWidget(button);
    bar->addWidget(m_path, 1);
    bar->addWidget(m_filter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
}

void HdfsBrowser::connectNavigation(QToolButton* home, QToolButton* refresh)
{
    connect(m_back, &QToolButton::clicked, this, [this] { load(m_history.value(--m_position), false); });
    connect(m_forward, &QToolButton::clicked, this, [this] { load(m_history.value(++m_position), false); });
    connect(m_up, &QToolButton::clicked, this, [this] { navigate(WebHdfsPath::parent(currentPath())); });
    connect(home, &QToolButton::clicked, this, [this] { navigate(QString()); });
    connect(refresh, &QToolButton::clicked, this, [this] { load(currentPath(), false); });
    connect(m_path, &PathBar::pathRequested, this, &HdfsBrowser::navigate);
}

// What the listing says (loaded, still loading, failed), the filter, and the entries' actions.
void HdfsBrowser::connectListing()
{
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        if (m_showsEntryCount)
            showEntryCount();
    });
    connect(m_view, &QTableView::activated, this, &HdfsBrowser::activate);
    connect(m_model, &HdfsBrowserModel::loaded, this, [this](const Error& error) {
        if (error.isError()) {
            m_status->setText(error.message);
            m_showsEntryCount = false;
        } else {
            showEntryCount();
            fitColumns();
        }
        if (error.isError())
            Q_EMIT errorOccurred(error);
        Q_EMIT listed(error);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_model->isLoading())
            m_status->setText(tr("%1 entries so far…").arg(QLocale().toString(m_model->rowCount())));
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &HdfsBrowser::showContextMenu);
}

void HdfsBrowser::showContextMenu(const QPoint& at)
{
    const QModelIndex index = m_view->indexAt(at);
    if (!index.isValid())
        return;
    const int row = m_proxy->mapToSource(index).row();
    QMenu menu(this);
    menu.addAction(tr("Open"), this, [this, index] { activate(index); });
    menu.addAction(
        tr("Copy path"), this, [this, row] { QApplication::clipboard()->setText(m_model->pathOf(row)); });
    // The URL opens the same entry elsewhere: in the CLI, another viewer, a colleague's mail.
    menu.addAction(tr("Copy URL"), this, [this, row] {
        QApplication::clipboard()->setText(
            WebHdfsLocation {m_client->config().roots, m_model->pathOf(row)}.toDisplayString());
    });
    menu.addAction(tr("Properties…"), this, [this, row] { showProperties(row); });
    menu.exec(m_view->viewport()->mapToGlobal(at));
}

void HdfsBrowser::setClient(WebHdfsClient* client, const QString& label)
{
    m_client = client;
    m_history.clear();
    m_position = -1;
    ++m_navigations; // answers for the previous server are not for this one
    m_model->clear();
    m_path->setPath(QString());
    updateButtons();
    // Shown at once: an unreachable server takes seconds of retries to say so.
    m_status->setText(tr("Connecting to %1…").arg(label));
    m_showsEntryCount = false;
}

void HdfsBrowser::openPath(const QString& path)
{
    if (!m_client)
        return;
    const int navigation = ++m_navigations;
    m_client->fileStatus(path, this, [this, navigation, path](Result<HdfsFileStatus> status) {
        if (navigation != m_navigations)
            return; // the user went elsewhere meanwhile
        if (!status) {
            m_status->setText(status.error().message);
            m_showsEntryCount = false;
            Q_EMIT errorOccurred(status.error());
            Q_EMIT listed(status.error());
            return;
        }
        if (status->isDirectory())
            return load(path, true);
        load(WebHdfsPath::parent(path), true);
        Q_EMIT openRequested({HdfsFileToOpen {path, status->length}});
    });
}

void HdfsBrowser::navigate(const QString& path)
{
    if (!m_client)
        return;
    if (!path.isEmpty()) {
        load(path, true);
        return;
    }
    // The home directory is only a default: a navigation asked for meanwhile (a file URL's folder
    // whose status came back first) wins.
    const int navigation = ++m_navigations;
    m_client->homeDirectory(this, [this, navigation](Result<QString> home) {
        if (navigation == m_navigations)
            load(home ? *home : QStringLiteral("/"), true);
    });
}

QString HdfsBrowser::currentPath() const
{
    return m_model->directory();
}

QString HdfsBrowser::statusText() const
{
    return m_status->text();
}

void HdfsBrowser::fitColumns()
{
    // Names and sizes as wide as they are, so a narrow browser column still shows both.
    constexpr int kMaxNameWidth = 280;
    m_view->resizeColumnToContents(HdfsBrowserModel::NameColumn);
    if (m_view->columnWidth(HdfsBrowserModel::NameColumn) > kMaxNameWidth)
        m_view->setColumnWidth(HdfsBrowserModel::NameColumn, kMaxNameWidth);
    m_view->resizeColumnToContents(HdfsBrowserModel::SizeColumn);
}

void HdfsBrowser::showEntryCount()
{
    m_showsEntryCount = true;
    const QLocale locale;
    const int all = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (m_filter->text().isEmpty())
        m_status->setText(all == 1 ? tr("1 entry") : tr("%1 entries").arg(locale.toString(all)));
    else
        m_status->setText(tr("%1 of %2 entries match “%3”")
                              .arg(locale.toString(shown), locale.toString(all), m_filter->text()));
}

void HdfsBrowser::load(const QString& path, bool remember)
{
    if (!m_client || path.isEmpty())
        return;
    ++m_navigations; // a home directory or a status still on its way is not wanted any more
    if (remember) {
        m_history = m_history.mid(0, m_position + 1);
        m_history.append(path);
        m_position = int(m_history.size()) - 1;
    }
    m_path->setPath(path);
    m_status->setText(tr("Listing %1…").arg(path));
    m_showsEntryCount = false;
    m_model->showDirectory(*m_client, path);
    updateButtons();
    Q_EMIT pathChanged(path);
}

void HdfsBrowser::activate(const QModelIndex& index)
{
    const int row = m_proxy->mapToSource(index).row();
    if (m_model->entry(row).isDirectory())
        return navigate(m_model->pathOf(row));
    QList<HdfsFileToOpen> files;
    for (const QModelIndex& selected : m_view->selectionModel()->selectedRows()) {
        const int selectedRow = m_proxy->mapToSource(selected).row();
        if (!m_model->entry(selectedRow).isDirectory())
            files << fileAt(selectedRow);
    }
    Q_EMIT openRequested(files.isEmpty() ? QList<HdfsFileToOpen> {fileAt(row)} : files);
}

HdfsFileToOpen HdfsBrowser::fileAt(int row) const
{
    const HdfsFileStatus entry = m_model->entry(row);
    // A symbolic link's listed length (0) is not its target's: the download asks for the target.
    const bool lengthKnown = entry.type == HdfsFileStatus::Type::File;
    return {m_model->pathOf(row), lengthKnown ? entry.length : -1};
}

QStringList HdfsBrowser::selectedFiles() const
{
    QStringList paths;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) {
        const int row = m_proxy->mapToSource(index).row();
        if (!m_model->entry(row).isDirectory())
            paths << m_model->pathOf(row);
    }
    return paths;
}

void HdfsBrowser::updateButtons()
{
    m_back->setEnabled(m_position > 0);
    m_forward->setEnabled(m_position >= 0 && m_position < m_history.size() - 1);
    m_up->setEnabled(!currentPath().isEmpty() && currentPath() != QLatin1String("/"));
}

void HdfsBrowser::showProperties(int row)
{
    const HdfsFileStatus s = m_model->entry(row);
    const QString path = m_model->pathOf(row);
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("propertiesDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Properties of %1").arg(s.name));
    auto* form = new QFormLayout(dialog);
    const QLocale locale;
    form->addRow(tr("Path"), new QLabel(path, dialog));
    form->addRow(tr("Type"), new QLabel(s.isDirectory() ? tr("directory") : tr("file"), dialog));
    if (!s.isDirectory()) {
        form->addRow(tr("Size"),
            new QLabel(H5Describe::bytes(s.length), dialog));
        form->addRow(tr("Replication"), new QLabel(QString::number(s.replication), dialog));
        form->addRow(tr("Block size"), new QLabel(H5Describe::size(s.blockSize), dialog));
    }
    form->addRow(tr("Owner"), new QLabel(s.owner + QLatin1Char(':') + s.group, dialog));
    form->addRow(tr("Permission"),
        new QLabel(
            s.permissionText() + QStringLiteral("  (") + QString::number(s.permission, 8) + QLatin1Char(')'),
            dialog));
    form->addRow(tr("Modified"),
        new QLabel(locale.toString(QDateTime::fromMSecsSinceEpoch(s.modificationTime), QLocale::LongFormat),
            dialog));
    // GETCONTENTSUMMARY walks the whole subtree on the NameNode: only when asked for.
    auto* summary = new QLabel(dialog);
    summary->setObjectName(QStringLiteral("contentSummary"));
    auto* ask = new QPushButton(tr("Compute content summary"), dialog);
    form->addRow(tr("Content"), ask);
    form->addRow(QString(), summary);
    connect(ask, &QPushButton::clicked, dialog, [this, dialog, ask, summary, path] {
        ask->setEnabled(false);
        summary->setText(tr("Asking the NameNode…"));
        m_client->contentSummary(path, dialog, [summary](Result<HdfsContentSummary> r) {
            const QLocale here;
            const auto count = [&here](qint64 n, const QString& one, const QString& many) {
                return here.toString(n) + QLatin1Char(' ') + (n == 1 ? one : many);
            };
            summary->setText(r ? tr("%1 in %2, %3 (%4 with replicas)")
                                     .arg(count(r->fileCount, tr("file"), tr("files")),
                                         count(r->directoryCount, tr("directory"), tr("directories")),
                                         H5Describe::size(r->length), H5Describe::size(r->spaceConsumed))
                               : r.error().message);
        });
    });
    dialog->show();
}

} // namespace H5Hdfs

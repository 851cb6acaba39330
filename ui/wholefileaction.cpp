// SPDX-License-Identifier: MIT
#include "wholefileaction.h"

#include "datasettablemodel.h"
#include "fileview.h"
#include "h5treemodel.h"
#include "text/h5describe.h"
#include "webhdfs/webhdfsconfig.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QAction>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <memory>

namespace H5Hdfs {

WholeFileAction::WholeFileAction(QObject* parent)
    : QObject(parent)
    , m_action(new QAction(tr("Download &whole file into memory"), this))
{
    m_action->setObjectName(QStringLiteral("downloadWholeAction"));
    m_action->setEnabled(false);
    connect(m_action, &QAction::triggered, this, [this] {
        if (const LazySource* source = m_current ? sourceOf(m_current) : nullptr)
            Q_EMIT requested(m_current, *source);
    });
}

QToolButton* WholeFileAction::statusButton(QWidget* parent)
{
    if (!m_button) {
        m_button = new QToolButton(parent);
        m_button->setObjectName(QStringLiteral("downloadWholeButton"));
        m_button->setDefaultAction(m_action);
        m_button->setAutoRaise(true);
        m_button->setVisible(m_current && sourceOf(m_current));
    }
    return m_button;
}

void WholeFileAction::track(FileView* view, const LazySource& source)
{
    m_sources.insert(view, source);
    connect(view, &QObject::destroyed, this, [this, view] {
        m_sources.remove(view);
        m_downloading.remove(view);
    });
}

const LazySource* WholeFileAction::sourceOf(const FileView* view) const
{
    const auto it = m_sources.constFind(view);
    return it == m_sources.constEnd() ? nullptr : &it.value();
}

void WholeFileAction::setDownloading(FileView* view, bool downloading)
{
    if (downloading)
        m_downloading.insert(view);
    else
        m_downloading.remove(view);
}

void WholeFileAction::update(FileView* current, const WebHdfsConfig* connection)
{
    m_current = current;
    const LazySource* source = current ? sourceOf(current) : nullptr;
    if (m_button)
        m_button->setVisible(source != nullptr);
    QString why;
    if (!source)
        why = current ? tr("This file is in memory already") : tr("No file is open");
    else if (m_downloading.contains(current))
        why = tr("Downloading %1 into memory…").arg(source->path.section(QLatin1Char('/'), -1));
    else
        why = obstacle(*source, connection);
    m_action->setEnabled(why.isEmpty());
    if (!why.isEmpty()) {
        m_action->setToolTip(why);
        return;
    }
    m_action->setToolTip(tr("Download %1 (%2) into memory in one request, within the memory budget of "
                            "%3; every read is then served from memory")
                             .arg(source->path.section(QLatin1Char('/'), -1), H5Describe::size(source->size),
                                 H5Describe::size(connection->memoryBudget)));
}

QString WholeFileAction::obstacle(const LazySource& source, const WebHdfsConfig* connection) const
{
    const QString name = source.path.section(QLatin1Char('/'), -1);
    // The download goes through the current connection: it must be the file's own server.
    if (!connection || WebHdfsLocation {connection->roots, source.path}.toDisplayString() != source.url)
        return tr("%1 is on a server not connected now (%2): connect to it again to download the file").arg(name, source.url);
    if (source.size > connection->memoryBudget) {
        return tr("%1 is %2, over the memory budget of %3: it stays read lazily")
            .arg(name, H5Describe::size(source.size), H5Describe::size(connection->memoryBudget));
    }
    return {};
}

ViewPlace ViewPlace::of(const FileView& view)
{
    ViewPlace place;
    place.path = view.treeView()->currentIndex().data(H5TreeModel::PathRole).toString();
    const DatasetTableModel* table = view.tableModel();
    if (place.path.isEmpty() || !table || table->path() != place.path)
        return place;
    // The current cell, else the top left one in sight.
    QModelIndex cell = view.tableView()->currentIndex();
    if (!cell.isValid())
        cell = view.tableView()->indexAt(QPoint(0, 0));
    if (cell.isValid()) {
        place.row = table->rowOffset() + cell.row();
        place.column = table->columnOffset() + cell.column();
    }
    return place;
}

void ViewPlace::restoreIn(FileView* view) const
{
    if (path.isEmpty())
        return;
    view->revealPath(path);
    if (row < 0)
        return;
    // The table comes with the object's details, an answer of the worker later.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(view, &FileView::detailsShown, view, [view, place = *this, connection] {
        const QString shown = view->treeView()->currentIndex().data(H5TreeModel::PathRole).toString();
        if (view->tableModel() && view->tableModel()->path() == place.path)
            view->showCell(place.row, place.column);
        else if (shown.isEmpty() || shown == place.path)
            return; // still on the way there
        QObject::disconnect(*connection); // there, or the user chose another object meanwhile
    });
}

} // namespace H5Hdfs

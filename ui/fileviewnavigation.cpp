// SPDX-License-Identifier: MIT
// FileView's tree side: live find, find results selected in the tree, the tree's context menu and
// the keyboard order. Apart from fileview.cpp, which is the table's side.
#include "fileview.h"

#include "datasettablemodel.h"
#include "h5treemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QShortcut>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

namespace H5Hdfs {

namespace {

/// Keeps typed text from a data table: its type-ahead would compare every cell of the column (up
/// to a million rows, each block read from the worker) with the keys typed.
class NoTypeAhead : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::KeyPress)
            return QObject::eventFilter(watched, event);
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool typed = !key->text().isEmpty() && key->text().at(0).isPrint()
            && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        return typed;
    }
};

} // namespace

void FileView::setUpNavigation()
{
    // The root group is the tree's one top item; its members show from the start.
    m_tree->expand(m_model->rootIndex());
    connect(m_model, &H5TreeModel::loaded, this, &FileView::continueReveal);
    // A choice made in the tree meanwhile wins over a reveal still listing its way down.
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this] { m_revealing.clear(); });

    // Find searches as you type, like the browser's filter, once typing pauses: each search walks
    // the whole file in the worker, so not one per key.
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, [this] { search(m_search->text().trimmed()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (!text.trimmed().isEmpty()) {
            m_searchDelay->start();
            return;
        }
        m_searchDelay->stop();
        m_service.cancel(std::exchange(m_searchRequest, {}));
        m_results->hide();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay->stop();
        search(m_search->text().trimmed());
    });
    m_search->setToolTip(tr("Find objects by name as you type (Ctrl+F); Down moves to the results"));
    auto* toResults
        = new QShortcut(QKeySequence(Qt::Key_Down), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(toResults, &QShortcut::activated, this, [this] {
        if (m_results->isHidden() || m_results->count() == 0)
            return;
        m_results->setFocus(Qt::ShortcutFocusReason);
        m_results->setCurrentRow(0);
    });
    // A result is selected in the tree, so the tree and the details agree on what is shown.
    connect(m_results, &QListWidget::currentTextChanged, this, [this](const QString& path) {
        if (path.startsWith(QLatin1Char('/')))
            revealPath(path);
    });

    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_tree->indexAt(at);
        if (!index.isValid())
            return;
        QMenu* menu = treeContextMenu(index);
        menu->exec(m_tree->viewport()->mapToGlobal(at));
        delete menu;
    });

    // Tab leaves a view instead of walking its cells; arrows and typed names move inside it.
    m_tableView->setTabKeyNavigation(false);
    m_tableView->installEventFilter(new NoTypeAhead(m_tableView));
    m_tree->setTabKeyNavigation(false);
    setTabOrder(m_search, m_results);
    setTabOrder(m_results, m_tree);
    setTabOrder(m_tree, m_tableView);
}

void FileView::revealPath(const QString& path)
{
    m_revealing = path;
    continueReveal();
}

void FileView::continueReveal()
{
    if (m_revealing.isEmpty())
        return;
    // Walks down from the root as far as the tree is listed, listing the next group when it is not.
    QModelIndex at = m_model->rootIndex();
    for (const QString& name : m_revealing.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        m_tree->expand(at);
        if (m_model->canFetchMore(at)) {
            m_model->fetchMore(at); // continues when loaded() says the group is listed
            return;
        }
        QModelIndex child;
        for (int row = 0; row < m_model->rowCount(at) && !child.isValid(); ++row) {
            if (m_model->index(row, 0, at).data().toString() == name)
                child = m_model->index(row, 0, at);
        }
        if (!child.isValid()) {
            if (m_model->isLoading())
                return; // the group's listing is still on its way
            // Not in the tree (its group could not be listed): shown all the same.
            showObject(std::exchange(m_revealing, QString()));
            return;
        }
        at = child;
    }
    m_revealing.clear();
    m_tree->setCurrentIndex(at); // shows it, as a click would
    // Groups expanded just now are laid out when the event loop next runs; scrolling before that
    // goes by the old layout and can leave the object out of sight.
    QTimer::singleShot(0, m_tree, [tree = m_tree, target = QPersistentModelIndex(at)] {
        if (target.isValid())
            tree->scrollTo(target);
    });
}

QMenu* FileView::treeContextMenu(const QModelIndex& index)
{
    const H5Node node = m_model->node(index.siblingAtColumn(0));
    auto* menu = new QMenu(this);
    QAction* copy = menu->addAction(
        tr("Copy path"), this, [path = node.path] { QApplication::clipboard()->setText(path); });
    copy->setObjectName(QStringLiteral("copyPathAction"));
    QAction* exportCsv = menu->addAction(tr("Export CSV…"), this, [this, index, path = node.path] {
        if (m_table && m_tableInfo.path == path && !m_tableRequest)
            return chooseAndExport();
        whenTableShown(path, [this] { chooseAndExport(); });
        m_tree->setCurrentIndex(index);
    });
    exportCsv->setObjectName(QStringLiteral("exportAction"));
    exportCsv->setEnabled(node.kind == NodeKind::Dataset || !node.tableSummary.isEmpty());
    QAction* newTab = menu->addAction(
        tr("Open in new tab"), this, [this, path = node.path] { Q_EMIT openInNewTabRequested(path); });
    newTab->setObjectName(QStringLiteral("openInNewTabAction"));
    return menu;
}

void FileView::whenTableShown(const QString& path, const std::function<void()>& then)
{
    m_tableWait = TableWait {path, then};
}

void FileView::checkTableWait()
{
    if (!m_tableWait)
        return;
    const QString path = m_tableWait->path;
    const bool movedOn = m_model->node(m_tree->currentIndex()).path != path;
    if (!movedOn && (m_tableInfo.path != path || m_tableRequest))
        return; // not shown yet, or its named table is still being described
    const auto then = std::exchange(m_tableWait, std::nullopt)->then;
    if (m_table && m_tableInfo.path == path)
        then();
}

void FileView::setNumberFormat(char format)
{
    const int at = m_formatBox->findData(QVariant::fromValue(format));
    if (at >= 0)
        m_formatBox->setCurrentIndex(at);
}

} // namespace H5Hdfs

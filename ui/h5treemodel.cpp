// SPDX-License-Identifier: MIT
#include "h5treemodel.h"

#include "text/h5describe.h"

#include <QApplication>
#include <QStyle>
#include <algorithm>

namespace H5Hdfs {

struct H5TreeModel::Item {
    enum class State { NotLoaded, Loading, Loaded };
    H5Node node;
    Item* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Item>> children;
    State state = State::NotLoaded;

    [[nodiscard]] bool isGroup() const { return node.kind == NodeKind::Group; }
};

namespace {

QString shapeText(const H5Node& node)
{
    if (!node.tableSummary.isEmpty())
        return H5Describe::tableSize(node.tableSummary);
    if (node.kind != NodeKind::Dataset)
        return {};
    return H5Describe::shape(node.shape, node.dimensions); // a netCDF variable's: "time=12 × lat=73"
}

QString kindText(const H5Node& node)
{
    if (node.kind == NodeKind::SoftLink || node.kind == NodeKind::ExternalLink
        || node.kind == NodeKind::DanglingLink)
        return nodeKindName(node.kind) + QStringLiteral(" → ") + node.linkTarget;
    if (!node.tableSummary.isEmpty())
        return node.tableSummary.kind;
    return nodeKindName(node.kind);
}

QIcon iconFor(NodeKind kind)
{
    QStyle* style = QApplication::style();
    switch (kind) {
    case NodeKind::Group: return style->standardIcon(QStyle::SP_DirIcon);
    case NodeKind::Dataset: return style->standardIcon(QStyle::SP_FileIcon);
    case NodeKind::SoftLink:
    case NodeKind::ExternalLink: return style->standardIcon(QStyle::SP_FileLinkIcon);
    case NodeKind::DanglingLink: return style->standardIcon(QStyle::SP_MessageBoxWarning);
    default: return style->standardIcon(QStyle::SP_FileDialogInfoView);
    }
}

} // namespace

H5TreeModel::H5TreeModel(H5Service& service, H5Service::FileId file, QObject* parent)
    : QAbstractItemModel(parent)
    , m_service(service)
    , m_file(file)
    , m_root(std::make_unique<Item>())
{
    // The root group is shown as an item of its own: file-level attributes (netCDF's global
    // attributes, a title) are its attributes, and there is no other place to select them.
    auto group = std::make_unique<Item>();
    group->node.kind = NodeKind::Group;
    group->node.path = QStringLiteral("/");
    group->node.name = QStringLiteral("/");
    group->parent = m_root.get();
    m_rootGroup = group.get();
    m_root->children.push_back(std::move(group));
    m_root->node.kind = NodeKind::Group; // a group already listed: the root group is its one member
    m_root->state = Item::State::Loaded;
    fetchMore(rootIndex());
}

H5TreeModel::~H5TreeModel() = default;

H5TreeModel::Item* H5TreeModel::itemAt(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Item*>(index.internalPointer()) : m_root.get();
}

QModelIndex H5TreeModel::indexOf(Item* item) const
{
    return item == m_root.get() ? QModelIndex() : createIndex(item->row, 0, item);
}

QModelIndex H5TreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, itemAt(parent)->children[size_t(row)].get());
}

QModelIndex H5TreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexOf(itemAt(child)->parent);
}

int H5TreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(itemAt(parent)->children.size());
}

int H5TreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant H5TreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const H5Node& node = itemAt(index)->node;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return node.name;
        case KindColumn: return itemAt(index) == m_rootGroup ? tr("root group") : kindText(node);
        case ShapeColumn: return shapeText(node);
        case TypeColumn: return node.typeName;
        }
        break;
    case Qt::ToolTipRole:
        if (itemAt(index) == m_rootGroup)
            return tr("/, the root group: its attributes are the file's");
        if (!node.tableSummary.isEmpty())
            return node.path + QStringLiteral("\n") + H5Describe::table(node.tableSummary);
        return node.path + (node.linkTarget.isEmpty() ? QString() : QStringLiteral(" → ") + node.linkTarget);
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return node.tableSummary.isEmpty()
                ? iconFor(node.kind)
                : QApplication::style()->standardIcon(QStyle::SP_FileDialogDetailedView);
        break;
    case NodeKindRole: return int(node.kind);
    case PathRole: return node.path;
    }
    return {};
}

QVariant H5TreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case KindColumn: return tr("Kind");
    case ShapeColumn: return tr("Shape");
    case TypeColumn: return tr("Type");
    }
    return {};
}

bool H5TreeModel::hasChildren(const QModelIndex& parent) const
{
    const Item* item = itemAt(parent);
    if (parent.column() > 0 || !item->isGroup())
        return false;
    if (item->state == Item::State::Loaded)
        return !item->children.empty();
    return item->node.childCount != 0;
}

bool H5TreeModel::canFetchMore(const QModelIndex& parent) const
{
    const Item* item = itemAt(parent);
    return parent.column() <= 0 && item->isGroup() && item->state == Item::State::NotLoaded;
}

void H5TreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    Item* item = itemAt(parent);
    item->state = Item::State::Loading;
    ++m_listings;
    m_service.ask(m_file, H5Request::listChildren(item->node.path), this,
        [this, item](H5Response&& response) { onListed(item, std::move(response)); });
}

void H5TreeModel::onListed(Item* item, H5Response&& response)
{
    --m_listings;
    item->state = Item::State::Loaded;
    const QModelIndex parentIndex = indexOf(item);
    if (!response.ok()) {
        if (parentIndex.isValid())
            Q_EMIT dataChanged(parentIndex, parentIndex);
        Q_EMIT errorOccurred(response.error);
        Q_EMIT loaded(parentIndex);
        return;
    }
    if (!response.children.isEmpty()) {
        beginInsertRows(parentIndex, 0, int(response.children.size()) - 1);
        for (H5Node& node : response.children) {
            auto child = std::make_unique<Item>();
            child->node = std::move(node);
            child->parent = item;
            child->row = int(item->children.size());
            item->children.push_back(std::move(child));
        }
        endInsertRows();
    }
    Q_EMIT loaded(parentIndex);
}

H5Node H5TreeModel::node(const QModelIndex& index) const
{
    return itemAt(index)->node;
}

QModelIndex H5TreeModel::rootIndex() const
{
    return indexOf(m_rootGroup);
}

QModelIndex H5TreeModel::indexOfPath(const QString& path) const
{
    const Item* item = m_rootGroup;
    for (const QString& name : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const auto& children = item->children;
        const auto child = std::find_if(children.begin(), children.end(),
            [&name](const std::unique_ptr<Item>& c) { return c->node.name == name; });
        if (child == children.end())
            return {};
        item = child->get();
    }
    return indexOf(const_cast<Item*>(item));
}

} // namespace H5Hdfs

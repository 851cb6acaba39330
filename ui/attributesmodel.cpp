// SPDX-License-Identifier: MIT
#include "attributesmodel.h"

#include "text/h5describe.h"

namespace H5Hdfs {

namespace {

constexpr qsizetype kShownValueLength = 300; // the whole value is in the tooltip

} // namespace

AttributesModel::AttributesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AttributesModel::setAttributes(const QList<Attribute>& attributes)
{
    beginResetModel();
    m_attributes = attributes;
    endResetModel();
}

int AttributesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_attributes.size());
}

int AttributesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttributesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_attributes.size())
        return {};
    const Attribute& a = m_attributes[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return a.name;
        case ValueColumn: {
            QString shown = a.value.left(kShownValueLength);
            shown.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
            return a.value.size() > kShownValueLength ? shown + QStringLiteral("…") : shown;
        }
        case TypeColumn: return a.typeName;
        case ShapeColumn: return a.nullSpace ? tr("empty (null dataspace)") : H5Describe::shape(a.shape);
        }
    } else if (role == Qt::ToolTipRole && index.column() == ValueColumn) {
        return a.value.left(20000);
    }
    return {};
}

QVariant AttributesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Attribute");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    case ShapeColumn: return tr("Shape");
    }
    return {};
}

} // namespace H5Hdfs

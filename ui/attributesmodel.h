// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

#include <QAbstractTableModel>

namespace H5Hdfs {

/// The attributes of one object: name, value (as text, every string kind decoded), type, shape.
class AttributesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, TypeColumn, ShapeColumn, ColumnCount };

    explicit AttributesModel(QObject* parent = nullptr);
    void setAttributes(const QList<Attribute>& attributes);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Attribute> m_attributes;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "service/h5service.h"

#include <QAbstractItemModel>
#include <QHash>
#include <memory>
#include <vector>

namespace H5Hdfs {

/// The object tree of one open file, listed lazily: a group's children are asked for when the
/// view expands it (fetchMore), and arrive asynchronously from the H5Service.
class H5TreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, ShapeColumn, TypeColumn, ColumnCount };
    enum Role { NodeKindRole = Qt::UserRole + 1, PathRole };

    H5TreeModel(H5Service& service, H5Service::FileId file, QObject* parent = nullptr);
    ~H5TreeModel() override;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex& child) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] bool hasChildren(const QModelIndex& parent = {}) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    [[nodiscard]] H5Node node(const QModelIndex& index) const;
    /// The root group "/", the tree's one top item: it carries the file-level attributes.
    [[nodiscard]] QModelIndex rootIndex() const;
    /// The index of the object at `path` if it and the groups above it are listed, else invalid.
    [[nodiscard]] QModelIndex indexOfPath(const QString& path) const;
    /// True while any group listing is still on its way.
    [[nodiscard]] bool isLoading() const { return m_listings > 0; }

Q_SIGNALS:
    void errorOccurred(const Error& error);
    void loaded(const QModelIndex& parent);

private:
    struct Item;
    void onListed(Item* item, H5Response&& response);
    [[nodiscard]] Item* itemAt(const QModelIndex& index) const;
    [[nodiscard]] QModelIndex indexOf(Item* item) const;

    H5Service& m_service;
    H5Service::FileId m_file;
    std::unique_ptr<Item> m_root; ///< invisible; its one child is the root group "/"
    Item* m_rootGroup = nullptr;
    int m_listings = 0; ///< listing requests in flight; their items live as long as the model
};

} // namespace H5Hdfs

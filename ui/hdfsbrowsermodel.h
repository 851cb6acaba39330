// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"
#include "webhdfs/hdfsfilestatus.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace H5Hdfs {

class WebHdfsClient;

/// One HDFS directory as a table. Rows arrive page by page from WebHdfsClient::list, so the first
/// page of a huge directory shows at once while the rest streams in.
class HdfsBrowserModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        SizeColumn,
        OwnerColumn,
        GroupColumn,
        PermissionColumn,
        ReplicationColumn,
        ModifiedColumn,
        ColumnCount
    };
    /// Raw values for sorting (sizes and times as numbers, directories first by name).
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int IsDirectoryRole = Qt::UserRole + 2;

    explicit HdfsBrowserModel(QObject* parent = nullptr);

    /// Shows `directory`, listed through `client` (a listing still running is cancelled).
    void showDirectory(WebHdfsClient& client, const QString& directory);
    /// No directory and no entries (a listing still running is cancelled).
    void clear();
    [[nodiscard]] QString directory() const { return m_directory; }
    [[nodiscard]] bool isLoading() const { return !m_listing.isNull(); }
    [[nodiscard]] HdfsFileStatus entry(int row) const { return m_entries.value(row); }
    [[nodiscard]] QString pathOf(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void loaded(const Error& error);

private:
    void append(const QList<HdfsFileStatus>& page);

    QString m_directory;
    QList<HdfsFileStatus> m_entries;
    QPointer<QObject> m_listing; ///< the running listing's context: deleting it cancels the listing
};

} // namespace H5Hdfs

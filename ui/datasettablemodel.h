// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"
#include "table/tablesource.h"

#include <QAbstractTableModel>
#include <QHash>
#include <list>
#include <optional>

/// A dataset as a table, read lazily: cells are fetched in blocks when the view first asks for
/// them, through the H5Service, and kept in a small least-recently-used cache. Opening a 10^8-row
/// dataset costs nothing up front, and scrolling through it keeps memory bounded.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kBlockRows = 256;
    static constexpr int kBlockColumns = 32;
    static constexpr int kMaxCachedBlocks = 96;

    DatasetTableModel(H5Service& service, H5Service::FileId file, QString path, DatasetInfo info,
        DimView view = {}, QObject* parent = nullptr);
    /// A named table (a DataFrame): its columns' names, the index columns first (shown bold).
    DatasetTableModel(H5Service& service, H5Service::FileId file, QString path, TableDescription table,
        QObject* parent = nullptr);

    /// What is shown, as a source for CSV export (built on the exporting thread).
    [[nodiscard]] TableSourceFactory sourceFactory() const;
    [[nodiscard]] bool isNamedTable() const { return m_named.has_value(); }
    [[nodiscard]] QString summary() const { return m_named ? m_named->summary() : QString(); }

    /// Number display: 'g' is the shortest exact form; 'f' fixed and 'e' scientific use `precision`.
    void setNumberFormat(char format, int precision);
    [[nodiscard]] int cachedBlocks() const { return int(m_cache.size()); }
    [[nodiscard]] bool isLoading() const { return !m_pending.isEmpty(); }
    [[nodiscard]] const TableGeometry& geometry() const { return m_geometry; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void errorOccurred(const Error& error);

private:
    struct Block {
        Slice slice;
        Error error;
        std::list<quint64>::iterator lru;
    };
    static quint64 key(qint64 blockRow, qint64 blockColumn)
    {
        return quint64(blockRow) << 24 | quint64(blockColumn);
    }
    void request(qint64 blockRow, qint64 blockColumn) const;
    void onFinished(quint64 requestId, const H5Response& response);
    [[nodiscard]] QString text(const ColumnData& column, qint64 row) const;

    H5Service& m_service;
    H5Service::FileId m_file;
    QString m_path;
    DatasetInfo m_info;
    DimView m_view;
    TableGeometry m_geometry;
    std::optional<TableDescription> m_named;
    char m_format = 'g';
    int m_precision = 6;
    // Filled lazily from const data(): the cache is an implementation detail of reading.
    mutable QHash<quint64, Block> m_cache;
    mutable std::list<quint64> m_lru;          ///< most recently used first
    mutable QHash<quint64, quint64> m_pending; ///< request id -> block key
    mutable QSet<quint64> m_requested;
    bool m_reportedError = false;
};

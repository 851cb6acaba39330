// SPDX-License-Identifier: MIT
#pragma once

#include "dimensionlabels.h"
#include "service/h5service.h"
#include "table/tableref.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QRect>
#include <list>
#include <memory>
#include <optional>

namespace H5Hdfs {

/// The table a TableRef names (a dataset or a DataFrame), read lazily: cells are fetched in blocks
/// when the view first asks for them, through the H5Service, and kept in a small least-recently-used
/// cache. Opening a 10^8-row dataset costs nothing up front, and scrolling through it keeps memory
/// bounded.
///
/// Qt's views count rows and pixels in int and keep a record per header section, so the model
/// shows a window of at most kWindowRows x kWindowColumns cells of the table, starting at
/// (rowOffset, columnOffset); headers show the true row and column numbers. The window keeps its
/// size as it moves (it never runs past the end), so moving it changes data, not the row count.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kBlockRows = 256;
    static constexpr int kBlockColumns = 32;
    static constexpr int kMaxCachedBlocks = 96;
    /// 22 px rows: 2.2e7 px, far from int's limit, and ~8 MB of header sections at most.
    static constexpr int kWindowRows = 1'000'000;
    static constexpr int kWindowColumns = 100'000;

    /// The table `ref` names: a dataset through its 2-D view, or a named table (a DataFrame) with
    /// its columns' names, the index columns first (shown bold).
    DatasetTableModel(H5Service& service, TableRef ref, QObject* parent = nullptr);

    /// What is shown, as a source for CSV export (built on the exporting thread): rows in the order
    /// shown.
    [[nodiscard]] TableSourceFactory sourceFactory() const;
    /// The same, rows in stored order.
    [[nodiscard]] TableSourceFactory storedSourceFactory() const;
    /// What the model shows, and what its pages are asked for as.
    [[nodiscard]] const TableRef& tableRef() const { return m_ref; }
    [[nodiscard]] bool isNamedTable() const { return m_ref.isNamed(); }
    /// A named table's summary, or how a netCDF variable's values are unpacked; "" for others.
    [[nodiscard]] QString summary() const;
    [[nodiscard]] const QString& path() const { return m_ref.path; }
    /// The dataset shown (empty for a named table).
    [[nodiscard]] const DatasetInfo& datasetInfo() const { return m_ref.dataset; }
    /// The named table shown, if it is one.
    [[nodiscard]] const std::optional<TableDescription>& namedTable() const { return m_ref.named; }

    /// Number display: 'g' is the shortest exact form; 'f' fixed and 'e' scientific use `precision`.
    void setNumberFormat(char format, int precision);
    [[nodiscard]] int cachedBlocks() const { return int(m_cache.size()); }
    [[nodiscard]] bool isLoading() const { return !m_pending.isEmpty(); }
    [[nodiscard]] const TableGeometry& geometry() const { return m_geometry; }

    /// The whole table's size, which the window may not show at once.
    [[nodiscard]] qint64 totalRows() const { return m_geometry.rows; }
    [[nodiscard]] qint64 totalColumns() const { return m_geometry.cols; }
    [[nodiscard]] qint64 rowOffset() const { return m_rowOffset; }
    [[nodiscard]] qint64 columnOffset() const { return m_columnOffset; }
    [[nodiscard]] qint64 maxRowOffset() const { return m_geometry.rows - rowCount(); }
    [[nodiscard]] qint64 maxColumnOffset() const { return m_geometry.cols - columnCount(); }
    /// A smaller window than kWindowRows x kWindowColumns (tests: QAbstractItemModelTester visits
    /// every cell). Resets the model.
    void setWindowSize(int rows, int columns);
    /// Moves the window (clamped to the table); emits windowMoved when it moved.
    void setWindow(qint64 rowOffset, qint64 columnOffset);
    /// The cells a view shows, in window coordinates (inclusive), whenever it scrolls or resizes.
    /// Blocks asked for that lie farther than kScreensOfReach screens from them and still wait in
    /// the file's queue are withdrawn and forgotten (asked again when scrolled back to): a view
    /// scrolled fast past 10^5 rows reads the rows it stops at, not all those it passed.
    void setVisibleRange(int firstRow, int lastRow, int firstColumn, int lastColumn);
    static constexpr int kScreensOfReach = 2;
    /// Shows the rows in `order` (row i shows stored row order[i], and is headed by its stored
    /// number), or in stored order when null. Only for tables within one window of rows.
    void setRowOrder(std::shared_ptr<const std::vector<qint64>> order);
    [[nodiscard]] bool isReordered() const { return m_order != nullptr; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void errorOccurred(const Error& error);
    void windowMoved();

private:
    // Blocks are keyed by their true position: a moved window finds what it already read.
    using Key = std::pair<qint64, qint64>; ///< block row, block column
    struct Block {
        Page page;
        Error error;
        std::list<Key>::iterator lru;
    };
    void request(qint64 blockRow, qint64 blockColumn) const;
    void onBlockRead(Key k, H5Response&& response);
    /// Blocks asked for that the window no longer reaches are not read: a window moved far is
    /// not followed by reads of everything it passed. Those in the window but far from the cells
    /// on screen are not read either, unless they already run.
    void dropBlocksOutOfReach();
    [[nodiscard]] bool inWindow(const Key& k) const;
    [[nodiscard]] bool nearScreen(const Key& k) const;
    [[nodiscard]] QString text(const ColumnData& column, qint64 row) const;
    /// The stored row shown at `row` of the table (not of the window).
    [[nodiscard]] qint64 storedRow(qint64 row) const { return m_order ? (*m_order)[size_t(row)] : row; }

    H5Service& m_service;
    TableRef m_ref;
    TableGeometry m_geometry;
    DimensionLabels m_labels; ///< a netCDF variable's coordinates, as row and column headers
    char m_format = 'g';
    int m_precision = 6;
    // Filled lazily from const data(): the cache is an implementation detail of reading.
    mutable QHash<Key, Block> m_cache;
    mutable std::list<Key> m_lru;          ///< most recently used first
    mutable QHash<Key, H5Service::Ticket> m_pending; ///< blocks asked for
    int m_windowRows = kWindowRows;
    int m_windowColumns = kWindowColumns;
    qint64 m_rowOffset = 0;
    qint64 m_columnOffset = 0;
    /// The cells on screen in window coordinates; until a view says, the whole window.
    std::optional<QRect> m_visible;
    bool m_reportedError = false;
    std::shared_ptr<const std::vector<qint64>> m_order;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "datasettablemodel.h"

#include "numberformat.h"
#include "table/roworder.h"

#include <QFont>

#include <limits>

namespace H5Hdfs {

static_assert(DimensionLabels::kBlockRows == DatasetTableModel::kBlockRows
    && DimensionLabels::kBlockColumns == DatasetTableModel::kBlockColumns);

DatasetTableModel::DatasetTableModel(H5Service& service, TableRef ref, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
    , m_ref(std::move(ref))
    , m_geometry(m_ref.geometry())
    , m_labels(m_ref.dataset, m_ref.view)
{
}

TableSourceFactory DatasetTableModel::storedSourceFactory() const
{
    return m_ref.sourceFactory(m_service);
}

TableSourceFactory DatasetTableModel::sourceFactory() const
{
    if (!m_order)
        return storedSourceFactory();
    // Sorted: copy and export write the rows in the order shown.
    return [stored = storedSourceFactory(), order = m_order]() -> std::unique_ptr<TableSource> {
        return std::make_unique<ReorderedTableSource>(stored(), order);
    };
}

void DatasetTableModel::setRowOrder(std::shared_ptr<const std::vector<qint64>> order)
{
    Q_ASSERT(!order || qint64(order->size()) == m_geometry.rows);
    m_order = std::move(order);
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (rowCount() > 0)
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

QString DatasetTableModel::summary() const
{
    return m_ref.summary();
}

void DatasetTableModel::setNumberFormat(char format, int precision)
{
    m_format = format;
    m_precision = precision;
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_geometry.rows, m_windowRows));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_geometry.cols, m_windowColumns));
}

void DatasetTableModel::setWindowSize(int rows, int columns)
{
    beginResetModel();
    m_windowRows = qBound(1, rows, kWindowRows);
    m_windowColumns = qBound(1, columns, kWindowColumns);
    // The window still ends inside the table.
    m_rowOffset = qBound<qint64>(0, m_rowOffset, maxRowOffset());
    m_columnOffset = qBound<qint64>(0, m_columnOffset, maxColumnOffset());
    m_visible.reset(); // the view says again what it shows of the new window
    endResetModel();
    dropBlocksOutOfReach();
}

void DatasetTableModel::setWindow(qint64 rowOffset, qint64 columnOffset)
{
    rowOffset = qBound<qint64>(0, rowOffset, maxRowOffset());
    columnOffset = qBound<qint64>(0, columnOffset, maxColumnOffset());
    if (rowOffset == m_rowOffset && columnOffset == m_columnOffset)
        return;
    m_rowOffset = rowOffset;
    m_columnOffset = columnOffset;
    dropBlocksOutOfReach();
    // Same counts, other cells: no reset, which would rebuild the views' header sections.
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (rowCount() > 0)
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    if (columnCount() > 0)
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    Q_EMIT windowMoved();
}

void DatasetTableModel::setVisibleRange(int firstRow, int lastRow, int firstColumn, int lastColumn)
{
    m_visible = QRect(QPoint(firstColumn, firstRow), QPoint(lastColumn, lastRow));
    dropBlocksOutOfReach();
}

void DatasetTableModel::dropBlocksOutOfReach()
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (!inWindow(it.key())) {
            m_service.cancel(it.value());
            it = m_pending.erase(it);
        } else if (!nearScreen(it.key()) && m_service.cancelIfQueued(it.value())) {
            it = m_pending.erase(it); // forgotten: data() asks again if the view comes back
        } else {
            ++it;
        }
    }
}

bool DatasetTableModel::nearScreen(const Key& k) const
{
    if (!m_visible)
        return true;
    // In true coordinates, kScreensOfReach screens beyond each edge of the one shown.
    const qint64 rowMargin = qint64(kScreensOfReach) * m_visible->height();
    const qint64 columnMargin = qint64(kScreensOfReach) * m_visible->width();
    const qint64 top = m_rowOffset + m_visible->top() - rowMargin;
    const qint64 bottom = m_rowOffset + m_visible->bottom() + rowMargin;
    const qint64 left = m_columnOffset + m_visible->left() - columnMargin;
    const qint64 right = m_columnOffset + m_visible->right() + columnMargin;
    const qint64 blockTop = k.first * kBlockRows;
    const qint64 blockLeft = k.second * kBlockColumns;
    // A reordered table's block holds rows shown anywhere: only its columns say how near it is.
    const bool rows = m_order || (blockTop <= bottom && blockTop + kBlockRows > top);
    return rows && blockLeft <= right && blockLeft + kBlockColumns > left;
}

bool DatasetTableModel::inWindow(const Key& k) const
{
    const qint64 top = k.first * kBlockRows;
    const qint64 left = k.second * kBlockColumns;
    // A reordered table fits one window: its rows are all in it.
    const bool rows = m_order || (top < m_rowOffset + rowCount() && top + kBlockRows > m_rowOffset);
    return rows && left < m_columnOffset + columnCount() && left + kBlockColumns > m_columnOffset;
}

void DatasetTableModel::request(qint64 blockRow, qint64 blockColumn) const
{
    const Key k {blockRow, blockColumn};
    if (m_pending.contains(k))
        return;
    const qint64 firstRow = blockRow * kBlockRows;
    const qint64 firstColumn = blockColumn * kBlockColumns;
    const H5Request page = m_ref.pageRequest(firstRow, qMin<qint64>(kBlockRows, m_geometry.rows - firstRow),
        firstColumn, qMin<qint64>(kBlockColumns, m_geometry.cols - firstColumn), m_labels.wanted());
    // Reading is how const data() fills the cache; the model is the answers' context.
    auto* self = const_cast<DatasetTableModel*>(this);
    m_pending.insert(k, m_service.ask(m_ref.file, page, self, [self, k](H5Response&& response) {
        self->onBlockRead(k, std::move(response));
    }));
}

void DatasetTableModel::onBlockRead(Key k, H5Response&& response)
{
    m_pending.remove(k);
    m_labels.keep(k.first, k.second, response.page);
    const bool rowLabels = !response.page.rowLabels.isEmpty();
    const bool columnLabels = !response.page.columnLabels.isEmpty();
    m_lru.push_front(k);
    m_cache.insert(k, Block {std::move(response.page), response.error, m_lru.begin()});
    if (rowLabels && rowCount() > 0)
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    if (columnLabels && columnCount() > 0)
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    while (m_cache.size() > kMaxCachedBlocks) { // forget the least recently used
        m_cache.remove(m_lru.back());
        m_lru.pop_back();
    }
    if (response.error.isError() && !m_reportedError) {
        m_reportedError = true; // once per table, not once per block
        Q_EMIT errorOccurred(response.error);
    }
    if (m_order) { // the block's rows are anywhere in a sorted table: its columns, top to bottom
        const qint64 left = qMax<qint64>(0, k.second * kBlockColumns - m_columnOffset);
        const qint64 right
            = qMin<qint64>(columnCount(), k.second * kBlockColumns + kBlockColumns - m_columnOffset) - 1;
        if (rowCount() > 0 && right >= left)
            Q_EMIT dataChanged(index(0, int(left)), index(rowCount() - 1, int(right)));
        return;
    }
    // The block's cells in window coordinates, if the window (still) shows any of them.
    const qint64 top = qMax<qint64>(0, k.first * kBlockRows - m_rowOffset);
    const qint64 left = qMax<qint64>(0, k.second * kBlockColumns - m_columnOffset);
    const qint64 bottom = qMin<qint64>(rowCount(), k.first * kBlockRows + kBlockRows - m_rowOffset) - 1;
    const qint64 right
        = qMin<qint64>(columnCount(), k.second * kBlockColumns + kBlockColumns - m_columnOffset) - 1;
    if (bottom >= top && right >= left)
        Q_EMIT dataChanged(index(int(top), int(left)), index(int(bottom), int(right)));
}

QString DatasetTableModel::text(const ColumnData& column, qint64 row) const
{
    if (m_format == 'g' || (column.kind != CellKind::Float32 && column.kind != CellKind::Float64))
        return column.text(row);
    return QString::number(column.reals[size_t(row)], m_format, m_precision);
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const
{
    if (role == Qt::FontRole && m_ref.named && m_columnOffset + index.column() < m_ref.named->indexColumns) {
        QFont bold; // the DataFrame's index, as pandas prints it
        bold.setBold(true);
        return bold;
    }
    if (!index.isValid()
        || (role != Qt::DisplayRole && role != Qt::TextAlignmentRole && role != Qt::ToolTipRole))
        return {};
    const qint64 row = storedRow(m_rowOffset + index.row());
    const qint64 col = m_columnOffset + index.column();
    const qint64 blockRow = row / kBlockRows;
    const qint64 blockColumn = col / kBlockColumns;
    const auto it = m_cache.find(Key {blockRow, blockColumn});
    if (it == m_cache.end()) {
        request(blockRow, blockColumn);
        return role == Qt::DisplayRole ? QVariant(QStringLiteral("…")) : QVariant();
    }
    m_lru.splice(m_lru.begin(), m_lru, it->lru); // most recently used
    if (it->error.isError())
        return role == Qt::ToolTipRole
            ? QVariant(it->error.toString())
            : (role == Qt::DisplayRole ? QVariant(QStringLiteral("⚠")) : QVariant());
    const ColumnData& column = it->page.columns[col % kBlockColumns];
    if (role == Qt::TextAlignmentRole)
        return column.kind == CellKind::Text ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    const QString cell = text(column, row % kBlockRows);
    return role == Qt::ToolTipRole && cell.size() < 60 ? QVariant() : QVariant(cell);
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    // A netCDF variable's rows and columns are labelled by its coordinates once their page is read.
    const qint64 column = m_columnOffset + section;
    const qint64 row = storedRow(m_rowOffset + section);
    if (role == Qt::ToolTipRole) {
        const QString tip = orientation == Qt::Horizontal ? m_labels.columnTip(column) : m_labels.rowTip(row);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    if (orientation == Qt::Horizontal) {
        const QString label = m_labels.column(column);
        return label.isEmpty() ? m_geometry.column(column).name : label;
    }
    const QString label = m_labels.row(row);
    return label.isEmpty() ? QString::number(row) : label; // the true row number, not the window's
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "datasettablemodel.h"

#include "numberformat.h"
#include "table/datasettablesource.h"

#include <QFont>

#include <limits>

DatasetTableModel::DatasetTableModel(
    H5Service& service, H5Service::FileId file, QString path, DatasetInfo info, DimView view, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
    , m_file(file)
    , m_path(std::move(path))
    , m_info(std::move(info))
    , m_view(view.orDefaultFor(m_info.rank()))
    , m_geometry(TableGeometry::of(m_info, m_view))
{
    connect(&m_service, &H5Service::finished, this, &DatasetTableModel::onFinished);
}

DatasetTableModel::DatasetTableModel(
    H5Service& service, H5Service::FileId file, QString path, TableDescription table, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
    , m_file(file)
    , m_path(std::move(path))
    , m_geometry {table.rows, table.columns.size(), 1, table.columns}
    , m_named(std::move(table))
{
    connect(&m_service, &H5Service::finished, this, &DatasetTableModel::onFinished);
}

TableSourceFactory DatasetTableModel::sourceFactory() const
{
    H5Service& service = m_service;
    if (m_named)
        return [&service, file = m_file, path = m_path, table = *m_named] {
            return std::make_unique<FrameTableSource>(service, file, path, table);
        };
    return [&service, file = m_file, path = m_path, info = m_info, view = m_view] {
        return std::make_unique<DatasetTableSource>(service, file, path, info, view);
    };
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
    // Qt's views count rows in int: a table past 2^31 rows shows its first 2^31 - 1.
    return parent.isValid() ? 0 : int(qMin<qint64>(m_geometry.rows, std::numeric_limits<int>::max()));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_geometry.cols, std::numeric_limits<int>::max()));
}

void DatasetTableModel::request(qint64 blockRow, qint64 blockColumn) const
{
    const quint64 k = key(blockRow, blockColumn);
    if (m_requested.contains(k))
        return;
    m_requested.insert(k);
    const qint64 firstRow = blockRow * kBlockRows;
    const qint64 firstColumn = blockColumn * kBlockColumns;
    const PageRequest page {m_view, firstRow, qMin<qint64>(kBlockRows, m_geometry.rows - firstRow),
        firstColumn, qMin<qint64>(kBlockColumns, m_geometry.cols - firstColumn)};
    m_pending.insert(m_service.post(m_file,
                         m_named ? H5Request::readTable(m_path, page) : H5Request::readPage(m_path, page)),
        k);
}

void DatasetTableModel::onFinished(quint64 requestId, const H5Response& response)
{
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend())
        return;
    const quint64 k = *it;
    m_pending.erase(it);
    m_requested.remove(k);
    m_lru.push_front(k);
    m_cache.insert(k, Block {response.slice, response.error, m_lru.begin()});
    while (m_cache.size() > kMaxCachedBlocks) { // forget the least recently used
        m_cache.remove(m_lru.back());
        m_lru.pop_back();
    }
    if (response.error.isError() && !m_reportedError) {
        m_reportedError = true; // once per table, not once per block
        Q_EMIT errorOccurred(response.error);
    }
    const int top = int(qint64(k >> 24) * kBlockRows);
    const int left = int(qint64(k & 0xffffff) * kBlockColumns);
    const int bottom = qMin(rowCount(), top + kBlockRows) - 1;
    const int right = qMin(columnCount(), left + kBlockColumns) - 1;
    if (bottom >= top && right >= left)
        Q_EMIT dataChanged(index(top, left), index(bottom, right));
}

QString DatasetTableModel::text(const ColumnData& column, qint64 row) const
{
    if (m_format == 'g' || (column.kind != CellKind::Float32 && column.kind != CellKind::Float64))
        return column.text(row);
    return QString::number(column.reals[size_t(row)], m_format, m_precision);
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const
{
    if (role == Qt::FontRole && m_named && index.column() < m_named->indexColumns) {
        QFont bold; // the DataFrame's index, as pandas prints it
        bold.setBold(true);
        return bold;
    }
    if (!index.isValid()
        || (role != Qt::DisplayRole && role != Qt::TextAlignmentRole && role != Qt::ToolTipRole))
        return {};
    const qint64 blockRow = index.row() / kBlockRows;
    const qint64 blockColumn = index.column() / kBlockColumns;
    const auto it = m_cache.find(key(blockRow, blockColumn));
    if (it == m_cache.end()) {
        request(blockRow, blockColumn);
        return role == Qt::DisplayRole ? QVariant(QStringLiteral("…")) : QVariant();
    }
    m_lru.splice(m_lru.begin(), m_lru, it->lru); // most recently used
    if (it->error.isError())
        return role == Qt::ToolTipRole
            ? QVariant(it->error.toString())
            : (role == Qt::DisplayRole ? QVariant(QStringLiteral("⚠")) : QVariant());
    const ColumnData& column = it->slice.columns[index.column() % kBlockColumns];
    if (role == Qt::TextAlignmentRole)
        return column.kind == CellKind::Text ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    const QString cell = text(column, index.row() % kBlockRows);
    return role == Qt::ToolTipRole && cell.size() < 60 ? QVariant() : QVariant(cell);
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_geometry.column(section).name;
    return QString::number(section);
}

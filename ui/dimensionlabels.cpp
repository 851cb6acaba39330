// SPDX-License-Identifier: MIT
#include "dimensionlabels.h"

namespace H5Hdfs {

namespace {

QString nameWithScale(const DatasetInfo& info, int dim)
{
    if (dim < 0 || dim >= info.dimensionScales.size() || info.dimensionScales[dim].isEmpty())
        return {};
    return info.dimensions.value(dim);
}

QString labelAt(const QHash<qint64, QStringList>& blocks, qint64 at, int blockSize)
{
    const auto it = blocks.constFind(at / blockSize);
    return it == blocks.cend() ? QString() : it->value(at % blockSize);
}

void keepBlock(QHash<qint64, QStringList>& blocks, qint64 block, const QStringList& labels)
{
    if (labels.isEmpty())
        return;
    if (blocks.size() >= DimensionLabels::kMaxBlocks && !blocks.contains(block))
        blocks.clear(); // those on screen come again with their pages' next reads
    blocks.insert(block, labels);
}

} // namespace

DimensionLabels::DimensionLabels(const DatasetInfo& info, const DimView& view)
    : m_rowName(info.cfView ? nameWithScale(info, view.rowDim) : QString())
    , m_columnName(info.cfView && info.fields.size() <= 1 ? nameWithScale(info, view.colDim) : QString())
{
}

void DimensionLabels::keep(qint64 blockRow, qint64 blockColumn, const Page& page)
{
    keepBlock(m_rows, blockRow, page.rowLabels);
    keepBlock(m_columns, blockColumn, page.columnLabels);
}

QString DimensionLabels::row(qint64 row) const
{
    return labelAt(m_rows, row, kBlockRows);
}

QString DimensionLabels::column(qint64 column) const
{
    return labelAt(m_columns, column, kBlockColumns);
}

QString DimensionLabels::rowTip(qint64 row) const
{
    const QString label = this->row(row);
    return label.isEmpty() ? QString() : QStringLiteral("%1 = %2 (row %3)").arg(m_rowName, label).arg(row);
}

QString DimensionLabels::columnTip(qint64 column) const
{
    const QString label = this->column(column);
    return label.isEmpty() ? QString()
                           : QStringLiteral("%1 = %2 (column %3)").arg(m_columnName, label).arg(column);
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plotchoice.h"

namespace H5Hdfs {

namespace PlotChoice {
namespace {

QString attribute(const ObjectInfo& info, const QString& name)
{
    for (const Attribute& a : info.attributes)
        if (a.name == name)
            return a.value;
    return {};
}

bool isNumericKind(CellKind k)
{
    return k != CellKind::Text;
}

} // namespace

bool isNumeric(const DatasetInfo& info)
{
    return info.fields.size() == 1 && isNumericKind(info.fields[0].kind) && !info.nullSpace;
}

int colorDimension(const ObjectInfo& info)
{
    const DatasetInfo& d = info.dataset;
    if (!isNumeric(d) || d.rank() < 3)
        return -1;
    const bool imageClass = attribute(info, QStringLiteral("CLASS")).contains(QLatin1String("IMAGE"));
    const bool bytes = d.typeName.contains(QLatin1String("int8"));
    const auto channels = [](qint64 n) { return n == 3 || n == 4; };
    if (imageClass && attribute(info, QStringLiteral("INTERLACE_MODE")).contains(QLatin1String("PLANE")))
        return channels(d.shape[0]) ? 0 : -1;
    return (imageClass || bytes) && channels(d.shape.last()) ? d.rank() - 1 : -1;
}

DimView colorView(const ObjectInfo& info, int channelDim)
{
    DimView v = DimView::defaultFor(info.dataset.rank());
    v.rowDim = channelDim == 0 ? 1 : channelDim - 2;
    v.colDim = v.rowDim + 1;
    return v;
}

std::optional<PlotRequest::Kind> defaultKind(const ObjectInfo& info, const TableDescription* table, const DimView& view)
{
    if (table)
        return defaultColumns(info, table, view).isEmpty() ? std::nullopt : std::optional(PlotRequest::Kind::Line);
    const DatasetInfo& d = info.dataset;
    if (info.kind != NodeKind::Dataset || d.rank() == 0 || d.elementCount() == 0)
        return std::nullopt;
    if (!isNumeric(d))
        return std::nullopt; // compounds and strings: the table shows them best
    if (colorDimension(info) >= 0)
        return PlotRequest::Kind::Image;
    const DimView v = view.orDefaultFor(d.rank());
    if (v.colDim >= 0 && d.shape[v.rowDim] > kMinImageSide && d.shape[v.colDim] > kMinImageSide)
        return PlotRequest::Kind::Image;
    return PlotRequest::Kind::Line;
}

QList<qint64> defaultColumns(const ObjectInfo& info, const TableDescription* table, const DimView& view)
{
    QList<qint64> out;
    if (table) {
        for (qsizetype c = table->indexColumns; c < table->columns.size() && out.size() < kMaxDefaultLines; ++c)
            if (isNumericKind(table->columns[c].kind))
                out.append(c);
        return out;
    }
    const DatasetInfo& d = info.dataset;
    const DimView v = view.orDefaultFor(d.rank());
    const qint64 positions = v.colDim >= 0 ? d.shape[v.colDim] : 1;
    for (qint64 c = 0; c < positions * d.fields.size() && out.size() < kMaxDefaultLines; ++c)
        if (isNumericKind(d.fields[c % d.fields.size()].kind))
            out.append(c);
    return out;
}

bool isTime(const ColumnSpec& column)
{
    return column.typeName.startsWith(QLatin1String("datetime64")) || column.typeName.startsWith(QLatin1String("timedelta64"));
}

QList<qint64> xColumns(const ObjectInfo& info, const TableDescription* table, const DimView& view)
{
    QList<qint64> out;
    if (table) {
        for (qsizetype c = 0; c < table->columns.size(); ++c)
            if (isNumericKind(table->columns[c].kind) || isTime(table->columns[c]))
                out.append(c);
        return out;
    }
    const DatasetInfo& d = info.dataset;
    if (d.rank() == 0 || d.fields.isEmpty())
        return out;
    const DimView v = view.orDefaultFor(d.rank());
    const qint64 positions = v.colDim >= 0 ? d.shape[v.colDim] : 1;
    // A wide matrix has too many columns to choose from in a list; its rows are its x.
    for (qint64 c = 0; c < positions * d.fields.size() && c < 1000; ++c)
        if (isNumericKind(d.fields[c % d.fields.size()].kind))
            out.append(c);
    // A single column along itself shows nothing.
    return out.size() > 1 ? out : QList<qint64>();
}

qint64 defaultXColumn(const TableDescription* table)
{
    if (!table || table->indexColumns != 1 || table->columns.isEmpty())
        return -1;
    const ColumnSpec& index = table->columns[0];
    return isNumericKind(index.kind) || isTime(index) ? 0 : -1;
}

QString columnName(const ObjectInfo& info, const TableDescription* table, const DimView& view, qint64 column)
{
    if (table)
        return column < table->columns.size() ? table->columns[column].name : QString::number(column);
    const DatasetInfo& d = info.dataset;
    const QString object = info.path.section(QLatin1Char('/'), -1);
    const DimView v = view.orDefaultFor(d.rank());
    const qsizetype fields = qMax<qsizetype>(1, d.fields.size());
    const QString field = d.fields.size() > 1 ? d.fields[column % fields].name : QString();
    if (v.colDim < 0)
        return field.isEmpty() ? object : field;
    const QString position = QStringLiteral("[%1]").arg(column / fields);
    return field.isEmpty() ? object + position : field + position;
}

} // namespace PlotChoice

} // namespace H5Hdfs

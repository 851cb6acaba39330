// SPDX-License-Identifier: MIT
#include "columnwidths.h"

#include "datasettablemodel.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QRegularExpression>
#include <QTableView>
#include <cmath>

namespace H5Hdfs {

namespace ColumnWidths {
namespace {

constexpr int kTextColumnWidth = 150; // free text is elided, with the whole value in a tooltip
constexpr int kMaxNameWidth = 280;    // a long column name is elided too
constexpr int kMaxDigits = 40;        // fixed notation of 1e308 is elided past this

int bitsOf(const QString& typeName)
{
    static const QRegularExpression bits(QStringLiteral("int(8|16|32|64)"));
    const auto match = bits.match(typeName);
    return match.hasMatch() ? match.captured(1).toInt() : 64;
}

QString integerText(const ColumnSpec& column)
{
    const int bits = bitsOf(column.typeName);
    // The longest value is the minimum of a signed type, the maximum of an unsigned one.
    const int digits = int(std::ceil(double(column.kind == CellKind::Int ? bits - 1 : bits) * std::log10(2.0)));
    return (column.kind == CellKind::Int ? QStringLiteral("-") : QString()) + QString(digits, QLatin1Char('8'));
}

QString floatText(bool single, char format, int precision)
{
    const int significant = single ? 9 : 17;     // digits that round-trip
    const QString exponent = single ? QStringLiteral("e-38") : QStringLiteral("e-308");
    if (format == 'e')
        return QStringLiteral("-8.") + QString(precision, QLatin1Char('8')) + exponent;
    const QString shortest = QStringLiteral("-8.") + QString(significant - 1, QLatin1Char('8')) + exponent;
    if (format != 'f')
        return shortest;
    // Fixed: as many digits before the point as round-trip, `precision` after it; larger values
    // (1e308 has 309 digits) are cut with "…" and shown whole in a tooltip.
    const int before = qMax(1, qMin(significant, kMaxDigits - precision));
    return QStringLiteral("-") + QString(before, QLatin1Char('8')) + QLatin1Char('.')
        + QString(qMin(precision, kMaxDigits), QLatin1Char('8'));
}

QString textTypeText(const QString& typeName)
{
    if (typeName.startsWith(QLatin1String("datetime64"))) // a zone: "datetime64[ns, Europe/Berlin]"
        return QStringLiteral("8888-88-88 88:88:88.888888888")
            + (typeName.contains(QLatin1Char(',')) ? QStringLiteral("+88:88") : QString());
    if (typeName.startsWith(QLatin1String("timedelta64")))
        return QStringLiteral("-88888 days 88:88:88.888888888");
    if (typeName == QLatin1String("bool"))
        return QStringLiteral("False");
    return {};
}

int widthOf(const ColumnSpec& spec, const QString& name, char format, int precision, const QFontMetrics& cells,
    const QFontMetrics& names, int padding)
{
    const QString widest = widestText(spec, format, precision);
    const int value = widest.isEmpty() ? kTextColumnWidth : cells.horizontalAdvance(widest) + padding;
    return qMax(value, qMin(kMaxNameWidth, names.horizontalAdvance(name) + padding));
}

} // namespace

QString widestText(const ColumnSpec& column, char format, int precision)
{
    switch (column.kind) {
    case CellKind::Int:
    case CellKind::UInt: return integerText(column);
    case CellKind::Float32: return floatText(true, format, precision);
    case CellKind::Float64: return floatText(false, format, precision);
    case CellKind::Text: return textTypeText(column.typeName);
    }
    return {};
}

void apply(QTableView& view, const DatasetTableModel& model, char format, int precision)
{
    QHeaderView* header = view.horizontalHeader();
    const QFontMetrics cells(view.font());
    const QFontMetrics names(header->font());
    // The item view's text margins on both sides, and room for the header's sort arrow.
    const int padding = 2 * (view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &view) + 1) + 12;
    const int columns = model.columnCount();
    if (columns > kMaxSizedColumns) {
        int widest = 0;
        for (const ColumnSpec& field : model.geometry().fields)
            widest = qMax(widest, widthOf(field, QString(), format, precision, cells, names, padding));
        header->setDefaultSectionSize(qMax(widest, names.horizontalAdvance(QStringLiteral("88888888")) + padding));
        return;
    }
    for (int c = 0; c < columns; ++c) {
        const ColumnSpec spec = model.geometry().column(model.columnOffset() + c);
        header->resizeSection(
            c, widthOf(spec, model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString(), format, precision,
                   cells, names, padding));
    }
}

} // namespace ColumnWidths

} // namespace H5Hdfs

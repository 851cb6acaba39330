// SPDX-License-Identifier: MIT
#include "h5describe.h"

#include <QLocale>
#include <QStringList>

namespace H5Hdfs {

namespace H5Describe {

namespace {

// Shapes and sizes follow the default locale, as the rest of the viewer does (tests set it to C).
QLocale numbers()
{
    return {};
}

} // namespace

QString shape(const QList<qint64>& dims, bool unlimitedAware)
{
    if (dims.isEmpty())
        return QStringLiteral("scalar");
    const QLocale locale = numbers();
    QStringList parts;
    for (qint64 d : dims)
        parts << (unlimitedAware && d < 0 ? QStringLiteral("∞") : locale.toString(d));
    return parts.join(QStringLiteral(" × "));
}

QString shape(const QList<qint64>& dims, const QStringList& names)
{
    if (dims.isEmpty())
        return QStringLiteral("scalar");
    const QLocale locale = numbers();
    QStringList parts;
    for (qsizetype d = 0; d < dims.size(); ++d) {
        const QString length = locale.toString(dims[d]);
        const QString name = names.value(d);
        parts << (name.isEmpty() ? length : name + QLatin1Char('=') + length);
    }
    return parts.join(QStringLiteral(" × "));
}

QString tableSize(const TableSummary& summary)
{
    // A table's size has always been in the system's locale, whatever the default (tst_frames pins it).
    const QLocale locale = QLocale::system();
    const QString rowText = summary.rows == 1 ? QStringLiteral("1 row")
                                              : QStringLiteral("%1 rows").arg(locale.toString(summary.rows));
    if (summary.kind == QLatin1String("Series"))
        return rowText;
    const QString columnText = summary.columns == 1
        ? QStringLiteral("1 column")
        : QStringLiteral("%1 columns").arg(locale.toString(summary.columns));
    return columnText + QStringLiteral(" × ") + rowText;
}

QString table(const TableSummary& summary)
{
    if (summary.isEmpty())
        return {};
    return QStringList {summary.kind, summary.layout, tableSize(summary)}.join(QStringLiteral(" · "));
}

QString cfSummary(const DatasetInfo& info)
{
    return info.cfView && !info.packing.isEmpty() ? QStringLiteral("values unpacked (CF): ") + info.packing
                                                  : QString();
}

QString size(qint64 n)
{
    return numbers().formattedDataSize(n, 1, QLocale::DataSizeIecFormat);
}

QString bytes(qint64 n)
{
    const QLocale locale = numbers();
    if (n < 1024)
        return QStringLiteral("%1 bytes").arg(locale.toString(n));
    return QStringLiteral("%1 (%2 bytes)").arg(size(n), locale.toString(n));
}

QString filters(const QList<FilterInfo>& list)
{
    QStringList parts;
    for (const FilterInfo& f : list) {
        QString text = QStringLiteral("%1 (%2)").arg(f.name).arg(f.id);
        if (!f.params.isEmpty()) {
            QStringList params;
            for (quint32 p : f.params)
                params << QString::number(p);
            text += QStringLiteral(" [%1]").arg(params.join(QLatin1Char(' ')));
        }
        text += f.available ? QStringLiteral(" available") : QStringLiteral(" NOT AVAILABLE");
        parts << text;
    }
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

QList<QPair<QString, QString>> properties(const ObjectInfo& info)
{
    QList<QPair<QString, QString>> rows;
    rows.append({QStringLiteral("Path"), info.path});
    rows.append({QStringLiteral("Kind"), nodeKindName(info.kind)});
    if (!info.linkTarget.isEmpty())
        rows.append({QStringLiteral("Link target"), info.linkTarget});
    if (info.kind == NodeKind::Group && info.childCount >= 0)
        rows.append({QStringLiteral("Members"), QString::number(info.childCount)});
    if (info.kind == NodeKind::NamedType)
        rows.append({QStringLiteral("Type"), info.typeName});
    if (info.kind != NodeKind::Dataset)
        return rows;
    const DatasetInfo& d = info.dataset;
    rows.append({QStringLiteral("Shape"),
        d.nullSpace ? QStringLiteral("(null: no elements)") : shape(d.shape, d.dimensions)});
    if (d.maxShape != d.shape)
        rows.append({QStringLiteral("Max shape"), shape(d.maxShape, true)});
    rows.append({QStringLiteral("Type"), d.typeName});
    rows.append({QStringLiteral("Layout"), layoutName(d.layout)});
    if (!d.chunk.isEmpty())
        rows.append({QStringLiteral("Chunks"), shape(d.chunk)});
    rows.append({QStringLiteral("Filters"), filters(d.filters)});
    if (d.externalStorage)
        rows.append({QStringLiteral("Storage"), QStringLiteral("external files (not read)")});
    rows.append({QStringLiteral("Storage size"), bytes(d.storageSize)});
    rows.append({QStringLiteral("Logical size"), bytes(d.logicalSize)});
    if (d.storageSize > 0 && d.logicalSize > 0)
        rows.append({QStringLiteral("Compression ratio"),
            QString::number(double(d.logicalSize) / double(d.storageSize), 'f', 2)});
    if (!d.fillValue.isEmpty())
        rows.append({QStringLiteral("Fill value"), d.fillValue});
    if (!d.packing.isEmpty())
        rows.append({QStringLiteral("Values (CF)"),
            d.packing + QStringLiteral(" (values shown unpacked; Raw, or --raw, shows the stored numbers)")});
    return rows;
}

} // namespace H5Describe

} // namespace H5Hdfs

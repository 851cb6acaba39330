// SPDX-License-Identifier: MIT
// pandas HDFStore layouts (anchors.md, section c): table format and fixed format.
#include "table/framereader.h"

#include "hdf5/h5datatype.h"
#include "hdf5/h5reader.h"
#include "table/framelayout.h"
#include "table/timezones.h"

#include <QHash>

using namespace FrameLayout;

namespace {

using Convert = FrameColumn::Convert;

/// pandas' "N." (None) names become "", as pandas writes an unnamed index header.
QString pandasName(const QString& stored)
{
    return stored == QLatin1String("N.") ? QString() : stored;
}

/// "datetime64", "datetime64[us]" → nanoseconds per tick; 0 when it is not a time type.
qint64 unitOf(const QString& type, const QString& prefix)
{
    if (!type.startsWith(prefix))
        return 0;
    static const QHash<QString, qint64> units {{QStringLiteral("ns"), 1}, {QStringLiteral("us"), 1000},
        {QStringLiteral("ms"), 1'000'000}, {QStringLiteral("s"), 1'000'000'000}};
    const QString unit = type.mid(prefix.size()).remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    return unit.isEmpty() ? 1 : units.value(unit.section(QLatin1Char(','), 0, 0).trimmed(), 0);
}

/// The zone name in a tz pandas stored: a name, or a pickled tzinfo. pytz zones pickle as
/// pytz._p('Europe/Berlin', ...); UTC as pytz.utc or datetime.timezone.utc.
QString zoneName(const PickleValue& tz)
{
    if (tz.kind == PickleValue::Kind::Text)
        return tz.text;
    if (tz.kind != PickleValue::Kind::Opaque)
        return {};
    const PickleValue args = tz.items.value(0);
    if (args.isSequence() && args.items.value(0).kind == PickleValue::Kind::Text)
        return args.items.value(0).text;
    return QStringLiteral("UTC");
}

/// A tz attribute: a zone name, or a text pickle of a tzinfo.
QString zoneNameOfAttribute(const QString& stored)
{
    if (stored.endsWith(QLatin1Char('.')) && stored.contains(QLatin1Char('\n'))) {
        const auto parsed = Pickle::parseText(stored.toLatin1());
        return parsed ? zoneName(*parsed) : QString();
    }
    return stored == QLatin1String("N.") ? QString() : stored;
}

std::optional<QTimeZone> zoneOf(const QString& name)
{
    if (name.isEmpty())
        return std::nullopt;
    return TimeZones::find(name.toUtf8()).value_or(QTimeZone::utc());
}

/// Sets how a column of stored values turns into pandas' presentation, from its pandas kind.
void applyKind(FrameColumn& column, ColumnSpec& spec, const QString& kind, const QString& tz)
{
    if (const qint64 unit = unitOf(kind, QStringLiteral("datetime64"))) {
        column.convert = Convert::DateTime;
        column.unitNanos = unit;
        column.timeZone = zoneOf(tz);
        spec.kind = CellKind::Text;
        spec.typeName = column.timeZone
            ? QStringLiteral("datetime64[ns, %1]").arg(QString::fromUtf8(column.timeZone->id()))
            : QStringLiteral("datetime64[ns]");
    } else if (const qint64 deltaUnit = unitOf(kind, QStringLiteral("timedelta64"))) {
        column.convert = Convert::TimeDelta;
        column.unitNanos = deltaUnit;
        spec.kind = CellKind::Text;
        spec.typeName = QStringLiteral("timedelta64[ns]");
    } else if (kind == QLatin1String("bool")) {
        column.convert = Convert::Bool;
        spec.kind = CellKind::Text;
        spec.typeName = QStringLiteral("bool");
    }
}

} // namespace

// ---- pandas table format ------------------------------------------------------------------------

Result<FramePlan> FrameReader::tableFormat(const QString& path) const
{
    const QString table = childPath(path, QStringLiteral("table"));
    const H5Reader reader(m_image);
    auto info = reader.info(table);
    if (!info || info->kind != NodeKind::Dataset || info->dataset.rank() != 1)
        return badLayout(path, QStringLiteral("has no 1-D \"table\" dataset"));
    auto nonIndex = pickledAttribute(m_image, path, "non_index_axes");
    auto valuesCols = pickledAttribute(m_image, path, "values_cols");
    if (!nonIndex || !valuesCols)
        return badLayout(path, (nonIndex ? valuesCols.error() : nonIndex.error()).message);
    const PickleValue infoDict = pickledAttribute(m_image, path, "info").valueOr(PickleValue {});
    const QString nanRep = textAttribute(m_image, path, "nan_rep", QStringLiteral("nan"));

    // Leaves of the compound are "index", "values_block_0[0]", ..., "<data column>".
    QHash<QString, qint64> leafIndex;
    for (qint64 i = 0; i < info->dataset.fields.size(); ++i)
        leafIndex.insert(info->dataset.fields[i].name, i);
    const DimView rows {0, -1, {0}};
    auto columnAt = [&](const QString& leaf, const QString& name, const QString& kind, const QString& meta,
                        const QString& tz) -> Result<std::pair<FrameColumn, ColumnSpec>> {
        const auto it = leafIndex.constFind(leaf);
        if (it == leafIndex.constEnd())
            return badLayout(path, QStringLiteral("its table has no field %1").arg(leaf));
        FrameColumn column = FrameColumn::at(table, rows, *it);
        ColumnSpec spec = info->dataset.fields[*it];
        spec.name = name;
        applyKind(column, spec, kind, tz);
        if (spec.kind == CellKind::Text && column.convert == Convert::None) {
            column.convert = Convert::NanText;
            column.nanRep = nanRep;
        }
        if (meta == QLatin1String("category")) {
            const QString block = leaf.section(QLatin1Char('['), 0, 0);
            auto labels = texts(childPath(path, QStringLiteral("meta/%1/meta/table").arg(block)), rows,
                1 /* the "values" field after "index" */);
            if (!labels)
                return labels.error().prefixed(QStringLiteral("Categories of %1").arg(name));
            column.convert = Convert::Codes;
            column.labels = *labels;
            spec.kind = CellKind::Text;
            spec.typeName = QStringLiteral("category");
        }
        return std::pair {column, spec};
    };

    // Every stored column by name, from the value blocks and the data columns.
    QHash<QString, std::pair<FrameColumn, ColumnSpec>> stored;
    for (const QString& block : valuesCols->texts()) {
        const QByteArray b = block.toUtf8();
        auto names = pickledAttribute(m_image, table, (b + "_kind").constData());
        if (!names)
            return badLayout(path, names.error().message);
        const QString dtype = textAttribute(m_image, table, (b + "_dtype").constData());
        const QString meta = textAttribute(m_image, table, (b + "_meta").constData());
        const QString tz = zoneName(infoDict.value(block).value(QStringLiteral("tz")));
        const QStringList blockNames = names->texts();
        const bool isBlock = !leafIndex.contains(block);
        if (!isBlock && blockNames.size() > 1) // an array member too large to split into columns
            return badLayout(path,
                QStringLiteral("its value block %1 has %2 columns, over the %3 h5hdfs splits")
                    .arg(block)
                    .arg(blockNames.size())
                    .arg(MemoryType::kMaxFlattenedArray));
        for (qint64 i = 0; i < blockNames.size(); ++i) {
            const QString leaf = isBlock ? QStringLiteral("%1[%2]").arg(block).arg(i) : block;
            auto column = columnAt(leaf, blockNames[i], dtype, meta, tz);
            if (!column)
                return column.error();
            stored.insert(blockNames[i], *column);
        }
    }

    FramePlan plan;
    plan.description.kind = textAttribute(m_image, path, "pandas_type") == QLatin1String("series_table")
        ? QStringLiteral("Series")
        : QStringLiteral("DataFrame");
    plan.description.layout = QStringLiteral("table format");
    plan.description.rows = info->dataset.shape[0];
    plan.description.hiddenChildren = {QStringLiteral("_i_table")};
    auto add = [&plan](const std::pair<FrameColumn, ColumnSpec>& c) {
        plan.columns << c.first;
        plan.description.columns << c.second;
    };
    // The index: MultiIndex levels are stored as data columns; a plain index is the "index" field.
    QStringList levels;
    if (textAttribute(m_image, path, "table_type").contains(QLatin1String("multi")))
        levels = pickledAttribute(m_image, path, "levels").valueOr(PickleValue {}).texts();
    if (levels.isEmpty()) {
        const PickleValue indexInfo = infoDict.value(QStringLiteral("index"));
        auto index = columnAt(QStringLiteral("index"), indexInfo.value(QStringLiteral("index_name")).text,
            textAttribute(m_image, table, "index_kind"), QString(),
            zoneName(indexInfo.value(QStringLiteral("tz"))));
        if (!index)
            return index.error();
        add(*index);
        plan.description.indexColumns = 1;
    }
    for (const QString& level : levels) {
        if (!stored.contains(level))
            return badLayout(path, QStringLiteral("its index level %1 is not stored").arg(level));
        add(stored.value(level));
    }
    plan.description.indexColumns = qMax(plan.description.indexColumns, int(levels.size()));
    // The columns in the frame's own order.
    const PickleValue axes = nonIndex->items.value(0);
    for (const QString& name : axes.items.value(1).texts()) {
        if (levels.contains(name))
            continue;
        if (!stored.contains(name))
            return badLayout(path, QStringLiteral("its column %1 is not stored").arg(name));
        add(stored.value(name));
    }
    return plan;
}

// ---- pandas fixed format ------------------------------------------------------------------------

qint64 FrameReader::axisLength(const QString& dataset) const
{
    // pandas writes an empty axis as a 1-element dummy and its real shape, pickled, in "shape".
    if (const auto shape = rawAttribute(m_image, dataset, "shape")) {
        const auto parsed = Pickle::parseText(*shape);
        if (parsed && parsed->isSequence() && !parsed->items.isEmpty())
            return parsed->items[0].integer;
    }
    return H5Reader(m_image).info(dataset).valueOr(ObjectInfo {}).dataset.shape.value(0);
}

Result<FrameColumn> FrameReader::fixedAxisColumn(const QString& dataset, ColumnSpec& spec) const
{
    const H5Reader reader(m_image);
    auto info = reader.info(dataset);
    if (!info || info->kind != NodeKind::Dataset)
        return Error(Error::Code::Corrupt, QStringLiteral("%1 is missing").arg(dataset));
    FrameColumn column = FrameColumn::at(dataset, DimView {0, -1, {0}}, 0);
    spec = info->dataset.fields.value(0);
    spec.name = pandasName(textAttribute(m_image, dataset, "name"));
    QString kind = textAttribute(m_image, dataset, "value_type");
    if (kind.isEmpty())
        kind = textAttribute(m_image, dataset, "kind");
    if (info->dataset.typeName.startsWith(QLatin1String("bitfield")))
        kind = QStringLiteral("bool");
    applyKind(column, spec, kind, zoneNameOfAttribute(textAttribute(m_image, dataset, "tz")));
    if (spec.kind == CellKind::Text && column.convert == Convert::None && info->dataset.rank() == 1
        && textAttribute(m_image, dataset, "CLASS") == QLatin1String("VLARRAY")) {
        column.convert = Convert::Objects;
        column.objects = std::make_shared<FrameColumn::Decoded>();
        spec.typeName = QStringLiteral("object");
    }
    return column;
}

Result<QStringList> FrameReader::levelLabels(const QString& dataset) const
{
    ColumnSpec spec;
    auto column = fixedAxisColumn(dataset, spec);
    return column ? shownTexts(*column) : column.error();
}

Result<FramePlan> FrameReader::fixedFormat(const QString& path) const
{
    const H5Reader reader(m_image);
    FramePlan plan;
    plan.description.kind = QStringLiteral("DataFrame");
    plan.description.layout = QStringLiteral("fixed format");
    // The index: axis1, or the levels and codes of a MultiIndex.
    if (textAttribute(m_image, path, "axis1_variety") == QLatin1String("multi")) {
        const int levels = textAttribute(m_image, path, "axis1_nlevels").toInt();
        for (int i = 0; i < levels; ++i) {
            const QString level = childPath(path, QStringLiteral("axis1_level%1").arg(i));
            auto labels = levelLabels(level);
            if (!labels)
                return labels.error();
            const QString codes = childPath(path, QStringLiteral("axis1_label%1").arg(i));
            auto codesInfo = reader.info(codes);
            if (!codesInfo)
                return badLayout(path, codesInfo.error().message);
            plan.description.rows = codesInfo->dataset.shape.value(0);
            FrameColumn column = FrameColumn::at(codes, DimView {0, -1, {0}}, 0, Convert::Codes);
            column.labels = *labels;
            plan.columns << column;
            plan.description.columns << ColumnSpec {pandasName(textAttribute(m_image, level, "name")),
                CellKind::Text, QStringLiteral("index level")};
        }
    } else {
        ColumnSpec spec;
        auto index = fixedAxisColumn(childPath(path, QStringLiteral("axis1")), spec);
        if (!index)
            return badLayout(path, index.error().message);
        plan.columns << *index;
        plan.description.columns << spec;
        plan.description.rows = axisLength(index->dataset);
    }
    plan.description.indexColumns = int(plan.columns.size());
    // Blocks hold the columns by type; axis0 gives the frame's order.
    auto order = texts(childPath(path, QStringLiteral("axis0")));
    if (!order)
        return badLayout(path, order.error().message);
    QHash<QString, std::pair<FrameColumn, ColumnSpec>> stored;
    const int blocks = textAttribute(m_image, path, "nblocks").toInt();
    for (int b = 0; b < blocks; ++b) {
        auto items = texts(childPath(path, QStringLiteral("block%1_items").arg(b)));
        if (!items)
            return badLayout(path, items.error().message);
        const QString values = childPath(path, QStringLiteral("block%1_values").arg(b));
        ColumnSpec spec;
        auto first = fixedAxisColumn(values, spec);
        if (!first)
            return badLayout(path, first.error().message);
        const bool transposed
            = textAttribute(m_image, values, "transposed", QStringLiteral("1")) != QLatin1String("0");
        for (qint64 i = 0; i < items->size(); ++i) {
            FrameColumn column = *first;
            column.column = i;
            column.objectsTransposed = transposed;
            if (column.convert != Convert::Objects)
                column.view = transposed ? DimView {0, 1, {0, 0}} : DimView {1, 0, {0, 0}};
            ColumnSpec named = spec;
            named.name = items->at(i);
            stored.insert(items->at(i), {column, named});
        }
    }
    for (const QString& name : *order) {
        if (!stored.contains(name))
            return badLayout(path, QStringLiteral("its column %1 is in no block").arg(name));
        plan.columns << stored.value(name).first;
        plan.description.columns << stored.value(name).second;
    }
    return plan;
}

Result<FramePlan> FrameReader::fixedSeries(const QString& path) const
{
    FramePlan plan;
    plan.description.kind = QStringLiteral("Series");
    plan.description.layout = QStringLiteral("fixed format");
    for (const char* part : {"index", "values"}) {
        ColumnSpec spec;
        auto column = fixedAxisColumn(childPath(path, QLatin1String(part)), spec);
        if (!column)
            return badLayout(path, column.error().message);
        if (column->convert == Convert::Objects)
            column->objectsTransposed = true; // a 1-D array: rows only
        plan.columns << *column;
        plan.description.columns << spec;
    }
    plan.description.columns[1].name = pandasName(textAttribute(m_image, path, "name", QStringLiteral("0")));
    plan.description.indexColumns = 1;
    plan.description.rows = axisLength(plan.columns[0].dataset);
    return plan;
}

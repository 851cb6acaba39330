// SPDX-License-Identifier: MIT
// pandas HDFStore layouts (anchors.md, section c): table format and fixed format.
#include "frames/framereader.h"

#include "frames/framelayout.h"
#include "frames/timezones.h"
#include "h5datatype.h"
#include "h5reader.h"

#include <QHash>

namespace H5Hdfs {

using namespace FrameLayout;

namespace {

using Convert = FrameColumn::Convert;

PickleValue textValueOf(const QString& text)
{
    PickleValue v;
    v.kind = PickleValue::Kind::Text;
    v.text = text;
    return v;
}

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

/// The unit of a PeriodIndex from its stored frequency: a pickled offset (pandas' Day, MonthEnd,
/// QuarterEnd(startingMonth=12), ...) or, from older pandas, its name ("D", "M", "Q-DEC").
std::optional<FrameCells::PeriodUnit> periodUnit(const PickleValue& freq)
{
    using Unit = FrameCells::PeriodUnit;
    const bool named = freq.kind == PickleValue::Kind::Text;
    if (!named) {
        // Year and quarter offsets carry the month their year ends in: only December is plain.
        const PickleValue month = freq.items.value(0).items.value(2);
        if (freq.kind != PickleValue::Kind::Opaque
            || (month.kind == PickleValue::Kind::Int && month.integer != 12))
            return std::nullopt;
    }
    static const QHash<QString, Unit> units {
        {QStringLiteral("YearEnd"), Unit::Year},
        {QStringLiteral("A"), Unit::Year},
        {QStringLiteral("A-DEC"), Unit::Year},
        {QStringLiteral("Y"), Unit::Year},
        {QStringLiteral("Y-DEC"), Unit::Year},
        {QStringLiteral("QuarterEnd"), Unit::Quarter},
        {QStringLiteral("Q"), Unit::Quarter},
        {QStringLiteral("Q-DEC"), Unit::Quarter},
        {QStringLiteral("MonthEnd"), Unit::Month},
        {QStringLiteral("M"), Unit::Month},
        {QStringLiteral("Day"), Unit::Day},
        {QStringLiteral("D"), Unit::Day},
        {QStringLiteral("Hour"), Unit::Hour},
        {QStringLiteral("H"), Unit::Hour},
        {QStringLiteral("h"), Unit::Hour},
        {QStringLiteral("Minute"), Unit::Minute},
        {QStringLiteral("T"), Unit::Minute},
        {QStringLiteral("min"), Unit::Minute},
        {QStringLiteral("Second"), Unit::Second},
        {QStringLiteral("S"), Unit::Second},
        {QStringLiteral("s"), Unit::Second},
    };
    const auto it = units.constFind(named ? freq.text : freq.text.section(QLatin1Char('.'), -1));
    return it == units.constEnd() ? std::nullopt : std::optional<Unit>(*it);
}

/// Makes an integer index a PeriodIndex of `freq`; an error for frequencies h5hdfs cannot show.
Status applyPeriod(
    FrameColumn& column, ColumnSpec& spec, const PickleValue& freq, const QString& path)
{
    const auto unit = periodUnit(freq);
    if (!unit)
        return badLayout(path,
            QStringLiteral("its PeriodIndex has the frequency %1, which h5hdfs cannot show")
                .arg(freq.text.isEmpty() ? QStringLiteral("?") : freq.text));
    column.convert = Convert::Period;
    column.periodUnit = *unit;
    spec.kind = CellKind::Text;
    spec.typeName = QStringLiteral("period");
    return {};
}

/// pandas up to 0.10.0 named a value block's attributes "values_N_kind", not
/// "values_block_N_kind"; pandas still reads them so when pandas_version is 0.10 or older (or absent).
QString blockAttributeName(const QString& block, const QString& pandasVersion)
{
    QList<int> version;
    for (const QString& part : pandasVersion.split(QLatin1Char('.')))
        version << part.toInt();
    while (version.size() < 3)
        version << 0;
    const bool before0101 = version[0] == 0 && version[1] <= 10 && version[2] == 0;
    if (before0101 && block.startsWith(QLatin1String("values_block_")))
        return QStringLiteral("values_") + block.mid(13);
    return block;
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

// What a table-format group holds: its "table" dataset and the attributes that describe its columns.
struct FrameReader::TableFormat {
    QString path;
    QString table; ///< the "table" dataset
    ObjectInfo info; ///< of the table: a 1-D compound
    QHash<QString, qint64> leafIndex; ///< "index", "values_block_0[0]", ..., "<data column>" → field
    PickleValue nonIndex; ///< non_index_axes: the columns' order; absent in older files
    PickleValue infoDict; ///< per axis and block: names, zones, frequencies
    QString pandasVersion;
    QString nanRep;
    QHash<QString, PlannedColumn> stored; ///< every stored column by name (value blocks, data columns)
    QStringList blockOrder;               ///< their names in the blocks' order
};

Result<FrameReader::TableFormat> FrameReader::readTableFormat(const QString& path) const
{
    TableFormat t;
    t.path = path;
    t.table = childPath(path, QStringLiteral("table"));
    auto info = H5Reader(m_image).info(t.table);
    if (!info || info->kind != NodeKind::Dataset || info->dataset.rank() != 1)
        return badLayout(path, QStringLiteral("has no 1-D \"table\" dataset"));
    t.info = *info;
    for (qint64 i = 0; i < t.info.dataset.fields.size(); ++i)
        t.leafIndex.insert(t.info.dataset.fields[i].name, i);
    t.nonIndex = pickledAttribute(m_image, path, "non_index_axes").valueOr(PickleValue {});
    t.infoDict = pickledAttribute(m_image, path, "info").valueOr(PickleValue {});
    t.pandasVersion = textAttribute(m_image, path, "pandas_version");
    t.nanRep = textAttribute(m_image, path, "nan_rep", QStringLiteral("nan"));
    return t;
}

// One column of the table, read from its compound field `leaf` and shown as pandas' `kind` says.
Result<FrameReader::PlannedColumn> FrameReader::tableColumn(const TableFormat& t, const QString& leaf,
    const QString& name, const QString& kind, const QString& meta, const QString& tz) const
{
    const auto it = t.leafIndex.constFind(leaf);
    if (it == t.leafIndex.constEnd())
        return badLayout(t.path, QStringLiteral("its table has no field %1").arg(leaf));
    const DimView rows {0, -1, {0}};
    FrameColumn column = FrameColumn::at(t.table, rows, *it);
    ColumnSpec spec = t.info.dataset.fields[*it];
    spec.name = name;
    applyKind(column, spec, kind, tz);
    if (spec.kind == CellKind::Text && column.convert == Convert::None) {
        column.convert = Convert::NanText;
        column.nanRep = t.nanRep;
    }
    if (meta == QLatin1String("category")) {
        const QString block = leaf.section(QLatin1Char('['), 0, 0);
        auto labels = texts(childPath(t.path, QStringLiteral("meta/%1/meta/table").arg(block)), rows,
            1 /* the "values" field after "index" */);
        if (!labels)
            return labels.error().prefixed(QStringLiteral("Categories of %1").arg(name));
        column.convert = Convert::Codes;
        column.labels = *labels;
        spec.kind = CellKind::Text;
        spec.typeName = QStringLiteral("category");
    }
    return PlannedColumn {column, spec};
}

// The value blocks' columns and the data columns, by name, in t.stored and t.blockOrder.
Status FrameReader::readStoredColumns(TableFormat& t) const
{
    auto valuesCols = pickledAttribute(m_image, t.path, "values_cols");
    if (!valuesCols)
        return badLayout(t.path, valuesCols.error().message);
    for (const QString& block : valuesCols->texts()) {
        const QByteArray b = blockAttributeName(block, t.pandasVersion).toUtf8();
        auto names = pickledAttribute(m_image, t.table, (b + "_kind").constData());
        if (!names)
            return badLayout(t.path, names.error().message);
        const QString dtype = textAttribute(m_image, t.table, (b + "_dtype").constData());
        const QString meta = textAttribute(m_image, t.table, (b + "_meta").constData());
        const QString tz = zoneName(t.infoDict.value(block).value(QStringLiteral("tz")));
        const QStringList blockNames = names->texts();
        const bool isBlock = !t.leafIndex.contains(block);
        if (!isBlock && blockNames.size() > 1) // an array member too large to split into columns
            return badLayout(t.path,
                QStringLiteral("its value block %1 has %2 columns, over the %3 h5hdfs splits")
                    .arg(block)
                    .arg(blockNames.size())
                    .arg(MemoryType::kMaxFlattenedArray));
        for (qint64 i = 0; i < blockNames.size(); ++i) {
            const QString leaf = isBlock ? QStringLiteral("%1[%2]").arg(block).arg(i) : block;
            auto column = tableColumn(t, leaf, blockNames[i], dtype, meta, tz);
            if (!column)
                return column.error();
            t.stored.insert(blockNames[i], *column);
            t.blockOrder << blockNames[i];
        }
    }
    return {};
}

// A plain index: the "index" field, its name and zone in info; a PeriodIndex is stored as its
// integer ordinals, with the frequency in info.
Result<FrameReader::PlannedColumn> FrameReader::tableIndex(const TableFormat& t) const
{
    const PickleValue indexInfo = t.infoDict.value(QStringLiteral("index"));
    const QString indexKind = textAttribute(m_image, t.table, "index_kind");
    auto index = tableColumn(t, QStringLiteral("index"), indexInfo.value(QStringLiteral("index_name")).text,
        indexKind, QString(), zoneName(indexInfo.value(QStringLiteral("tz"))));
    if (!index)
        return index.error();
    const PickleValue freq = indexInfo.value(QStringLiteral("freq"));
    if (indexKind == QLatin1String("integer") && !freq.isNone()) {
        if (Status s = applyPeriod(index->first, index->second, freq, t.path); s.isError())
            return s;
    }
    return index;
}

Result<FramePlan> FrameReader::tableFormat(const QString& path) const
{
    auto format = readTableFormat(path);
    if (!format)
        return format.error();
    TableFormat& t = *format;
    if (Status s = readStoredColumns(t); s.isError())
        return s;

    FramePlan plan;
    plan.description.kind = textAttribute(m_image, path, "pandas_type") == QLatin1String("series_table")
        ? QStringLiteral("Series")
        : QStringLiteral("DataFrame");
    plan.description.layout = QStringLiteral("table format");
    plan.description.rows = t.info.dataset.shape[0];
    plan.description.hiddenChildren = {QStringLiteral("_i_table")};
    auto add = [&plan](const PlannedColumn& c) {
        plan.columns << c.first;
        plan.description.columns << c.second;
    };
    // The index: MultiIndex levels are stored as data columns; a plain index is the "index" field.
    QStringList levels;
    if (textAttribute(m_image, path, "table_type").contains(QLatin1String("multi")))
        levels = pickledAttribute(m_image, path, "levels").valueOr(PickleValue {}).texts();
    if (levels.isEmpty()) {
        auto index = tableIndex(t);
        if (!index)
            return index.error();
        add(*index);
        plan.description.indexColumns = 1;
    }
    for (const QString& level : levels) {
        if (!t.stored.contains(level))
            return badLayout(path, QStringLiteral("its index level %1 is not stored").arg(level));
        add(t.stored.value(level));
    }
    plan.description.indexColumns = qMax(plan.description.indexColumns, int(levels.size()));
    // The columns in the frame's own order (without non_index_axes, pandas keeps the blocks' order).
    const QStringList order
        = t.nonIndex.items.isEmpty() ? t.blockOrder : t.nonIndex.items.value(0).items.value(1).texts();
    for (const QString& name : order) {
        if (levels.contains(name))
            continue;
        if (!t.stored.contains(name))
            return badLayout(path, QStringLiteral("its column %1 is not stored").arg(name));
        add(t.stored.value(name));
    }
    // pandas stores an unnamed Series as the column "values", and reads that name back as none.
    if (plan.description.kind == QLatin1String("Series") && plan.description.columns.size() == 2
        && plan.description.columns[1].name == QLatin1String("values"))
        plan.description.columns[1].name = QStringLiteral("0");
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
    if (textAttribute(m_image, dataset, "index_class") == QLatin1String("period")) {
        const auto freq = rawAttribute(m_image, dataset, "freq");
        const auto parsed = freq ? Pickle::parseText(*freq) : Result<PickleValue>(PickleValue {});
        // Older pandas stored the frequency's name as plain text, not as a pickle.
        const PickleValue value
            = parsed ? *parsed : textValueOf(QString::fromUtf8(freq.value_or(QByteArray())));
        if (Status s = applyPeriod(column, spec, value, dataset); s.isError())
            return s;
    }
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
    // An unnamed Series (name None, pickled "N.") is the column 0 of its frame, as pandas writes.
    const QString name = textAttribute(m_image, path, "name", QStringLiteral("N."));
    plan.description.columns[1].name = name == QLatin1String("N.") ? QStringLiteral("0") : name;
    plan.description.indexColumns = 1;
    plan.description.rows = axisLength(plan.columns[0].dataset);
    return plan;
}

// ---- PyTables tables pandas did not write -------------------------------------------------------

Result<FramePlan> FrameReader::nativeTable(const QString& path) const
{
    const QString parent
        = QLatin1Char('/') + path.section(QLatin1Char('/'), 0, -2, QString::SectionSkipEmpty);
    if (rawAttribute(m_image, parent, "pandas_type"))
        return notATable(path, QStringLiteral("it is the storage of a pandas object"));
    auto info = H5Reader(m_image).info(path);
    if (!info || info->kind != NodeKind::Dataset || info->dataset.rank() != 1
        || info->dataset.fields.isEmpty())
        return notATable(path, QStringLiteral("not a one-dimensional PyTables table"));
    FramePlan plan;
    plan.description.kind = QStringLiteral("Table");
    plan.description.layout = QStringLiteral("PyTables table");
    plan.description.rows = info->dataset.shape[0];
    plan.description.indexColumns = 1;
    plan.columns << FrameColumn::at(path, DimView {0, -1, {0}}, 0, Convert::RowNumber);
    plan.description.columns << ColumnSpec {QString(), CellKind::Int, QStringLiteral("int64")};
    for (qint64 i = 0; i < info->dataset.fields.size(); ++i) {
        ColumnSpec spec = info->dataset.fields[i];
        FrameColumn column = FrameColumn::at(path, DimView {0, -1, {0}}, i);
        if (spec.typeName.startsWith(QLatin1String("bitfield")))
            applyKind(column, spec, QStringLiteral("bool"), QString());
        else if (spec.kind == CellKind::Text) { // pandas decodes the bytes, and reads "nan" as missing
            column.convert = Convert::NanText;
            column.nanRep = QStringLiteral("nan");
        }
        plan.columns << column;
        plan.description.columns << spec;
    }
    return plan;
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// pandas HDFStore layouts (anchors.md, section c) and the "matrix + column names" layout.
#include "table/framereader.h"

#include "hdf5/h5datatype.h"
#include "hdf5/h5fileimage.h"
#include "hdf5/h5handle.h"
#include "hdf5/h5reader.h"
#include "table/framecells.h"

#include <hdf5.h>

#include <QHash>

namespace {

using Convert = FrameColumn::Convert;

constexpr qint64 kMaxLabels = 10'000'000;     // category and index-level values held in the plan
constexpr qint64 kMaxPickleBytes = 1LL << 30; // one pickled string block

Error notATable(const QString& path, const QString& why)
{
    return Error(Error::Code::NotFound, QStringLiteral("%1 is not a named table: %2").arg(path, why));
}

Error badLayout(const QString& path, const QString& why)
{
    return Error(Error::Code::Corrupt, QStringLiteral("%1 looks like a pandas object but %2").arg(path, why));
}

QString child(const QString& group, const QString& name)
{
    return group.endsWith(QLatin1Char('/')) ? group + name : group + QLatin1Char('/') + name;
}

/// The bytes of a string attribute, untouched (pickles are latin-1 and may be long), or nothing.
std::optional<QByteArray> rawAttribute(const H5FileImage& image, const QString& path, const char* name)
{
    H5Errors::silence();
    const QByteArray objectName = path.toUtf8();
    if (H5Aexists_by_name(image.file(), objectName.constData(), name, H5P_DEFAULT) <= 0) {
        H5Errors::takeStack();
        return std::nullopt;
    }
    H5Handle attribute(H5Aopen_by_name(image.file(), objectName.constData(), name, H5P_DEFAULT, H5P_DEFAULT));
    H5Handle type(attribute ? H5Aget_type(attribute.id()) : H5I_INVALID_HID);
    H5Handle space(attribute ? H5Aget_space(attribute.id()) : H5I_INVALID_HID);
    if (!type || !space) {
        H5Errors::takeStack();
        return std::nullopt;
    }
    if (H5Sget_simple_extent_type(space.id()) == H5S_NULL)
        return QByteArray();
    const H5T_class_t cls = H5Tget_class(type.id());
    if (cls == H5T_STRING && !H5Tis_variable_str(type.id())) {
        const size_t size = H5Tget_size(type.id());
        if (size == 0 || size > size_t(H5Reader::kMaxAttributeBytes)
            || H5Sget_simple_extent_npoints(space.id()) != 1)
            return std::nullopt;
        QByteArray bytes(qsizetype(size), '\0');
        if (H5Aread(attribute.id(), type.id(), bytes.data()) < 0) {
            H5Errors::takeStack();
            return std::nullopt;
        }
        const qsizetype end = bytes.indexOf('\0');
        return end < 0 ? bytes : bytes.left(end);
    }
    if (cls == H5T_INTEGER || cls == H5T_BITFIELD) {
        long long value = 0;
        if (H5Sget_simple_extent_npoints(space.id()) != 1
            || H5Aread(attribute.id(), H5T_NATIVE_LLONG, &value) < 0) {
            H5Errors::takeStack();
            return std::nullopt;
        }
        return QByteArray::number(value);
    }
    return std::nullopt;
}

QString textAttribute(
    const H5FileImage& image, const QString& path, const char* name, const QString& fallback = {})
{
    const auto raw = rawAttribute(image, path, name);
    return raw ? QString::fromUtf8(*raw) : fallback;
}

Result<PickleValue> pickledAttribute(const H5FileImage& image, const QString& path, const char* name)
{
    const auto raw = rawAttribute(image, path, name);
    if (!raw)
        return Error(
            Error::Code::Corrupt, QStringLiteral("attribute %1 is missing").arg(QLatin1String(name)));
    auto value = Pickle::parseText(*raw);
    if (!value)
        return value.error().prefixed(QStringLiteral("attribute %1").arg(QLatin1String(name)));
    return value;
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
    const QByteArray id = name.toUtf8();
    return QTimeZone::isTimeZoneIdAvailable(id) ? QTimeZone(id) : QTimeZone::utc();
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

// ---- Detection ----------------------------------------------------------------------------------

Result<FramePlan> FrameReader::plan(const QString& path) const
{
    return planWith(path, nullptr);
}

Result<FramePlan> FrameReader::planWith(const QString& path, const QList<H5Node>* siblings) const
{
    const QString pandasType = textAttribute(m_image, path, "pandas_type");
    if (pandasType == QLatin1String("frame_table") || pandasType == QLatin1String("series_table"))
        return tableFormat(path);
    if (pandasType == QLatin1String("frame"))
        return fixedFormat(path);
    if (pandasType == QLatin1String("series"))
        return fixedSeries(path);
    if (!pandasType.isEmpty())
        return notATable(path, QStringLiteral("pandas type \"%1\" is not supported").arg(pandasType));
    return matrixWithNames(path, siblings);
}

void FrameReader::annotate(const QString& groupPath, QList<H5Node>& children) const
{
    if (textAttribute(m_image, groupPath, "pandas_type").endsWith(QLatin1String("_table")))
        children.removeIf([](const H5Node& n) { return n.name == QLatin1String("_i_table"); });
    const QList<H5Node> listing = children;
    for (H5Node& node : children) {
        const bool candidate
            = (node.kind == NodeKind::Group && rawAttribute(m_image, node.path, "pandas_type"))
            || (node.kind == NodeKind::Dataset && node.shape.size() == 2);
        if (!candidate)
            continue;
        if (auto p = planWith(node.path, &listing))
            node.tableSummary = p->description.summary();
    }
}

// ---- pandas table format ------------------------------------------------------------------------

Result<FramePlan> FrameReader::tableFormat(const QString& path) const
{
    const QString table = child(path, QStringLiteral("table"));
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
            auto labels = texts(child(path, QStringLiteral("meta/%1/meta/table").arg(block)), rows,
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
    if (!column)
        return column.error();
    const H5Reader reader(m_image);
    auto info = reader.info(dataset);
    const qint64 n = info ? info->dataset.shape.value(0) : 0;
    if (n > kMaxLabels)
        return Error(
            Error::Code::TooLarge, QStringLiteral("%1 has over %2 values").arg(dataset).arg(kMaxLabels));
    auto stored = reader.readPage(dataset, PageRequest {column->view, 0, n, 0, 1});
    if (!stored)
        return stored.error();
    auto shown = readColumn(*column, stored->columns.value(0), 0, n);
    if (!shown)
        return shown.error();
    QStringList labels;
    labels.reserve(n);
    for (qint64 i = 0; i < n; ++i)
        labels << shown->text(i);
    return labels;
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
            const QString level = child(path, QStringLiteral("axis1_level%1").arg(i));
            auto labels = levelLabels(level);
            if (!labels)
                return labels.error();
            const QString codes = child(path, QStringLiteral("axis1_label%1").arg(i));
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
        auto index = fixedAxisColumn(child(path, QStringLiteral("axis1")), spec);
        if (!index)
            return badLayout(path, index.error().message);
        plan.columns << *index;
        plan.description.columns << spec;
        plan.description.rows = axisLength(index->dataset);
    }
    plan.description.indexColumns = int(plan.columns.size());
    // Blocks hold the columns by type; axis0 gives the frame's order.
    auto order = texts(child(path, QStringLiteral("axis0")));
    if (!order)
        return badLayout(path, order.error().message);
    QHash<QString, std::pair<FrameColumn, ColumnSpec>> stored;
    const int blocks = textAttribute(m_image, path, "nblocks").toInt();
    for (int b = 0; b < blocks; ++b) {
        auto items = texts(child(path, QStringLiteral("block%1_items").arg(b)));
        if (!items)
            return badLayout(path, items.error().message);
        const QString values = child(path, QStringLiteral("block%1_values").arg(b));
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
        auto column = fixedAxisColumn(child(path, QLatin1String(part)), spec);
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

// ---- A matrix with a sibling dataset of column names -----------------------------------------

Result<FramePlan> FrameReader::matrixWithNames(const QString& path, const QList<H5Node>* known) const
{
    const H5Reader reader(m_image);
    auto info = reader.info(path);
    if (!info || info->kind != NodeKind::Dataset || info->dataset.rank() != 2
        || info->dataset.fields.size() != 1 || info->dataset.fields[0].kind == CellKind::Text)
        return notATable(path, QStringLiteral("not a numeric matrix with column names"));
    const qint64 rows = info->dataset.shape[0];
    const qint64 cols = info->dataset.shape[1];
    const QString parent = path.section(QLatin1Char('/'), 0, -2, QString::SectionSkipEmpty);
    const QString group = QLatin1Char('/') + parent;
    if (rawAttribute(m_image, group, "pandas_type"))
        return notATable(path, QStringLiteral("it is one block of a pandas object"));
    auto siblings = known ? Result<QList<H5Node>>(*known) : reader.children(group);
    if (!siblings)
        return siblings.error();
    // The best-named sibling of the right length wins: names, then row index.
    auto score = [](const QString& name, std::initializer_list<const char*> hints) {
        for (const char* hint : hints) {
            if (name.contains(QLatin1String(hint), Qt::CaseInsensitive))
                return 2;
        }
        return 1;
    };
    const H5Node* names = nullptr;
    const H5Node* index = nullptr;
    int namesScore = 0, indexScore = 0;
    for (const H5Node& s : *siblings) {
        if (s.kind != NodeKind::Dataset || s.shape.size() != 1 || s.path == path)
            continue;
        const bool isText = s.typeName.startsWith(QLatin1String("string"));
        if (isText && s.shape[0] == cols) {
            const int sc = score(s.name, {"axis0", "columns", "names", "header", "fields"});
            if (sc > namesScore)
                names = &s, namesScore = sc;
        } else if (s.shape[0] == rows && s.shape[0] != cols) {
            const int sc = score(s.name, {"axis1", "index", "rows"});
            if (sc > 1 && sc > indexScore)
                index = &s, indexScore = sc;
        }
    }
    if (!names)
        return notATable(path, QStringLiteral("no sibling dataset holds %1 column names").arg(cols));
    auto columnNames = texts(names->path);
    if (!columnNames)
        return columnNames.error();
    FramePlan plan;
    plan.description.kind = QStringLiteral("Table");
    plan.description.layout = QStringLiteral("column names from %1").arg(names->name);
    plan.description.rows = rows;
    if (index) {
        ColumnSpec spec;
        auto column = fixedAxisColumn(index->path, spec);
        if (!column)
            return column.error();
        spec.name.clear();
        plan.columns << *column;
        plan.description.columns << spec;
        plan.description.indexColumns = 1;
    }
    for (qint64 c = 0; c < cols; ++c) {
        plan.columns << FrameColumn::at(path, DimView {0, 1, {0, 0}}, c);
        ColumnSpec spec = info->dataset.fields[0];
        spec.name = columnNames->at(c);
        plan.description.columns << spec;
    }
    return plan;
}

Result<QStringList> FrameReader::texts(const QString& dataset, const DimView& view, qint64 column) const
{
    const H5Reader reader(m_image);
    auto info = reader.info(dataset);
    if (!info || info->kind != NodeKind::Dataset)
        return Error(Error::Code::Corrupt, QStringLiteral("%1 is missing").arg(dataset));
    const qint64 n = info->dataset.shape.value(0);
    if (n > kMaxLabels)
        return Error(
            Error::Code::TooLarge, QStringLiteral("%1 has over %2 values").arg(dataset).arg(kMaxLabels));
    const DimView v = view.rowDim < 0 ? DimView::defaultFor(info->dataset.rank()) : view;
    auto page = reader.readPage(dataset, PageRequest {v, 0, n, column, 1});
    if (!page)
        return page.error();
    QStringList out;
    out.reserve(n);
    for (qint64 i = 0; i < n; ++i)
        out << page->text(i, 0);
    return out;
}

// ---- Reading pages ------------------------------------------------------------------------------

Result<ColumnData> FrameReader::readColumn(
    const FrameColumn& column, const ColumnData& stored, qint64 rowStart, qint64 rowCount) const
{
    switch (column.convert) {
    case Convert::None: return stored;
    case Convert::Bool: return FrameCells::booleans(stored);
    case Convert::DateTime: return FrameCells::timestamps(stored, column.unitNanos, column.timeZone);
    case Convert::TimeDelta: return FrameCells::timedeltas(stored, column.unitNanos);
    case Convert::Codes: return FrameCells::labelled(stored, column.labels);
    case Convert::NanText: return FrameCells::withoutNanRep(stored, column.nanRep);
    case Convert::Objects: break;
    }
    // A pickled block: decoded once per plan, then sliced.
    if (!column.objects->array) {
        H5Errors::silence();
        const QByteArray name = column.dataset.toUtf8();
        H5Handle dataset(H5Dopen2(m_image.file(), name.constData(), m_image.datasetAccess()));
        H5Handle vlen(H5Tvlen_create(H5T_NATIVE_UCHAR));
        H5Handle space(dataset ? H5Dget_space(dataset.id()) : H5I_INVALID_HID);
        hvl_t element {0, nullptr};
        if (!dataset || !space || H5Sget_simple_extent_npoints(space.id()) != 1
            || H5Dread(dataset.id(), vlen.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &element) < 0)
            column.objects->array = H5Errors::fromStack(Error::Code::Corrupt,
                QStringLiteral("Cannot read the pickled strings of %1").arg(column.dataset));
        else if (element.len > size_t(kMaxPickleBytes))
            column.objects->array = Error(
                Error::Code::TooLarge, QStringLiteral("%1 is a pickle of over 1 GiB").arg(column.dataset));
        else
            column.objects->array = Pickle::decodeObjectArray(
                QByteArray(static_cast<const char*>(element.p), qsizetype(element.len)));
        if (element.p)
            H5Dvlen_reclaim(vlen.id(), space.id(), H5P_DEFAULT, &element);
    }
    const Result<Pickle::ObjectArray>& array = *column.objects->array;
    if (!array)
        return array.error().prefixed(column.dataset);
    return FrameCells::objects(*array, column.column, column.objectsTransposed, rowStart, rowCount);
}

Result<Slice> FrameReader::read(
    const FramePlan& plan, const PageRequest& page, const std::function<void(qint64, qint64)>& progress) const
{
    const qint64 columns = plan.columns.size();
    if (page.rowStart < 0 || page.rowCount < 0 || page.rowStart > plan.description.rows - page.rowCount
        || page.colStart < 0 || page.colCount < 0 || page.colStart > columns - page.colCount)
        return Error(Error::Code::OutOfRange,
            QStringLiteral("The page is outside the %1 x %2 table").arg(plan.description.rows).arg(columns));
    Slice slice;
    slice.rowStart = page.rowStart;
    slice.rowCount = page.rowCount;
    slice.colStart = page.colStart;
    slice.colCount = page.colCount;
    slice.columns.resize(page.colCount);
    // One read per stored dataset and view, covering the stored columns this page needs.
    struct Span {
        qint64 first = std::numeric_limits<qint64>::max();
        qint64 last = -1;
    };
    QHash<QString, Span> spans;
    auto keyOf = [](const FrameColumn& c) {
        return c.dataset + QLatin1Char('|') + QString::number(c.view.rowDim) + QLatin1Char('|')
            + QString::number(c.view.colDim);
    };
    for (qint64 c = page.colStart; c < page.colStart + page.colCount; ++c) {
        const FrameColumn& fc = plan.columns[c];
        if (fc.convert == Convert::Objects)
            continue;
        Span& s = spans[keyOf(fc)];
        s.first = qMin(s.first, fc.column);
        s.last = qMax(s.last, fc.column);
    }
    const H5Reader reader(m_image);
    QHash<QString, Slice> pages;
    qint64 done = 0;
    for (auto it = spans.cbegin(); it != spans.cend(); ++it) {
        const FrameColumn* any = nullptr;
        for (qint64 c = page.colStart; c < page.colStart + page.colCount && !any; ++c) {
            if (keyOf(plan.columns[c]) == it.key())
                any = &plan.columns[c];
        }
        auto stored = reader.readPage(any->dataset,
            PageRequest {any->view, page.rowStart, page.rowCount, it->first, it->last - it->first + 1});
        if (!stored)
            return stored.error();
        pages.insert(it.key(), std::move(stored).value());
        if (progress)
            progress(++done, spans.size());
    }
    for (qint64 c = 0; c < page.colCount; ++c) {
        const FrameColumn& fc = plan.columns[page.colStart + c];
        const ColumnData none;
        const ColumnData& stored = fc.convert == Convert::Objects
            ? none
            : pages[keyOf(fc)].columns[fc.column - spans[keyOf(fc)].first];
        auto shown = readColumn(fc, stored, page.rowStart, page.rowCount);
        if (!shown)
            return shown.error().prefixed(
                QStringLiteral("Column %1").arg(plan.description.columns[page.colStart + c].name));
        slice.columns[c] = std::move(shown).value();
    }
    return slice;
}

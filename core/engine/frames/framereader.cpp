// SPDX-License-Identifier: MIT
// Named tables: which layout an object has, the "matrix + column names" layout, and reading
// pages of any planned table. The pandas layouts are in framepandas.cpp.
#include "frames/framereader.h"

#include "frames/framecells.h"
#include "frames/framelayout.h"
#include "h5fileimage.h"
#include "h5handle.h"
#include "h5reader.h"

#include <hdf5.h>

#include <QHash>

namespace H5Hdfs {

using namespace FrameLayout;

namespace {

using Convert = FrameColumn::Convert;

constexpr qint64 kMaxPickleBytes = 1LL << 30; // one pickled string block

// A fixed-format string block: one vlen uint8 element holding a pickled numpy object array.
// Decoded straight from the library's buffer, which is released after.
Result<Pickle::ObjectArray> decodePickledBlock(const H5FileImage& image, const QString& path)
{
    H5Errors::silence();
    const QByteArray name = path.toUtf8();
    H5Handle dataset(H5Dopen2(image.file(), name.constData(), image.datasetAccess()));
    H5Handle vlen(H5Tvlen_create(H5T_NATIVE_UCHAR));
    H5Handle space(dataset ? H5Dget_space(dataset.id()) : H5I_INVALID_HID);
    hvl_t element {0, nullptr};
    if (!dataset || !space || H5Sget_simple_extent_npoints(space.id()) != 1
        || H5Dread(dataset.id(), vlen.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &element) < 0)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot read the pickled strings of %1").arg(path));
    Result<Pickle::ObjectArray> decoded = element.len > size_t(kMaxPickleBytes)
        ? Result<Pickle::ObjectArray>(
            Error(Error::Code::TooLarge, QStringLiteral("%1 is a pickle of over 1 GiB").arg(path)))
        : Pickle::decodeObjectArray(
            QByteArray::fromRawData(static_cast<const char*>(element.p), qsizetype(element.len)));
    H5Dvlen_reclaim(vlen.id(), space.id(), H5P_DEFAULT, &element);
    return decoded;
}

// Whether a page of the column is read from its dataset (pickled blocks and row numbers are not).
bool isStored(const FrameColumn& column)
{
    return column.convert != Convert::Objects && column.convert != Convert::RowNumber;
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
    // pandas reads a PyTables table it did not write, or a group holding one as "table".
    if (textAttribute(m_image, path, "CLASS") == QLatin1String("TABLE"))
        return nativeTable(path);
    if (const QString table = childPath(path, QStringLiteral("table"));
        textAttribute(m_image, table, "CLASS") == QLatin1String("TABLE"))
        return nativeTable(table);
    return matrixWithNames(path, siblings);
}

QHash<QString, FramePlan> FrameReader::annotate(const QString& groupPath, QList<H5Node>& children) const
{
    QHash<QString, FramePlan> plans;
    if (textAttribute(m_image, groupPath, "pandas_type").endsWith(QLatin1String("_table")))
        children.removeIf([](const H5Node& n) { return n.name == QLatin1String("_i_table"); });
    const QList<H5Node> listing = children;
    // Only what planWith() can accept is planned (a listing of 10^4 matrices is not planned 10^4
    // times): pandas' groups and groups holding a PyTables "table" (as pandas reads them), matrices,
    // PyTables tables. So the tree marks exactly the objects the engine describes as tables.
    const auto holdsATable = [this](const QString& group) {
        const QString table = childPath(group, QStringLiteral("table"));
        return textAttribute(m_image, table, "CLASS") == QLatin1String("TABLE");
    };
    for (H5Node& node : children) {
        const bool candidate
            = (node.kind == NodeKind::Group
                  && (rawAttribute(m_image, node.path, "pandas_type") || holdsATable(node.path)))
            || (node.kind == NodeKind::Dataset && node.shape.size() == 2)
            || (node.kind == NodeKind::Dataset && node.shape.size() == 1
                && textAttribute(m_image, node.path, "CLASS") == QLatin1String("TABLE"));
        if (!candidate)
            continue;
        if (auto p = planWith(node.path, &listing)) {
            node.tableSummary = p->description.summary();
            plans.insert(node.path, std::move(p).value());
        }
    }
    return plans;
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
    return shownTexts(FrameColumn::at(dataset, view.rowDim < 0 ? DimView {0, -1, {0}} : view, column));
}

Result<QStringList> FrameReader::shownTexts(const FrameColumn& column) const
{
    const H5Reader reader(m_image);
    auto info = reader.info(column.dataset);
    if (!info || info->kind != NodeKind::Dataset)
        return Error(Error::Code::Corrupt, QStringLiteral("%1 is missing").arg(column.dataset));
    const qint64 n = info->dataset.shape.value(column.view.rowDim, 0);
    if (n > kMaxLabels)
        return Error(Error::Code::TooLarge,
            QStringLiteral("%1 has over %2 values").arg(column.dataset).arg(kMaxLabels));
    auto stored = reader.readPage(column.dataset, PageRequest {column.view, 0, n, column.column, 1});
    if (!stored)
        return stored.error();
    auto shown = readColumn(column, stored->columns.value(0), 0, n);
    if (!shown)
        return shown.error();
    QStringList out;
    out.reserve(n);
    for (qint64 i = 0; i < n; ++i)
        out << shown->text(i);
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
    case Convert::Period: return FrameCells::periods(stored, column.periodUnit);
    case Convert::RowNumber: return FrameCells::rowNumbers(rowStart, rowCount);
    case Convert::Objects: break;
    }
    // A pickled block: decoded once per plan, then sliced.
    if (!column.objects->array)
        column.objects->array = decodePickledBlock(m_image, column.dataset);
    const Result<Pickle::ObjectArray>& array = *column.objects->array;
    if (!array)
        return array.error().prefixed(column.dataset);
    return FrameCells::objects(*array, column.column, column.objectsTransposed, rowStart, rowCount);
}

Result<Page> FrameReader::read(
    const FramePlan& plan, const PageRequest& page, const std::function<void(qint64, qint64)>& progress) const
{
    const qint64 columns = plan.columns.size();
    if (page.rowStart < 0 || page.rowCount < 0 || page.rowStart > plan.description.rows - page.rowCount
        || page.colStart < 0 || page.colCount < 0 || page.colStart > columns - page.colCount)
        return Error(Error::Code::OutOfRange,
            QStringLiteral("The page is outside the %1 x %2 table").arg(plan.description.rows).arg(columns));
    Page slice;
    slice.rowStart = page.rowStart;
    slice.rowCount = page.rowCount;
    slice.colStart = page.colStart;
    slice.colCount = page.colCount;
    slice.columns.resize(page.colCount);
    // One read per stored dataset and view, covering the stored columns this page needs; the
    // Span keeps that read's result.
    struct Span {
        const FrameColumn* source = nullptr; ///< any column of the span: its dataset and view
        qint64 first = std::numeric_limits<qint64>::max();
        qint64 last = -1;
        Page stored;
    };
    QHash<QString, Span> spans;
    auto keyOf = [](const FrameColumn& c) {
        return c.dataset + QLatin1Char('|') + QString::number(c.view.rowDim) + QLatin1Char('|')
            + QString::number(c.view.colDim);
    };
    for (qint64 c = page.colStart; c < page.colStart + page.colCount; ++c) {
        const FrameColumn& fc = plan.columns[c];
        if (!isStored(fc))
            continue; // decoded from the plan's pickle or counted, not read page by page
        Span& span = spans[keyOf(fc)];
        span.source = &fc;
        span.first = qMin(span.first, fc.column);
        span.last = qMax(span.last, fc.column);
    }
    const H5Reader reader(m_image);
    qint64 done = 0;
    for (Span& span : spans) {
        auto stored = reader.readPage(span.source->dataset,
            PageRequest {
                span.source->view, page.rowStart, page.rowCount, span.first, span.last - span.first + 1});
        if (!stored)
            return stored.error();
        span.stored = std::move(stored).value();
        if (progress)
            progress(++done, spans.size());
    }
    const ColumnData none;
    for (qint64 c = 0; c < page.colCount; ++c) {
        const FrameColumn& fc = plan.columns[page.colStart + c];
        const Span* span = isStored(fc) ? &spans[keyOf(fc)] : nullptr;
        const ColumnData& stored = span ? span->stored.columns[fc.column - span->first] : none;
        auto shown = readColumn(fc, stored, page.rowStart, page.rowCount);
        if (!shown)
            return shown.error().prefixed(
                QStringLiteral("Column %1").arg(plan.description.columns[page.colStart + c].name));
        slice.columns[c] = std::move(shown).value();
    }
    return slice;
}

} // namespace H5Hdfs

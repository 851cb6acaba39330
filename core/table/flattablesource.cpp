// SPDX-License-Identifier: MIT
#include "table/flattablesource.h"

#include "text/h5describe.h"

namespace H5Hdfs {

namespace {

// Copies one cell; the output column takes the page's kind, which the engine chose for the field.
void appendCell(ColumnData& to, const ColumnData& from, qint64 row)
{
    if (to.size() == 0)
        to.kind = from.kind;
    switch (from.kind) {
    case CellKind::Int: to.ints.push_back(from.ints[size_t(row)]); break;
    case CellKind::UInt: to.uints.push_back(from.uints[size_t(row)]); break;
    case CellKind::Float32:
    case CellKind::Float64: to.reals.push_back(from.reals[size_t(row)]); break;
    case CellKind::Text: to.texts.append(from.texts[row]); break;
    }
}

} // namespace

FlatTableSource::FlatTableSource(H5Service& service, H5Service::FileId file, QString path, DatasetInfo info)
    : m_pages(service, file)
    , m_ref(TableRef::ofDataset(file, std::move(path), info))
    , m_info(std::move(info))
{
    const int rank = m_info.rank();
    for (int d = 0; d < rank; ++d)
        m_columns.append({QStringLiteral("dim_%1").arg(d), CellKind::Int, QStringLiteral("index")});
    const QList<ColumnSpec> fields
        = m_info.fields.isEmpty() ? QList<ColumnSpec> {ColumnSpec {}} : m_info.fields;
    for (ColumnSpec field : fields) {
        if (field.name.isEmpty())
            field.name = QStringLiteral("value");
        m_columns.append(field);
    }
    m_fields = fields.size();
    m_rowLength = rank >= 1 ? m_info.shape[rank - 1] : 1;
    m_planeRows = rank >= 2 ? m_info.shape[rank - 2] : 1;
}

QString FlatTableSource::summary() const
{
    return H5Describe::cfSummary(m_info);
}

qint64 FlatTableSource::pageRows(qint64 columnCount) const
{
    // Aim at a quarter of the engine's per-read budget, assuming 8 bytes a cell at least.
    return qMax<qint64>(1, PageRequest::kMaxBytes / 4 / 8 / qMax<qint64>(1, columnCount));
}

DimView FlatTableSource::planeView(qint64 plane) const
{
    const int rank = m_info.rank();
    DimView view;
    view.rowDim = rank - 2;
    view.colDim = rank - 1;
    view.index = QList<qint64>(rank, 0);
    for (int d = rank - 3; d >= 0; --d) { // the leading dimensions count like digits, last fastest
        view.index[d] = plane % m_info.shape[d];
        plane /= m_info.shape[d];
    }
    return view;
}

Result<Page> FlatTableSource::read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns)
{
    Page out;
    out.rowStart = firstRow;
    out.colStart = firstColumn;
    out.colCount = columns;
    out.columns = QList<ColumnData>(m_columns.size()); // every column; cut to the asked ones below
    for (qint64 c = 0; c < m_info.rank(); ++c)
        out.columns[c].kind = CellKind::Int;
    const Status status = rows <= 0 || m_planeRows * m_rowLength == 0 ? Status()
        : smallPlanes()                                                ? readStacked(out, firstRow, rows)
                                                                       : readPlanes(out, firstRow, rows);
    if (status.isError())
        return status;
    out.rowCount = out.columns[0].size();
    out.columns = out.columns.mid(firstColumn, columns);
    return out;
}

bool FlatTableSource::smallPlanes() const
{
    // A read per plane costs a round trip to the worker: 200,000 planes of 3 x 3 would take
    // 200,000 of them. Such stacks are read a plane row at a time across many planes instead.
    return m_planeRows <= 64 && m_planeRows * m_rowLength <= 4096;
}

Status FlatTableSource::readPlanes(Page& out, qint64 firstRow, qint64 rows)
{
    const qint64 planeSize = m_planeRows * m_rowLength;
    for (qint64 done = 0; done < rows;) {
        const qint64 at = firstRow + done;
        const qint64 plane = at / planeSize;
        const qint64 viewRow = (at % planeSize) / m_rowLength;
        const qint64 pos = at % m_rowLength;
        // One rectangle per read: the rest of a row, or whole rows of the plane.
        const bool wholeRows = pos == 0 && rows - done >= m_rowLength;
        const qint64 viewRows = wholeRows ? qMin((rows - done) / m_rowLength, m_planeRows - viewRow) : 1;
        const qint64 count = wholeRows ? m_rowLength : qMin(m_rowLength - pos, rows - done);
        const DimView view = planeView(plane);
        auto page = m_pages.fetch(
            m_ref.withView(view).pageRequest(viewRow, viewRows, pos * m_fields, count * m_fields));
        if (!page)
            return page.error();
        for (qint64 r = 0; r < viewRows; ++r) {
            for (qint64 p = 0; p < count; ++p)
                appendElement(out, view.index, viewRow + r, pos + p, *page, r, p * m_fields);
        }
        done += viewRows * count;
    }
    return {};
}

// Runs of whole planes that share the leading indices: for each row j of a plane, one read of the
// rectangle (planes x the last dimension), then the elements in C order, within [firstRow, +rows).
Status FlatTableSource::readStacked(Page& out, qint64 firstRow, qint64 rows)
{
    const int rank = m_info.rank();
    const qint64 planeSize = m_planeRows * m_rowLength;
    const qint64 stack = m_info.shape[rank - 3];
    const qint64 lastPlane = (firstRow + rows - 1) / planeSize;
    for (qint64 plane = firstRow / planeSize; plane <= lastPlane;) {
        const qint64 first = plane % stack;
        const qint64 planes = qMin(stack - first, lastPlane - plane + 1);
        DimView view = planeView(plane);
        view.rowDim = rank - 3;
        QList<Page> pages; // one per plane row j: rows are the planes, columns the last dimension
        for (qint64 j = 0; j < m_planeRows; ++j) {
            view.index[rank - 2] = j;
            auto page = m_pages.fetch(m_ref.withView(view).pageRequest(first, planes, 0, m_rowLength * m_fields));
            if (!page)
                return page.error();
            pages.append(std::move(page).value());
        }
        for (qint64 p = 0; p < planes; ++p) {
            view.index[rank - 3] = first + p;
            for (qint64 j = 0; j < m_planeRows; ++j) {
                for (qint64 k = 0; k < m_rowLength; ++k) {
                    const qint64 row = (plane + p) * planeSize + j * m_rowLength + k;
                    if (row >= firstRow && row < firstRow + rows)
                        appendElement(out, view.index, j, k, pages[j], p, k * m_fields);
                }
            }
        }
        plane += planes;
    }
    return {};
}

// One output row: the element's indices (`leading` for all but the last two), then its fields,
// which start at `column` of `page`'s row `row`.
void FlatTableSource::appendElement(Page& out, const QList<qint64>& leading, qint64 j, qint64 k,
    const Page& page, qint64 row, qint64 column) const
{
    const int rank = m_info.rank();
    for (int d = 0; d < rank - 2; ++d)
        out.columns[d].ints.push_back(leading[d]);
    out.columns[rank - 2].ints.push_back(j);
    out.columns[rank - 1].ints.push_back(k);
    for (qint64 f = 0; f < m_fields; ++f)
        appendCell(out.columns[rank + f], page.columns[column + f], row);
}

Result<DimView> TableSources::parseSlice(const QString& text, const DatasetInfo& info)
{
    const QStringList parts = text.split(QLatin1Char(','));
    const int rank = info.rank();
    const auto bad = [&](const QString& why) {
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("bad --slice \"%1\" for a dataset of shape %2: %3")
                .arg(text, H5Describe::shape(info.shape), why));
    };
    if (rank == 0)
        return bad(QStringLiteral("a scalar dataset has no dimensions to slice"));
    if (parts.size() != rank)
        return bad(QStringLiteral("give %1 entries, one per dimension").arg(rank));
    DimView view;
    view.index = QList<qint64>(rank, 0);
    for (int d = 0; d < rank; ++d) {
        const QString part = parts[d].trimmed();
        if (part == QLatin1String(":")) {
            if (view.rowDim < 0)
                view.rowDim = d;
            else if (view.colDim < 0)
                view.colDim = d;
            else
                return bad(QStringLiteral("at most two ':' (the rows and the columns)"));
            continue;
        }
        bool ok = false;
        view.index[d] = part.toLongLong(&ok);
        if (!ok)
            return bad(QStringLiteral("\"%1\" is neither an index nor ':'").arg(part));
        if (view.index[d] < 0 || view.index[d] >= info.shape[d])
            return bad(QStringLiteral("index %1 is outside dimension %2 (0 to %3)")
                           .arg(view.index[d])
                           .arg(d)
                           .arg(info.shape[d] - 1));
    }
    if (view.rowDim < 0)
        return bad(QStringLiteral("mark the row dimension (and the column dimension) with ':'"));
    return view;
}

} // namespace H5Hdfs

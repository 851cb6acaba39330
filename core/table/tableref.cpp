// SPDX-License-Identifier: MIT
#include "table/tableref.h"

#include "table/datasettablesource.h"
#include "table/flattablesource.h"
#include "text/h5describe.h"

namespace H5Hdfs {

TableRef TableRef::ofDataset(H5Service::FileId file, QString path, DatasetInfo shown, const DimView& view)
{
    TableRef ref;
    ref.file = file;
    ref.path = std::move(path);
    ref.view = view.orDefaultFor(shown.rank());
    ref.dataset = std::move(shown);
    return ref;
}

TableRef TableRef::ofNamedTable(H5Service::FileId file, QString path, TableDescription table)
{
    TableRef ref;
    ref.file = file;
    ref.path = std::move(path);
    ref.named = std::move(table);
    return ref;
}

TableRef TableRef::withView(const DimView& other) const
{
    TableRef ref = *this;
    ref.view = other.orDefaultFor(dataset.rank());
    return ref;
}

TableGeometry TableRef::geometry() const
{
    if (named)
        return {named->rows, named->columns.size(), 1, named->columns};
    return TableGeometry::of(dataset, view);
}

QString TableRef::summary() const
{
    return named ? H5Describe::table(named->summary()) : H5Describe::cfSummary(dataset);
}

H5Request TableRef::pageRequest(
    qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns, bool labels) const
{
    if (named) { // the engine lays out a named table's columns itself: no view, nothing to unpack
        PageRequest page {{}, firstRow, rows, firstColumn, columns};
        page.labels = labels;
        return H5Request::readTable(path, page);
    }
    PageRequest page {view, firstRow, rows, firstColumn, columns};
    page.unpack = dataset.cfView;
    page.labels = labels;
    return H5Request::readPage(path, page);
}

TableSourceFactory TableRef::sourceFactory(H5Service& service) const
{
    return [&service, ref = *this]() -> std::unique_ptr<TableSource> {
        if (ref.named)
            return std::make_unique<FrameTableSource>(service, ref);
        if (ref.everyElement && ref.dataset.rank() >= 3)
            return std::make_unique<FlatTableSource>(service, ref.file, ref.path, ref.dataset);
        return std::make_unique<DatasetTableSource>(service, ref);
    };
}

namespace {

// The values that make a ref, in the form they cross the process boundary in.
QByteArray identity(const TableRef& r)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << r.file << r.path << r.named.has_value() << r.everyElement;
    if (r.named)
        out << *r.named;
    else
        out << r.dataset << r.dataset.cfView << r.view;
    return bytes;
}

} // namespace

bool operator==(const TableRef& a, const TableRef& b)
{
    return identity(a) == identity(b);
}

} // namespace H5Hdfs

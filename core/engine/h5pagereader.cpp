// SPDX-License-Identifier: MIT
// Reading one rectangular page of a dataset's table view.
#include "columnpool.h"
#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5netcdf.h"
#include "h5objectinfo.h"
#include "h5reader.h"

#include <hdf5.h>

#include <cstring>
#include <memory>

namespace H5Hdfs {

namespace {

// The datasets we refuse to read, because their bytes live in local files named by the image.
Status checkReadable(hid_t dcpl, const QString& path)
{
    if (H5Pget_layout(dcpl) == H5D_VIRTUAL)
        return Error(Error::Code::Unsupported,
            QStringLiteral("%1 is a virtual dataset: its data lives in other files, which are not opened")
                .arg(path));
    if (H5Pget_external_count(dcpl) > 0)
        return Error(Error::Code::Unsupported,
            QStringLiteral("%1 stores its data in external files, which are not opened").arg(path));
    for (const FilterInfo& f : H5ObjectInfo::filters(dcpl)) {
        if (!f.available && !f.optional)
            return Error(Error::Code::FilterMissing,
                QStringLiteral("Compression filter %1 (%2) is not available to read %3")
                    .arg(f.id)
                    .arg(H5ObjectInfo::filterName(f.id), path),
                QStringLiteral("Install the HDF5 filter plugin for filter id %1 (searched in the "
                               "library's plugin path).")
                    .arg(f.id));
    }
    return {};
}

Status checkRange(const PageRequest& r, const TableGeometry& g)
{
    if (r.rowStart < 0 || r.rowCount < 0 || r.rowStart > g.rows - r.rowCount || r.colStart < 0
        || r.colCount < 0 || r.colStart > g.cols - r.colCount)
        return Error(Error::Code::OutOfRange,
            QStringLiteral("Page rows %1+%2, columns %3+%4 is outside the %5 x %6 table")
                .arg(r.rowStart)
                .arg(r.rowCount)
                .arg(r.colStart)
                .arg(r.colCount)
                .arg(g.rows)
                .arg(g.cols));
    return {};
}

// Frees what the library allocated for vlen data in a read buffer, whatever happens after the read.
struct VlenReclaimer {
    const MemoryType& mem;
    qint64 elements;
    char* buffer;
    ~VlenReclaimer()
    {
        if (!mem.hasVlen())
            return;
        const hsize_t dims[1] = {hsize_t(elements)};
        H5Handle space(H5Screate_simple(1, dims, nullptr));
        H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, buffer);
    }
};

// Where a page sits in the dataset: the 2-D view and the positions along the column dimension.
struct PageBlock {
    DimView view;
    int rank = 0;
    qint64 firstPos = 0;
    qint64 posCount = 1;
};

// Reads `rows` table rows starting at `firstRow` into `buffer`, in the dataset's dimension order.
Status readBlock(hid_t dataset, hid_t fileSpace, const MemoryType& mem, const PageBlock& b, qint64 firstRow,
    qint64 rows, char* buffer)
{
    if (b.rank > 0) {
        std::vector<hsize_t> start(static_cast<size_t>(b.rank)), count(static_cast<size_t>(b.rank), 1);
        for (int d = 0; d < b.rank; ++d)
            start[size_t(d)] = hsize_t(b.view.index[d]);
        start[size_t(b.view.rowDim)] = hsize_t(firstRow);
        count[size_t(b.view.rowDim)] = hsize_t(rows);
        if (b.view.colDim >= 0) {
            start[size_t(b.view.colDim)] = hsize_t(b.firstPos);
            count[size_t(b.view.colDim)] = hsize_t(b.posCount);
        }
        if (H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
            return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("cannot select the page"));
    }
    const hsize_t memDims[1] = {hsize_t(rows * b.posCount)};
    H5Handle memSpace(H5Screate_simple(1, memDims, nullptr));
    // Zeroed, so that vlen pointers the library did not fill are null when reclaimed.
    std::memset(buffer, 0, size_t(rows * b.posCount) * mem.size());
    if (H5Dread(dataset, mem.id(), memSpace.id(), fileSpace, H5P_DEFAULT, buffer) < 0)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("the library failed"));
    return {};
}

// Appends a block's cells to the page's columns.
void decodeBlock(const MemoryType& mem, const PageBlock& b, const PageRequest& request, qint64 rows,
    const char* buffer, hid_t refLocation, Page& slice)
{
    const qint64 nFields = qint64(mem.leaves().size());
    // The file selection is laid out in memory in the dataset's dimension order.
    const bool rowsOuter = b.view.colDim < 0 || b.view.rowDim < b.view.colDim;
    for (qint64 c = 0; c < request.colCount; ++c) {
        const qint64 column = request.colStart + c;
        const Leaf& leaf = mem.leaves()[size_t(column % nFields)];
        const qint64 pos = column / nFields - b.firstPos;
        const qint64 first = rowsOuter ? pos : pos * rows;
        const size_t stride = (rowsOuter ? size_t(b.posCount) : 1) * mem.size();
        mem.decodeRun(leaf, buffer + size_t(first) * mem.size(), stride, rows, refLocation, slice.columns[c]);
    }
}

// The buffer a page is read into, kept for the next page of this thread: fresh memory costs a page
// fault and a zeroing for every 4 KiB, 15% of a float64 CSV export's faults (issue 18). readBlock()
// zeroes the buffer before each read, so a read sees what it would see in fresh memory (no libhdf5
// read of stale bytes, which is why the worker does not recycle memory in general). Null when the
// memory is not there.
char* blockBuffer(size_t bytes)
{
    thread_local std::unique_ptr<char[]> buffer;
    thread_local size_t size = 0;
    if (bytes > size) {
        buffer.reset(); // the old one goes first: two at once could be over the memory limit
        size = 0;
        buffer.reset(new (std::nothrow) char[bytes]);
        if (buffer)
            size = bytes;
    }
    return buffer.get();
}

// The values of the dimension scales of the page's rows and columns (netCDF coordinate variables),
// read for the page's positions only: a page of a 10^9-row variable reads 256 of its coordinates.
void addLabels(const H5Reader& reader, hid_t dataset, const DimView& view, const PageRequest& request,
    qint64 nFields, Page& slice)
{
    const QList<H5NetCdf::Dimension> dims
        = H5NetCdf::dimensions(reader.image(), dataset, int(view.index.size()));
    const auto scaleOf
        = [&dims](int dim) { return dim >= 0 && dim < dims.size() ? dims[dim].scalePath : QString(); };
    if (const QString rows = scaleOf(view.rowDim); !rows.isEmpty())
        slice.rowLabels
            = H5NetCdf::scaleLabels(reader, rows, request.rowStart, request.rowCount, request.unpack);
    // Columns are positions along colDim only when the element has one field.
    if (const QString columns = scaleOf(view.colDim); !columns.isEmpty() && nFields == 1)
        slice.columnLabels
            = H5NetCdf::scaleLabels(reader, columns, request.colStart, request.colCount, request.unpack);
}

} // namespace

Result<Page> H5Reader::readPage(const QString& datasetPath, const PageRequest& request,
    const std::function<void(qint64, qint64)>& progress) const
{
    H5Errors::silence();
    const QByteArray name = datasetPath.toUtf8();
    H5Handle dataset(H5Dopen2(m_image.file(), name.constData(), m_image.datasetAccess()));
    if (!dataset)
        return H5Errors::openFailure(
            datasetPath, Error::Code::NotFound, QStringLiteral("Cannot open dataset %1").arg(datasetPath));
    H5Handle fileType(H5Dget_type(dataset.id()));
    H5Handle fileSpace(H5Dget_space(dataset.id()));
    H5Handle dcpl(H5Dget_create_plist(dataset.id()));
    if (!fileType || !fileSpace || !dcpl)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot read the metadata of %1").arg(datasetPath));
    if (Status s = checkReadable(dcpl.id(), datasetPath); s.isError())
        return s;
    auto memType = MemoryType::of(fileType.id());
    if (!memType)
        return memType.error().prefixed(datasetPath);
    const MemoryType& mem = **memType;

    DatasetInfo shapeInfo;
    shapeInfo.nullSpace = H5Sget_simple_extent_type(fileSpace.id()) == H5S_NULL;
    shapeInfo.shape = H5ObjectInfo::shapeOf(fileSpace.id());
    shapeInfo.fields = mem.columns();
    const DimView view = request.view.index.isEmpty() && shapeInfo.rank() > 0
        ? [&] { DimView v = request.view; v.index = QList<qint64>(shapeInfo.rank(), 0); return v; }()
        : request.view;
    if (Status s = view.validate(shapeInfo); s.isError())
        return s;
    const TableGeometry geometry = TableGeometry::of(shapeInfo, view);
    if (Status s = checkRange(request, geometry); s.isError())
        return s;

    // Positions along the column dimension that the requested table columns touch.
    const qint64 nFields = qint64(mem.leaves().size());
    const qint64 firstPos = request.colStart / nFields;
    const qint64 posCount = request.colCount == 0
        ? 0
        : (request.colStart + request.colCount - 1) / nFields - firstPos + 1;
    // Checked before anything is allocated, the page's columns included (a row of tlayouto.h5 has
    // 2^28 of them).
    qint64 elements = 0;
    if (__builtin_mul_overflow(request.rowCount, posCount, &elements)
        || elements > kMaxPageBytes / qint64(mem.size()))
        return Error(Error::Code::TooLarge,
            QStringLiteral("A page of %1 x %2 cells of %3 is over the %4 MiB read budget")
                .arg(request.rowCount)
                .arg(request.colCount)
                .arg(datasetPath)
                .arg(kMaxPageBytes >> 20));

    Page slice;
    slice.rowStart = request.rowStart;
    slice.colStart = request.colStart;
    slice.rowCount = request.rowCount;
    slice.colCount = request.colCount;
    for (qint64 c = 0; c < request.colCount; ++c)
        slice.columns.append(
            ColumnData {mem.leaves()[size_t((request.colStart + c) % nFields)].cellKind(), {}, {}, {}, {}});
    if (request.rowCount == 0 || request.colCount == 0)
        return slice;

    // Read in blocks of rows: memory stays bounded by one block, and progress shows between blocks.
    const qint64 blockRows = qMax<qint64>(1, kBlockBytes / (posCount * qint64(mem.size())));
    const qint64 blockElements = qMin(blockRows, request.rowCount) * posCount;
    char* const buffer = blockBuffer(size_t(blockElements) * mem.size());
    if (!buffer)
        return Error(Error::Code::TooLarge, QStringLiteral("Out of memory reading %1").arg(datasetPath));
    for (qint64 c = 0; c < request.colCount; ++c)
        ColumnPool::reserve(slice.columns[c], request.rowCount);
    const PageBlock layout {view, shapeInfo.rank(), firstPos, posCount};
    for (qint64 done = 0; done < request.rowCount; done += blockRows) {
        const qint64 rows = qMin(blockRows, request.rowCount - done);
        if (Status s = readBlock(
                dataset.id(), fileSpace.id(), mem, layout, request.rowStart + done, rows, buffer);
            s.isError())
            return s.prefixed(QStringLiteral("Cannot read %1").arg(datasetPath));
        const VlenReclaimer reclaim {mem, rows * posCount, buffer};
        decodeBlock(mem, layout, request, rows, buffer, dataset.id(), slice);
        if (progress)
            progress(done + rows, request.rowCount);
    }
    if (request.unpack && nFields == 1) {
        const H5NetCdf::Packing packing = H5NetCdf::packing(dataset.id());
        for (ColumnData& column : slice.columns)
            H5NetCdf::unpack(packing, column);
    }
    if (request.labels)
        addLabels(*this, dataset.id(), view, request, nFields, slice);
    H5Errors::takeStack();
    return slice;
}

} // namespace H5Hdfs

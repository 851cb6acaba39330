// SPDX-License-Identifier: MIT
// Reading one rectangular page of a dataset's table view.
#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5objectinfo.h"
#include "h5reader.h"

#include <hdf5.h>

#include <memory>

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
    hid_t memType;
    hid_t memSpace;
    char* buffer;
    bool active;
    ~VlenReclaimer()
    {
        if (active)
            H5Dvlen_reclaim(memType, memSpace, H5P_DEFAULT, buffer);
    }
};

} // namespace

Result<Slice> H5Reader::readPage(const QString& datasetPath, const PageRequest& request) const
{
    H5Errors::silence();
    const QByteArray name = datasetPath.toUtf8();
    H5Handle dataset(H5Dopen2(m_image.file(), name.constData(), m_image.datasetAccess()));
    if (!dataset)
        return H5Errors::fromStack(
            Error::Code::NotFound, QStringLiteral("Cannot open dataset %1").arg(datasetPath));
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

    Slice slice;
    slice.rowStart = request.rowStart;
    slice.colStart = request.colStart;
    slice.rowCount = request.rowCount;
    slice.colCount = request.colCount;
    const qint64 nFields = qint64(mem.leaves().size());
    for (qint64 c = 0; c < request.colCount; ++c)
        slice.columns.append(
            ColumnData {mem.leaves()[size_t((request.colStart + c) % nFields)].cellKind(), {}, {}, {}, {}});
    if (request.rowCount == 0 || request.colCount == 0)
        return slice;

    // Positions along the column dimension that the requested table columns touch.
    const qint64 firstPos = request.colStart / nFields;
    const qint64 posCount = (request.colStart + request.colCount - 1) / nFields - firstPos + 1;
    qint64 elements = 0;
    if (__builtin_mul_overflow(request.rowCount, posCount, &elements)
        || elements > kMaxPageBytes / qint64(mem.size()))
        return Error(Error::Code::TooLarge,
            QStringLiteral("A page of %1 x %2 cells of %3 is over the %4 MiB read budget")
                .arg(request.rowCount)
                .arg(request.colCount)
                .arg(datasetPath)
                .arg(kMaxPageBytes >> 20));

    const int rank = shapeInfo.rank();
    if (rank > 0) {
        std::vector<hsize_t> start(static_cast<size_t>(rank)), count(size_t(rank), 1);
        for (int d = 0; d < rank; ++d)
            start[size_t(d)] = hsize_t(view.index[d]);
        start[size_t(view.rowDim)] = hsize_t(request.rowStart);
        count[size_t(view.rowDim)] = hsize_t(request.rowCount);
        if (view.colDim >= 0) {
            start[size_t(view.colDim)] = hsize_t(firstPos);
            count[size_t(view.colDim)] = hsize_t(posCount);
        }
        if (H5Sselect_hyperslab(fileSpace.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr)
            < 0)
            return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("Cannot select the page"));
    }
    const hsize_t memDims[1] = {hsize_t(elements)};
    H5Handle memSpace(H5Screate_simple(1, memDims, nullptr));
    std::unique_ptr<char[]> buffer(new (std::nothrow) char[size_t(elements) * mem.size()]());
    if (!buffer)
        return Error(Error::Code::TooLarge, QStringLiteral("Out of memory reading %1").arg(datasetPath));
    if (H5Dread(dataset.id(), mem.id(), memSpace.id(), fileSpace.id(), H5P_DEFAULT, buffer.get()) < 0)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("Cannot read %1").arg(datasetPath));
    VlenReclaimer reclaim {mem.id(), memSpace.id(), buffer.get(), mem.hasVlen()};

    // The file selection is laid out in memory in the dataset's dimension order.
    const bool rowsOuter = view.colDim < 0 || view.rowDim < view.colDim;
    for (qint64 c = 0; c < request.colCount; ++c) {
        const qint64 column = request.colStart + c;
        const Leaf& leaf = mem.leaves()[size_t(column % nFields)];
        const qint64 pos = column / nFields - firstPos;
        ColumnData& out = slice.columns[c];
        out.reserve(request.rowCount);
        for (qint64 r = 0; r < request.rowCount; ++r) {
            const qint64 element = rowsOuter ? r * posCount + pos : pos * request.rowCount + r;
            mem.decode(leaf, buffer.get() + size_t(element) * mem.size(), dataset.id(), out);
        }
    }
    H5Errors::takeStack();
    return slice;
}

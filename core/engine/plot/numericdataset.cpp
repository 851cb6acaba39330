// SPDX-License-Identifier: MIT
#include "plot/numericdataset.h"

#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5objectinfo.h"
#include "h5reader.h"

#include <hdf5.h>

#include <algorithm>

namespace H5Hdfs {

Result<std::unique_ptr<NumericDataset>> NumericDataset::open(
    const H5FileImage& image, const QString& path, const DimView& asked, bool unpack)
{
    H5Errors::silence();
    auto d = std::unique_ptr<NumericDataset>(new NumericDataset);
    const QByteArray name = path.toUtf8();
    d->m_dataset = H5Handle(H5Dopen2(image.file(), name.constData(), image.datasetAccess()));
    if (!d->m_dataset)
        return H5Errors::openFailure(
            path, Error::Code::NotFound, QStringLiteral("Cannot open dataset %1").arg(path));
    H5Handle type(H5Dget_type(d->m_dataset.id()));
    d->m_space = H5Handle(H5Dget_space(d->m_dataset.id()));
    if (!type || !d->m_space)
        return H5Errors::fromStack(Error::Code::Corrupt, QStringLiteral("Cannot read the metadata of %1").arg(path));
    const H5T_class_t cls = H5Tget_class(type.id());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        return Error(Error::Code::Unsupported, QStringLiteral("%1 does not hold plain numbers").arg(path));
    d->m_float32 = cls == H5T_FLOAT && H5Tget_size(type.id()) == 4;
    d->m_info.shape = H5ObjectInfo::shapeOf(d->m_space.id());
    d->m_view = asked.orDefaultFor(d->m_info.rank());
    if (d->m_view.index.isEmpty())
        d->m_view.index = QList<qint64>(d->m_info.rank(), 0);
    if (d->m_info.rank() == 0)
        return Error(Error::Code::Unsupported, QStringLiteral("%1 is a single value: nothing to plot").arg(path));
    // The same refusals as a table page (virtual and external storage, missing filters, a bad
    // dimension choice): a page of no rows is only checked.
    PageRequest check;
    check.view = d->m_view;
    if (auto page = H5Reader(image).readPage(path, check); !page)
        return page.error();
    if (unpack)
        d->m_packing = H5NetCdf::packing(d->m_dataset.id());
    d->m_path = path;
    return d;
}

Status NumericDataset::read(const Box& b, double* out)
{
    const int rank = m_info.rank();
    const auto dims = static_cast<size_t>(rank);
    std::vector<hsize_t> start(dims), stride(dims, 1), count(dims, 1);
    for (int dim = 0; dim < rank; ++dim)
        start[size_t(dim)] = hsize_t(m_view.index[dim]);
    auto along = [&](int dim, qint64 first, qint64 step, qint64 n) {
        start[size_t(dim)] = hsize_t(first);
        stride[size_t(dim)] = hsize_t(step);
        count[size_t(dim)] = hsize_t(n);
    };
    along(m_view.rowDim, b.rowStart, b.rowStep, b.rows);
    if (m_view.colDim >= 0)
        along(m_view.colDim, b.colStart, b.colStep, b.cols);
    if (H5Sselect_hyperslab(m_space.id(), H5S_SELECT_SET, start.data(), stride.data(), count.data(), nullptr) < 0)
        return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("cannot select a block of %1").arg(m_path));
    const qint64 n = b.rows * b.cols;
    const hsize_t memDims[1] = {hsize_t(n)};
    H5Handle memSpace(H5Screate_simple(1, memDims, nullptr));
    // The selection comes in the dataset's dimension order: columns outermost when colDim < rowDim.
    const bool transposed = m_view.colDim >= 0 && m_view.colDim < m_view.rowDim && b.rows > 1 && b.cols > 1;
    if (transposed)
        m_scratch.resize(size_t(n));
    double* target = transposed ? m_scratch.data() : out;
    if (H5Dread(m_dataset.id(), H5T_NATIVE_DOUBLE, memSpace.id(), m_space.id(), H5P_DEFAULT, target) < 0)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("Cannot read %1").arg(m_path));
    if (transposed) {
        for (qint64 c = 0; c < b.cols; ++c)
            for (qint64 r = 0; r < b.rows; ++r)
                out[r * b.cols + c] = m_scratch[size_t(c * b.rows + r)];
    }
    if (m_packing.changesValues())
        unpack(out, n);
    return {};
}

void NumericDataset::unpack(double* values, qint64 n) const
{
    ColumnData column;
    column.kind = CellKind::Float64;
    column.reals.assign(values, values + n);
    H5NetCdf::unpack(m_packing, column);
    std::copy(column.reals.begin(), column.reals.end(), values);
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plot/plotreader.h"

#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5handle.h"
#include "h5netcdf.h"
#include "h5objectinfo.h"
#include "h5reader.h"
#include "plot/reduce.h"
#include "frames/framereader.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace H5Hdfs {

namespace {

using Progress = std::function<void(qint64, qint64)>;

Error outOfRange(const QString& what, qint64 start, qint64 count, qint64 total, const QString& path)
{
    const QString asked = count < 0 ? QStringLiteral("%1 from %2").arg(what).arg(start)
                                    : QStringLiteral("%1 %2 to %3").arg(what).arg(start).arg(start + count - 1);
    return Error(Error::Code::OutOfRange,
        QStringLiteral("%1 are outside the %2 %3 of %4").arg(asked).arg(total).arg(what, path));
}

// [start, start + count) within [0, total); a count of -1 runs to the end.
Status resolveRange(const QString& what, qint64 total, qint64 start, qint64& count, const QString& path)
{
    if (count < 0 && start >= 0 && start <= total)
        count = total - start;
    if (start < 0 || count < 0 || start > total - count)
        return outOfRange(what, start, count, total, path);
    return {};
}

// A rectangle of an N-D dataset's 2-D view: `rows` positions along rowDim from rowStart every
// rowStep, and the same along colDim (cols is 1 when the view has no column dimension).
struct Box {
    qint64 rowStart = 0, rowStep = 1, rows = 0;
    qint64 colStart = 0, colStep = 1, cols = 1;
};

// A dataset of plain numbers (integers or floats, no compound), read by the library straight into
// doubles: no per-cell decoding, so that 10^8 samples take a fraction of a second.
class NumericDataset {
public:
    static Result<std::unique_ptr<NumericDataset>> open(
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

    [[nodiscard]] const DimView& view() const { return m_view; }
    /// float32 as read: CF unpacking (scale_factor, add_offset) makes other numbers of them.
    [[nodiscard]] bool isFloat32() const { return m_float32 && !m_packing.changesValues(); }
    [[nodiscard]] qint64 length(int dim) const { return dim < 0 ? 1 : m_info.shape[dim]; }
    void setIndex(int dim, qint64 position) { m_view.index[dim] = position; }

    /// The box's values, row-major (rows x cols), unpacked when asked.
    Status read(const Box& b, double* out)
    {
        const int rank = m_info.rank();
        std::vector<hsize_t> start(static_cast<size_t>(rank)), stride(static_cast<size_t>(rank), 1), count(static_cast<size_t>(rank), 1);
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

private:
    NumericDataset() = default;

    void unpack(double* values, qint64 n) const
    {
        ColumnData column;
        column.kind = CellKind::Float64;
        column.reals.assign(values, values + n);
        H5NetCdf::unpack(m_packing, column);
        std::copy(column.reals.begin(), column.reals.end(), values);
    }

    QString m_path;
    H5Handle m_dataset;
    H5Handle m_space;
    DatasetInfo m_info;
    DimView m_view;
    H5NetCdf::Packing m_packing;
    std::vector<double> m_scratch;
    bool m_float32 = false;
};

// One column of a table's rows as doubles, block by block.
class ColumnSource {
public:
    virtual ~ColumnSource() = default;
    [[nodiscard]] virtual qint64 rows() const = 0;
    /// Rows read at once: a numeric dataset reads big blocks, decoded pages smaller ones.
    [[nodiscard]] virtual qint64 blockRows() const = 0;
    virtual Status read(qint64 row, qint64 n, std::vector<double>& out) = 0;
    /// float32 values: numpy bins them with float32 edges.
    [[nodiscard]] virtual bool isFloat32() = 0;
    /// Times, read as seconds since 1970-01-01 UTC.
    [[nodiscard]] virtual bool isTime() const { return false; }
};

class NumericColumn final : public ColumnSource {
public:
    NumericColumn(std::unique_ptr<NumericDataset> d, qint64 position)
        : m_data(std::move(d))
        , m_position(position)
    {
    }
    [[nodiscard]] qint64 rows() const override { return m_data->length(m_data->view().rowDim); }
    [[nodiscard]] qint64 blockRows() const override { return PlotReader::kBlockValues; }
    Status read(qint64 row, qint64 n, std::vector<double>& out) override
    {
        out.resize(size_t(n));
        return m_data->read(Box {row, 1, n, m_position, 1, 1}, out.data());
    }
    [[nodiscard]] bool isFloat32() override { return m_data->isFloat32(); }

private:
    std::unique_ptr<NumericDataset> m_data;
    qint64 m_position;
};

// Anything else (compound fields, DataFrame columns, enums) through the table's own page reading,
// so that a plotted column holds what the table shows; text reads as NaN.
// A pandas time column read as its stored ticks: `secondsPerTick` makes them seconds, and the
// smallest int64 is NaT.
struct Ticks {
    double secondsPerTick = 0; ///< 0: not ticks
    bool time = false;         ///< a point in time (datetime64), not a duration
};

class PageColumn final : public ColumnSource {
public:
    using ReadPage = std::function<Result<Page>(const PageRequest&)>;
    PageColumn(qint64 rows, PageRequest page, ReadPage readPage, Ticks ticks = {})
        : m_rows(rows)
        , m_page(std::move(page))
        , m_readPage(std::move(readPage))
        , m_ticks(ticks)
    {
    }
    [[nodiscard]] qint64 rows() const override { return m_rows; }
    [[nodiscard]] qint64 blockRows() const override { return 1 << 16; }
    Status read(qint64 row, qint64 n, std::vector<double>& out) override
    {
        PageRequest page = m_page;
        page.rowStart = row;
        page.rowCount = n;
        auto slice = m_readPage(page);
        if (!slice)
            return slice.error();
        const ColumnData& c = slice->columns.at(0);
        m_kind = c.kind;
        out.resize(size_t(n));
        for (qint64 i = 0; i < n; ++i) {
            const auto at = size_t(i);
            if (m_ticks.secondsPerTick > 0 && c.kind == CellKind::Int) {
                const qint64 tick = c.ints[at];
                out[at] = tick == std::numeric_limits<qint64>::min() ? std::nan("") : double(tick) * m_ticks.secondsPerTick;
                continue;
            }
            out[at] = c.kind == CellKind::Int ? double(c.ints[at])
                : c.kind == CellKind::UInt    ? double(c.uints[at])
                : c.kind == CellKind::Text    ? std::nan("")
                                              : c.reals[at];
        }
        return {};
    }
    [[nodiscard]] bool isFloat32() override
    {
        std::vector<double> first;
        if (!m_kind && m_rows > 0)
            (void)read(0, 1, first); // the kind of the cells decides; an error shows on the real read
        return m_kind == CellKind::Float32;
    }
    [[nodiscard]] bool isTime() const override { return m_ticks.time; }

private:
    qint64 m_rows;
    PageRequest m_page;
    ReadPage m_readPage;
    Ticks m_ticks;
    std::optional<CellKind> m_kind; ///< of the cells read so far
};

// A named table's column; its times (datetime64, timedelta64) as seconds, read from their stored
// ticks rather than from the text the table shows.
std::unique_ptr<ColumnSource> tableColumn(const H5FileImage& image, const FramePlan& plan, PageRequest page)
{
    FramePlan copy = plan;
    FrameColumn& stored = copy.columns[page.colStart];
    Ticks ticks;
    if (stored.convert == FrameColumn::Convert::DateTime || stored.convert == FrameColumn::Convert::TimeDelta) {
        ticks.secondsPerTick = double(stored.unitNanos) / 1e9;
        ticks.time = stored.convert == FrameColumn::Convert::DateTime;
        stored.convert = FrameColumn::Convert::None;
    }
    return std::make_unique<PageColumn>(plan.description.rows, page,
        [&image, copy](const PageRequest& p) { return FrameReader(image).read(copy, p); }, ticks);
}

// Column `column` of the plotted object (the request's column, or its x column).
Result<std::unique_ptr<ColumnSource>> columnSource(
    const H5FileImage& image, const QString& path, const PlotRequest& r, const FramePlan* plan, qint64 column)
{
    PageRequest page;
    page.colStart = column;
    page.colCount = 1;
    page.unpack = r.unpack;
    if (r.table) {
        if (!plan || column < 0 || column >= plan->description.columns.size())
            return Error(Error::Code::OutOfRange, QStringLiteral("%1 has no column %2").arg(path).arg(column));
        return tableColumn(image, *plan, page);
    }
    auto numeric = NumericDataset::open(image, path, r.view, r.unpack);
    if (numeric) {
        const qint64 positions = (*numeric)->length((*numeric)->view().colDim);
        if (column < 0 || column >= positions)
            return Error(Error::Code::OutOfRange, QStringLiteral("%1 has no column %2").arg(path).arg(column));
        return std::unique_ptr<ColumnSource>(new NumericColumn(std::move(numeric).value(), column));
    }
    if (numeric.error().code != Error::Code::Unsupported)
        return numeric.error();
    // Not plain numbers: the page reader decides what the column holds.
    const H5Reader reader(image);
    auto info = reader.info(path);
    if (!info)
        return info.error();
    const DimView view = r.view.orDefaultFor(info->dataset.rank());
    if (view.rowDim < 0)
        return Error(Error::Code::Unsupported, QStringLiteral("%1 is a single value: nothing to plot").arg(path));
    page.view = view;
    return std::unique_ptr<ColumnSource>(new PageColumn(info->dataset.shape[view.rowDim], page,
        [&image, path](const PageRequest& p) { return H5Reader(image).readPage(path, p); }));
}

// Calls `each(values)` for every block of the source's rows [start, start + count).
Status forEachBlock(ColumnSource& source, qint64 start, qint64 count, const Progress& progress,
    qint64 doneBefore, qint64 total, const std::function<void(const std::vector<double>&)>& each)
{
    std::vector<double> block;
    for (qint64 done = 0; done < count;) {
        const qint64 n = qMin(source.blockRows(), count - done);
        if (Status s = source.read(start + done, n, block); s.isError())
            return s;
        each(block);
        done += n;
        if (progress)
            progress(doneBefore + done, total);
    }
    return {};
}

// The rows a line reads, relative to its first row: all of them in one run or, past maxValues, a
// run from the middle of each of `buckets` equal stretches of rows (contiguous runs touch few
// chunks, where single strided rows would touch them all).
QList<std::pair<qint64, qint64>> rowRuns(qint64 rowCount, int buckets, qint64 maxValues)
{
    if (maxValues <= 0 || rowCount <= maxValues)
        return {{0, rowCount}};
    const qint64 n = std::clamp<qint64>(rowCount, 1, qMax(buckets, 1));
    const qint64 run = qMax<qint64>(1, maxValues / n);
    QList<std::pair<qint64, qint64>> runs;
    for (qint64 b = 0; b < n; ++b) {
        const auto first = qint64(__int128(rowCount) * b / n), end = qint64(__int128(rowCount) * (b + 1) / n);
        const qint64 length = qMin(run, end - first);
        runs.append({first + (end - first - length) / 2, length});
    }
    return runs;
}

// What every plot starts from: the request's kind and rows, the rows checked against the `rows` there are.
Result<PlotData> plotOfRows(const PlotRequest& r, qint64 rows, const QString& path)
{
    PlotData data;
    data.kind = r.kind;
    data.rowStart = r.rowStart;
    data.rowCount = r.rowCount;
    if (Status s = resolveRange(QStringLiteral("rows"), rows, r.rowStart, data.rowCount, path); s.isError())
        return s;
    return data;
}

// A line against another column: the rows' y binned by their x (lineByX's passes over the runs).
Result<PlotData> lineByX(ColumnSource& ys, ColumnSource& xs, const QString& path, const PlotRequest& r,
    const Progress& progress)
{
    Result<PlotData> started = plotOfRows(r, ys.rows(), path);
    if (!started)
        return started.error();
    PlotData data = std::move(*started);
    if (xs.rows() != ys.rows())
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("%1: column %2 has %3 rows, column %4 %5").arg(path).arg(r.xColumn).arg(xs.rows()).arg(r.column).arg(ys.rows()));
    const auto runs = rowRuns(data.rowCount, r.width, r.maxValues);
    data.sampled = runs.size() > 1 || runs.value(0).second < data.rowCount;
    qint64 perPass = 0;
    for (const auto& run : runs)
        perPass += run.second;
    const bool fixedRange = r.xMin < r.xMax;
    const qint64 total = perPass * (fixedRange ? 2 : 3); // x for the range, then x and y
    qint64 done = 0;
    // Calls each(x, y) per block of the runs; y is empty when only x is asked for.
    const auto pass = [&](bool withY, const std::function<void(const std::vector<double>&, const std::vector<double>&)>& each) -> Status {
        std::vector<double> x, y;
        for (const auto& [first, length] : runs) {
            for (qint64 at = 0; at < length;) {
                const qint64 n = qMin(qMin(xs.blockRows(), ys.blockRows()), length - at);
                const qint64 row = data.rowStart + first + at;
                if (Status s = xs.read(row, n, x); s.isError())
                    return s;
                if (withY) {
                    if (Status s = ys.read(row, n, y); s.isError())
                        return s;
                }
                each(x, y);
                at += n;
                done += n * (withY ? 2 : 1);
                if (progress)
                    progress(done, total);
            }
        }
        return {};
    };
    double lo = r.xMin, hi = r.xMax;
    if (!fixedRange) {
        ValueSummary range;
        const Status s = pass(false, [&range](const std::vector<double>& x, const std::vector<double>&) {
            for (double v : x)
                range.add(v);
        });
        if (s.isError())
            return s;
        lo = range.hasRange() ? range.min : 0.0;
        hi = range.hasRange() ? range.max : 1.0;
    }
    Reduce::XEnvelope envelope(lo, hi, r.width);
    const Status s = pass(true, [&](const std::vector<double>& x, const std::vector<double>& y) {
        envelope.add(x.data(), y.data(), qint64(x.size()));
        for (size_t i = 0; i < x.size(); ++i)
            if (envelope.bucketOf(x[i]) >= 0)
                data.summary.add(y[i]);
    });
    if (s.isError())
        return s;
    envelope.takeInto(data);
    data.xTime = xs.isTime();
    data.valuesRead = total;
    return data;
}

Result<PlotData> line(ColumnSource& source, const QString& path, const PlotRequest& r, const Progress& progress)
{
    Result<PlotData> started = plotOfRows(r, source.rows(), path);
    if (!started)
        return started.error();
    PlotData data = std::move(*started);
    Reduce::LineEnvelope envelope(data.rowCount, r.width);
    const auto summarise = [&data](const std::vector<double>& v) {
        for (double x : v)
            data.summary.add(x);
    };
    data.sampled = r.maxValues > 0 && data.rowCount > r.maxValues;
    if (!data.sampled) {
        const Status s = forEachBlock(source, data.rowStart, data.rowCount, progress, 0, data.rowCount,
            [&](const std::vector<double>& v) {
                envelope.add(v.data(), qint64(v.size()));
                summarise(v);
            });
        if (s.isError())
            return s;
        envelope.takeInto(data);
        data.valuesRead = data.rowCount;
        return data;
    }
    // Too many rows to read them all: a run from the middle of each pixel column's rows.
    const auto runs = rowRuns(data.rowCount, envelope.buckets(), r.maxValues);
    qint64 toRead = 0; // progress is rows read of rows to read, as for every reduction
    for (const auto& run : runs)
        toRead += run.second;
    for (int b = 0; b < runs.size(); ++b) {
        const auto [first, n] = runs[b];
        const Status s = forEachBlock(source, data.rowStart + first, n, progress, data.valuesRead, toRead,
            [&](const std::vector<double>& v) {
                envelope.addToBucket(b, v.data(), qint64(v.size()));
                summarise(v);
            });
        if (s.isError())
            return s;
        data.valuesRead += n;
    }
    envelope.takeInto(data);
    return data;
}

Result<PlotData> histogram(ColumnSource& source, const QString& path, const PlotRequest& r, const Progress& progress)
{
    Result<PlotData> started = plotOfRows(r, source.rows(), path);
    if (!started)
        return started.error();
    PlotData data = std::move(*started);
    const bool fixedRange = r.binMin < r.binMax;
    // Without a range, a first pass finds the finite values' range, as numpy's histogram does.
    const qint64 total = data.rowCount * (fixedRange ? 1 : 2);
    if (!fixedRange) {
        if (Status s = forEachBlock(source, data.rowStart, data.rowCount, progress, 0, total,
                [&](const std::vector<double>& v) {
                    for (double x : v)
                        data.summary.add(x);
                });
            s.isError())
            return s;
    }
    const double lo = fixedRange ? r.binMin : (data.summary.hasRange() ? data.summary.min : 0.0);
    const double hi = fixedRange ? r.binMax : (data.summary.hasRange() ? data.summary.max : 1.0);
    Reduce::Histogram bins(lo, hi, qBound(1, r.bins, 100'000), source.isFloat32());
    const Status s = forEachBlock(source, data.rowStart, data.rowCount, progress, total - data.rowCount, total,
        [&](const std::vector<double>& v) {
            bins.add(v.data(), qint64(v.size()));
            if (fixedRange)
                for (double x : v)
                    data.summary.add(x);
        });
    if (s.isError())
        return s;
    data.binMin = bins.lo();
    data.binMax = bins.hi();
    data.counts = bins.counts();
    data.valuesRead = total;
    return data;
}

// One plane of an image: strided (one cell per pixel) or block means, read in bands of rows.
Status imagePlane(NumericDataset& d, const Box& area, const Reduce::Axis& rows, const Reduce::Axis& cols,
    bool mean, int plane, Reduce::BlockMean& means, PlotData& data, const std::function<void(qint64)>& advance)
{
    std::vector<double> band;
    if (!mean) {
        const qint64 bandRows = qMax<qint64>(1, PlotReader::kBlockValues / cols.pixels);
        for (qint64 r = 0; r < rows.pixels; r += bandRows) {
            const qint64 n = qMin(bandRows, rows.pixels - r);
            band.resize(size_t(n * cols.pixels));
            const Box b {area.rowStart + r * rows.step, rows.step, n, area.colStart, cols.step, cols.pixels};
            if (Status s = d.read(b, band.data()); s.isError())
                return s;
            const qint64 offset = (qint64(plane) * rows.pixels + r) * cols.pixels;
            std::copy(band.begin(), band.end(), data.pixels.begin() + offset);
            advance(n * cols.pixels);
        }
        return {};
    }
    // Bands hold whole blocks of rows, so that each pixel row is finished in one band.
    const qint64 bandRows = rows.step * qMax<qint64>(1, PlotReader::kBlockValues / (rows.step * area.cols));
    for (qint64 r = 0; r < area.rows; r += bandRows) {
        const qint64 n = qMin(bandRows, area.rows - r);
        band.resize(size_t(n * area.cols));
        if (Status s = d.read(Box {area.rowStart + r, 1, n, area.colStart, 1, area.cols}, band.data()); s.isError())
            return s;
        means.addRows(plane, r, band.data(), n, area.cols);
        advance(n * area.cols);
    }
    return {};
}

Result<PlotData> image(const H5FileImage& file, const QString& path, const PlotRequest& r, const Progress& progress)
{
    auto opened = NumericDataset::open(file, path, r.view, r.unpack);
    if (!opened)
        return opened.error();
    NumericDataset& d = **opened;
    const DimView& view = d.view();
    if (view.colDim < 0)
        return Error(Error::Code::Unsupported, QStringLiteral("%1 has one dimension: an image needs two").arg(path));
    Result<PlotData> started = plotOfRows(r, d.length(view.rowDim), path);
    if (!started)
        return started.error();
    PlotData data = std::move(*started);
    data.colStart = r.colStart;
    data.colCount = r.colCount;
    if (Status s = resolveRange(QStringLiteral("columns"), d.length(view.colDim), r.colStart, data.colCount, path); s.isError())
        return s;
    const bool rgb = r.channelDim >= 0;
    if (rgb && (r.channelDim >= view.index.size() || r.channelDim == view.rowDim || r.channelDim == view.colDim
                   || d.length(r.channelDim) < 3 || d.length(r.channelDim) > 4))
        return Error(Error::Code::OutOfRange,
            QStringLiteral("dimension %1 of %2 is not a colour dimension of 3 or 4 positions").arg(r.channelDim).arg(path));
    data.planes = rgb ? int(d.length(r.channelDim)) : 1;
    const Reduce::Axis rows = Reduce::Axis::of(data.rowCount, r.height);
    const Reduce::Axis cols = Reduce::Axis::of(data.colCount, r.width);
    data.imageRows = rows.pixels;
    data.imageCols = cols.pixels;
    data.rowStep = rows.step;
    data.colStep = cols.step;
    data.blockMean = !r.strided && data.rowCount * data.colCount <= PlotReader::kMeanCells;
    data.pixels = QList<double>(qsizetype(data.planes * rows.pixels * cols.pixels), std::nan(""));
    Reduce::BlockMean means(data.blockMean ? rows : Reduce::Axis {}, data.blockMean ? cols : Reduce::Axis {}, data.planes);
    const qint64 perPlane = data.blockMean ? data.rowCount * data.colCount : rows.pixels * cols.pixels;
    const qint64 total = perPlane * data.planes;
    qint64 done = 0;
    auto advance = [&](qint64 n) {
        done += n;
        if (progress)
            progress(done, total);
    };
    const Box area {data.rowStart, 1, data.rowCount, data.colStart, 1, data.colCount};
    for (int plane = 0; plane < data.planes; ++plane) {
        if (rgb)
            d.setIndex(r.channelDim, plane);
        if (Status s = imagePlane(d, area, rows, cols, data.blockMean, plane, means, data, advance); s.isError())
            return s;
    }
    if (data.blockMean)
        data.pixels = means.means();
    for (double v : std::as_const(data.pixels))
        data.summary.add(v);
    data.valuesRead = total;
    return data;
}

} // namespace

Result<PlotData> PlotReader::run(
    const QString& path, const PlotRequest& request, const FramePlan* plan, const Progress& progress) const
{
    H5Errors::silence();
    if (request.kind == PlotRequest::Kind::Image) {
        if (request.table)
            return Error(Error::Code::Unsupported, QStringLiteral("%1 is a table: no image").arg(path));
        return image(m_image, path, request, progress);
    }
    auto source = columnSource(m_image, path, request, plan, request.column);
    if (!source)
        return source.error();
    if (request.kind == PlotRequest::Kind::Line && request.xColumn >= 0) {
        auto xs = columnSource(m_image, path, request, plan, request.xColumn);
        if (!xs)
            return xs.error();
        return lineByX(**source, **xs, path, request, progress);
    }
    return request.kind == PlotRequest::Kind::Line ? line(**source, path, request, progress)
                                                   : histogram(**source, path, request, progress);
}

} // namespace H5Hdfs

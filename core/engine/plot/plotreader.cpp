// SPDX-License-Identifier: MIT
#include "plot/plotreader.h"

#include "plot/columnsource.h"
#include "plot/numericdataset.h"
#include "plot/reduce.h"

#include <algorithm>
#include <cmath>
#include <functional>
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
Status imagePlane(NumericDataset& d, const NumericDataset::Box& area, const Reduce::Axis& rows,
    const Reduce::Axis& cols, bool mean, int plane, Reduce::BlockMean& means, PlotData& data,
    const std::function<void(qint64)>& advance)
{
    std::vector<double> band;
    if (!mean) {
        const qint64 bandRows = qMax<qint64>(1, PlotReader::kBlockValues / cols.pixels);
        for (qint64 r = 0; r < rows.pixels; r += bandRows) {
            const qint64 n = qMin(bandRows, rows.pixels - r);
            band.resize(size_t(n * cols.pixels));
            const NumericDataset::Box b {
                area.rowStart + r * rows.step, rows.step, n, area.colStart, cols.step, cols.pixels};
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
        const NumericDataset::Box b {area.rowStart + r, 1, n, area.colStart, 1, area.cols};
        if (Status s = d.read(b, band.data()); s.isError())
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
    const NumericDataset::Box area {data.rowStart, 1, data.rowCount, data.colStart, 1, data.colCount};
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
    auto source = ColumnSource::open(m_image, path, request, plan, request.column);
    if (!source)
        return source.error();
    if (request.kind == PlotRequest::Kind::Line && request.xColumn >= 0) {
        auto xs = ColumnSource::open(m_image, path, request, plan, request.xColumn);
        if (!xs)
            return xs.error();
        return lineByX(**source, **xs, path, request, progress);
    }
    return request.kind == PlotRequest::Kind::Line ? line(**source, path, request, progress)
                                                   : histogram(**source, path, request, progress);
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plottypes.h"

#include <cmath>

namespace H5Hdfs {

void ValueSummary::add(double v)
{
    if (std::isnan(v)) {
        ++nan;
    } else if (std::isinf(v)) {
        ++(v > 0 ? posInf : negInf);
    } else {
        ++count;
        min = std::min(min, v);
        max = std::max(max, v);
        const double delta = v - mean;
        mean += delta / double(count);
        m2 += delta * (v - mean);
    }
}

void ValueSummary::merge(const ValueSummary& o)
{
    nan += o.nan;
    posInf += o.posInf;
    negInf += o.negInf;
    if (o.count == 0)
        return;
    // Chan et al.'s pairwise combination of means and squared deviations.
    const double n = double(count + o.count);
    const double delta = o.mean - mean;
    m2 += o.m2 + delta * delta * double(count) * double(o.count) / n;
    mean += delta * double(o.count) / n;
    count += o.count;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
}

double ValueSummary::standardDeviation() const
{
    return count < 2 ? std::nan("") : std::sqrt(m2 / double(count - 1));
}

qint64 PlotData::bucketStart(qint64 i) const
{
    const qint64 n = mins.size();
    if (n == 0)
        return rowStart;
    // 128 bits: rowCount * i overflows 64 bits for 2^63-row datasets.
    return rowStart + qint64(__int128(rowCount) * i / n);
}

double PlotData::bucketX(qint64 i) const
{
    const qint64 n = mins.size();
    return n == 0 || i >= n ? xMax : xMin + (xMax - xMin) * double(i) / double(n);
}

double PlotData::bucketCentre(qint64 i) const
{
    if (byX)
        return (bucketX(i) + bucketX(i + 1)) / 2;
    return (double(bucketStart(i)) + double(bucketStart(i + 1) - 1)) / 2;
}

QDataStream& operator<<(QDataStream& out, const PlotRequest& v)
{
    return out << quint8(v.kind) << v.table << v.view << v.column << v.rowStart << v.rowCount << v.colStart
               << v.colCount << qint32(v.width) << qint32(v.height) << qint32(v.bins) << v.maxValues << v.binMin << v.binMax
               << v.strided << qint32(v.channelDim) << v.unpack << v.xColumn << v.xMin << v.xMax;
}

QDataStream& operator>>(QDataStream& in, PlotRequest& v)
{
    quint8 kind = 0;
    qint32 width = 0, height = 0, bins = 0, channelDim = -1;
    in >> kind >> v.table >> v.view >> v.column >> v.rowStart >> v.rowCount >> v.colStart >> v.colCount
        >> width >> height >> bins >> v.maxValues >> v.binMin >> v.binMax >> v.strided >> channelDim >> v.unpack
        >> v.xColumn >> v.xMin >> v.xMax;
    if (kind > quint8(PlotRequest::Kind::Histogram))
        in.setStatus(QDataStream::ReadCorruptData);
    v.kind = PlotRequest::Kind(kind);
    v.width = width;
    v.height = height;
    v.bins = bins;
    v.channelDim = channelDim;
    return in;
}

QDataStream& operator<<(QDataStream& out, const ValueSummary& v)
{
    return out << v.count << v.nan << v.posInf << v.negInf << v.min << v.max << v.mean << v.m2;
}

QDataStream& operator>>(QDataStream& in, ValueSummary& v)
{
    return in >> v.count >> v.nan >> v.posInf >> v.negInf >> v.min >> v.max >> v.mean >> v.m2;
}

QDataStream& operator<<(QDataStream& out, const PlotData& v)
{
    return out << quint8(v.kind) << v.rowStart << v.rowCount << v.colStart << v.colCount << v.summary
               << v.valuesRead << v.sampled << v.mins << v.maxs << v.byX << v.xTime << v.xMin << v.xMax << v.imageRows << v.imageCols << qint32(v.planes)
               << v.blockMean << v.rowStep << v.colStep << v.pixels << v.binMin << v.binMax << v.counts;
}

QDataStream& operator>>(QDataStream& in, PlotData& v)
{
    quint8 kind = 0;
    qint32 planes = 1;
    in >> kind >> v.rowStart >> v.rowCount >> v.colStart >> v.colCount >> v.summary >> v.valuesRead >> v.sampled;
    H5Stream::readList(in, v.mins);
    H5Stream::readList(in, v.maxs);
    in >> v.byX >> v.xTime >> v.xMin >> v.xMax >> v.imageRows >> v.imageCols >> planes >> v.blockMean >> v.rowStep >> v.colStep;
    H5Stream::readList(in, v.pixels);
    in >> v.binMin >> v.binMax;
    H5Stream::readList(in, v.counts);
    if (kind > quint8(PlotRequest::Kind::Histogram))
        in.setStatus(QDataStream::ReadCorruptData);
    v.kind = PlotRequest::Kind(kind);
    v.planes = planes;
    return in;
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plot/reduce.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace H5Hdfs {

namespace Reduce {

LineEnvelope::LineEnvelope(qint64 rowCount, int buckets)
    : m_rowCount(rowCount)
{
    const auto n = qsizetype(std::clamp<qint64>(rowCount, 0, qMax(buckets, 1)));
    m_mins = QList<double>(n, std::nan(""));
    m_maxs = QList<double>(n, std::nan(""));
    m_bucketEnd = endOf(0);
}

qint64 LineEnvelope::endOf(int bucket) const
{
    const qint64 n = m_mins.size();
    return n == 0 ? 0 : qint64(__int128(m_rowCount) * (bucket + 1) / n);
}

void LineEnvelope::add(const double* values, qint64 n)
{
    for (qint64 i = 0; i < n;) {
        while (m_next >= m_bucketEnd && m_bucket + 1 < m_mins.size())
            m_bucketEnd = endOf(++m_bucket);
        const qint64 run = qMin(n - i, qMax<qint64>(1, m_bucketEnd - m_next));
        addToBucket(m_bucket, values + i, run);
        i += run;
        m_next += run;
    }
}

void LineEnvelope::addToBucket(int bucket, const double* values, qint64 n)
{
    double lo = m_mins[bucket], hi = m_maxs[bucket];
    for (qint64 i = 0; i < n; ++i) {
        const double v = values[i];
        // NaN compares false: it is skipped, and the first number replaces the NaN a bucket starts with.
        if (!(lo <= v) && !std::isnan(v))
            lo = v;
        if (!(hi >= v) && !std::isnan(v))
            hi = v;
    }
    m_mins[bucket] = lo;
    m_maxs[bucket] = hi;
}

void LineEnvelope::takeInto(PlotData& data)
{
    data.mins = std::move(m_mins);
    data.maxs = std::move(m_maxs);
}

XEnvelope::XEnvelope(double lo, double hi, int buckets)
    : m_lo(lo)
    , m_hi(hi)
    , m_mins(qMax(buckets, 1), std::numeric_limits<double>::infinity())
    , m_maxs(m_mins.size(), -std::numeric_limits<double>::infinity())
{
    if (m_lo == m_hi) {
        m_lo -= 0.5;
        m_hi += 0.5;
    }
}

int XEnvelope::bucketOf(double x) const
{
    if (!(x >= m_lo && x <= m_hi))
        return -1;
    const auto n = int(m_mins.size());
    return std::min(int((x - m_lo) / (m_hi - m_lo) * n), n - 1);
}

void XEnvelope::add(const double* xs, const double* ys, qint64 n)
{
    for (qint64 i = 0; i < n; ++i) {
        const int b = bucketOf(xs[i]);
        if (b < 0)
            continue;
        double& lo = m_mins[b];
        double& hi = m_maxs[b];
        const double y = ys[i];
        if (std::isnan(y)) {
            if (lo > hi) // empty until now: a row without a number is a gap
                lo = hi = y;
        } else if (std::isnan(lo) || lo > hi) {
            lo = hi = y;
        } else {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
    }
}

void XEnvelope::takeInto(PlotData& data)
{
    data.byX = true;
    data.xMin = m_lo;
    data.xMax = m_hi;
    data.mins = std::move(m_mins);
    data.maxs = std::move(m_maxs);
}

Axis Axis::of(qint64 count, qint64 target)
{
    Axis a;
    if (count <= 0)
        return a;
    target = qMax<qint64>(target, 1);
    a.step = (count + target - 1) / target;
    a.pixels = (count + a.step - 1) / a.step;
    return a;
}

BlockMean::BlockMean(Axis rows, Axis cols, int planes)
    : m_rows(rows)
    , m_cols(cols)
    , m_sums(size_t(rows.pixels * cols.pixels * planes), 0.0)
    , m_counts(m_sums.size(), 0)
{
}

void BlockMean::addRows(int plane, qint64 firstRow, const double* values, qint64 rowCount, qint64 cols)
{
    const size_t planeOffset = size_t(plane * m_rows.pixels * m_cols.pixels);
    for (qint64 r = 0; r < rowCount; ++r) {
        const size_t rowOffset = planeOffset + size_t((firstRow + r) / m_rows.step * m_cols.pixels);
        const double* row = values + r * cols;
        for (qint64 c = 0; c < cols; ++c) {
            if (std::isnan(row[c]))
                continue;
            const size_t at = rowOffset + size_t(c / m_cols.step);
            m_sums[at] += row[c];
            ++m_counts[at];
        }
    }
}

QList<double> BlockMean::means() const
{
    QList<double> out(qsizetype(m_sums.size()));
    for (size_t i = 0; i < m_sums.size(); ++i)
        out[qsizetype(i)] = m_counts[i] ? m_sums[i] / double(m_counts[i]) : std::nan("");
    return out;
}

Histogram::Histogram(double lo, double hi, int bins, bool float32)
    : m_lo(lo)
    , m_hi(hi)
    , m_float32(float32)
    , m_counts(qMax(bins, 1), 0)
{
    if (m_lo == m_hi) {
        m_lo -= 0.5;
        m_hi += 0.5;
    }
    m_step = (m_hi - m_lo) / double(m_counts.size());
}

double Histogram::edge(int i) const
{
    // numpy.linspace: i * step + start, and the last edge exactly the stop, computed in double and
    // then given the bins' type.
    const double e = i == m_counts.size() ? m_hi : double(i) * m_step + m_lo;
    return m_float32 ? double(float(e)) : e;
}

void Histogram::add(const double* values, qint64 n)
{
    if (m_float32)
        return addFloat32(values, n);
    const int bins = int(m_counts.size());
    const double width = m_hi - m_lo;
    for (qint64 i = 0; i < n; ++i) {
        const double v = values[i];
        if (!(v >= m_lo && v <= m_hi))
            continue;
        // numpy's estimate, then its correction against the edges themselves: the edges decide.
        int at = std::min(int((v - m_lo) / width * bins), bins - 1);
        if (v < edge(at))
            --at;
        else if (at != bins - 1 && v >= edge(at + 1))
            ++at;
        ++m_counts[at];
    }
}

void Histogram::addFloat32(const double* values, qint64 n)
{
    // numpy casts the outer edges to float32 where they meet the data, and places each value with
    // float32 arithmetic: ((v - first) / (last - first)) * bins, truncated, then corrected against
    // the float32 edges.
    const int bins = int(m_counts.size());
    const auto lo = float(m_lo), hi = float(m_hi), width = float(m_hi - m_lo);
    std::vector<float> edges(size_t(bins) + 1);
    for (int i = 0; i <= bins; ++i)
        edges[size_t(i)] = float(edge(i));
    for (qint64 i = 0; i < n; ++i) {
        const auto v = float(values[i]);
        if (!(v >= lo && v <= hi))
            continue;
        const float position = (v - lo) / width * float(bins);
        int at = std::min(int(position), bins - 1);
        if (v < edges[size_t(at)])
            --at;
        else if (at != bins - 1 && v >= edges[size_t(at) + 1])
            ++at;
        ++m_counts[at];
    }
}

} // namespace Reduce

} // namespace H5Hdfs

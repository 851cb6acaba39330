// SPDX-License-Identifier: MIT
#pragma once

// The arithmetic of plot reductions, apart from any reading: values arrive in blocks, in order,
// and each reducer keeps only what it will send. Used by the worker (plotreader) and checked
// against brute force by tst_plotreduce.

#include "plottypes.h"

#include <vector>

namespace H5Hdfs {

namespace Reduce {

/// Min and max per bucket of rows, buckets as PlotData::bucketStart() defines them. NaN is skipped;
/// a bucket with no number stays NaN (a gap in the line).
class LineEnvelope {
public:
    LineEnvelope(qint64 rowCount, int buckets);
    /// The next `n` values, continuing where the previous block ended.
    void add(const double* values, qint64 n);
    /// Values of bucket `bucket` only (sampled lines read a run of each bucket's rows).
    void addToBucket(int bucket, const double* values, qint64 n);
    /// The offset of the first row of `bucket` (relative to the plotted range).
    [[nodiscard]] qint64 startOf(int bucket) const { return bucket == 0 ? 0 : endOf(bucket - 1); }
    [[nodiscard]] int buckets() const { return int(m_mins.size()); }
    void takeInto(PlotData& data);

private:
    qint64 m_rowCount;
    qint64 m_next = 0;   ///< offset of the next value
    int m_bucket = 0;    ///< bucket of the next value
    qint64 m_bucketEnd;  ///< first offset past m_bucket
    QList<double> m_mins;
    QList<double> m_maxs;
    [[nodiscard]] qint64 endOf(int bucket) const;
};

/// Min and max of y per equal bucket of x over [lo, hi], for lines against another column (a
/// DataFrame's index, a time): rows whose x is NaN or outside the range are skipped. A bucket no
/// row falls in stays empty (min +inf, max -inf: the line passes over it); one whose rows hold no
/// number is NaN (a gap). lo == hi widens to lo - 0.5 .. hi + 0.5.
class XEnvelope {
public:
    XEnvelope(double lo, double hi, int buckets);
    void add(const double* xs, const double* ys, qint64 n);
    /// The bucket of `x`, or -1 outside [lo, hi] (the last bucket closed).
    [[nodiscard]] int bucketOf(double x) const;
    [[nodiscard]] double lo() const { return m_lo; }
    [[nodiscard]] double hi() const { return m_hi; }
    void takeInto(PlotData& data);

private:
    double m_lo, m_hi;
    QList<double> m_mins;
    QList<double> m_maxs;
};

/// Along one image axis: `count` source cells shown in at most `target` pixels, each pixel a block of
/// `step` cells (the last one possibly shorter).
struct Axis {
    qint64 step = 1;
    qint64 pixels = 0;
    static Axis of(qint64 count, qint64 target);
};

/// Sums of the finite values per pixel, for block means.
class BlockMean {
public:
    BlockMean(Axis rows, Axis cols, int planes);
    /// `rowCount` source rows from source row `firstRow` (relative to the image's first row), each of
    /// `cols` values (every source column of the image, in order).
    void addRows(int plane, qint64 firstRow, const double* values, qint64 rowCount, qint64 cols);
    /// The means (NaN for a block without a number).
    [[nodiscard]] QList<double> means() const;

private:
    Axis m_rows, m_cols;
    std::vector<double> m_sums;
    std::vector<qint64> m_counts;
};

/// Equal-width bins over [lo, hi] as numpy.histogram computes them: edges lo + i*(hi-lo)/bins with the
/// last edge exactly hi, each value in the bin whose edges enclose it (the last bin closed); values
/// outside the range and NaN are not counted. lo == hi widens to lo - 0.5 .. hi + 0.5, as numpy does.
/// With `float32` (float32 data) the edges are float32 and so is the arithmetic that places a value,
/// as numpy does for a float32 array: its bins take the data's type.
class Histogram {
public:
    Histogram(double lo, double hi, int bins, bool float32 = false);
    void add(const double* values, qint64 n);
    /// The first and the last edge (in the bins' type).
    [[nodiscard]] double lo() const { return edge(0); }
    [[nodiscard]] double hi() const { return edge(int(m_counts.size())); }
    [[nodiscard]] const QList<qint64>& counts() const { return m_counts; }
    [[nodiscard]] double edge(int i) const;

private:
    void addFloat32(const double* values, qint64 n);

    double m_lo, m_hi, m_step;
    bool m_float32;
    QList<qint64> m_counts;
};

} // namespace Reduce

} // namespace H5Hdfs

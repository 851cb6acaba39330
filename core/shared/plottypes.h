// SPDX-License-Identifier: MIT
#pragma once

// What a plot asks the HDF5 worker for, and the reduced data it gets back. The worker reads the
// data in blocks and sends only what can be drawn: a min/max envelope per pixel column for lines,
// a strided or block-averaged image, histogram bins. Plain values that cross the worker pipe.

#include "h5types.h"

#include <limits>

namespace H5Hdfs {

/// One plot's question. Rows are the table's rows (a dataset seen through `view`, or a named table).
struct PlotRequest {
    enum class Kind : quint8 { Line, Image, Histogram };
    Kind kind = Kind::Line;
    bool table = false;  ///< the path is a named table (a DataFrame): `column` is one of its columns
    DimView view;        ///< datasets: rowDim runs along x (lines) or down the image, colDim across it
    qint64 column = 0;   ///< Line, Histogram: the table column, as in a PageRequest
    /// Line: the column along x (a DataFrame's index, a time); -1: the row number. Rows are then
    /// binned by their x over [xMin, xMax] (when xMin < xMax; else the x values' own range).
    qint64 xColumn = -1;
    double xMin = 0;
    double xMax = 0;
    qint64 rowStart = 0; ///< the rows plotted: [rowStart, rowStart + rowCount); rowCount -1: to the end
    qint64 rowCount = -1;
    qint64 colStart = 0; ///< Image: the columns shown; colCount -1: to the end
    qint64 colCount = -1;
    int width = 1000; ///< Line: pixel columns (min/max pairs); Image: the most columns sent
    int height = 1000; ///< Image: the most rows sent
    int bins = 100;    ///< Histogram
    /// Line: the most values read. A longer range is sampled: each pixel column's min and max come
    /// from a run of its rows in the middle of its range (PlotData::sampled); zooming in far enough
    /// reads every row. 0: no limit.
    qint64 maxValues = 1 << 24;
    /// Histogram: the binned range; when not binMin < binMax, the finite values' own range (as numpy's
    /// histogram does).
    double binMin = 0;
    double binMax = 0;
    bool strided = false; ///< Image: one cell per pixel even where block means would be cheap
    int channelDim = -1; ///< Image: an RGB(A) dimension whose positions become planes; -1: one plane
    bool unpack = false; ///< CF conventions: scale_factor/add_offset applied, missing values NaN
};

/// The finite values' count, range, mean and spread, and how many were NaN or infinite.
struct ValueSummary {
    qint64 count = 0; ///< finite values
    qint64 nan = 0;
    qint64 posInf = 0;
    qint64 negInf = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    double mean = 0;
    double m2 = 0; ///< sum of squared deviations from the mean (Welford)

    void add(double v);
    void merge(const ValueSummary& other);
    [[nodiscard]] bool hasRange() const { return count > 0; }
    /// Sample standard deviation (n - 1, as the Statistics panel and pandas); NaN below 2 values.
    [[nodiscard]] double standardDeviation() const;
};

/// The worker's answer to a PlotRequest.
struct PlotData {
    PlotRequest::Kind kind = PlotRequest::Kind::Line;
    qint64 rowStart = 0; ///< the rows (and for images columns) covered
    qint64 rowCount = 0;
    qint64 colStart = 0;
    qint64 colCount = 0;
    ValueSummary summary; ///< of every value read (Line, Histogram) or of the image sent (Image)
    qint64 valuesRead = 0; ///< elements the worker read from the file, for the curious and the tests
    bool sampled = false;  ///< Line: min and max of a run of rows per pixel column, not of all of them

    /// Line: bucket i covers rows [rowStart + i*rowCount/n, rowStart + (i+1)*rowCount/n), n buckets
    /// (integer division); its min and max are NaN when it holds no number (a gap).
    QList<double> mins;
    QList<double> maxs;
    /// Line against a column (PlotRequest::xColumn): bucket i covers x in [bucketX(i), bucketX(i+1)),
    /// the last one closed; a bucket no row's x falls in has min > max (+inf, -inf): the line passes
    /// over it. xTime: x is a time, seconds since 1970-01-01 UTC.
    bool byX = false;
    bool xTime = false;
    double xMin = 0;
    double xMax = 0;

    /// Image: planes x imageRows x imageCols values, row-major; pixel (r, c) is the mean of its block
    /// of source cells (blockMean) or the cell at (rowStart + r*rowStep, colStart + c*colStep).
    qint64 imageRows = 0;
    qint64 imageCols = 0;
    int planes = 1;
    bool blockMean = false;
    qint64 rowStep = 1;
    qint64 colStep = 1;
    QList<double> pixels;

    /// Histogram: counts of `bins` equal bins over [binMin, binMax] (the last one closed), numpy's.
    double binMin = 0;
    double binMax = 0;
    QList<qint64> counts;

    [[nodiscard]] double pixel(int plane, qint64 row, qint64 col) const
    {
        return pixels[(qint64(plane) * imageRows + row) * imageCols + col];
    }
    /// Line: the first row of bucket `i` (the row after the last for i == mins.size()).
    [[nodiscard]] qint64 bucketStart(qint64 i) const;
    /// Line by x: where bucket `i` starts along x (xMax for i == mins.size()).
    [[nodiscard]] double bucketX(qint64 i) const;
    /// Line: where bucket `i` is drawn along x (its middle row, or its middle x), and whether it
    /// holds rows at all.
    [[nodiscard]] double bucketCentre(qint64 i) const;
    [[nodiscard]] bool bucketHasRows(qint64 i) const { return !(mins[i] > maxs[i]); }
};

QDataStream& operator<<(QDataStream& out, const PlotRequest& v);
QDataStream& operator>>(QDataStream& in, PlotRequest& v);
QDataStream& operator<<(QDataStream& out, const ValueSummary& v);
QDataStream& operator>>(QDataStream& in, ValueSummary& v);
QDataStream& operator<<(QDataStream& out, const PlotData& v);
QDataStream& operator>>(QDataStream& in, PlotData& v);

} // namespace H5Hdfs

Q_DECLARE_METATYPE(H5Hdfs::PlotData)

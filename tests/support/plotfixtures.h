// SPDX-License-Identifier: MIT
#pragma once

// Files for the plot tests and benchmarks, written at test time; each value is a function of its
// position, given here so that tests compute what they expect by brute force.

#include <QString>
#include <cmath>

namespace H5Hdfs {

namespace PlotFixtures {

/// /signal: float64, chunks of 4096; sin(2 pi i / 1000), NaN on [5000, 6000), [70000, 70003) and 99999.
constexpr qint64 kSignalRows = 100'003;
double signal(qint64 i);
/// /cube: float64 (5, 101, 203), chunks (1, 32, 32); f * 1e5 + r * 1e3 + c, NaN at (1, 50, 100).
constexpr qint64 kFrames = 5, kCubeRows = 101, kCubeCols = 203;
double cube(qint64 f, qint64 r, qint64 c);
/// /rgb: uint8 (20, 30, 3): red r * 10, green c * 8, blue 128.
double rgb(qint64 r, qint64 c, qint64 channel);
/// Histogram data, the same formulas as tests/data/plot/make_histogram_reference.py:
/// /waves (10,000), /steps (1,000: i % 11), /constant (100 values 4.25).
constexpr qint64 kWaves = 10'000, kSteps = 1'000, kConstant = 100;
double waves(qint64 i);
/// float32 histogram data, the same formulas in make_histogram_reference.py: /waves32 (10,000 values
/// float32(waves(i))), /tenths32 (1,001 values float32(i * 0.1): many on or beside a bin edge).
constexpr qint64 kTenths = 1'001;
double tenths32(qint64 i);
/// /xy: float64 (20,011, 3), chunks (4096, 3): a line against a non-uniform x. Column 0 is x(i),
/// 1000 (i / n)^2 and NaN every 1013th row; column 1 sin(x / 7), NaN on rows [3000, 3400) and
/// +inf at row 5000; column 2 x / 10.
constexpr qint64 kXyRows = 20'011;
double xy(qint64 i, int column);
/// /ramp: float64 (64, 256), each row 0..255 (its column); /flat: float64 (64, 256) all 7.
/// /sine: float64 (2000): sin(2 pi i / 1000).
QString write(const QString& path);

/// A contiguous /big of `rows` values: float64 i * 1e-3, or with `bytes` uint8 i % 251 (a 10^8-row
/// test file of 95 MiB); and when side > 0 a float32 image /image of side x side, value r + c.
double big(qint64 i, bool bytes);
QString writeBig(const QString& path, qint64 rows, qint64 side, bool bytes = false);

} // namespace PlotFixtures

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// A time axis: lines against a time column (a DataFrame's DatetimeIndex) place their points at
// seconds since 1970-01-01 UTC, and their ticks fall on whole seconds, minutes, hours or days.

#include <QList>
#include <QString>

namespace H5Hdfs {

namespace TimeAxis {

/// About `count` ticks in [lo, hi] (seconds since 1970 UTC) at whole units of time.
QList<double> ticks(double lo, double hi, int count);
/// A tick's text, as precise as the spacing `step` between ticks (seconds) needs: "2026-01-31",
/// "01-31 06:30", "06:30:15" or "06:30:15.250".
QString label(double seconds, double step);
/// A time in full, to the millisecond when it has any: "2026-01-31 06:30:15".
QString fullText(double seconds);

} // namespace TimeAxis

} // namespace H5Hdfs

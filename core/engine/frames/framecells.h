// SPDX-License-Identifier: MIT
#pragma once

// How stored pandas cells are shown: as pandas itself prints them (DataFrame.to_csv).

#include "frames/pickle.h"
#include "h5types.h"

#include <QTimeZone>
#include <optional>

namespace H5Hdfs {

namespace FrameCells {

/// 0/1 → "False"/"True".
ColumnData booleans(const ColumnData& stored);
/// Ticks since the epoch → "2026-01-01 06:30:15", with ".123" (to the needed precision) and the
/// zone's offset ("+01:00") for aware columns; NaT (INT64_MIN) → "". A naive page whose times are
/// all midnight → "2026-01-01", as pandas writes it.
ColumnData timestamps(const ColumnData& stored, qint64 unitNanos, const std::optional<QTimeZone>& zone);
/// One timestamp, as above.
QString timestamp(qint64 nanos, const std::optional<QTimeZone>& zone);
/// Ticks → "1 days 02:03:04" (pandas' Timedelta text), or "1 days" when every value of the page is
/// whole days; NaT → "".
ColumnData timedeltas(const ColumnData& stored, qint64 unitNanos);
/// The calendar unit of a pandas Period: its frequency without multiples ("D", "M", "Q-DEC", ...).
enum class PeriodUnit : quint8 { Year, Quarter, Month, Day, Hour, Minute, Second };
/// Period ordinals (units since 1970) → pandas' Period text: "2015", "2015Q1", "2015-01",
/// "2015-01-01", "2015-01-01 06:00", "2015-01-01 06:30", "2015-01-01 06:30:15"; NaT → "".
ColumnData periods(const ColumnData& ordinals, PeriodUnit unit);
/// Row numbers rowStart, rowStart + 1, ...: the index pandas gives a table that has none.
ColumnData rowNumbers(qint64 rowStart, qint64 rowCount);
/// Integer codes → labels[code]; -1 (missing) and codes out of range → "".
ColumnData labelled(const ColumnData& codes, const QStringList& labels);
/// Strings equal to `nanRep` (pandas' stand-in for missing) → "".
ColumnData withoutNanRep(const ColumnData& stored, const QString& nanRep);
/// Rows of one column of a decoded object block. `transposed`: the array is rows x columns.
ColumnData objects(
    const Pickle::ObjectArray& array, qint64 column, bool transposed, qint64 rowStart, qint64 rowCount);

} // namespace FrameCells

} // namespace H5Hdfs

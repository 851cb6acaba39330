// SPDX-License-Identifier: MIT
#include "frames/framecells.h"

#include "numberformat.h"

#include <QDateTime>
#include <algorithm>
#include <charconv>
#include <limits>

namespace H5Hdfs {

namespace {

constexpr qint64 kNanosPerSecond = 1'000'000'000;
constexpr qint64 kNaT = std::numeric_limits<qint64>::min();

ColumnData textColumn(qint64 reserve)
{
    ColumnData out;
    out.kind = CellKind::Text;
    out.texts.reserve(reserve);
    return out;
}

qint64 integerAt(const ColumnData& c, qint64 i)
{
    switch (c.kind) {
    case CellKind::Int: return c.ints[size_t(i)];
    case CellKind::UInt: return qint64(c.uints[size_t(i)]);
    case CellKind::Float32:
    case CellKind::Float64: return qint64(c.reals[size_t(i)]);
    case CellKind::Text: break;
    }
    return 0;
}

// Floor division, so times before 1970 split into whole seconds and a positive fraction.
std::pair<qint64, qint64> splitSeconds(qint64 nanos)
{
    qint64 seconds = nanos / kNanosPerSecond;
    qint64 fraction = nanos % kNanosPerSecond;
    if (fraction < 0)
        fraction += kNanosPerSecond, --seconds;
    return {seconds, fraction};
}

// ".5" → ".500", to milli-, micro- or nanoseconds as needed, like pandas.
QString fractionText(qint64 fraction)
{
    if (fraction == 0)
        return {};
    QString digits = QStringLiteral("%1").arg(fraction, 9, 10, QLatin1Char('0'));
    while (digits.endsWith(QLatin1String("000")))
        digits.chop(3);
    return QLatin1Char('.') + digits;
}

// `value` (>= 0) in exactly `width` digits, zero-padded ("0042"); the caller ensures it fits.
char* writeDigits(char* p, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        p[i] = char('0' + value % 10);
    return p + width;
}

// "06:30:15" for a second of the day (0 to 86399).
char* writeClock(char* p, qint64 secondOfDay)
{
    p = writeDigits(p, secondOfDay / 3600, 2);
    *p++ = ':';
    p = writeDigits(p, secondOfDay / 60 % 60, 2);
    *p++ = ':';
    return writeDigits(p, secondOfDay % 60, 2);
}

// As fractionText(): nothing, or ".5" → ".500", to milli-, micro- or nanoseconds as needed.
char* writeFraction(char* p, qint64 fraction)
{
    if (fraction == 0)
        return p;
    int width = 9;
    while (fraction % 1000 == 0)
        fraction /= 1000, width -= 3;
    *p++ = '.';
    return writeDigits(p, fraction, width);
}

// As offsetText(): "+01:00", "-05:30".
char* writeOffset(char* p, int seconds)
{
    *p++ = seconds < 0 ? '-' : '+';
    seconds = qAbs(seconds);
    p = writeDigits(p, seconds / 3600, 2);
    *p++ = ':';
    return writeDigits(p, seconds / 60 % 60, 2);
}

/// A zone's offset from UTC, remembered for the interval between the two transitions around the
/// last time asked: a column of times asks the zone once per daylight-saving period, not per cell.
class ZoneOffsets {
public:
    explicit ZoneOffsets(const std::optional<QTimeZone>& zone)
        : m_zone(zone)
    {
    }
    /// The offset at `seconds` since the epoch, in seconds; 0 without a zone.
    int at(qint64 seconds)
    {
        if (!m_zone || (seconds >= m_from && seconds < m_until))
            return m_offset;
        const QDateTime when = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
        m_offset = m_zone->offsetFromUtc(when);
        m_from = seconds;
        m_until = seconds + 1;
        if (!m_zone->hasTransitions()) { // a fixed offset, or UTC
            m_from = std::numeric_limits<qint64>::min();
            m_until = std::numeric_limits<qint64>::max();
            return m_offset;
        }
        const QTimeZone::OffsetData previous = m_zone->previousTransition(when.addSecs(1));
        const QTimeZone::OffsetData next = m_zone->nextTransition(when);
        // Before the first or after the last transition the interval is not known: this second only.
        if (previous.atUtc.isValid() && next.atUtc.isValid()) {
            m_from = previous.atUtc.toSecsSinceEpoch();
            m_until = next.atUtc.toSecsSinceEpoch();
        }
        return m_offset;
    }

private:
    const std::optional<QTimeZone>& m_zone;
    qint64 m_from = 1; ///< m_offset holds for [m_from, m_until); empty at first
    qint64 m_until = 0;
    int m_offset = 0;
};

// Days since 1970-01-01 → civil date (H. Hinnant's algorithm), valid for the whole int64 ns range.
void civilFromDays(qint64 z, qint64& y, int& m, int& d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
}

QString offsetText(int seconds)
{
    const QChar sign = seconds < 0 ? QLatin1Char('-') : QLatin1Char('+');
    seconds = qAbs(seconds);
    return QStringLiteral("%1%2:%3")
        .arg(sign)
        .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

namespace FrameCells {

ColumnData booleans(const ColumnData& stored)
{
    ColumnData out = textColumn(stored.size());
    for (qint64 i = 0; i < stored.size(); ++i)
        out.texts << (integerAt(stored, i) ? QStringLiteral("True") : QStringLiteral("False"));
    return out;
}

namespace {

QString timestampIn(qint64 nanos, const std::optional<QTimeZone>& zone, ZoneOffsets& offsets)
{
    auto [seconds, fraction] = splitSeconds(nanos);
    const int offset = offsets.at(seconds);
    const qint64 local = seconds + offset;
    const qint64 days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const qint64 secondOfDay = local - days * 86400;
    qint64 year = 0;
    int month = 0, day = 0;
    civilFromDays(days, year, month, day);
    // Years of four digits (all of pandas' nanosecond range) are written digit by digit: an export
    // writes millions of these, and the general path below costs a dozen allocations each.
    if (year >= 0 && year <= 9999) {
        char text[48];
        char* p = writeDigits(text, year, 4);
        *p++ = '-';
        p = writeDigits(p, month, 2);
        *p++ = '-';
        p = writeDigits(p, day, 2);
        *p++ = ' ';
        p = writeClock(p, secondOfDay);
        p = writeFraction(p, fraction);
        if (zone)
            p = writeOffset(p, offset);
        return QString::fromLatin1(text, p - text);
    }
    QString text = QStringLiteral("%1-%2-%3 %4:%5:%6")
                       .arg(year, 4, 10, QLatin1Char('0'))
                       .arg(month, 2, 10, QLatin1Char('0'))
                       .arg(day, 2, 10, QLatin1Char('0'))
                       .arg(secondOfDay / 3600, 2, 10, QLatin1Char('0'))
                       .arg(secondOfDay / 60 % 60, 2, 10, QLatin1Char('0'))
                       .arg(secondOfDay % 60, 2, 10, QLatin1Char('0'))
        + fractionText(fraction);
    return zone ? text + offsetText(offset) : text;
}

} // namespace

QString timestamp(qint64 nanos, const std::optional<QTimeZone>& zone)
{
    ZoneOffsets offsets(zone);
    return timestampIn(nanos, zone, offsets);
}

namespace {

constexpr qint64 kDayNanos = 86400LL * 1000'000'000;

/// Row i in nanoseconds; nullopt for NaT or a value out of range.
std::optional<qint64> nanosAt(const ColumnData& stored, qint64 i, qint64 unitNanos)
{
    const qint64 ticks = integerAt(stored, i);
    qint64 nanos = 0;
    if (ticks == kNaT || __builtin_mul_overflow(ticks, unitNanos, &nanos))
        return std::nullopt;
    return nanos;
}

/// Whether every value of the page falls on a whole day: pandas then writes its dates without
/// "00:00:00" and its timedeltas as "N days". It decides per chunk of rows it writes; this, per page.
bool wholeDays(const ColumnData& stored, qint64 unitNanos)
{
    for (qint64 i = 0; i < stored.size(); ++i) {
        const auto nanos = nanosAt(stored, i, unitNanos);
        if (nanos && *nanos % kDayNanos != 0)
            return false;
    }
    return true;
}

QString timedelta(qint64 nanos, bool wholeDays)
{
    // pandas: "1 days 06:00:00.500000", "-1 days +23:58:30" (the days floor, the time is positive)
    auto [seconds, fraction] = splitSeconds(nanos);
    const qint64 days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    if (wholeDays)
        return QStringLiteral("%1 days").arg(days);
    const qint64 rest = seconds - days * 86400;
    // Written by hand for the same reason as timestamps: "<days> days [+]hh:mm:ss[.ffffff[fff]]".
    char text[64];
    char* p = std::to_chars(text, text + 24, days).ptr;
    p = std::copy_n(" days ", 6, p);
    if (days < 0)
        *p++ = '+';
    p = writeClock(p, rest);
    if (fraction != 0) {
        *p++ = '.';
        p = fraction % 1000 == 0 ? writeDigits(p, fraction / 1000, 6) : writeDigits(p, fraction, 9);
    }
    return QString::fromLatin1(text, p - text);
}

} // namespace

ColumnData timestamps(const ColumnData& stored, qint64 unitNanos, const std::optional<QTimeZone>& zone)
{
    const bool datesOnly = !zone && wholeDays(stored, unitNanos); // pandas never shortens aware times
    ColumnData out = textColumn(stored.size());
    ZoneOffsets offsets(zone);
    for (qint64 i = 0; i < stored.size(); ++i) {
        const auto nanos = nanosAt(stored, i, unitNanos);
        const QString text = nanos ? timestampIn(*nanos, zone, offsets) : QString();
        out.texts << (datesOnly ? text.section(QLatin1Char(' '), 0, 0) : text);
    }
    return out;
}

ColumnData timedeltas(const ColumnData& stored, qint64 unitNanos)
{
    const bool inDays = wholeDays(stored, unitNanos);
    ColumnData out = textColumn(stored.size());
    for (qint64 i = 0; i < stored.size(); ++i) {
        const auto nanos = nanosAt(stored, i, unitNanos);
        out.texts << (nanos ? timedelta(*nanos, inDays) : QString());
    }
    return out;
}

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

QString padded(qint64 value, int width)
{
    return QStringLiteral("%1").arg(value, width, 10, QLatin1Char('0'));
}

QString period(qint64 ordinal, PeriodUnit unit)
{
    switch (unit) {
    case PeriodUnit::Year: return padded(1970 + ordinal, 4);
    case PeriodUnit::Quarter:
        return padded(1970 + floorDiv(ordinal, 4), 4) + QLatin1Char('Q')
            + QString::number(ordinal - 4 * floorDiv(ordinal, 4) + 1);
    case PeriodUnit::Month:
        return padded(1970 + floorDiv(ordinal, 12), 4) + QLatin1Char('-')
            + padded(ordinal - 12 * floorDiv(ordinal, 12) + 1, 2);
    case PeriodUnit::Day:
    case PeriodUnit::Hour:
    case PeriodUnit::Minute:
    case PeriodUnit::Second: break;
    }
    // Finer units: the period's start ("2015-01-01 06:00:00"), cut to the unit.
    struct Cut {
        qint64 seconds;
        int length;
    };
    const Cut cut = unit == PeriodUnit::Day ? Cut {86400, 10}
        : unit == PeriodUnit::Hour          ? Cut {3600, 13}
        : unit == PeriodUnit::Minute        ? Cut {60, 16}
                                            : Cut {1, 19};
    qint64 nanos = 0;
    if (__builtin_mul_overflow(ordinal, cut.seconds * kNanosPerSecond, &nanos))
        return {};
    const QString text = timestamp(nanos, std::nullopt).left(cut.length);
    return unit == PeriodUnit::Hour ? text + QStringLiteral(":00") : text;
}

} // namespace

ColumnData periods(const ColumnData& ordinals, PeriodUnit unit)
{
    ColumnData out = textColumn(ordinals.size());
    for (qint64 i = 0; i < ordinals.size(); ++i) {
        const qint64 ordinal = integerAt(ordinals, i);
        out.texts << (ordinal == kNaT ? QString() : period(ordinal, unit));
    }
    return out;
}

ColumnData rowNumbers(qint64 rowStart, qint64 rowCount)
{
    ColumnData out;
    out.kind = CellKind::Int;
    out.ints.reserve(size_t(rowCount));
    for (qint64 i = 0; i < rowCount; ++i)
        out.ints.push_back(rowStart + i);
    return out;
}

ColumnData labelled(const ColumnData& codes, const QStringList& labels)
{
    ColumnData out = textColumn(codes.size());
    for (qint64 i = 0; i < codes.size(); ++i) {
        const qint64 code = integerAt(codes, i);
        out.texts << (code >= 0 && code < labels.size() ? labels[code] : QString());
    }
    return out;
}

ColumnData withoutNanRep(const ColumnData& stored, const QString& nanRep)
{
    ColumnData out = stored;
    for (QString& text : out.texts) {
        if (text == nanRep)
            text.clear();
    }
    return out;
}

ColumnData objects(
    const Pickle::ObjectArray& array, qint64 column, bool transposed, qint64 rowStart, qint64 rowCount)
{
    ColumnData out = textColumn(rowCount);
    const qint64 rows = transposed ? array.shape.value(0) : array.shape.value(1, array.shape.value(0));
    for (qint64 r = rowStart; r < rowStart + rowCount; ++r) {
        if (r >= rows) {
            out.texts << QString();
            continue;
        }
        const Pickle::ObjectCell& cell = transposed ? array.at(r, column) : array.at(column, r);
        switch (cell.kind) {
        case Pickle::ObjectCell::Kind::Missing: out.texts << QString(); break;
        case Pickle::ObjectCell::Kind::Text: out.texts << cell.text; break;
        case Pickle::ObjectCell::Kind::Number: {
            char text[NumberFormat::kMaxChars];
            out.texts << QString::fromLatin1(
                text, NumberFormat::writePythonFloat(text, cell.number, false) - text);
            break;
        }
        }
    }
    return out;
}

} // namespace FrameCells

} // namespace H5Hdfs

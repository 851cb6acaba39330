// SPDX-License-Identifier: MIT
#include "timeaxis.h"

#include "plotrenderer.h"

#include <QDateTime>
#include <QTimeZone>
#include <cmath>

namespace H5Hdfs {

namespace TimeAxis {
namespace {

constexpr double kMinute = 60, kHour = 3600, kDay = 86400;

QDateTime at(double seconds)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(std::llround(seconds * 1000)), QTimeZone::utc());
}

} // namespace

QList<double> ticks(double lo, double hi, int count)
{
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
        return {};
    const double raw = (hi - lo) / qMax(1, count);
    // Below a second the decimal ticks do; past a week, whole days at 1, 2 or 5 times a power of ten.
    if (raw < 1)
        return PlotRenderer::ticks(lo, hi, count);
    if (raw > 7 * kDay) {
        QList<double> days = PlotRenderer::ticks(lo / kDay, hi / kDay, count);
        for (double& d : days)
            d = std::round(d) * kDay;
        return days;
    }
    static const double kSteps[] = {1, 2, 5, 10, 15, 30, kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute,
        15 * kMinute, 30 * kMinute, kHour, 2 * kHour, 3 * kHour, 6 * kHour, 12 * kHour, kDay, 2 * kDay, 7 * kDay};
    // The unit whose tick count is nearest `count` (by ratio): a span of 12 days in room for 4
    // ticks gets one every 2 days rather than two a week apart.
    double step = kSteps[0], best = INFINITY;
    for (double s : kSteps)
        if (const double off = std::abs(std::log((hi - lo) / s / count)); off < best)
            best = off, step = s;
    QList<double> out;
    for (double t = std::ceil(lo / step) * step; t <= hi; t += step)
        out.append(t);
    return out;
}

QString label(double seconds, double step)
{
    const QDateTime t = at(seconds);
    if (step >= kDay)
        return t.toString(QStringLiteral("yyyy-MM-dd"));
    if (step >= kMinute)
        return t.toString(QStringLiteral("MM-dd HH:mm"));
    return t.toString(step >= 1 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm:ss.zzz"));
}

QString fullText(double seconds)
{
    const QDateTime t = at(seconds);
    return t.toString(t.time().msec() ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace TimeAxis

} // namespace H5Hdfs

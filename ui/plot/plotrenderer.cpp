// SPDX-License-Identifier: MIT
#include "plotrenderer.h"

#include "colormap.h"
#include "timeaxis.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#ifdef H5HDFS_HAVE_SVG
#include <QSvgGenerator>
#endif

namespace H5Hdfs {

QPointF PlotFrame::toPixel(double x, double y) const
{
    const auto f = [this](double v) { return logY ? std::log10(v) : v; };
    return {area.left() + (x - x0) / (x1 - x0) * area.width(),
        area.bottom() - (f(y) - f(y0)) / (f(y1) - f(y0)) * area.height()};
}

QPointF PlotFrame::toData(QPointF p) const
{
    const double x = x0 + (p.x() - area.left()) / area.width() * (x1 - x0);
    const double ly0 = logY ? std::log10(y0) : y0, ly1 = logY ? std::log10(y1) : y1;
    const double y = ly0 + (area.bottom() - p.y()) / area.height() * (ly1 - ly0);
    return {x, logY ? std::pow(10.0, y) : y};
}

namespace PlotRenderer {
namespace {

// Colours of successive lines (Tableau 10, matplotlib's default cycle).
const QRgb kLineColors[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf};
const QColor kAxis(60, 60, 60);
const QColor kGrid(225, 225, 225);
const QColor kMissing(200, 200, 200); // image pixels without a value (NaN, or not positive on a log scale)

// The colour of the `i`th line (and its legend entry): the cycle starts again past its last colour.
QColor lineColour(qsizetype i)
{
    return QColor(kLineColors[size_t(i) % std::size(kLineColors)]);
}

QString label(double v)
{
    // Ten digits: ticks of an axis far from zero (an index of epoch seconds, 1700020000) stay apart.
    return std::abs(v) < 1e-12 ? QStringLiteral("0") : QString::number(v, 'g', 10);
}

QList<double> logTicks(double lo, double hi)
{
    QList<double> out;
    for (double p = std::floor(std::log10(lo)); p <= std::ceil(std::log10(hi)); ++p)
        if (const double v = std::pow(10.0, p); v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
            out.append(v);
    if (out.size() < 2)
        out = {lo, hi};
    return out;
}

// Axes, grid and tick labels around frame.area; no grid over images.
void drawAxes(QPainter& p, const PlotFrame& f, const PlotStyle& style, bool grid = true)
{
    const QFontMetrics fm = p.fontMetrics();
    const double xlo = std::min(f.x0, f.x1), xhi = std::max(f.x0, f.x1);
    // Times need wider labels ("01-31 06:30"), so fewer of them.
    const QList<double> xt = f.xTime ? TimeAxis::ticks(xlo, xhi, qMax(2, int(f.area.width() / 130)))
                                     : ticks(xlo, xhi, qMax(2, int(f.area.width() / 90)));
    const double xStep = xt.size() > 1 ? xt[1] - xt[0] : xhi - xlo;
    const double ylo = std::min(f.y0, f.y1), yhi = std::max(f.y0, f.y1);
    const QList<double> yt = f.logY ? logTicks(ylo, yhi) : ticks(ylo, yhi, qMax(2, int(f.area.height() / 50)));
    p.setPen(kGrid);
    for (double x : grid ? xt : QList<double>())
        p.drawLine(QPointF(f.toPixel(x, f.y0).x(), f.area.top()), QPointF(f.toPixel(x, f.y0).x(), f.area.bottom()));
    for (double y : grid ? yt : QList<double>())
        p.drawLine(QPointF(f.area.left(), f.toPixel(f.x0, y).y()), QPointF(f.area.right(), f.toPixel(f.x0, y).y()));
    p.setPen(kAxis);
    p.setBrush(Qt::NoBrush);
    p.drawRect(f.area);
    for (double x : xt) {
        const double px = f.toPixel(x, f.y0).x();
        p.drawLine(QPointF(px, f.area.bottom()), QPointF(px, f.area.bottom() + 4));
        const QString t = f.xTime ? TimeAxis::label(x, xStep) : label(x);
        p.drawText(QPointF(px - fm.horizontalAdvance(t) / 2.0, f.area.bottom() + 6 + fm.ascent()), t);
    }
    for (double y : yt) {
        const double py = f.toPixel(f.x0, y).y();
        p.drawLine(QPointF(f.area.left() - 4, py), QPointF(f.area.left(), py));
        const QString t = label(y);
        p.drawText(QPointF(f.area.left() - 7 - fm.horizontalAdvance(t), py + fm.ascent() / 2.0 - 1), t);
    }
    if (!style.xLabel.isEmpty())
        p.drawText(QRectF(f.area.left(), f.area.bottom() + 8 + fm.height(), f.area.width(), fm.height()),
            Qt::AlignHCenter, style.xLabel);
    if (!style.yLabel.isEmpty()) {
        p.save();
        p.translate(f.area.left() - 58, f.area.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-f.area.height() / 2, -fm.height(), f.area.height(), fm.height()), Qt::AlignHCenter,
            style.yLabel);
        p.restore();
    }
}

void drawTitle(QPainter& p, const QRect& rect, const QString& title)
{
    if (title.isEmpty())
        return;
    p.setPen(kAxis);
    p.drawText(QRect(rect.left(), rect.top() + 4, rect.width(), p.fontMetrics().height()), Qt::AlignHCenter, title);
}

// The plot area inside rect, leaving room for labels and, on the right, `rightSpace`.
QRectF areaIn(const QRect& rect, const QFontMetrics& fm, int rightSpace)
{
    const int left = fm.horizontalAdvance(QStringLiteral("-0.000000e+00")) + 12;
    return QRectF(rect.left() + left, rect.top() + fm.height() + 10,
        qMax(10, rect.width() - left - rightSpace - 10), qMax(10, rect.height() - fm.height() * 3 - 24));
}

// [lo, hi] widened a little, and to a usable span when empty.
std::pair<double, double> padded(double lo, double hi, bool log)
{
    if (!(lo <= hi))
        return log ? std::pair {1.0, 10.0} : std::pair {0.0, 1.0};
    if (log) {
        const double l = std::log10(lo), h = std::log10(hi), pad = l == h ? 0.5 : (h - l) * 0.05;
        return {std::pow(10.0, l - pad), std::pow(10.0, h + pad)};
    }
    const double pad = lo == hi ? std::max(0.5, std::abs(lo) * 0.1) : (hi - lo) * 0.05;
    return {lo - pad, hi + pad};
}

PlotFrame paintLines(QPainter& p, const QRect& rect, const PlotScene& scene)
{
    const bool log = scene.style.log;
    double lo = INFINITY, hi = -INFINITY, x0 = INFINITY, x1 = -INFINITY;
    bool xTime = false;
    for (const LineSeries& s : scene.lines) {
        for (qsizetype i = 0; i < s.data.mins.size(); ++i) {
            for (double v : {s.data.mins[i], s.data.maxs[i]})
                if (std::isfinite(v) && (!log || v > 0))
                    lo = std::min(lo, v), hi = std::max(hi, v);
        }
        // Rows run along x, or the x column's values do (the buckets' range).
        x0 = std::min(x0, s.data.byX ? s.data.xMin : double(s.data.rowStart));
        x1 = std::max(x1, s.data.byX ? s.data.xMax : double(s.data.rowStart + qMax<qint64>(s.data.rowCount - 1, 1)));
        xTime = xTime || s.data.xTime;
    }
    PlotFrame f;
    f.xTime = xTime;
    f.area = areaIn(rect, p.fontMetrics(), 10);
    std::tie(f.y0, f.y1) = padded(lo, hi, log);
    f.logY = log;
    f.x0 = std::isfinite(x0) ? x0 : 0;
    f.x1 = std::isfinite(x1) && x1 > x0 ? x1 : f.x0 + 1;
    drawAxes(p, f, scene.style);
    p.save();
    p.setClipRect(f.area.adjusted(1, 1, -1, -1));
    p.setRenderHint(QPainter::Antialiasing, true);
    qsizetype colour = 0;
    for (const LineSeries& s : scene.lines) {
        // One path per run of buckets with numbers: through each bucket's min and max, so that the
        // envelope of a million samples in a thousand pixels keeps every spike.
        QPainterPath path;
        bool inRun = false;
        for (qsizetype i = 0; i < s.data.mins.size(); ++i) {
            if (!s.data.bucketHasRows(i))
                continue; // no row's x falls here: the line passes over it
            const double a = s.data.mins[i], b = s.data.maxs[i];
            const bool usable = !std::isnan(a) && (!log || (a > 0 && b > 0));
            if (!usable) {
                inRun = false;
                continue;
            }
            const double x = s.data.bucketCentre(i);
            // Infinite values and spikes far outside the range end just past the area's edge.
            const auto at = [&f, x](double v) {
                const QPointF q = f.toPixel(x, v);
                return QPointF(q.x(), std::clamp(q.y(), f.area.top() - 10, f.area.bottom() + 10));
            };
            const QPointF pa = at(a), pb = at(b);
            if (!inRun)
                path.moveTo(pa);
            else
                path.lineTo(pa);
            if (a != b)
                path.lineTo(pb);
            inRun = true;
        }
        p.setPen(QPen(lineColour(colour++), 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
    }
    p.restore();
    // The legend, top right inside the area.
    const QFontMetrics fm = p.fontMetrics();
    int width = 0;
    for (const LineSeries& s : scene.lines)
        width = std::max(width, fm.horizontalAdvance(s.name));
    if (width > 0) {
        const QRectF box(f.area.right() - width - 40, f.area.top() + 6, width + 32,
            fm.height() * double(scene.lines.size()) + 8);
        p.setPen(kAxis);
        p.setBrush(QColor(255, 255, 255, 220));
        p.drawRect(box);
        for (qsizetype i = 0; i < scene.lines.size(); ++i) {
            const double y = box.top() + 4 + fm.height() * (double(i) + 0.5);
            p.setPen(QPen(lineColour(i), 2));
            p.drawLine(QPointF(box.left() + 5, y), QPointF(box.left() + 21, y));
            p.setPen(kAxis);
            p.drawText(QPointF(box.left() + 26, y + fm.ascent() / 2.0 - 1), scene.lines[i].name);
        }
    }
    return f;
}

// The image's pixels as colours: through the colormap, or as RGB(A) planes.
QImage imagePixels(const PlotScene& scene, double lo, double hi)
{
    const PlotData& d = scene.data;
    QImage img(int(d.imageCols), int(d.imageRows), QImage::Format_ARGB32);
    const Colormap map = Colormap::byName(scene.style.colormap);
    const bool log = scene.style.log;
    const double flo = log ? std::log10(lo) : lo, fhi = log ? std::log10(hi) : hi;
    // RGB(A) values are bytes, or fractions when none is above 1 (floating-point images).
    const double rgbScale = scene.isRgb() && d.summary.max <= 1.0 ? 255.0 : 1.0;
    for (qint64 r = 0; r < d.imageRows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(int(r)));
        for (qint64 c = 0; c < d.imageCols; ++c) {
            if (scene.isRgb()) {
                const auto ch = [&](int plane) {
                    const double v = d.pixel(plane, r, c) * rgbScale;
                    return std::isnan(v) ? 0 : int(std::clamp(v, 0.0, 255.0));
                };
                line[c] = qRgba(ch(0), ch(1), ch(2), d.planes > 3 ? ch(3) : 255);
                continue;
            }
            const double v = d.pixel(0, r, c);
            const double fv = log ? (v > 0 ? std::log10(v) : NAN) : v;
            line[c] = std::isnan(fv) ? kMissing.rgb() : map.at(fhi > flo ? (fv - flo) / (fhi - flo) : 0.5);
        }
    }
    return img;
}

void drawColorBar(QPainter& p, const QRectF& bar, const PlotStyle& style, double lo, double hi)
{
    const Colormap map = Colormap::byName(style.colormap);
    const int h = int(bar.height());
    // A single value is one colour (the image's), with one tick.
    const bool single = !(hi > lo);
    for (int y = 0; y < h; ++y) {
        p.setPen(QColor(map.at(single ? 0.5 : 1.0 - double(y) / qMax(1, h - 1))));
        p.drawLine(QPointF(bar.left(), bar.top() + y), QPointF(bar.right(), bar.top() + y));
    }
    p.setPen(kAxis);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    PlotFrame scale;
    scale.area = bar;
    scale.y0 = lo;
    scale.y1 = hi > lo ? hi : lo + 1;
    scale.logY = style.log;
    const QFontMetrics fm = p.fontMetrics();
    const QList<double> marks = single ? QList<double> {lo}
        : style.log                        ? logTicks(lo, hi)
                                           : ticks(lo, hi, qMax(2, int(bar.height() / 50)));
    for (double v : marks) {
        const double y = single ? bar.center().y() : scale.toPixel(0, v).y();
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p.drawText(QPointF(bar.right() + 6, y + fm.ascent() / 2.0 - 1), label(v));
    }
}

PlotFrame paintImage(QPainter& p, const QRect& rect, const PlotScene& scene)
{
    const PlotData& d = scene.data;
    const bool rgb = scene.isRgb();
    PlotFrame f;
    QRectF area = areaIn(rect, p.fontMetrics(), rgb ? 10 : 30 + p.fontMetrics().horizontalAdvance(QStringLiteral("-0.00000e+00")));
    // Square cells: the area shrinks to the image's aspect ratio, centred.
    const double aspect = double(qMax<qint64>(d.colCount, 1)) / double(qMax<qint64>(d.rowCount, 1));
    if (area.width() / area.height() > aspect) {
        const double w = area.height() * aspect;
        area = QRectF(area.left() + (area.width() - w) / 2, area.top(), w, area.height());
    } else {
        const double h = area.width() / aspect;
        area = QRectF(area.left(), area.top() + (area.height() - h) / 2, area.width(), h);
    }
    f.area = area;
    f.x0 = double(d.colStart);
    f.x1 = double(d.colStart + d.colCount);
    f.y0 = double(d.rowStart + d.rowCount); // rows grow downwards
    f.y1 = double(d.rowStart);
    const auto [lo, hi] = colorRange(d, scene.style.log, scene.style.clipPercent);
    if (d.imageRows > 0 && d.imageCols > 0 && d.pixels.size() == d.planes * d.imageRows * d.imageCols) {
        // Pixel c covers source columns [c * colStep, (c + 1) * colStep): the last may reach past the
        // data and is clipped with the area.
        const QPointF topLeft = f.toPixel(double(d.colStart), double(d.rowStart));
        const QPointF bottomRight
            = f.toPixel(double(d.colStart + d.imageCols * d.colStep), double(d.rowStart + d.imageRows * d.rowStep));
        p.save();
        p.setClipRect(f.area);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(QRectF(topLeft, bottomRight), imagePixels(scene, lo, hi));
        p.restore();
    }
    drawAxes(p, f, scene.style, false);
    if (!rgb)
        drawColorBar(p, QRectF(f.area.right() + 15, f.area.top(), 16, f.area.height()), scene.style, lo, hi);
    return f;
}

PlotFrame paintHistogram(QPainter& p, const QRect& rect, const PlotScene& scene)
{
    const PlotData& d = scene.data;
    const QFontMetrics fm = p.fontMetrics();
    const ValueSummary& s = d.summary;
    const QStringList stats = {
        QStringLiteral("count  %1").arg(s.count),
        QStringLiteral("min    %1").arg(label(s.min)),
        QStringLiteral("max    %1").arg(label(s.max)),
        QStringLiteral("mean   %1").arg(label(s.mean)),
        QStringLiteral("std    %1").arg(label(s.standardDeviation())),
        QStringLiteral("NaN    %1").arg(s.nan),
        QStringLiteral("+Inf   %1").arg(s.posInf),
        QStringLiteral("-Inf   %1").arg(s.negInf),
    };
    int statsWidth = 0;
    for (const QString& line : stats)
        statsWidth = std::max(statsWidth, fm.horizontalAdvance(line));
    PlotFrame f;
    f.area = areaIn(rect, fm, statsWidth + 30);
    f.x0 = d.binMin;
    f.x1 = d.binMax > d.binMin ? d.binMax : d.binMin + 1;
    qint64 top = 1;
    for (qint64 c : d.counts)
        top = std::max(top, c);
    f.logY = scene.style.log;
    f.y0 = f.logY ? 0.5 : 0;
    f.y1 = f.logY ? double(top) * 2 : double(top) * 1.05;
    drawAxes(p, f, scene.style);
    p.setPen(QColor(kLineColors[0]).darker(130));
    p.setBrush(QColor(kLineColors[0]));
    const qsizetype n = d.counts.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (d.counts[i] <= 0)
            continue;
        const double a = d.binMin + (d.binMax - d.binMin) * double(i) / double(n);
        const double b = d.binMin + (d.binMax - d.binMin) * double(i + 1) / double(n);
        p.drawRect(QRectF(f.toPixel(a, double(d.counts[i])), f.toPixel(b, f.y0)));
    }
    p.setPen(kAxis);
    double y = f.area.top() + fm.ascent();
    for (const QString& line : stats) {
        p.drawText(QPointF(f.area.right() + 15, y), line);
        y += fm.height();
    }
    return f;
}

} // namespace

QList<double> ticks(double lo, double hi, int count)
{
    QList<double> out;
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
        return out;
    const double raw = (hi - lo) / qMax(1, count);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * magnitude) {
            step = m * magnitude;
            break;
        }
    // Each tick from whole numbers (k * 2 / 10, not 0.2 added up), so that 0.6 prints as 0.6.
    const double units = step / magnitude;
    const double inverse = magnitude < 1 ? std::round(1 / magnitude) : 0;
    for (qint64 k = qint64(std::ceil(lo / step - 1e-9)); double(k) * step <= hi + step * 1e-9; ++k) {
        const double whole = double(k) * units;
        out.append(inverse > 0 ? whole / inverse : whole * magnitude);
    }
    return out;
}

std::pair<double, double> colorRange(const PlotData& image, bool log, double clipPercent)
{
    std::vector<double> values;
    values.reserve(size_t(image.pixels.size()));
    for (double v : image.pixels)
        if (std::isfinite(v) && (!log || v > 0))
            values.push_back(v);
    if (values.empty())
        return {log ? 1.0 : 0.0, log ? 10.0 : 1.0};
    const double cut = std::clamp(clipPercent, 0.0, 49.0) / 100.0;
    const auto at = [&values](double q) {
        auto it = values.begin() + std::ptrdiff_t(std::llround(q * double(values.size() - 1)));
        std::nth_element(values.begin(), it, values.end());
        return *it;
    };
    return {at(cut), at(1.0 - cut)};
}

PlotFrame paint(QPainter& painter, const QRect& rect, const PlotScene& scene)
{
    painter.save();
    drawTitle(painter, rect, scene.style.title);
    PlotFrame f;
    switch (scene.kind) {
    case PlotRequest::Kind::Line: f = paintLines(painter, rect, scene); break;
    case PlotRequest::Kind::Image: f = paintImage(painter, rect, scene); break;
    case PlotRequest::Kind::Histogram: f = paintHistogram(painter, rect, scene); break;
    }
    painter.restore();
    return f;
}

QImage render(const PlotScene& scene, QSize size)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paint(painter, image.rect(), scene);
    return image;
}

bool save(const PlotScene& scene, QSize size, const QString& fileName, QString* error)
{
    if (QFileInfo(fileName).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
#ifdef H5HDFS_HAVE_SVG
        QSvgGenerator svg;
        svg.setFileName(fileName);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        QPainter painter;
        if (!painter.begin(&svg)) {
            *error = QStringLiteral("Cannot write %1").arg(fileName);
            return false;
        }
        painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
        paint(painter, QRect(QPoint(0, 0), size), scene);
        return painter.end();
#else
        *error = QStringLiteral("This build writes no SVG (Qt SVG was not found); write a .png");
        return false;
#endif
    }
    // Through a temporary file renamed at the end, as CSV exports are: a reader never sees half a
    // picture, and a failed write leaves none.
    QSaveFile file(fileName);
    const QByteArray format = QFileInfo(fileName).suffix().toLower().toLatin1();
    if (!file.open(QIODevice::WriteOnly) || !render(scene, size).save(&file, format.constData()) || !file.commit()) {
        *error = QStringLiteral("Cannot write %1 (a writable path ending in .png?)").arg(fileName);
        return false;
    }
    return true;
}

} // namespace PlotRenderer

} // namespace H5Hdfs

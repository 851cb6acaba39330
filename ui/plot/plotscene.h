// SPDX-License-Identifier: MIT
#pragma once

// What one plot picture is drawn from: the reduced data the worker sent and how to show it.
// Plain values, shared by the viewer's Plot tab and `h5hdfs plot` (offscreen, no widgets).

#include "plottypes.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace H5Hdfs {

struct PlotStyle {
    QString colormap = QStringLiteral("viridis");
    bool log = false;        ///< image values, line values or histogram counts on a log scale
    double clipPercent = 0;  ///< image colours run from this percentile of the values to 100 minus it
    QString title;
    QString xLabel;
    QString yLabel;
};

struct LineSeries {
    QString name; ///< in the legend
    PlotData data;
};

struct PlotScene {
    PlotRequest::Kind kind = PlotRequest::Kind::Line;
    QList<LineSeries> lines; ///< Line
    PlotData data;           ///< Image, Histogram
    PlotStyle style;
    /// Image: pixels are RGB(A) planes, not values through a colormap.
    [[nodiscard]] bool isRgb() const { return kind == PlotRequest::Kind::Image && data.planes >= 3; }
};

/// Where the data landed in a picture, to turn positions into data coordinates and back: x0/x1 are
/// the data values at the area's left and right edges, y0/y1 at its bottom and top (an image's rows
/// grow downwards, so there y0 > y1). With logY, y is linear in log10 of the value.
struct PlotFrame {
    QRectF area;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool logY = false;
    bool xTime = false; ///< x is a time (seconds since 1970 UTC): its ticks read as dates and times

    [[nodiscard]] bool isValid() const { return area.width() > 0 && area.height() > 0 && x1 != x0 && y1 != y0; }
    [[nodiscard]] QPointF toPixel(double x, double y) const;
    [[nodiscard]] QPointF toData(QPointF pixel) const;
};

} // namespace H5Hdfs

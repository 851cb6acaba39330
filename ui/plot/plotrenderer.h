// SPDX-License-Identifier: MIT
#pragma once

#include "plotscene.h"

#include <QImage>
#include <QSize>

class QPainter;

namespace H5Hdfs {

/// Draws plots with QPainter: axes with ticks, lines (min/max envelopes with gaps at NaN) and a
/// legend, images through a colormap (linear or log, percentile clipping) with a colour bar or as
/// RGB(A), histograms with their statistics. Works on any paint device, widgets or offscreen images.
namespace PlotRenderer {

PlotFrame paint(QPainter& painter, const QRect& rect, const PlotScene& scene);
/// The scene as an image of `size` on white.
QImage render(const PlotScene& scene, QSize size);
/// Writes PNG (or any format QImage writes, by the name's suffix) or SVG (".svg"). False with
/// `error` set when the file cannot be written.
bool save(const PlotScene& scene, QSize size, const QString& fileName, QString* error);

/// Ticks at 1, 2 or 5 times a power of ten, about `count` of them in [lo, hi].
QList<double> ticks(double lo, double hi, int count);
/// The colour range of an image: its finite values' (positive, with `log`) range, cut at
/// `clipPercent` and 100 - clipPercent percentiles.
std::pair<double, double> colorRange(const PlotData& image, bool log, double clipPercent);

} // namespace PlotRenderer

} // namespace H5Hdfs

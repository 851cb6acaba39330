// SPDX-License-Identifier: MIT
#pragma once

// From an object and the user's choices to the worker requests of one picture, and from their
// answers to the scene drawn. The CLI asks synchronously; the viewer posts and collects, so that a
// newer picture cancels an older one.

#include "h5request.h"
#include "plotscene.h"

#include <QSize>
#include <optional>

namespace H5Hdfs {

struct PlotOptions {
    std::optional<PlotRequest::Kind> kind; ///< unset: PlotChoice::defaultKind
    QList<qint64> columns;                 ///< lines and histograms; empty: the default columns
    DimView view;                          ///< empty: the default view (an RGB image's own)
    qint64 rowStart = 0;                   ///< the visible rows (lines: x), -1 count: to the end
    qint64 rowCount = -1;
    qint64 colStart = 0; ///< images: the visible columns
    qint64 colCount = -1;
    /// Lines: the column along x; unset: PlotChoice::defaultXColumn; -1: the row number.
    std::optional<qint64> xColumn;
    double xMin = 0; ///< lines along a column: the visible x range when xMin < xMax
    double xMax = 0;
    QSize pixels {1000, 700}; ///< the plot's size: lines get a min/max pair per pixel column
    int bins = 100;
    bool raw = false; ///< stored numbers, not CF-unpacked ones
    PlotStyle style;
};

struct PlotPlan {
    PlotRequest::Kind kind = PlotRequest::Kind::Line;
    QList<H5Request> requests;
    QStringList names; ///< one per request: a line's legend entry
    PlotStyle style;
};

namespace PlotPlanner {

/// The requests for a picture of `info` (a dataset, or the object `table` describes, a DataFrame).
/// InvalidArgument when the choice does not fit the object (an image of a table, no numbers).
Result<PlotPlan> plan(const ObjectInfo& info, const TableDescription* table, const PlotOptions& options);
/// The scene once every request of the plan is answered (answers in the plan's order).
Result<PlotScene> scene(const PlotPlan& plan, const QList<H5Response>& answers);
/// A column by name (a DataFrame's or a compound's) or by number.
Result<qint64> columnNamed(const ObjectInfo& info, const TableDescription* table, const DimView& view, const QString& name);

} // namespace PlotPlanner

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "plotplan.h"

#include "plotchoice.h"
#include "text/h5describe.h"

namespace H5Hdfs {

namespace PlotPlanner {
namespace {

Error invalid(const QString& message)
{
    return Error(Error::Code::InvalidArgument, message);
}

} // namespace

Result<PlotPlan> plan(const ObjectInfo& info, const TableDescription* table, const PlotOptions& o)
{
    if (!table && info.kind != NodeKind::Dataset)
        return invalid(QStringLiteral("%1 is a %2: only datasets and tables plot").arg(info.path, nodeKindName(info.kind)));
    const int channelDim = table ? -1 : PlotChoice::colorDimension(info);
    const bool viewGiven = o.view.rowDim >= 0;
    DimView view = viewGiven ? o.view : (channelDim >= 0 ? PlotChoice::colorView(info, channelDim) : o.view);
    if (!table)
        view = view.orDefaultFor(info.dataset.rank());
    const auto kind = o.kind ? o.kind : PlotChoice::defaultKind(info, table, view);
    if (!kind)
        return invalid(QStringLiteral("%1 holds no numbers to plot by default (%2); choose a column")
                           .arg(info.path, table ? H5Describe::table(table->summary()) : info.dataset.typeName));
    PlotPlan p;
    p.kind = *kind;
    p.style = o.style;
    PlotRequest base;
    base.kind = *kind;
    base.table = table != nullptr;
    base.view = view;
    base.rowStart = o.rowStart;
    base.rowCount = o.rowCount;
    base.colStart = o.colStart;
    base.colCount = o.colCount;
    base.width = qMax(1, o.pixels.width());
    base.height = qMax(1, o.pixels.height());
    base.bins = o.bins;
    base.unpack = !o.raw;
    if (*kind == PlotRequest::Kind::Image) {
        if (table)
            return invalid(QStringLiteral("%1 is a table: it plots as lines or histograms, not as an image").arg(info.path));
        if (!PlotChoice::isNumeric(info.dataset) || view.colDim < 0)
            return invalid(QStringLiteral("%1 is not a 2-D array of numbers: no image").arg(info.path));
        // A colour dimension the view leaves fixed holds the channels; another view shows values.
        base.channelDim = channelDim >= 0 && channelDim != view.rowDim && channelDim != view.colDim ? channelDim : -1;
        p.requests.append(H5Request::plotOf(info.path, base));
        p.names.append(info.path.section(QLatin1Char('/'), -1));
        return p;
    }
    const QList<qint64> columns = o.columns.isEmpty() ? PlotChoice::defaultColumns(info, table, view) : o.columns;
    if (columns.isEmpty())
        return invalid(QStringLiteral("%1 has no numeric column to plot").arg(info.path));
    if (*kind == PlotRequest::Kind::Line) {
        base.xColumn = o.xColumn.value_or(PlotChoice::defaultXColumn(table));
        base.xMin = o.xMin;
        base.xMax = o.xMax;
        if (base.xColumn >= 0) {
            p.style.xLabel = PlotChoice::columnName(info, table, view, base.xColumn);
            // Aware timestamps are stored in UTC, and the axis shows them so.
            if (table && table->columns.value(base.xColumn).typeName.contains(QLatin1Char(',')))
                p.style.xLabel += QStringLiteral(" (UTC)");
        }
    }
    // A histogram is of one column.
    for (qint64 column : *kind == PlotRequest::Kind::Histogram ? columns.mid(0, 1) : columns) {
        PlotRequest r = base;
        r.column = column;
        p.requests.append(H5Request::plotOf(info.path, r));
        p.names.append(PlotChoice::columnName(info, table, view, column));
    }
    return p;
}

Result<PlotScene> scene(const PlotPlan& plan, const QList<H5Response>& answers)
{
    PlotScene s;
    s.kind = plan.kind;
    s.style = plan.style;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        if (!answers[i].ok())
            return answers[i].error;
        if (plan.kind == PlotRequest::Kind::Line)
            s.lines.append(LineSeries {plan.names.value(i), answers[i].plot});
        else
            s.data = answers[i].plot;
    }
    // A histogram is of one column: the title names it.
    if (plan.kind == PlotRequest::Kind::Histogram && !plan.names.value(0).isEmpty()
        && !s.style.title.endsWith(plan.names.value(0)))
        s.style.title = s.style.title.isEmpty() ? plan.names.value(0) : s.style.title + QStringLiteral(" · ") + plan.names.value(0);
    return s;
}

Result<qint64> columnNamed(const ObjectInfo& info, const TableDescription* table, const DimView& view, const QString& name)
{
    bool number = false;
    const qint64 n = name.toLongLong(&number);
    const qint64 count = table ? table->columns.size()
                               : qMax<qsizetype>(1, info.dataset.fields.size())
            * (view.orDefaultFor(info.dataset.rank()).colDim >= 0 ? info.dataset.shape[view.orDefaultFor(info.dataset.rank()).colDim] : 1);
    if (number && n >= 0 && n < count)
        return n;
    QStringList names;
    if (table) {
        for (qsizetype c = 0; c < table->columns.size(); ++c) {
            if (table->columns[c].name == name)
                return c;
            names << table->columns[c].name;
        }
    } else {
        for (qsizetype c = 0; c < info.dataset.fields.size(); ++c) {
            if (info.dataset.fields[c].name == name)
                return c;
            names << info.dataset.fields[c].name;
        }
    }
    return invalid(QStringLiteral("%1 has no column %2%3").arg(info.path, name,
        names.isEmpty() ? QStringLiteral(" (columns are numbered 0 to %1)").arg(count - 1)
                        : QStringLiteral(" (it has: %1)").arg(names.join(QStringLiteral(", ")))));
}

} // namespace PlotPlanner

} // namespace H5Hdfs

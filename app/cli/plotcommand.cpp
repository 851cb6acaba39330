// SPDX-License-Identifier: MIT
// h5hdfs plot FILE:/path -o out.png: the viewer's Plot tab, drawn offscreen.
#include "clicommon.h"
#include "connection.h"
#include "plotdraw.h"

#include "plotrenderer.h"
#include "colormap.h"
#include "table/flattablesource.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace H5Hdfs {

namespace Cli {
namespace {

Result<QSize> parseSize(const QString& text)
{
    static const QRegularExpression kSize(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
    const auto m = kSize.match(text);
    if (!m.hasMatch())
        return Error(Error::Code::InvalidArgument, QStringLiteral("--size takes WIDTHxHEIGHT, such as 1200x800, not %1").arg(text));
    return QSize(m.captured(1).toInt(), m.captured(2).toInt());
}

Result<std::optional<PlotRequest::Kind>> parseKind(const QString& text)
{
    if (text.isEmpty())
        return std::optional<PlotRequest::Kind>();
    if (text == QLatin1String("line"))
        return std::optional(PlotRequest::Kind::Line);
    if (text == QLatin1String("image"))
        return std::optional(PlotRequest::Kind::Image);
    if (text == QLatin1String("hist") || text == QLatin1String("histogram"))
        return std::optional(PlotRequest::Kind::Histogram);
    return Error(Error::Code::InvalidArgument, QStringLiteral("--kind is line, image or hist, not %1").arg(text));
}

// The options as PlotOptions for this object; InvalidArgument for what does not fit it.
Result<PlotOptions> optionsFor(const QCommandLineParser& parser, const ObjectInfo& info, const TableDescription* table)
{
    PlotOptions o;
    auto kind = parseKind(parser.value(QStringLiteral("kind")));
    if (!kind)
        return kind.error();
    o.kind = *kind;
    auto size = parseSize(parser.value(QStringLiteral("size")));
    if (!size)
        return size.error();
    o.pixels = *size;
    o.raw = parser.isSet(QStringLiteral("raw"));
    o.style.log = parser.isSet(QStringLiteral("log"));
    o.style.colormap = parser.value(QStringLiteral("colormap"));
    if (!Colormap::names().contains(o.style.colormap))
        return Error(Error::Code::InvalidArgument, QStringLiteral("--colormap is one of %1, not %2")
                                                        .arg(Colormap::names().join(QStringLiteral(", ")), o.style.colormap));
    bool ok = true;
    o.style.clipPercent = parser.value(QStringLiteral("clip")).toDouble(&ok);
    if (!ok || o.style.clipPercent < 0 || o.style.clipPercent >= 50)
        return Error(Error::Code::InvalidArgument, QStringLiteral("--clip takes a percentile below 50, such as 1"));
    o.bins = parser.value(QStringLiteral("bins")).toInt(&ok);
    if (!ok || o.bins < 1 || o.bins > 100'000)
        return Error(Error::Code::InvalidArgument, QStringLiteral("--bins takes a number from 1 to 100000"));
    if (const QString slice = parser.value(QStringLiteral("slice")); !slice.isEmpty()) {
        if (table)
            return Error(Error::Code::InvalidArgument, QStringLiteral("--slice needs a dataset; %1 is a table").arg(info.path));
        auto view = TableSources::parseSlice(slice, info.dataset);
        if (!view)
            return view.error();
        o.view = *view;
    }
    if (parser.isSet(QStringLiteral("frame"))) {
        // The first dimension that is neither rows nor columns: a stack's frame.
        const DimView base = o.view.rowDim >= 0 ? o.view : DimView::defaultFor(info.dataset.rank());
        const qint64 frame = parser.value(QStringLiteral("frame")).toLongLong(&ok);
        int dim = 0;
        while (dim < base.index.size() && (dim == base.rowDim || dim == base.colDim))
            ++dim;
        if (table || dim >= base.index.size() || !ok || frame < 0 || frame >= info.dataset.shape[dim])
            return Error(Error::Code::InvalidArgument, QStringLiteral("--frame needs a dataset of 3 or more dimensions and an index within its frames"));
        o.view = base;
        o.view.index[dim] = frame;
    }
    QStringList names = parser.values(QStringLiteral("column"));
    for (const QString& list : parser.values(QStringLiteral("columns")))
        names += list.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& name : std::as_const(names)) {
        auto column = PlotPlanner::columnNamed(info, table, o.view, name.trimmed());
        if (!column)
            return column.error();
        o.columns.append(*column);
    }
    if (!o.columns.isEmpty() && !o.kind)
        o.kind = PlotRequest::Kind::Line;
    if (const QString x = parser.value(QStringLiteral("x")); x == QLatin1String("row")) {
        o.xColumn = -1;
    } else if (!x.isEmpty()) {
        auto column = PlotPlanner::columnNamed(info, table, o.view, x.trimmed());
        if (!column)
            return column.error();
        o.xColumn = *column;
    }
    o.style.title = info.path;
    return o;
}

} // namespace

int runPlot(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Draw a dataset or a DataFrame column as a line, an image or a histogram into a PNG or SVG file, "
        "without a display. The HDF5 worker reduces the data to the picture's size: a line of 10^8 "
        "samples sends a min/max pair per pixel column, an image a strided or averaged one."));
    parser.addPositionalArgument(QStringLiteral("target"), QStringLiteral("FILE:/path"), QStringLiteral("FILE:/path"));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("The picture to write (.png or .svg)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("kind"), QStringLiteral("line, image or hist (default: by the data)."), QStringLiteral("KIND")});
    parser.addOption({QStringLiteral("column"), QStringLiteral("A column to plot, by name or number (repeatable)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("columns"), QStringLiteral("Columns to plot, comma-separated."), QStringLiteral("A,B")});
    parser.addOption({QStringLiteral("x"),
        QStringLiteral("Lines: the column along x, by name or number (times read as times), or \"row\" "
                       "(default: a DataFrame's index, else the row number)."),
        QStringLiteral("COLUMN")});
    addSliceOption(parser);
    parser.addOption({QStringLiteral("frame"), QStringLiteral("The index of a stack's frame (its first fixed dimension)."), QStringLiteral("I")});
    parser.addOption({QStringLiteral("colormap"), QStringLiteral("viridis, inferno, gray or coolwarm."), QStringLiteral("NAME"), QStringLiteral("viridis")});
    parser.addOption({QStringLiteral("log"), QStringLiteral("Log scale: image values, line values, histogram counts.")});
    parser.addOption({QStringLiteral("clip"), QStringLiteral("Image colours from this percentile to 100 minus it."), QStringLiteral("P"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("bins"), QStringLiteral("Histogram bins."), QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("size"), QStringLiteral("The picture's size in pixels."), QStringLiteral("WxH"), QStringLiteral("1000x700")});
    addRawOption(parser);
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        std::fputs("h5hdfs plot: -o FILE.png or FILE.svg is required\n", stderr);
        return kUsage;
    }
    const Target target = splitTarget(parser.positionalArguments().first());
    H5Service service;
    const auto object = openObject(service, target, parser);
    if (!object) {
        printError(target.file, object.error());
        return kFailed;
    }
    // What the viewer shows: the named table the engine finds in the object (a DataFrame), unless
    // --raw or --slice ask for the dataset; anything else is the planner's to refuse.
    TableOptions tableOptions;
    tableOptions.raw = parser.isSet(QStringLiteral("raw"));
    tableOptions.slice = parser.isSet(QStringLiteral("slice"));
    const auto table = shownTable(service, object->file, object->info, tableOptions);
    if (!table) {
        printError(target.object, table.error());
        return kFailed;
    }
    const TableDescription* named = *table ? &**table : nullptr;
    const auto options = optionsFor(parser, object->info, named);
    if (!options) {
        printError(target.object, options.error());
        return kUsage;
    }
    const auto scene = drawScene(service, object->file, object->info, named, *options);
    if (!scene) {
        // Options that do not fit the object are the user's to change; the rest is the file's.
        const bool usage = scene.error().code == Error::Code::InvalidArgument;
        printError(usage ? target.object : target.file, scene.error());
        return usage ? kUsage : kFailed;
    }
    QString error;
    if (!PlotRenderer::save(*scene, options->pixels, output, &error)) {
        printError(output, Error(Error::Code::Io, error));
        return kFailed;
    }
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

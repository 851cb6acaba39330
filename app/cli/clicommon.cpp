// SPDX-License-Identifier: MIT
#include "clicommon.h"

#include "connection.h"
#include "lazy/lazyfiles.h"
#include "table/tableresolver.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {

Target splitTarget(const QString& argument)
{
    // The object path starts at the last ":/" that is not a URL's "://".
    for (qsizetype i = argument.lastIndexOf(QLatin1String(":/")); i > 0;
         i = argument.lastIndexOf(QLatin1String(":/"), i - 1)) {
        if (i + 2 < argument.size() && argument[i + 2] == QLatin1Char('/'))
            continue;
        return {argument.left(i), argument.mid(i + 1)};
    }
    return {argument, QStringLiteral("/")};
}

LazyFiles::Mode openMode(const QCommandLineParser& parser)
{
    if (parser.isSet(QStringLiteral("lazy")))
        return LazyFiles::Mode::Lazy;
    return parser.isSet(QStringLiteral("whole")) ? LazyFiles::Mode::Whole : LazyFiles::Mode::Auto;
}

Result<H5Service::FileId> openFile(
    H5Service& service, const QString& fileOrUrl, const QCommandLineParser& parser)
{
    const LazyFiles::Mode mode = openMode(parser);
    if (HadoopConfig::isRemote(fileOrUrl)) {
        auto connection = Connection::open(parser, fileOrUrl);
        if (!connection)
            return connection.error();
        const QString path = (*connection)->location().path;
        const QString name = path.section(QLatin1Char('/'), -1);
        auto status = (*connection)->status(path);
        if (!status)
            return status.error();
        if (status->isDirectory())
            return Error(Error::Code::Unsupported, QStringLiteral("%1 is a directory, not a file").arg(path));
        const WebHdfsConfig& config = (*connection)->client().config();
        if (LazyFiles::opensLazily(mode, status->length, config.memoryBudget)) {
            auto store = LazyFiles::overWebHdfs(config, path, *status);
            if (!store)
                return store.error();
            return service.addLazyFile(std::move(store).value(), name);
        }
        auto bytes = (*connection)->download(path, status->length);
        if (!bytes)
            return bytes.error();
        return service.addImage(std::move(bytes).value(), name);
    }
    if (LazyFiles::localOpensLazily(mode, QFileInfo(fileOrUrl).size(), WebHdfsConfig().memoryBudget)) {
        auto store = LazyFiles::overLocalFile(fileOrUrl, WebHdfsConfig().memoryBudget);
        if (!store)
            return store.error();
        return service.addLazyFile(std::move(store).value(), QFileInfo(fileOrUrl).fileName());
    }
    auto bytes = ImageBuffer::readFile(fileOrUrl);
    if (!bytes)
        return bytes.error();
    return service.addImage(std::move(bytes).value(), QFileInfo(fileOrUrl).fileName());
}

Result<OpenedObject> openObject(H5Service& service, const Target& target, const QCommandLineParser& parser)
{
    auto id = openFile(service, target.file, parser);
    if (!id)
        return id.error();
    H5Response response = service.call(*id, H5Request::info(target.object));
    if (!response.ok())
        return response.error;
    return OpenedObject {*id, std::move(response.info)};
}

void addSliceOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("slice"),
        QStringLiteral("The 2-D slice of an N-D dataset to write: an index for each fixed dimension, ':' "
                       "for the row and the column dimension (3,:,: of a 4x6x8 dataset is 6 rows x 8 "
                       "columns). Without it, a dataset of 3 or more dimensions is written whole, one "
                       "row per element in C order: columns dim_0, dim_1, ..., then value (or the "
                       "element's fields)."),
        QStringLiteral("I,:,:")});
}

void addRawOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("raw"),
        QStringLiteral("The object as stored: a DataFrame's datasets, not the frame; a netCDF variable's "
                       "stored numbers, not unpacked by its scale_factor and add_offset, its _FillValue "
                       "and missing_value kept.")});
}

Result<TableSourceFactory> tableOf(H5Service& service, H5Service::FileId file, const ObjectInfo& info,
    const QString& slice, bool raw)
{
    const auto options = TableOptions::ofCommandLine(info, slice, raw);
    if (!options)
        return options.error();
    const auto ref = resolveTable(service, file, info, *options);
    if (!ref)
        return ref.error();
    return ref->sourceFactory(service);
}

void printError(const QString& context, const Error& error)
{
    // The HDF5 service names a file by its file name, whatever path or URL it was opened by.
    const bool named = !error.subject.isEmpty()
        && (error.subject == context || error.subject == QFileInfo(context).fileName());
    // A missing object is the whole story; the library's stack behind it is for experts.
    const QString text = error.code == Error::Code::NotFound ? error.message : error.toString();
    const QString line = named ? QStringLiteral("h5hdfs: %1\n").arg(text)
                               : QStringLiteral("h5hdfs: %1: %2\n").arg(context, text);
    std::fputs(line.toLocal8Bit().constData(), stderr);
}

void printLine(const QString& line)
{
    const QByteArray utf8 = line.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fputc('\n', stdout);
}

bool parse(QCommandLineParser& parser, const QStringList& arguments, int minPositional, int maxPositional)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        std::fprintf(
            stderr, "h5hdfs: %s\n\n%s", qPrintable(parser.errorText()), qPrintable(parser.helpText()));
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(kOk);
    }
    const auto n = parser.positionalArguments().size();
    if (n < minPositional || (maxPositional >= 0 && n > maxPositional)) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return false;
    }
    return true;
}

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "clicommon.h"

#include "connection.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

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

Result<H5Service::FileId> openFile(
    H5Service& service, const QString& fileOrUrl, const QCommandLineParser& parser)
{
    if (HadoopConfig::isRemote(fileOrUrl)) {
        auto connection = Connection::open(parser, fileOrUrl);
        if (!connection)
            return connection.error();
        const QString path = (*connection)->location().path;
        auto bytes = (*connection)->download(path);
        if (!bytes)
            return bytes.error();
        return service.addImage(std::move(bytes).value(), path.section(QLatin1Char('/'), -1));
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

void printError(const QString& context, const Error& error)
{
    // Errors from the HDF5 service already start with the file's name.
    const bool named = error.message.startsWith(context + QStringLiteral(": "))
        || error.message.startsWith(QFileInfo(context).fileName() + QStringLiteral(": "));
    const QString line = named ? QStringLiteral("h5hdfs: %1\n").arg(error.toString())
                               : QStringLiteral("h5hdfs: %1: %2\n").arg(context, error.toString());
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

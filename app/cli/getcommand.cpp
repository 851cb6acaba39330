// SPDX-License-Identifier: MIT
// h5hdfs get URL -o FILE: a WebHDFS file to local disk (through memory, written atomically).
#include "clicommon.h"
#include "connection.h"

#include <QCommandLineParser>
#include <QSaveFile>

namespace H5Hdfs {

namespace Cli {

int runGet(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Download an HDFS file."));
    parser.addPositionalArgument(
        QStringLiteral("url"), QStringLiteral("webhdfs://host:port/path or hdfs://cluster/path"),
        QStringLiteral("URL"));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Local file to write."),
        QStringLiteral("FILE")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    if (!parser.isSet(QStringLiteral("output"))) {
        std::fputs("h5hdfs get: -o FILE is required\n", stderr);
        return kUsage;
    }
    const QString url = parser.positionalArguments().first();
    const auto connection = openConnection(parser);
    if (!connection)
        return kUsage;
    auto bytes = connection->download(connection->location().path);
    if (!bytes) {
        printError(url, bytes.error());
        return kFailed;
    }
    QSaveFile out(parser.value(QStringLiteral("output")));
    if (!out.open(QIODevice::WriteOnly)
        || out.write((*bytes)->constData(), (*bytes)->size()) != (*bytes)->size() || !out.commit()) {
        printError(out.fileName(),
            Error(Error::Code::Io, QStringLiteral("Cannot write %1").arg(out.fileName()), out.errorString()));
        return kFailed;
    }
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

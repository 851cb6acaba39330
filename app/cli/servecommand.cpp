// SPDX-License-Identifier: MIT
// h5hdfs serve DIR: a WebHDFS-compatible server over a local directory, on 127.0.0.1.
#include "clicommon.h"

#include "webhdfs/server/localwebhdfsserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {

int runServe(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serve a local directory over WebHDFS on 127.0.0.1 (a test double, not a product)."));
    parser.addPositionalArgument(
        QStringLiteral("dir"), QStringLiteral("Directory to serve as /"), QStringLiteral("DIR"));
    parser.addOption({QStringLiteral("port"), QStringLiteral("NameNode port (default: any free port)."),
        QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("httpfs"),
        QStringLiteral("Behave like HttpFS: no redirects, fewer FileStatus fields.")});
    parser.addOption({QStringLiteral("batch-size"), QStringLiteral("Entries per LISTSTATUS_BATCH page."),
        QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("basic-user"), QStringLiteral("Require HTTP Basic auth with this user."),
        QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("basic-password-file"),
        QStringLiteral("The Basic password, read from a file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("rate"),
        QStringLiteral("DataNodes send at most this many KiB/s (to watch downloads in progress)."),
        QStringLiteral("KIB")});
    parser.addOption({QStringLiteral("latency"),
        QStringLiteral("Answer every request this many ms late, as over a network (for benchmarks)."),
        QStringLiteral("MS")});
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    LocalWebHdfsServer::Options options;
    options.rootDir = parser.positionalArguments().first();
    options.httpfs = parser.isSet(QStringLiteral("httpfs"));
    options.batchSize = qMax(1, parser.value(QStringLiteral("batch-size")).toInt());
    options.basicUser = parser.value(QStringLiteral("basic-user"));
    if (parser.isSet(QStringLiteral("basic-password-file"))) {
        QFile f(parser.value(QStringLiteral("basic-password-file")));
        if (!f.open(QIODevice::ReadOnly)) {
            printError(f.fileName(),
                Error(Error::Code::Io, QStringLiteral("Cannot read the password file"), f.errorString()));
            return kFailed;
        }
        options.basicPassword = QString::fromUtf8(f.readAll()).trimmed();
    }
    options.rateKiBPerSecond = qMax(0, parser.value(QStringLiteral("rate")).toInt());
    LocalWebHdfsServer server(options);
    server.faults().latencyMs = qMax(0, parser.value(QStringLiteral("latency")).toInt());
    if (!server.start(quint16(parser.value(QStringLiteral("port")).toUInt()))) {
        printError(QStringLiteral("serve"),
            Error(Error::Code::Io, QStringLiteral("Cannot start the server"), server.errorString()));
        return kFailed;
    }
    printLine(
        QStringLiteral("Serving %1 as WebHDFS at %2").arg(options.rootDir, server.rootUrl().toString()));
    printLine(QStringLiteral("Try: h5hdfs ls webhdfs://127.0.0.1:%1/").arg(server.nameNodePort()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace Cli

} // namespace H5Hdfs

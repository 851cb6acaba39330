// SPDX-License-Identifier: MIT
// h5hdfs token URL: a delegation token (GETDELEGATIONTOKEN) for tools that cannot do Kerberos.
#include "clicommon.h"
#include "connection.h"

#include <QCommandLineParser>

namespace H5Hdfs {

namespace Cli {

int runToken(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Ask the NameNode for a delegation token and print it (its URL-safe form)."));
    parser.addPositionalArgument(
        QStringLiteral("url"), QStringLiteral("webhdfs://host:port/"), QStringLiteral("URL"));
    parser.addOption({QStringLiteral("renewer"), QStringLiteral("The user allowed to renew the token."),
        QStringLiteral("NAME")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const QString url = parser.positionalArguments().first();
    const auto connection = openConnection(parser);
    if (!connection)
        return kUsage;
    const auto token = connection->delegationToken(parser.value(QStringLiteral("renewer")));
    if (!token) {
        printError(url, token.error());
        return kFailed;
    }
    printLine(*token);
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// h5hdfs info FILE:/path: metadata and attributes of one object.
#include "clicommon.h"
#include "connection.h"

#include "text/h5describe.h"

#include <QCommandLineParser>

namespace H5Hdfs {

namespace Cli {

int runInfo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the metadata and attributes of one object."));
    parser.addPositionalArgument(QStringLiteral("target"), QStringLiteral("FILE:/path (default path: /)"),
        QStringLiteral("FILE:/path"));
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const Target target = splitTarget(parser.positionalArguments().first());
    H5Service service;
    const auto response = openObject(service, target, parser);
    if (!response) {
        printError(target.file, response.error());
        return kFailed;
    }
    for (const auto& [label, value] : H5Describe::properties(response->info))
        printLine(label + QStringLiteral(": ") + value);
    if (!response->info.dataset.typeDetail.isEmpty())
        printLine(QStringLiteral("Type (DDL): ") + response->info.dataset.typeDetail.simplified());
    if (!response->info.attributes.isEmpty()) {
        printLine(QStringLiteral("Attributes:"));
        for (const Attribute& a : response->info.attributes)
            printLine(
                QStringLiteral("  %1 = %2  (%3%4)")
                    .arg(a.name, a.nullSpace ? QStringLiteral("(no value)") : a.value, a.typeName,
                        a.nullSpace            ? QStringLiteral(", empty (null dataspace)")
                            : a.shape.isEmpty() ? QString()
                                                : QStringLiteral(", ") + H5Describe::shape(a.shape)));
    }
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "pathlist.h"

#include <QCommandLineParser>
#include <QFile>
#include <cstdio>

namespace H5Hdfs {

namespace Cli {

void addPathsFromOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("paths-from"),
        QStringLiteral("Also read inputs from FILE (- for standard input): one path or URL per line, "
                       "taken as written; blank lines and # comments are skipped."),
        QStringLiteral("FILE")});
}

bool hasInputs(const QCommandLineParser& parser)
{
    if (!parser.positionalArguments().isEmpty() || parser.isSet(QStringLiteral("paths-from")))
        return true;
    std::fprintf(stderr, "h5hdfs: no inputs: give files or URLs, or --paths-from FILE|-\n\n%s",
        qPrintable(parser.helpText()));
    return false;
}

Result<QList<ListedPath>> readPathList(const QString& source)
{
    const bool standardInput = source == QLatin1String("-");
    QFile file(standardInput ? QString() : source);
    const bool opened = standardInput ? file.open(stdin, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
    const QString name = standardInput ? QStringLiteral("standard input") : source;
    if (!opened)
        return Error(Error::Code::Io, QStringLiteral("Cannot read the list of paths %1").arg(name),
            file.errorString());
    QList<ListedPath> paths;
    int line = 0;
    // readLine() until the end: on a pipe, atEnd() can be true before the writer has finished.
    for (QByteArray bytes = file.readLine(); !bytes.isEmpty(); bytes = file.readLine()) {
        ++line;
        const QString text = QString::fromUtf8(bytes).trimmed();
        if (!text.isEmpty() && !text.startsWith(QLatin1Char('#')))
            paths.append({text, line});
    }
    if (file.error() != QFileDevice::NoError)
        return Error(Error::Code::Io, QStringLiteral("Cannot read the list of paths %1").arg(name),
            file.errorString());
    return paths;
}

} // namespace Cli

} // namespace H5Hdfs

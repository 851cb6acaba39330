// SPDX-License-Identifier: MIT
// h5hdfs ls URL and h5hdfs stat URL: HDFS listings and file status.
#include "clicommon.h"
#include "connection.h"

#include "text/h5describe.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace H5Hdfs {

namespace Cli {
namespace {

QString typeName(const HdfsFileStatus& s)
{
    switch (s.type) {
    case HdfsFileStatus::Type::Directory: return QStringLiteral("directory");
    case HdfsFileStatus::Type::Symlink: return QStringLiteral("symlink");
    case HdfsFileStatus::Type::File: break;
    }
    return QStringLiteral("file");
}

QString modified(const HdfsFileStatus& s)
{
    return QDateTime::fromMSecsSinceEpoch(s.modificationTime, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QJsonObject toJson(const HdfsFileStatus& s)
{
    QJsonObject o {{QStringLiteral("name"), s.name}, {QStringLiteral("type"), typeName(s)},
        {QStringLiteral("length"), s.length}, {QStringLiteral("owner"), s.owner},
        {QStringLiteral("group"), s.group}, {QStringLiteral("permission"), QString::number(s.permission, 8)},
        {QStringLiteral("replication"), s.replication}, {QStringLiteral("blockSize"), s.blockSize},
        {QStringLiteral("modificationTime"), s.modificationTime},
        {QStringLiteral("accessTime"), s.accessTime}};
    if (s.fileId >= 0)
        o.insert(QStringLiteral("fileId"), s.fileId);
    if (s.childrenNum >= 0)
        o.insert(QStringLiteral("childrenNum"), s.childrenNum);
    return o;
}

QString longLine(const HdfsFileStatus& s)
{
    const QChar kind = s.isDirectory()
        ? QLatin1Char('d')
        : (s.type == HdfsFileStatus::Type::Symlink ? QLatin1Char('l') : QLatin1Char('-'));
    return QStringLiteral("%1%2 %3 %4 %5 %6 %7 %8")
        .arg(kind)
        .arg(s.permissionText(), -10)
        .arg(s.isDirectory() ? QStringLiteral("-") : QString::number(s.replication), 2)
        .arg(s.owner, -10)
        .arg(s.group, -12)
        .arg(s.length, 14)
        .arg(modified(s), s.name + (s.isDirectory() ? QStringLiteral("/") : QString()));
}

} // namespace

int runLs(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List an HDFS directory."));
    parser.addPositionalArgument(QStringLiteral("url"),
        QStringLiteral("webhdfs://host:port/dir (or http(s)://, swebhdfs://, Knox; hdfs://cluster/dir or "
                       "/dir through HADOOP_CONF_DIR)"), QStringLiteral("URL"));
    parser.addOption({QStringLiteral("l"),
        QStringLiteral("Long format: type, permission, replication, owner, group, size, modified, name.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("JSON, one object per entry.")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const QString url = parser.positionalArguments().first();
    const auto connection = openConnection(parser);
    if (!connection)
        return kUsage;
    auto entries = connection->list(connection->location().path);
    if (!entries) {
        printError(url, entries.error());
        return kFailed;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const HdfsFileStatus& s : *entries)
            array.append(toJson(s));
        printLine(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)).trimmed());
        return kOk;
    }
    for (const HdfsFileStatus& s : *entries)
        printLine(parser.isSet(QStringLiteral("l"))
                ? longLine(s)
                : s.name + (s.isDirectory() ? QStringLiteral("/") : QString()));
    return kOk;
}

int runStat(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the status of an HDFS file or directory."));
    parser.addPositionalArgument(
        QStringLiteral("url"), QStringLiteral("webhdfs://host:port/path or hdfs://cluster/path"),
        QStringLiteral("URL"));
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const QString url = parser.positionalArguments().first();
    const auto connection = openConnection(parser);
    if (!connection)
        return kUsage;
    auto s = connection->status(connection->location().path);
    if (!s) {
        printError(url, s.error());
        return kFailed;
    }
    printLine(QStringLiteral("Path: %1").arg(connection->location().path));
    printLine(QStringLiteral("Type: %1").arg(typeName(*s)));
    printLine(QStringLiteral("Size: %1").arg(H5Describe::bytes(s->length)));
    printLine(QStringLiteral("Owner: %1").arg(s->owner));
    printLine(QStringLiteral("Group: %1").arg(s->group));
    printLine(
        QStringLiteral("Permission: %1 (%2)").arg(s->permissionText(), QString::number(s->permission, 8)));
    printLine(QStringLiteral("Replication: %1").arg(s->replication));
    printLine(QStringLiteral("Block size: %1").arg(H5Describe::bytes(s->blockSize)));
    printLine(QStringLiteral("Modified: %1 UTC").arg(modified(*s)));
    return kOk;
}

} // namespace Cli

} // namespace H5Hdfs

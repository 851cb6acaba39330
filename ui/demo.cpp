// SPDX-License-Identifier: MIT
#include "demo.h"

#include "webhdfs/server/localwebhdfsserver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>

namespace H5Hdfs {

namespace Demo {

QString defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/demo");
}

Status prepareSamples(const QString& dir)
{
    QDirIterator it(
        QStringLiteral(":/samples"), {QStringLiteral("*.h5")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target
            = dir + QStringLiteral("/data/experiments/") + source.mid(QStringLiteral(":/samples/").size());
        if (QFileInfo::exists(target))
            continue;
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(source, target))
            return Error(Error::Code::Io, QStringLiteral("Cannot write the demo files to %1").arg(dir));
        QFile::setPermissions(
            target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return {};
}

Result<QUrl> start(const QString& dir, QObject* parent)
{
    if (Status s = prepareSamples(dir); s.isError())
        return s;
    LocalWebHdfsServer::Options options;
    options.rootDir = dir;
    options.batchSize = 200;
    auto* server = new LocalWebHdfsServer(options, parent);
    if (!server->start()) {
        const QString why = server->errorString();
        delete server;
        return Error(Error::Code::Network, QStringLiteral("Cannot start the demo WebHDFS server"), why);
    }
    QUrl url = server->rootUrl();
    url.setScheme(QStringLiteral("webhdfs"));
    url.setPath(QStringLiteral("/data/experiments"));
    return url;
}

} // namespace Demo

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "recentitems.h"

#include "webhdfs/hadoopconfig.h"

#include <QFileInfo>
#include <QSettings>

namespace H5Hdfs {

namespace {

const QString kKey = QStringLiteral("recent");

} // namespace

void RecentItems::setSessionServer(const QString& authority, const QString& directory)
{
    m_sessionAuthority = authority;
    m_sessionDirectory = directory;
}

QString RecentItems::entryFor(const QString& fileOrUrl) const
{
    if (m_sessionAuthority.isEmpty() || !HadoopConfig::isRemote(fileOrUrl))
        return fileOrUrl;
    // webhdfs://host:port/p and http://host:port/webhdfs/v1/p alike
    const auto located = HadoopConfig::locate(fileOrUrl);
    if (!located || located->location.roots.isEmpty()
        || located->location.roots.first().authority() != m_sessionAuthority)
        return fileOrUrl;
    const QFileInfo local(m_sessionDirectory + located->location.path);
    return local.isFile() ? local.absoluteFilePath() : QString();
}

bool RecentItems::add(const QString& fileOrUrl)
{
    const QString entry = entryFor(fileOrUrl);
    if (entry.isEmpty())
        return false;
    QStringList kept = items();
    kept.removeAll(entry);
    kept.prepend(entry);
    QSettings().setValue(kKey, kept.mid(0, kKept));
    return true;
}

QStringList RecentItems::items()
{
    return QSettings().value(kKey).toStringList();
}

} // namespace H5Hdfs

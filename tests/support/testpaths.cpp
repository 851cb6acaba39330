// SPDX-License-Identifier: MIT
#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace H5Hdfs {

namespace TestPaths {

QString corpus()
{
    return QDir::cleanPath(QStringLiteral(H5HDFS_CORPUS));
}

QString sourceDir()
{
    return QStringLiteral(H5HDFS_SOURCE_DIR);
}

QString binDir()
{
    return QStringLiteral(H5HDFS_BIN_DIR);
}

void isolateSettings(const QString& application)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("h5hdfs-tests"));
    QCoreApplication::setApplicationName(application);
}

} // namespace TestPaths

} // namespace H5Hdfs

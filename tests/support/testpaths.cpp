// SPDX-License-Identifier: MIT
#include "testpaths.h"

#include <QDir>

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

} // namespace TestPaths

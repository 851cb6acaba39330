// SPDX-License-Identifier: MIT
#include "webhdfs/webhdfsconfig.h"

#include <pwd.h>
#include <unistd.h>

namespace H5Hdfs {

QString WebHdfsConfig::defaultUser()
{
    const QString fromHadoop = qEnvironmentVariable("HADOOP_USER_NAME");
    if (!fromHadoop.isEmpty())
        return fromHadoop;
    if (const passwd* pw = getpwuid(getuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER", QStringLiteral("dr.who"));
}

} // namespace H5Hdfs

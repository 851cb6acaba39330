// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

namespace H5Hdfs {

/// How to reach one WebHDFS service and who to be there.
struct WebHdfsConfig {
    enum class Auth { Simple, DelegationToken, Basic, Kerberos };

    QList<QUrl> roots; ///< REST roots; several NameNodes for HA, tried in turn
    Auth auth = Auth::Simple;
    QString user;     ///< Simple: user.name (default: $HADOOP_USER_NAME, then the OS user); Basic: the login
    QString password; ///< Basic only; never logged, never saved in plain text
    QString token;    ///< DelegationToken only
    /// DataNode addresses from redirects mapped to ones reachable from here: "dn7:9864" or "dn7" ->
    /// "gw:19864".
    QHash<QString, QString> dataNodeMap;
    QString caFile;                  ///< extra CA certificates (PEM) trusted besides the system's
    qint64 memoryBudget = 4LL << 30; ///< downloads larger than this are refused unless allowed
    int transferTimeoutMs = 60'000;  ///< a transfer with no data for this long fails
    int retries = 3;                 ///< extra attempts for idempotent GETs that may succeed later
    int retryDelayMs = 300;          ///< first backoff; doubles per attempt

    /// $HADOOP_USER_NAME, else the OS user, like Hadoop's own client.
    static QString defaultUser();
};

} // namespace H5Hdfs

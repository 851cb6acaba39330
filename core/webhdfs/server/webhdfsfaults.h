// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QString>

namespace H5Hdfs {

/// Faults of the local WebHDFS server that tests switch on (LocalWebHdfsServer::faults()); counters
/// count down as they are used. Safe to change between requests. Not for the programs: the server is
/// a test double, and the product talks to real clusters.
struct WebHdfsFaults {
    int delayMs = 0;                 ///< before every NameNode reply
    int latencyMs = 0;               ///< before every reply, NameNode and DataNode: a network's round trip
    int homeDirectoryDelayMs = 0;    ///< more before GETHOMEDIRECTORY replies
    int serverErrors = 0;            ///< next N NameNode requests answer 500
    int standby = 0;                 ///< next N NameNode requests answer 403 StandbyException
    int retriable = 0;               ///< next N NameNode requests answer 403 RetriableException
    bool rejectBatchListing = false; ///< LISTSTATUS_BATCH answers 400 (an old server)
    bool truncateListing = false;    ///< listings are cut off mid-JSON (NN streaming failure)
    bool ignoreStartAfter = false;   ///< every batch page is the first one again
    int dataNodeStandby = 0;         ///< next N DataNode reads answer 403 StandbyException
    int dropOpen = 0;                ///< next N DataNode bodies stop after dropAfterBytes
    qint64 dropAfterBytes = 1000;
    int wrongLength = 0;        ///< next N DataNode bodies announce 100 bytes more than they send
    int dripBytes = 0;          ///< DataNode bodies trickle this many bytes ...
    int dripIntervalMs = 50;    ///< ... every this many ms
    int dataNodesDown = 0;      ///< the first N of the two DataNodes refuse connections (and requests)
    QString advertisedDataNode; ///< host:port put in redirects instead of the real DataNode
    bool jsonRedirect = false;  ///< OPEN answers 200 + {"Location": ...} even without noredirect
    QSet<QString> denied;       ///< paths answered with AccessControlException
    bool refuseSpnego = false;  ///< every Negotiate token is answered with a fresh challenge
    int oddDataNodeAnswers = 0; ///< next N DataNode reads answer oddStatus with oddBodyBytes of noise
    int oddNameNodeOpens = 0;   ///< next N NameNode OPEN requests answer the same way
    int oddStatus = 206;
    qint64 oddBodyBytes = 64 << 20;
};

} // namespace H5Hdfs

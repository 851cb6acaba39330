// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace H5Hdfs {

/// One entry of an HDFS listing, as WebHDFS describes it. The always-present fields are always
/// filled; the NameNode-only ones are -1 / empty when the server (HttpFS, Knox) leaves them out.
struct HdfsFileStatus {
    enum class Type : quint8 { File, Directory, Symlink };

    QString name; ///< pathSuffix: the child name in a listing, "" for GETFILESTATUS
    Type type = Type::File;
    qint64 length = 0;
    QString owner;
    QString group;
    quint16 permission = 0; ///< octal digits as a number: 0755, 01777 (sticky)
    qint64 accessTime = 0;  ///< ms since the epoch, UTC
    qint64 modificationTime = 0;
    qint64 blockSize = 0;
    int replication = 0;
    // Optional (NameNode only, or only when set).
    qint64 fileId = -1;
    int childrenNum = -1;
    int storagePolicy = -1;
    QString symlink;
    bool aclBit = false;
    bool encBit = false;
    bool ecBit = false;
    QString ecPolicy;
    bool snapshotEnabled = false;

    [[nodiscard]] bool isDirectory() const { return type == Type::Directory; }
    /// "rwxr-x---", with 't'/'T' for the sticky bit and a trailing '+' when an ACL is set.
    [[nodiscard]] QString permissionText() const;
};

/// GETCONTENTSUMMARY: what a directory holds, walked on the NameNode (on request only).
struct HdfsContentSummary {
    qint64 directoryCount = 0;
    qint64 fileCount = 0;
    qint64 length = 0;
    qint64 quota = -1;
    qint64 spaceConsumed = 0;
    qint64 spaceQuota = -1;
};

/// One page of a directory listing; `remaining` > 0 means more pages follow.
struct HdfsListingPage {
    QList<HdfsFileStatus> entries;
    qint64 remaining = 0;
};

} // namespace H5Hdfs

Q_DECLARE_METATYPE(H5Hdfs::HdfsFileStatus)

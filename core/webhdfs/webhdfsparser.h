// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "webhdfs/hdfsfilestatus.h"

#include <QByteArray>

namespace H5Hdfs {

/// Pure functions from WebHDFS replies to values or Errors. No I/O, so all of it is testable
/// with recorded replies of Hadoop 2, Hadoop 3, HttpFS and Knox.
namespace WebHdfsParser {

Result<HdfsFileStatus> fileStatus(const QByteArray& json);          ///< {"FileStatus": {...}}
Result<QList<HdfsFileStatus>> fileStatuses(const QByteArray& json); ///< LISTSTATUS
Result<HdfsListingPage> directoryListing(const QByteArray& json);   ///< LISTSTATUS_BATCH
Result<HdfsContentSummary> contentSummary(const QByteArray& json);
Result<QString> homeDirectory(const QByteArray& json);    ///< {"Path": "/user/alice"}
Result<QString> redirectLocation(const QByteArray& json); ///< {"Location": "..."} (noredirect)
/// {"Token": {"urlString": "..."}} (GETDELEGATIONTOKEN); {"Token": null} is an Unsupported error:
/// the NameNode issues tokens only to Kerberos-authenticated callers.
Result<QString> delegationToken(const QByteArray& json);

/// A server's error body as one line of text for a message: whitespace folded, control characters
/// and broken UTF-8 left out (and counted), a binary body only described ("[4096 bytes of binary
/// data, not shown]").
QString printable(const QByteArray& body);

/// The Error for a failed reply: the RemoteException's `exception` decides the code when the body
/// has one; otherwise the HTTP status does. `what` says what was asked ("listing /data").
Error replyError(int httpStatus, const QByteArray& contentType, const QByteArray& body, const QString& what);

} // namespace WebHdfsParser

} // namespace H5Hdfs

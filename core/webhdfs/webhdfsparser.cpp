// SPDX-License-Identifier: MIT
#include "webhdfs/webhdfsparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <optional>

namespace H5Hdfs {

namespace WebHdfsParser {
namespace {

Error malformed(const QString& what, const QString& detail)
{
    return Error(Error::Code::Protocol, QStringLiteral("The server sent a malformed %1").arg(what), detail);
}

Result<QJsonObject> object(const QByteArray& json, const char* key, const QString& what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return malformed(what, QStringLiteral("%1 at byte %2").arg(error.errorString()).arg(error.offset));
    const QJsonValue value = doc.object().value(QLatin1String(key));
    if (!value.isObject())
        return malformed(what, QStringLiteral("no \"%1\" object").arg(QLatin1String(key)));
    return value.toObject();
}

Result<HdfsFileStatus> fromObject(const QJsonObject& o)
{
    for (const char* required : {"pathSuffix", "type", "length", "owner", "group", "permission", "accessTime",
             "modificationTime", "blockSize", "replication"}) {
        if (!o.contains(QLatin1String(required)))
            return malformed(QStringLiteral("FileStatus"),
                QStringLiteral("\"%1\" is missing").arg(QLatin1String(required)));
    }
    HdfsFileStatus s;
    s.name = o.value(QStringLiteral("pathSuffix")).toString();
    const QString type = o.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("FILE"))
        s.type = HdfsFileStatus::Type::File;
    else if (type == QLatin1String("DIRECTORY"))
        s.type = HdfsFileStatus::Type::Directory;
    else if (type == QLatin1String("SYMLINK"))
        s.type = HdfsFileStatus::Type::Symlink;
    else
        return malformed(QStringLiteral("FileStatus"), QStringLiteral("unknown type \"%1\"").arg(type));
    // Numbers are 64-bit: toInteger(), never toInt().
    s.length = o.value(QStringLiteral("length")).toInteger();
    s.owner = o.value(QStringLiteral("owner")).toString();
    s.group = o.value(QStringLiteral("group")).toString();
    bool ok = false;
    const quint16 permission = o.value(QStringLiteral("permission")).toString().toUShort(&ok, 8);
    if (!ok)
        return malformed(QStringLiteral("FileStatus"),
            QStringLiteral("permission \"%1\"").arg(o.value(QStringLiteral("permission")).toString()));
    // Mode bits only. Hadoop 2's FsPermissionExtension put the ACL, encryption and erasure-coding
    // flags above them (bits 12, 13, 14: "10755"); they are flags here, never permission bits.
    s.permission = permission & 07777;
    s.accessTime = o.value(QStringLiteral("accessTime")).toInteger();
    s.modificationTime = o.value(QStringLiteral("modificationTime")).toInteger();
    s.blockSize = o.value(QStringLiteral("blockSize")).toInteger();
    s.replication = int(o.value(QStringLiteral("replication")).toInteger());
    s.fileId = o.value(QStringLiteral("fileId")).toInteger(-1);
    s.childrenNum = int(o.value(QStringLiteral("childrenNum")).toInteger(-1));
    s.storagePolicy = int(o.value(QStringLiteral("storagePolicy")).toInteger(-1));
    s.symlink = o.value(QStringLiteral("symlink")).toString();
    s.aclBit = o.value(QStringLiteral("aclBit")).toBool() || (permission & (1 << 12));
    s.encBit = o.value(QStringLiteral("encBit")).toBool() || (permission & (1 << 13));
    s.ecBit = o.value(QStringLiteral("ecBit")).toBool() || (permission & (1 << 14));
    s.ecPolicy = o.value(QStringLiteral("ecPolicy")).toString();
    s.snapshotEnabled = o.value(QStringLiteral("snapshotEnabled")).toBool();
    return s;
}

Result<QList<HdfsFileStatus>> fromArray(const QJsonObject& statuses)
{
    const QJsonValue list = statuses.value(QStringLiteral("FileStatus"));
    if (!list.isArray())
        return malformed(QStringLiteral("listing"), QStringLiteral("no \"FileStatus\" array"));
    QList<HdfsFileStatus> result;
    result.reserve(list.toArray().size());
    for (const QJsonValue& v : list.toArray()) {
        auto s = fromObject(v.toObject());
        if (!s)
            return s.error();
        result.append(std::move(s).value());
    }
    return result;
}

struct RemoteException {
    QString exception;
    QString javaClassName;
    QString message;
};

std::optional<RemoteException> remoteException(const QByteArray& contentType, const QByteArray& body)
{
    // Like Hadoop's own client: only a JSON body is parsed; HTML error pages fall back to the status.
    if (!contentType.contains("json") && !body.trimmed().startsWith('{'))
        return std::nullopt;
    const QJsonObject o
        = QJsonDocument::fromJson(body).object().value(QStringLiteral("RemoteException")).toObject();
    if (o.isEmpty())
        return std::nullopt;
    return RemoteException {o.value(QStringLiteral("exception")).toString(),
        o.value(QStringLiteral("javaClassName")).toString(), o.value(QStringLiteral("message")).toString()};
}

Error fromException(const RemoteException& e, const QString& what)
{
    const QString& x = e.exception;
    const QString said = printable((e.message.isEmpty() ? x : e.message).toUtf8());
    if (x == QLatin1String("FileNotFoundException"))
        return Error(Error::Code::NotFound, QStringLiteral("Not found: %1").arg(what), said);
    if (x == QLatin1String("AccessControlException"))
        return Error(Error::Code::PermissionDenied, QStringLiteral("Permission denied: %1").arg(what), said);
    if (x == QLatin1String("StandbyException"))
        return Error(Error::Code::Standby, QStringLiteral("The NameNode is a standby: %1").arg(what), said);
    if (x == QLatin1String("RetriableException"))
        return Error(Error::Code::Retriable,
            QStringLiteral("The NameNode asks to try again later: %1").arg(what), said);
    if (x == QLatin1String("SafeModeException"))
        return Error(Error::Code::Retriable, QStringLiteral("HDFS is in safe mode: %1").arg(what), said);
    if (x == QLatin1String("SecurityException") || x == QLatin1String("InvalidToken")
        || x == QLatin1String("AuthenticationException"))
        return Error(Error::Code::AuthenticationFailed,
            QStringLiteral("Not authorized (the login or delegation token was refused): %1").arg(what), said);
    if (x == QLatin1String("UnresolvedPathException")) // a real NameNode's answer about a symlink
        return Error(Error::Code::Unsupported,
            QStringLiteral("A symbolic link is in the way: %1 (WebHDFS does not follow links; open the target "
                           "%2)")
                .arg(what, e.message),
            said);
    if (x == QLatin1String("IllegalArgumentException"))
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("The server rejected the request: %1").arg(what), said);
    if (x == QLatin1String("UnsupportedOperationException"))
        return Error(
            Error::Code::Unsupported, QStringLiteral("The server does not support this: %1").arg(what), said);
    return Error(Error::Code::ServerError, QStringLiteral("The server failed %1").arg(what),
        QStringLiteral("%1: %2").arg(e.javaClassName.isEmpty() ? x : e.javaClassName, said));
}

Error fromStatus(int status, const QByteArray& body, const QString& what)
{
    const QString detail = QStringLiteral("HTTP %1: %2").arg(status).arg(printable(body).left(500));
    switch (status) {
    case 401: // the body is the server's login page (Jetty, Knox): nothing for people to read
        return Error(Error::Code::AuthenticationFailed,
            QStringLiteral("Not authorized: %1 (check the user, password or Kerberos ticket)").arg(what),
            QStringLiteral("HTTP 401"));
    case 403: return Error(Error::Code::PermissionDenied, QStringLiteral("Forbidden: %1").arg(what), detail);
    case 404: return Error(Error::Code::NotFound, QStringLiteral("Not found: %1").arg(what), detail);
    case 400:
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("The server rejected the request: %1").arg(what), detail);
    default: break;
    }
    return Error(status >= 500 ? Error::Code::ServerError : Error::Code::Protocol,
        QStringLiteral("The server failed %1 (HTTP %2)").arg(what).arg(status), detail);
}

} // namespace

QString printable(const QByteArray& body)
{
    const QString decoded = QString::fromUtf8(body);
    QString text;
    qsizetype dropped = 0;
    for (const QChar c : decoded) {
        if (c.isSpace())
            text += QLatin1Char(' ');
        else if ((c.isPrint() || c.isSurrogate()) && c != QChar::ReplacementCharacter)
            text += c;
        else
            ++dropped;
    }
    // Mostly control characters and broken UTF-8: a file or an image, not a message to show.
    if (body.contains('\0') || dropped * 10 > decoded.size())
        return QStringLiteral("[%1 bytes of binary data, not shown]").arg(body.size());
    text = text.simplified();
    if (dropped > 0)
        text += QStringLiteral(" [%1 non-text characters left out]").arg(dropped);
    return text;
}

Result<HdfsFileStatus> fileStatus(const QByteArray& json)
{
    auto o = object(json, "FileStatus", QStringLiteral("file status"));
    if (!o)
        return o.error();
    return fromObject(*o);
}

Result<QList<HdfsFileStatus>> fileStatuses(const QByteArray& json)
{
    auto o = object(json, "FileStatuses", QStringLiteral("listing"));
    if (!o)
        return o.error();
    return fromArray(*o);
}

Result<HdfsListingPage> directoryListing(const QByteArray& json)
{
    auto o = object(json, "DirectoryListing", QStringLiteral("listing"));
    if (!o)
        return o.error();
    const QJsonObject partial = o->value(QStringLiteral("partialListing")).toObject();
    auto entries = fromArray(partial.value(QStringLiteral("FileStatuses")).toObject());
    if (!entries)
        return entries.error();
    if (!o->contains(QStringLiteral("remainingEntries")))
        return malformed(QStringLiteral("listing"), QStringLiteral("\"remainingEntries\" is missing"));
    return HdfsListingPage {
        std::move(entries).value(), o->value(QStringLiteral("remainingEntries")).toInteger()};
}

Result<HdfsContentSummary> contentSummary(const QByteArray& json)
{
    auto o = object(json, "ContentSummary", QStringLiteral("content summary"));
    if (!o)
        return o.error();
    HdfsContentSummary s;
    s.directoryCount = o->value(QStringLiteral("directoryCount")).toInteger();
    s.fileCount = o->value(QStringLiteral("fileCount")).toInteger();
    s.length = o->value(QStringLiteral("length")).toInteger();
    s.quota = o->value(QStringLiteral("quota")).toInteger(-1);
    s.spaceConsumed = o->value(QStringLiteral("spaceConsumed")).toInteger();
    s.spaceQuota = o->value(QStringLiteral("spaceQuota")).toInteger(-1);
    return s;
}

Result<QString> homeDirectory(const QByteArray& json)
{
    const QJsonValue path = QJsonDocument::fromJson(json).object().value(QStringLiteral("Path"));
    if (!path.isString())
        return malformed(QStringLiteral("home directory"), QString::fromUtf8(json.left(200)));
    return path.toString();
}

Result<QString> redirectLocation(const QByteArray& json)
{
    const QJsonValue location = QJsonDocument::fromJson(json).object().value(QStringLiteral("Location"));
    if (!location.isString())
        return malformed(QStringLiteral("redirect"), QString::fromUtf8(json.left(200)));
    return location.toString();
}

Result<QString> delegationToken(const QByteArray& json)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    const QJsonValue token = document.object().value(QStringLiteral("Token"));
    if (error.error != QJsonParseError::NoError || !document.isObject() || token.isUndefined())
        return malformed(QStringLiteral("delegation token"), QString::fromUtf8(json.left(200)));
    if (token.isNull())
        return Error(Error::Code::Unsupported,
            QStringLiteral("The NameNode issued no token: delegation tokens need Kerberos (or "
                           "dfs.namenode.delegation.token.always-use)"));
    const QJsonValue url = token.toObject().value(QStringLiteral("urlString"));
    if (!url.isString() || url.toString().isEmpty())
        return malformed(QStringLiteral("delegation token"), QString::fromUtf8(json.left(200)));
    return url.toString();
}

Error replyError(int httpStatus, const QByteArray& contentType, const QByteArray& body, const QString& what)
{
    if (const auto e = remoteException(contentType, body))
        return fromException(*e, what);
    return fromStatus(httpStatus, body, what);
}

} // namespace WebHdfsParser

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "webhdfs/webhdfsendpoint.h"

#include <QRegularExpression>
#include <cctype>

namespace H5Hdfs {

namespace {

const QByteArray kRestPrefix = "/webhdfs/v1";

bool keptInPath(uchar c)
{
    // RFC 3986 unreserved characters and the sub-delimiters Hadoop's own client sends raw; ';'
    // and '+' are encoded (servlet path parameters; form decoding in some servers).
    static const QByteArray kept = "-._~!$&'()*,:@=";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || kept.contains(char(c));
}

// Decodes %XX escapes; a '%' not followed by two hex digits is a literal '%' (typed by a person).
QString decodePath(const QByteArray& raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size() && isxdigit(uchar(raw[i + 1]))
            && isxdigit(uchar(raw[i + 2]))) {
            out.append(char(QByteArray::fromHex(raw.mid(i + 1, 2)).at(0)));
            i += 2;
        } else {
            out.append(raw[i]);
        }
    }
    return QString::fromUtf8(out);
}

Error badUrl(const QString& url, const QString& why)
{
    return Error(Error::Code::InvalidArgument, QStringLiteral("Not a WebHDFS URL: %1").arg(url), why);
}

} // namespace

bool WebHdfsLocation::isUrl(const QString& text)
{
    static const QRegularExpression scheme(
        QStringLiteral("^(s?webhdfs|https?)://"), QRegularExpression::CaseInsensitiveOption);
    return scheme.match(text).hasMatch();
}

Result<WebHdfsLocation> WebHdfsLocation::parse(const QString& url)
{
    // No query or fragment in these URLs: "?" and "#" are path characters (HDFS allows them in names).
    static const QRegularExpression shape(QStringLiteral("^([A-Za-z]+)://([^/]+)(/.*)?$"));
    const auto m = shape.match(url.trimmed());
    if (!m.hasMatch())
        return badUrl(url, QStringLiteral("expected scheme://host:port/path"));
    const QString scheme = m.captured(1).toLower();
    QString transport;
    if (scheme == QLatin1String("webhdfs") || scheme == QLatin1String("http"))
        transport = QStringLiteral("http");
    else if (scheme == QLatin1String("swebhdfs") || scheme == QLatin1String("https"))
        transport = QStringLiteral("https");
    else
        return badUrl(url, QStringLiteral("the scheme must be webhdfs, swebhdfs, http or https"));

    // Everything up to and including /webhdfs/v1 is the REST root (it may carry a Knox gateway
    // prefix); without it, the whole path is the HDFS path and the root is /webhdfs/v1.
    const QByteArray rawPath = m.captured(3).toUtf8();
    QByteArray prefix = kRestPrefix;
    QByteArray hdfsPath = rawPath;
    if (const qsizetype at = rawPath.indexOf(kRestPrefix);
        at >= 0 && (rawPath.size() == at + kRestPrefix.size() || rawPath[at + kRestPrefix.size()] == '/')) {
        prefix = rawPath.left(at + kRestPrefix.size());
        hdfsPath = rawPath.mid(at + kRestPrefix.size());
    }
    WebHdfsLocation location;
    location.path = decodePath(hdfsPath.isEmpty() ? QByteArray("/") : hdfsPath);
    for (const QString& authority : m.captured(2).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QUrl root = QUrl::fromEncoded(
            transport.toLatin1() + "://" + authority.trimmed().toUtf8() + prefix, QUrl::StrictMode);
        if (!root.isValid() || root.host().isEmpty())
            return badUrl(url, QStringLiteral("cannot read the host %1").arg(authority));
        location.roots.append(root);
    }
    if (location.roots.isEmpty())
        return badUrl(url, QStringLiteral("no host"));
    return location;
}

QString WebHdfsLocation::toDisplayString() const
{
    if (roots.isEmpty())
        return path;
    return QString::fromUtf8(roots.first().toEncoded() + WebHdfsPath::encode(path));
}

namespace WebHdfsPath {

QByteArray encode(const QString& path)
{
    const QByteArray utf8 = path.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (char ch : utf8) {
        const auto c = uchar(ch);
        if (c == '/' || keptInPath(c)) {
            out.append(ch);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            out.append('%').append(hex[c >> 4]).append(hex[c & 15]);
        }
    }
    return out.startsWith('/') ? out : "/" + out;
}

QByteArray encodeQueryValue(const QString& value)
{
    return QUrl::toPercentEncoding(value); // only unreserved characters stay; '+' and ' ' are encoded
}

QString child(const QString& directory, const QString& name)
{
    return directory.endsWith(QLatin1Char('/')) ? directory + name : directory + QLatin1Char('/') + name;
}

QString parent(const QString& path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'), path.endsWith(QLatin1Char('/')) ? -2 : -1);
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

QUrl operationUrl(const QUrl& root, const QString& path, const QByteArray& op,
    const QList<std::pair<QByteArray, QString>>& parameters)
{
    QByteArray url = root.toEncoded(QUrl::StripTrailingSlash) + encode(path) + "?op=" + op;
    for (const auto& [name, value] : parameters)
        url += '&' + name + '=' + encodeQueryValue(value);
    return QUrl::fromEncoded(url, QUrl::StrictMode);
}

} // namespace WebHdfsPath

} // namespace H5Hdfs

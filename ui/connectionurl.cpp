// SPDX-License-Identifier: MIT
#include "connectionurl.h"

#include "webhdfs/webhdfsendpoint.h"

#include <QRegularExpression>

namespace H5Hdfs {

namespace ConnectionUrl {

namespace {

struct Parts {
    QString server;
    QString path;
};

Parts split(const QString& typed)
{
    const QString text = typed.trimmed();
    static const QRegularExpression shape(QStringLiteral("^([A-Za-z]+://[^/]*)(/.*)?$"));
    const auto m = shape.match(text);
    if (!m.hasMatch())
        return {QString(), text}; // a bare path, resolved through fs.defaultFS
    Parts parts {m.captured(1), m.captured(2)};
    // A REST prefix (Knox: /gateway/<topology>/webhdfs/v1) belongs to the server, as
    // WebHdfsLocation::parse reads it.
    static const QRegularExpression rest(QStringLiteral("^(.*?/webhdfs/v1)(/.*)?$"));
    if (const auto r = rest.match(parts.path); r.hasMatch()) {
        parts.server += r.captured(1);
        parts.path = r.captured(2);
    }
    return parts;
}

} // namespace

QString server(const QString& typed)
{
    return split(typed).server;
}

bool namesPath(const QString& typed)
{
    return !split(typed).path.isEmpty();
}

QString withPath(const QString& server, const QString& path)
{
    if (server.isEmpty())
        return path; // a bare path stays one
    return server + QString::fromUtf8(WebHdfsPath::encode(path));
}

} // namespace ConnectionUrl

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "webhdfs/server/localwebhdfsserver.h"

#include "webhdfs/server/httpconnection.h"
#include "webhdfs/server/spnegoacceptor.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <algorithm>
#include <sys/stat.h>
#include <unistd.h>

namespace H5Hdfs {

namespace {

const QByteArray kPrefix = "/webhdfs/v1";
constexpr qint64 kBlockSize = 128LL << 20;

struct Target {
    QString path; ///< decoded HDFS path
    QHash<QString, QString> query;
};

QString formDecode(QByteArray value)
{
    value.replace('+', ' ');
    return QUrl::fromPercentEncoding(value);
}

std::optional<Target> parseTarget(const QByteArray& target)
{
    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = target.left(q < 0 ? target.size() : q);
    if (!rawPath.startsWith(kPrefix))
        return std::nullopt;
    Target t;
    t.path = QUrl::fromPercentEncoding(rawPath.mid(kPrefix.size()));
    if (t.path.isEmpty())
        t.path = QStringLiteral("/");
    if (q >= 0) {
        for (const QByteArray& pair : target.mid(q + 1).split('&')) {
            const qsizetype eq = pair.indexOf('=');
            // Names are case-sensitive, as a real NameNode's are ("startAfter" is ignored there).
            const QString name = formDecode(pair.left(eq < 0 ? pair.size() : eq));
            t.query.insert(name, eq < 0 ? QString() : formDecode(pair.mid(eq + 1)));
        }
    }
    return t;
}

QJsonObject fileStatuses(const QJsonArray& entries)
{
    return QJsonObject {{QStringLiteral("FileStatus"), entries}};
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray remoteException(const QString& exception, const QString& javaClass, const QString& message)
{
    return json(QJsonObject {{QStringLiteral("RemoteException"),
        QJsonObject {{QStringLiteral("exception"), exception}, {QStringLiteral("javaClassName"), javaClass},
            {QStringLiteral("message"), message}}}});
}

// A symbolic link as a real NameNode lists it: type SYMLINK, its target as written, length 0.
QJsonObject symlinkStatus(const QFileInfo& info, const QString& name, const LocalWebHdfsServer::Options& o)
{
    char target[4096];
    const ssize_t n = ::readlink(QFile::encodeName(info.filePath()).constData(), target, sizeof target);
    return QJsonObject {{QStringLiteral("pathSuffix"), name}, {QStringLiteral("type"), QStringLiteral("SYMLINK")},
        {QStringLiteral("symlink"), QString::fromUtf8(target, n > 0 ? qsizetype(n) : 0)},
        {QStringLiteral("length"), 0}, {QStringLiteral("owner"), o.owner}, {QStringLiteral("group"), o.group},
        {QStringLiteral("permission"), QStringLiteral("777")}, {QStringLiteral("accessTime"), 0},
        {QStringLiteral("modificationTime"), info.lastModified().toMSecsSinceEpoch()},
        {QStringLiteral("blockSize"), 0}, {QStringLiteral("replication"), 0}};
}

QJsonObject fileStatus(const QFileInfo& info, const QString& name, const LocalWebHdfsServer::Options& o)
{
    if (info.isSymLink())
        return symlinkStatus(info, name, o);
    struct stat st { };
    ::stat(QFile::encodeName(info.filePath()).constData(), &st);
    const bool dir = info.isDir();
    int mode = 0;
    const auto p = info.permissions();
    mode |= (p & QFile::ReadOwner ? 0400 : 0) | (p & QFile::WriteOwner ? 0200 : 0)
        | (p & QFile::ExeOwner ? 0100 : 0);
    mode |= (p & QFile::ReadGroup ? 040 : 0) | (p & QFile::WriteGroup ? 020 : 0)
        | (p & QFile::ExeGroup ? 010 : 0);
    mode |= (p & QFile::ReadOther ? 04 : 0) | (p & QFile::WriteOther ? 02 : 0)
        | (p & QFile::ExeOther ? 01 : 0);
    QJsonObject s {{QStringLiteral("pathSuffix"), name},
        {QStringLiteral("type"), dir ? QStringLiteral("DIRECTORY") : QStringLiteral("FILE")},
        {QStringLiteral("length"), dir ? 0 : info.size()}, {QStringLiteral("owner"), o.owner},
        {QStringLiteral("group"), o.group}, {QStringLiteral("permission"), QString::number(mode, 8)},
        {QStringLiteral("accessTime"), dir ? 0 : info.lastRead().toMSecsSinceEpoch()},
        {QStringLiteral("modificationTime"), info.lastModified().toMSecsSinceEpoch()},
        {QStringLiteral("blockSize"), dir ? 0 : kBlockSize}, {QStringLiteral("replication"), dir ? 0 : 3}};
    if (!o.httpfs) { // HttpFS leaves out what only the NameNode knows
        s.insert(QStringLiteral("fileId"), qint64(st.st_ino));
        s.insert(QStringLiteral("childrenNum"),
            dir ? QDir(info.filePath())
                      .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                      .size()
                : 0);
        s.insert(QStringLiteral("storagePolicy"), 0);
    }
    return s;
}

// Children sorted as HDFS sorts them: by the bytes of the UTF-8 name.
QList<QFileInfo> sortedChildren(const QString& dir)
{
    QList<QFileInfo> list
        = QDir(dir).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::NoSort);
    std::sort(list.begin(), list.end(),
        [](const QFileInfo& a, const QFileInfo& b) { return a.fileName().toUtf8() < b.fileName().toUtf8(); });
    return list;
}

} // namespace

LocalWebHdfsServer::LocalWebHdfsServer(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_options.rootDir = QDir(m_options.rootDir).canonicalPath();
    if (m_options.rateKiBPerSecond > 0) { // a trickle every 50 ms
        m_faults.dripIntervalMs = 50;
        m_faults.dripBytes = qMax(1, m_options.rateKiBPerSecond * 1024 / 20);
    }
}

LocalWebHdfsServer::~LocalWebHdfsServer() = default;

bool LocalWebHdfsServer::start(quint16 nameNodePort)
{
    if (m_options.rootDir.isEmpty() || !QFileInfo(m_options.rootDir).isDir()) {
        m_error = QStringLiteral("not a directory: %1").arg(m_options.rootDir);
        return false;
    }
    for (QTcpServer* server : {&m_nameNode, &m_dataNodes[0], &m_dataNodes[1]}) {
        const quint16 port = server == &m_nameNode ? nameNodePort : 0;
        if (!server->listen(QHostAddress::LocalHost, port)) {
            m_error = server->errorString();
            return false;
        }
        listen(*server, server == &m_nameNode);
    }
    return true;
}

void LocalWebHdfsServer::listen(QTcpServer& server, bool nameNode)
{
    connect(&server, &QTcpServer::newConnection, this, [this, &server, nameNode] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            if (!nameNode && &server - &m_dataNodes[0] < m_faults.dataNodesDown) {
                socket->abort();
                socket->deleteLater();
                continue;
            }
            new HttpConnection(
                socket,
                [this, &server, nameNode](HttpConnection& c, const HttpRequest& r) {
                    // A DataNode that went down drops the connections it kept alive, too.
                    if (!nameNode && &server - &m_dataNodes[0] < m_faults.dataNodesDown)
                        return c.abort();
                    m_log.append((nameNode ? "NN " : "DN ") + r.target
                        + (r.headers.contains("authorization") ? " [auth]" : ""));
                    m_headerLog.append(r.headers);
                    dispatch(c, r, nameNode);
                },
                this);
        }
    });
}

QUrl LocalWebHdfsServer::rootUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/webhdfs/v1").arg(m_nameNode.serverPort()));
}

QString LocalWebHdfsServer::dataNodeAddress(int index) const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_dataNodes[index].serverPort());
}

void LocalWebHdfsServer::dispatch(HttpConnection& c, const HttpRequest& request, bool nameNode)
{
    if (m_faults.latencyMs > 0) {
        QPointer<HttpConnection> guard(&c);
        c.replyLater(m_faults.latencyMs, [this, guard, request, nameNode] {
            if (guard)
                nameNode ? handleNameNode(*guard, request) : handleDataNode(*guard, request);
        });
        return;
    }
    nameNode ? handleNameNode(c, request) : handleDataNode(c, request);
}

void LocalWebHdfsServer::handleNameNode(HttpConnection& c, const HttpRequest& request)
{
    const bool home = request.target.contains("op=GETHOMEDIRECTORY");
    const int delay = m_faults.delayMs + (home ? m_faults.homeDirectoryDelayMs : 0);
    if (delay > 0) {
        QPointer<HttpConnection> guard(&c);
        const HttpRequest copy = request;
        c.replyLater(delay, [this, guard, copy] {
            if (guard)
                serveNameNode(*guard, copy);
        });
        return;
    }
    serveNameNode(c, request);
}

// What a NameNode request is about, once it passed the checks every operation shares.
struct LocalWebHdfsServer::Resolved {
    Target target;
    QString local; ///< the path on disk
    QFileInfo info;
    QString op; ///< upper case
};

void LocalWebHdfsServer::serveNameNode(HttpConnection& c, const HttpRequest& request)
{
    if (!admit(c, request))
        return;
    const std::optional<Resolved> r = resolve(c, request);
    if (!r)
        return;
    if (r->op == QLatin1String("GETFILESTATUS")) {
        c.reply(200, "application/json",
            json(QJsonObject {{QStringLiteral("FileStatus"), fileStatus(r->info, QString(), m_options)}}));
    } else if (r->op == QLatin1String("LISTSTATUS")) {
        replyListing(c, *r);
    } else if (r->op == QLatin1String("LISTSTATUS_BATCH")) {
        replyBatchListing(c, *r);
    } else if (r->op == QLatin1String("GETCONTENTSUMMARY")) {
        replyContentSummary(c, *r);
    } else if (r->op == QLatin1String("GETHOMEDIRECTORY")) {
        const QString user = r->target.query.value(QStringLiteral("user.name"), QStringLiteral("dr.who"));
        c.reply(200, "application/json",
            json(QJsonObject {{QStringLiteral("Path"), QStringLiteral("/user/") + user}}));
    } else if (r->op == QLatin1String("GETDELEGATIONTOKEN")) {
        replyDelegationToken(c, *r);
    } else if (r->op == QLatin1String("OPEN")) {
        replyOpen(c, request, *r);
    } else {
        replyException(c, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
            QStringLiteral("Invalid value for webhdfs parameter \"op\": %1").arg(r->op));
    }
}

void LocalWebHdfsServer::replyException(
    HttpConnection& c, int status, const char* exception, const char* javaClass, const QString& message)
{
    // HttpFS answers 500 for permission errors where the NameNode answers 403.
    const int code = m_options.httpfs && status == 403 ? 500 : status;
    c.reply(code, "application/json", remoteException(QLatin1String(exception), QLatin1String(javaClass), message));
}

bool LocalWebHdfsServer::admit(HttpConnection& c, const HttpRequest& request)
{
    if (!m_options.basicUser.isEmpty()) {
        const QByteArray expected = "Basic "
            + (m_options.basicUser + QLatin1Char(':') + m_options.basicPassword).toUtf8().toBase64();
        if (request.header("authorization") != expected) {
            c.reply(401, "text/html", "<html><body>401 Unauthorized</body></html>",
                {{"WWW-Authenticate", "Basic realm=\"h5hdfs\""}});
            return false;
        }
    }
    if (m_options.spnego && !authenticateSpnego(c, request))
        return false;
    if (m_faults.serverErrors > 0) {
        --m_faults.serverErrors;
        c.reply(500, "text/html", "<html><body><h1>500 Server Error</h1></body></html>");
        return false;
    }
    if (m_faults.standby > 0) {
        --m_faults.standby;
        replyException(c, 403, "StandbyException", "org.apache.hadoop.ipc.StandbyException",
            QStringLiteral("Operation category READ is not supported in state standby. Visit "
                           "https://s.apache.org/sbnn-error"));
        return false;
    }
    if (m_faults.retriable > 0) {
        --m_faults.retriable;
        replyException(c, 403, "RetriableException", "org.apache.hadoop.ipc.RetriableException",
            QStringLiteral("Namenode is in startup mode"));
        return false;
    }
    return true;
}

std::optional<LocalWebHdfsServer::Resolved> LocalWebHdfsServer::resolve(
    HttpConnection& c, const HttpRequest& request)
{
    if (request.method != "GET") {
        replyException(c, 400, "UnsupportedOperationException", "java.lang.UnsupportedOperationException",
            QStringLiteral("%1 is not supported by this read-only server")
                .arg(QString::fromLatin1(request.method)));
        return std::nullopt;
    }
    const auto target = parseTarget(request.target);
    if (!target) {
        c.reply(404, "text/html", "<html><body>Not a WebHDFS URL</body></html>");
        return std::nullopt;
    }
    Resolved r {*target, QDir::cleanPath(m_options.rootDir + target->path), {}, {}};
    r.info = QFileInfo(r.local);
    r.op = target->query.value(QStringLiteral("op")).toUpper();
    if (!r.local.startsWith(m_options.rootDir) || (!r.info.exists() && r.op != QLatin1String("GETHOMEDIRECTORY"))) {
        replyException(c, 404, "FileNotFoundException", "java.io.FileNotFoundException",
            QStringLiteral("File does not exist: %1").arg(target->path));
        return std::nullopt;
    }
    if (r.info.isSymLink()) { // a real NameNode does not follow links for WebHDFS
        const QString resolved = r.info.symLinkTarget(); // its message is the target, in HDFS terms
        replyException(c, 403, "UnresolvedPathException", "org.apache.hadoop.hdfs.protocol.UnresolvedPathException",
            resolved.startsWith(m_options.rootDir) ? resolved.mid(m_options.rootDir.size()) : target->path);
        return std::nullopt;
    }
    if (m_faults.denied.contains(target->path)) {
        replyException(c, 403, "AccessControlException", "org.apache.hadoop.security.AccessControlException",
            QStringLiteral("Permission denied: user=%1, access=READ, inode=\"%2\"")
                .arg(target->query.value(QStringLiteral("user.name")), target->path));
        return std::nullopt;
    }
    return r;
}

void LocalWebHdfsServer::replyListingBody(HttpConnection& c, const QByteArray& body)
{
    c.reply(200, "application/json", m_faults.truncateListing ? body.left(body.size() / 2) : body);
}

void LocalWebHdfsServer::replyListing(HttpConnection& c, const Resolved& r)
{
    QJsonArray entries;
    if (r.info.isDir()) {
        for (const QFileInfo& child : sortedChildren(r.local))
            entries.append(fileStatus(child, child.fileName(), m_options));
    } else {
        entries.append(fileStatus(r.info, QString(), m_options));
    }
    replyListingBody(c, json(QJsonObject {{QStringLiteral("FileStatuses"), fileStatuses(entries)}}));
}

void LocalWebHdfsServer::replyBatchListing(HttpConnection& c, const Resolved& r)
{
    if (m_faults.rejectBatchListing) {
        replyException(c, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
            QStringLiteral("Invalid value for webhdfs parameter \"op\": No enum constant LISTSTATUS_BATCH"));
        return;
    }
    const QByteArray after
        = m_faults.ignoreStartAfter ? QByteArray() : r.target.query.value(QStringLiteral("startafter")).toUtf8();
    const QList<QFileInfo> all = r.info.isDir() ? sortedChildren(r.local) : QList<QFileInfo> {r.info};
    QJsonArray entries;
    qsizetype i = 0;
    while (i < all.size() && !after.isEmpty() && all[i].fileName().toUtf8() <= after)
        ++i;
    for (; i < all.size() && entries.size() < m_options.batchSize; ++i)
        entries.append(fileStatus(all[i], r.info.isDir() ? all[i].fileName() : QString(), m_options));
    const qint64 remaining = all.size() - i;
    replyListingBody(c, json(QJsonObject {{QStringLiteral("DirectoryListing"),
        QJsonObject {{QStringLiteral("partialListing"),
                         QJsonObject {{QStringLiteral("FileStatuses"), fileStatuses(entries)}}},
            {QStringLiteral("remainingEntries"), m_options.httpfs ? qint64(remaining > 0) : remaining}}}}));
}

void LocalWebHdfsServer::replyContentSummary(HttpConnection& c, const Resolved& r)
{
    qint64 files = 0, dirs = r.info.isDir() ? 1 : 0, length = r.info.isDir() ? 0 : r.info.size();
    QDirIterator it(r.local, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo f(it.next());
        f.isDir() ? ++dirs : (++files, length += f.size());
    }
    c.reply(200, "application/json",
        json(QJsonObject {{QStringLiteral("ContentSummary"),
            QJsonObject {{QStringLiteral("directoryCount"), dirs},
                {QStringLiteral("fileCount"), files + (r.info.isDir() ? 0 : 1)}, {QStringLiteral("length"), length},
                {QStringLiteral("quota"), -1}, {QStringLiteral("spaceConsumed"), length * 3},
                {QStringLiteral("spaceQuota"), -1}, {QStringLiteral("typeQuota"), QJsonObject {}}}}}));
}

void LocalWebHdfsServer::replyDelegationToken(HttpConnection& c, const Resolved& r)
{
    // Like Hadoop: a token only for Kerberos-authenticated callers, null otherwise.
    const QString renewer = r.target.query.value(QStringLiteral("renewer"));
    const QByteArray fake = ("h5hdfs-test-token:" + renewer.toUtf8())
                                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QJsonValue token = m_options.spnego
        ? QJsonValue(QJsonObject {{QStringLiteral("urlString"), QString::fromLatin1(fake)}})
        : QJsonValue(QJsonValue::Null);
    c.reply(200, "application/json", json(QJsonObject {{QStringLiteral("Token"), token}}));
}

void LocalWebHdfsServer::replyOpen(HttpConnection& c, const HttpRequest& request, const Resolved& r)
{
    if (m_faults.oddNameNodeOpens > 0) {
        --m_faults.oddNameNodeOpens;
        replyOdd(c);
        return;
    }
    if (r.info.isDir()) {
        replyException(c, 404, "FileNotFoundException", "java.io.FileNotFoundException",
            QStringLiteral("Path is not a file: %1").arg(r.target.path));
        return;
    }
    const qint64 offset = r.target.query.value(QStringLiteral("offset"), QStringLiteral("0")).toLongLong();
    if (offset < 0 || (offset >= r.info.size() && r.info.size() > 0)) {
        replyException(c, 403, "IOException", "java.io.IOException",
            QStringLiteral("Offset=%1 out of the range [0, %2); OPEN, path=%3")
                .arg(offset)
                .arg(r.info.size())
                .arg(r.target.path));
        return;
    }
    if (m_options.httpfs) {
        handleDataNode(c, request); // HttpFS streams the data itself
        return;
    }
    const QByteArray location = dataNodeLocation(r);
    if (r.target.query.value(QStringLiteral("noredirect")) == QLatin1String("true") || m_faults.jsonRedirect)
        c.reply(200, "application/json",
            json(QJsonObject {{QStringLiteral("Location"), QString::fromUtf8(location)}}));
    else
        c.reply(307, "application/octet-stream", QByteArray(), {{"Location", location}});
}

// The DataNode URL carries what the NameNode knows; excluded DataNodes are not chosen.
QByteArray LocalWebHdfsServer::dataNodeLocation(const Resolved& r) const
{
    const Target& target = r.target;
    const QStringList excluded = target.query.value(QStringLiteral("excludedatanodes"))
                                     .split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString dataNode = excluded.contains(dataNodeAddress(0)) ? dataNodeAddress(1) : dataNodeAddress(0);
    if (!m_faults.advertisedDataNode.isEmpty() && !excluded.contains(m_faults.advertisedDataNode))
        dataNode = m_faults.advertisedDataNode;
    QByteArray location = "http://" + dataNode.toUtf8() + kPrefix + WebHdfsPath::encode(target.path) + "?op=OPEN";
    for (const char* name : {"user.name", "delegation"}) {
        if (target.query.contains(QLatin1String(name)))
            location += QByteArray("&") + name + '='
                + WebHdfsPath::encodeQueryValue(target.query.value(QLatin1String(name)));
    }
    if (m_options.spnego) // a secure NameNode hands DataNodes a token, not Kerberos
        location += "&delegation=h5hdfs-test-token";
    location += "&namenoderpcaddress=127.0.0.1:" + QByteArray::number(m_nameNode.serverPort() + 1);
    for (const char* name : {"length", "offset"}) {
        if (target.query.contains(QLatin1String(name)))
            location += QByteArray("&") + name + '=' + target.query.value(QLatin1String(name)).toUtf8();
    }
    return location;
}

// Hadoop's AuthenticationFilter: the hadoop.auth cookie, else a Negotiate token, else 401.
bool LocalWebHdfsServer::authenticateSpnego(HttpConnection& c, const HttpRequest& request)
{
    for (const QByteArray& cookie : request.header("cookie").split(';')) {
        const QByteArray pair = cookie.trimmed();
        if (pair.startsWith("hadoop.auth=") && m_authCookies.contains(pair.mid(12)))
            return true;
    }
    const QByteArray authorization = request.header("authorization");
    QString why = QStringLiteral("Authentication required");
    if (!authorization.isEmpty() && !m_faults.refuseSpnego) {
        const auto accepted = SpnegoAcceptor::accept(authorization, m_options.spnegoKeytab);
        if (accepted) {
            const QByteArray value = "\"u=" + accepted->principal.section(QLatin1Char('@'), 0, 0).toUtf8()
                + "&p=" + accepted->principal.toUtf8() + "&t=kerberos&s="
                + QByteArray::number(QRandomGenerator::global()->generate64(), 16) + '"';
            m_authCookies.insert(value);
            QList<std::pair<QByteArray, QByteArray>> headers {
                {"Set-Cookie", "hadoop.auth=" + value + "; Path=/; HttpOnly"}};
            if (!accepted->response.isEmpty())
                headers.append({"WWW-Authenticate", accepted->response});
            c.addReplyHeaders(headers);
            return true;
        }
        why = accepted.error().toString();
    }
    c.reply(401, "text/html", "<html><body><h2>HTTP ERROR 401</h2><p>" + why.toHtmlEscaped().toUtf8()
            + "</p></body></html>",
        {{"WWW-Authenticate", "Negotiate"}, {"Set-Cookie", "hadoop.auth=; Path=/; HttpOnly"}});
    return false;
}

void LocalWebHdfsServer::handleDataNode(HttpConnection& c, const HttpRequest& request)
{
    const auto target = parseTarget(request.target);
    const QString local = target ? QDir::cleanPath(m_options.rootDir + target->path) : QString();
    const QFileInfo info(local);
    if (!target || !local.startsWith(m_options.rootDir) || !info.isFile()) {
        c.reply(404, "application/json",
            remoteException(QStringLiteral("FileNotFoundException"),
                QStringLiteral("java.io.FileNotFoundException"), QStringLiteral("Path is not a file")));
        return;
    }
    if (!m_options.httpfs && !target->query.contains(QStringLiteral("namenoderpcaddress"))) {
        c.reply(400, "application/json",
            remoteException(QStringLiteral("IllegalArgumentException"),
                QStringLiteral("java.lang.IllegalArgumentException"),
                QStringLiteral("namenoderpcaddress is not specified.")));
        return;
    }
    if (m_faults.dataNodeStandby > 0) { // the redirect's NameNode failed over since it was minted
        --m_faults.dataNodeStandby;
        c.reply(403, "application/json",
            remoteException(QStringLiteral("StandbyException"), QStringLiteral("org.apache.hadoop.ipc.StandbyException"),
                QStringLiteral("Operation category READ is not supported in state standby.")));
        return;
    }
    if (m_faults.oddDataNodeAnswers > 0) {
        --m_faults.oddDataNodeAnswers;
        replyOdd(c);
        return;
    }
    HttpConnection::FileBody body;
    body.path = local;
    body.offset = qBound<qint64>(
        0, target->query.value(QStringLiteral("offset"), QStringLiteral("0")).toLongLong(), info.size());
    const qint64 wanted = target->query.contains(QStringLiteral("length"))
        ? target->query.value(QStringLiteral("length")).toLongLong()
        : info.size();
    body.length = qMin(wanted, info.size() - body.offset);
    if (m_faults.dropOpen > 0) {
        --m_faults.dropOpen;
        body.dropAfter = qMin(m_faults.dropAfterBytes, body.length);
    }
    if (m_faults.wrongLength > 0) {
        --m_faults.wrongLength;
        body.declaredLength = body.length + 100;
    }
    body.dripBytes = m_faults.dripBytes;
    body.dripIntervalMs = m_faults.dripIntervalMs;
    c.replyFile(200, body);
}

// A misbehaving server or proxy: an unexpected status with a large binary body (every byte value).
void LocalWebHdfsServer::replyOdd(HttpConnection& c)
{
    HttpConnection::FileBody body;
    for (int i = 0; i < 256; ++i)
        body.pattern += char(i);
    body.length = m_faults.oddBodyBytes;
    body.sentCounter = &m_oddBytesSent;
    c.replyFile(m_faults.oddStatus, body);
}

} // namespace H5Hdfs

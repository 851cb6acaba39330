// SPDX-License-Identifier: MIT
#include "webhdfs/webhdfsclient.h"

#include "webhdfs/namenodecall.h"
#include "webhdfs/webhdfsendpoint.h"
#include "webhdfs/webhdfsparser.h"

#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkReply>
#include <QSslConfiguration>

namespace H5Hdfs {

namespace {

const QByteArray kUserAgent = "h5hdfs/0.1 (WebHDFS read-only client)";

QString authority(const QUrl& url)
{
    return QStringLiteral("%1:%2")
        .arg(url.host().toLower())
        .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

} // namespace

WebHdfsClient::WebHdfsClient(WebHdfsConfig config, QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_network(network)
{
    if (m_config.user.isEmpty() && m_config.auth == WebHdfsConfig::Auth::Simple)
        m_config.user = WebHdfsConfig::defaultUser();
    // No QAuthenticator: every request is sent with AuthenticationReuseAttribute Manual (see
    // get()), so Qt answers no challenge itself. Basic goes up front, Negotiate is NameNodeCall's.
}

WebHdfsClient::~WebHdfsClient() = default;

bool WebHdfsClient::isConfiguredHost(const QUrl& url) const
{
    const QString peer = authority(url);
    return std::any_of(m_config.roots.begin(), m_config.roots.end(),
        [&](const QUrl& root) { return authority(root) == peer; });
}

bool WebHdfsClient::negotiatesWith(const QUrl& url) const
{
    return m_config.auth == WebHdfsConfig::Auth::Kerberos && isConfiguredHost(url);
}

void WebHdfsClient::forgetAuthCookie(const QUrl& url)
{
    m_authCookies.remove(authority(url));
}

void WebHdfsClient::rememberAuthCookie(QNetworkReply* reply)
{
    if (!negotiatesWith(reply->url()))
        return;
    for (const QNetworkCookie& cookie : QNetworkCookie::parseCookies(reply->rawHeader("Set-Cookie"))) {
        if (cookie.name() != "hadoop.auth")
            continue;
        // Hadoop clears the cookie with an empty value when it rejects it.
        if (cookie.value().isEmpty() || cookie.value() == "\"\"")
            m_authCookies.remove(authority(reply->url()));
        else
            m_authCookies.insert(authority(reply->url()), cookie.toRawForm(QNetworkCookie::NameAndValueOnly));
    }
}

QNetworkReply* WebHdfsClient::get(const QUrl& url, const QByteArray& negotiate)
{
    QNetworkRequest request(url);
    // Qt must answer no authentication challenge on its own: with reuse Automatic it tries
    // Negotiate single sign-on for any host that asks (even with authenticationRequired ignored).
    // Manual makes QHttpNetworkConnection hand us the 401 instead (withCredentials false).
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    // The hadoop.auth cookie is ours to send (m_authCookies): Qt's jar would send it to any host
    // that shares the domain.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // Redirects are ours to follow: DataNode host mapping, HttpFS 200s, excludedatanodes, and no
    // credentials sent on to hosts the user did not configure.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, kUserAgent);
    request.setRawHeader("Accept-Encoding", "identity"); // Content-Length must describe the bytes we count
    request.setRawHeader("X-XSRF-HEADER", "h5hdfs");
    request.setTransferTimeout(m_config.transferTimeoutMs);
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_config.caFile.isEmpty())
            tls.addCaCertificates(m_config.caFile);
        request.setSslConfiguration(tls);
    }
    // Basic credentials go only to configured hosts, and only over TLS or to this machine.
    const bool local = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost");
    if (m_config.auth == WebHdfsConfig::Auth::Basic && isConfiguredHost(url)
        && (url.scheme() == QLatin1String("https") || local))
        request.setRawHeader("Authorization",
            "Basic " + (m_config.user + QLatin1Char(':') + m_config.password).toUtf8().toBase64());
    if (negotiatesWith(url)) {
        if (!negotiate.isEmpty())
            request.setRawHeader("Authorization", negotiate);
        else if (const QByteArray cookie = m_authCookies.value(authority(url)); !cookie.isEmpty())
            request.setRawHeader("Cookie", cookie);
    }
    QNetworkReply* reply = m_network->get(request);
    capErrorBody(reply);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { rememberAuthCookie(reply); });
    return reply;
}

QList<std::pair<QByteArray, QString>> WebHdfsClient::authParameters() const
{
    switch (m_config.auth) {
    case WebHdfsConfig::Auth::Simple: return {{"user.name", m_config.user}};
    case WebHdfsConfig::Auth::DelegationToken: return {{"delegation", m_config.token}};
    default: return {};
    }
}

QUrl WebHdfsClient::mapDataNode(const QUrl& location) const
{
    const QString hostPort = QStringLiteral("%1:%2").arg(location.host()).arg(location.port());
    QString target = m_config.dataNodeMap.value(hostPort, m_config.dataNodeMap.value(location.host()));
    if (target.isEmpty())
        return location;
    QUrl mapped = location;
    const qsizetype colon = target.lastIndexOf(QLatin1Char(':'));
    mapped.setHost(colon > 0 ? target.left(colon) : target);
    if (colon > 0)
        mapped.setPort(target.mid(colon + 1).toInt());
    return mapped;
}

void WebHdfsClient::getJson(const QString& path, const QByteArray& op, const QString& what, QObject* context,
    std::function<void(Result<QByteArray>)> done)
{
    auto* call = new NameNodeCall(this, path, op, {}, what);
    QPointer<QObject> guard(context);
    call->succeeded = [done, guard](QNetworkReply* reply) {
        if (guard)
            done(reply->readAll());
    };
    call->failed = [done, guard](const Error& error) {
        if (guard)
            done(error);
    };
    call->start();
}

void WebHdfsClient::fileStatus(
    const QString& path, QObject* context, std::function<void(Result<HdfsFileStatus>)> done)
{
    getJson(path, "GETFILESTATUS", QStringLiteral("reading the status of %1").arg(path), context,
        [done, path](Result<QByteArray> json) {
            if (!json)
                return done(json.error());
            auto status = WebHdfsParser::fileStatus(*json);
            if (status)
                status->name = path.section(QLatin1Char('/'), -1);
            done(std::move(status));
        });
}

void WebHdfsClient::homeDirectory(QObject* context, std::function<void(Result<QString>)> done)
{
    getJson(QStringLiteral("/"), "GETHOMEDIRECTORY", QStringLiteral("asking for the home directory"), context,
        [done](Result<QByteArray> json) {
            done(json ? WebHdfsParser::homeDirectory(*json) : Result<QString>(json.error()));
        });
}

void WebHdfsClient::contentSummary(
    const QString& path, QObject* context, std::function<void(Result<HdfsContentSummary>)> done)
{
    getJson(path, "GETCONTENTSUMMARY", QStringLiteral("summarizing %1").arg(path), context,
        [done](Result<QByteArray> json) {
            done(json ? WebHdfsParser::contentSummary(*json) : Result<HdfsContentSummary>(json.error()));
        });
}

void WebHdfsClient::delegationToken(
    const QString& renewer, QObject* context, std::function<void(Result<QString>)> done)
{
    QList<std::pair<QByteArray, QString>> parameters;
    if (!renewer.isEmpty())
        parameters.append({"renewer", renewer});
    auto* call = new NameNodeCall(this, QStringLiteral("/"), "GETDELEGATIONTOKEN", parameters,
        QStringLiteral("asking for a delegation token"));
    QPointer<QObject> guard(context);
    call->succeeded = [done, guard](QNetworkReply* reply) {
        if (guard)
            done(WebHdfsParser::delegationToken(reply->readAll()));
    };
    call->failed = [done, guard](const Error& error) {
        if (guard)
            done(error);
    };
    call->start();
}

namespace {

/// Drives one listing: LISTSTATUS_BATCH pages, each asked for after the last name of the one
/// before, or one LISTSTATUS on servers that reject batches (400). A child of the asker's context:
/// the context's end ends it and aborts its request.
class ListingTask : public QObject {
public:
    using Page = std::function<void(const QList<HdfsFileStatus>&)>;
    using Done = std::function<void(const Error&)>;

    ListingTask(WebHdfsClient* client, QObject* context, QString path, Page onPage, Done done)
        : QObject(context)
        , m_client(client)
        , m_path(std::move(path))
        , m_what(QStringLiteral("listing %1").arg(m_path))
        , m_onPage(std::move(onPage))
        , m_done(std::move(done))
    {
    }

    ~ListingTask() override { detachCall(); }

    void start() { m_call = nextPage(QString()); }

private:
    NameNodeCall* nextPage(const QString& after)
    {
        QList<std::pair<QByteArray, QString>> parameters;
        if (!after.isNull())
            parameters.append({"startafter", after}); // lower case: a real NameNode ignores "startAfter"
        auto* call = new NameNodeCall(m_client, m_path, "LISTSTATUS_BATCH", parameters, m_what);
        call->succeeded = [this, after](QNetworkReply* reply) {
            auto page = WebHdfsParser::directoryListing(reply->readAll());
            if (!page)
                return finish(page.error());
            // Each page must start after the last name asked for, or the listing would never end.
            if (!after.isNull() && !page->entries.isEmpty() && page->entries.first().name.toUtf8() <= after.toUtf8())
                return finish(Error(Error::Code::Protocol,
                    QStringLiteral("The server sent the same listing page again while %1").arg(m_what),
                    QStringLiteral("asked for names after '%1', got '%2' first")
                        .arg(after, page->entries.first().name)));
            m_onPage(page->entries);
            if (page->remaining > 0 && !page->entries.isEmpty())
                m_call = nextPage(page->entries.last().name);
            else
                finish(Error());
        };
        call->failed = [this, first = after.isNull()](const Error& e) {
            const bool unsupported
                = e.code == Error::Code::InvalidArgument || e.code == Error::Code::Unsupported;
            if (unsupported && first)
                m_call = wholeListing();
            else
                finish(e);
        };
        call->start();
        return call;
    }

    NameNodeCall* wholeListing()
    {
        auto* call = new NameNodeCall(m_client, m_path, "LISTSTATUS", {}, m_what);
        call->succeeded = [this](QNetworkReply* reply) {
            auto entries = WebHdfsParser::fileStatuses(reply->readAll());
            if (!entries)
                return finish(entries.error());
            m_onPage(*entries);
            finish(Error());
        };
        call->failed = [this](const Error& e) { finish(e); };
        call->start();
        return call;
    }

    /// Answers once and ends the task; `done` may destroy the context (and so this task).
    void finish(const Error& error)
    {
        m_call.clear(); // it is over: nothing to abort
        const Done done = std::move(m_done);
        deleteLater();
        done(error);
    }

    /// A request still in flight when the context ends: no callback of it reaches this task any more.
    void detachCall()
    {
        if (!m_call)
            return;
        m_call->succeeded = [](QNetworkReply*) {};
        m_call->failed = [](const Error&) {};
        m_call->abort();
    }

    WebHdfsClient* m_client;
    QString m_path;
    QString m_what;
    Page m_onPage;
    Done m_done;
    QPointer<NameNodeCall> m_call;
};

} // namespace

void WebHdfsClient::list(const QString& path, QObject* context,
    std::function<void(const QList<HdfsFileStatus>& entries)> onPage, std::function<void(const Error&)> done)
{
    Q_ASSERT(context);
    auto* task = new ListingTask(this, context, path, std::move(onPage), std::move(done));
    // Queued, as every answer is: no callback runs inside list().
    QMetaObject::invokeMethod(task, [task] { task->start(); }, Qt::QueuedConnection);
}

} // namespace H5Hdfs

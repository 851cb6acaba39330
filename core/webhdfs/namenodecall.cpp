// SPDX-License-Identifier: MIT
#include "webhdfs/namenodecall.h"

#include "logging.h"
#include "webhdfs/spnego.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"
#include "webhdfs/webhdfsparser.h"

#include <QNetworkReply>
#include <QTimer>

namespace H5Hdfs {

namespace {

int httpStatus(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

/// The start of an error reply's body, taken as it arrives; a child of the reply.
class ErrorBody : public QObject {
public:
    explicit ErrorBody(QNetworkReply* reply)
        : QObject(reply)
    {
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { take(reply); });
    }

    void take(QNetworkReply* reply)
    {
        if (httpStatus(reply) < 300 || cutOff)
            return;
        bytes += reply->read(kErrorBodyCap + 1 - bytes.size());
        if (bytes.size() > kErrorBodyCap) {
            bytes.truncate(kErrorBodyCap);
            cutOff = true;
            reply->abort(); // the rest could be gigabytes; the status and this start say enough
        }
    }

    QByteArray bytes;
    bool cutOff = false;
};

ErrorBody* errorBodyOf(QNetworkReply* reply)
{
    for (QObject* child : reply->children()) {
        if (auto* body = dynamic_cast<ErrorBody*>(child))
            return body;
    }
    return nullptr;
}

} // namespace

void capErrorBody(QNetworkReply* reply)
{
    new ErrorBody(reply);
}

Error unexpectedStatus(QNetworkReply* reply, const QString& what, const QString& peer)
{
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return Error(Error::Code::Protocol,
        QStringLiteral("Unexpected answer from %1 while %2: HTTP %3 %4")
            .arg(peer, what)
            .arg(httpStatus(reply))
            .arg(reason)
            .trimmed(),
        QStringLiteral("WebHDFS answers 200 (or a redirect from the NameNode); the body was not read"));
}

Error networkError(QNetworkReply* reply, const QString& what, const QString& peer)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        ErrorBody* kept = errorBodyOf(reply);
        QByteArray body = kept ? kept->bytes : QByteArray();
        if ((!kept || !kept->cutOff) && reply->isOpen()) // what arrived since the last readyRead
            body += reply->read(kErrorBodyCap - body.size());
        Error error = WebHdfsParser::replyError(
            status.toInt(), reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), body, what);
        if (kept && kept->cutOff)
            error.detail += QStringLiteral(" (the body was cut off after %1 bytes)").arg(kErrorBodyCap);
        if (status.toInt() == 401 && Spnego::isChallenge(reply->rawHeader("WWW-Authenticate")))
            error.detail += QStringLiteral("; %1 asks for Kerberos (Negotiate), which is answered only for "
                                           "the configured NameNodes, with Kerberos authentication on")
                                .arg(peer);
        return error;
    }
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return Error(Error::Code::Tls, QStringLiteral("The TLS connection to %1 failed: %2").arg(peer, what),
            reply->errorString());
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return Error(Error::Code::Network, QStringLiteral("%1 stopped answering while %2").arg(peer, what),
            reply->errorString());
    default:
        return Error(Error::Code::Network, QStringLiteral("Cannot reach %1 while %2").arg(peer, what),
            reply->errorString());
    }
}

NameNodeCall::NameNodeCall(WebHdfsClient* client, QString path, QByteArray op,
    QList<std::pair<QByteArray, QString>> parameters, QString what)
    : QObject(client)
    , m_client(client)
    , m_path(std::move(path))
    , m_op(std::move(op))
    , m_parameters(std::move(parameters))
    , m_what(std::move(what))
{
}

NameNodeCall::~NameNodeCall() = default;

void NameNodeCall::start()
{
    m_root = m_client->activeRoot() % int(m_client->config().roots.size());
    m_rootsTried = 1;
    attempt();
}

void NameNodeCall::abort()
{
    m_over = true;
    if (m_reply)
        m_reply->abort();
    deleteLater();
}

void NameNodeCall::attempt()
{
    if (m_over)
        return;
    const QUrl root = m_client->config().roots[m_root];
    m_reply = m_client->get(
        WebHdfsPath::operationUrl(root, m_path, m_op, m_client->authParameters() + m_parameters),
        m_authorization);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this, reply = m_reply] {
        if (reply != m_reply)
            return;
        const int status = httpStatus(reply);
        if (status / 100 == 2 && status != 200)
            return refuse(reply, unexpectedStatus(reply, m_what, peer()));
        if (takeOver && status == 200 && takeOver(reply)) {
            m_over = true;
            m_client->setActiveRoot(m_root);
            reply->disconnect(this);
            deleteLater();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &NameNodeCall::onFinished);
}

void NameNodeCall::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_over)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 && negotiate(reply))
        return;
    if (reply->error() == QNetworkReply::NoError || status == 307) {
        if (const Error unverified = verifyServer(reply); unverified.isError())
            return retryOrFail(unverified);
        m_over = true;
        m_client->setActiveRoot(m_root);
        if (succeeded)
            succeeded(reply);
        deleteLater();
        return;
    }
    retryOrFail(networkError(reply, m_what, peer()));
}

QString NameNodeCall::peer() const
{
    const QUrl root = m_client->config().roots[m_root];
    return QStringLiteral("the NameNode %1:%2").arg(root.host()).arg(root.port());
}

// An answer that cannot be right: stop it before its body arrives, and fail without retrying.
void NameNodeCall::refuse(QNetworkReply* reply, const Error& error)
{
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
    retryOrFail(error);
}

// Kerberos: a 401 offering Negotiate, from a configured NameNode, is answered with a token from
// the ticket cache; the hadoop.auth cookie of the answer spares later requests the exchange.
// Anything else (another host, another scheme) stays a 401 for the caller.
bool NameNodeCall::negotiate(QNetworkReply* reply)
{
    const QByteArray challenge = reply->rawHeader("WWW-Authenticate");
    if (!Spnego::isChallenge(challenge) || !m_client->negotiatesWith(reply->url()))
        return false;
    m_client->forgetAuthCookie(reply->url()); // it was sent and refused, or there was none
    const QByteArray serverToken = Spnego::challengeToken(challenge);
    if (m_spnego && (m_spnego->isComplete() || serverToken.isEmpty())) {
        retryOrFail(m_spnego->refused().prefixed(m_what)); // our token met a fresh challenge
        return true;
    }
    if (!m_spnego)
        m_spnego = std::make_unique<SpnegoClient>(reply->url().host());
    auto header = m_spnego->step(serverToken);
    if (!header) {
        retryOrFail(header.error().prefixed(m_what));
        return true;
    }
    m_authorization = *header;
    attempt();
    return true;
}

// Mutual authentication: the answer to our token may carry the server's, proving it is HTTP/host.
Error NameNodeCall::verifyServer(QNetworkReply* reply)
{
    if (!m_spnego || m_authorization.isEmpty())
        return Error();
    return m_spnego->finish(Spnego::challengeToken(reply->rawHeader("WWW-Authenticate")));
}

void NameNodeCall::retryOrFail(const Error& error)
{
    // A new attempt (or another NameNode) starts a new exchange if it is challenged again.
    m_spnego.reset();
    m_authorization.clear();
    const int roots = int(m_client->config().roots.size());
    const bool otherNameNode = error.code == Error::Code::Standby || error.code == Error::Code::Network;
    if (otherNameNode && m_rootsTried < roots) {
        qCInfo(lcWebHdfs) << "failing over from" << m_client->config().roots[m_root] << ":"
                          << error.toString();
        m_root = (m_root + 1) % roots;
        ++m_rootsTried;
        attempt();
        return;
    }
    const bool retriable
        = otherNameNode || error.code == Error::Code::Retriable || error.code == Error::Code::ServerError;
    if (retriable && m_attempt < m_client->config().retries) {
        const int delay = m_client->config().retryDelayMs << m_attempt;
        ++m_attempt;
        m_rootsTried = 1;
        qCInfo(lcWebHdfs) << "retrying in" << delay << "ms:" << error.toString();
        QTimer::singleShot(delay, this, &NameNodeCall::attempt);
        return;
    }
    m_over = true;
    if (failed)
        failed(error);
    deleteLater();
}

} // namespace H5Hdfs

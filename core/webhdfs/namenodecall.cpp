// SPDX-License-Identifier: MIT
#include "webhdfs/namenodecall.h"

#include "logging.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"
#include "webhdfs/webhdfsparser.h"

#include <QNetworkReply>
#include <QTimer>

Error networkError(QNetworkReply* reply, const QString& what, const QString& peer)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid())
        return WebHdfsParser::replyError(status.toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll(), what);
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
        WebHdfsPath::operationUrl(root, m_path, m_op, m_client->authParameters() + m_parameters));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this, reply = m_reply] {
        if (takeOver && reply == m_reply
            && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 && takeOver(reply)) {
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
    if (reply->error() == QNetworkReply::NoError || status == 307) {
        m_over = true;
        m_client->setActiveRoot(m_root);
        if (succeeded)
            succeeded(reply);
        deleteLater();
        return;
    }
    const QUrl root = m_client->config().roots[m_root];
    retryOrFail(
        networkError(reply, m_what, QStringLiteral("the NameNode %1:%2").arg(root.host()).arg(root.port())));
}

void NameNodeCall::retryOrFail(const Error& error)
{
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

// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/webhdfs: one NameNode operation with HA failover and retries.

#include "error.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QNetworkReply;

namespace H5Hdfs {

class SpnegoClient;
class WebHdfsClient;

/// Sends a GET to the active NameNode. Fails over to the next configured NameNode on a standby
/// answer or a connection failure, and retries with backoff on 5xx, RetriableException, safe mode
/// and network errors; never on 401, permission or not-found answers. With Kerberos, a 401 that
/// offers Negotiate is answered with a SPNEGO token and the request sent again (configured hosts).
class NameNodeCall : public QObject {
    Q_OBJECT
public:
    NameNodeCall(WebHdfsClient* client, QString path, QByteArray op,
        QList<std::pair<QByteArray, QString>> parameters, QString what);
    ~NameNodeCall() override;

    /// Offered every reply once its headers are in; returning true hands the reply to the caller
    /// (the call is then over). OPEN uses it for HttpFS, whose NameNode-side answer is the data.
    std::function<bool(QNetworkReply*)> takeOver;
    /// A successful (2xx or 307) reply, finished; it is deleted after the callback returns.
    std::function<void(QNetworkReply*)> succeeded;
    std::function<void(const Error&)> failed;

    void start();
    void abort();

private:
    void attempt();
    void onFinished();
    void retryOrFail(const Error& error);
    bool negotiate(QNetworkReply* reply);
    void refuse(QNetworkReply* reply, const Error& error);
    [[nodiscard]] QString peer() const;
    Error verifyServer(QNetworkReply* reply);

    WebHdfsClient* m_client;
    QString m_path;
    QByteArray m_op;
    QList<std::pair<QByteArray, QString>> m_parameters;
    QString m_what;
    int m_root = 0;
    int m_rootsTried = 0;
    int m_attempt = 0;
    QPointer<QNetworkReply> m_reply;
    bool m_over = false;
    std::unique_ptr<SpnegoClient> m_spnego; ///< the Negotiate exchange with m_root, once challenged
    QByteArray m_authorization;             ///< its token for the next attempt
};

/// The Error for a reply that failed: transport problems by QNetworkReply's error, HTTP failures
/// by the body's RemoteException or the status. `peer` names the host in messages.
Error networkError(QNetworkReply* reply, const QString& what, const QString& peer);

/// What is kept of an error reply's body: room for a RemoteException or the start of an error page.
inline constexpr qsizetype kErrorBodyCap = 4096;

/// Once `reply`'s status is an error (300 and up), keeps the first kErrorBodyCap bytes of its body
/// as they arrive and aborts the reply past that: a server that sends a file or a dump as its error
/// message costs a few KiB, not the file. networkError() reads what was kept. WebHdfsClient::get()
/// does this for every reply.
void capErrorBody(QNetworkReply* reply);

/// The Error for a 2xx answer WebHDFS never gives (206 Partial Content, 204 No Content, ...): a
/// protocol error naming `peer` and the status. The body is not the data asked for; it is not read.
Error unexpectedStatus(QNetworkReply* reply, const QString& what, const QString& peer);

} // namespace H5Hdfs

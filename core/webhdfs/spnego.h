// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/webhdfs: HTTP Negotiate (SPNEGO, RFC 4559) through the system's GSSAPI.
// Qt's own Negotiate support asks for the wrong service (HTTPS@host) and answers any host that
// challenges, so WebHdfsClient does the exchange itself, with these.

#include "result.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace H5Hdfs {

namespace Spnego {

/// Whether a WWW-Authenticate value offers Negotiate (with or without a token).
bool isChallenge(const QByteArray& wwwAuthenticate);
/// The decoded token of "Negotiate <base64>"; empty when there is none.
QByteArray challengeToken(const QByteArray& wwwAuthenticate);

} // namespace Spnego

/// The client side of one Negotiate exchange with one host, as HTTP@host with the default
/// credentials (the ticket cache kinit filled).
class SpnegoClient {
public:
    explicit SpnegoClient(QString host);
    ~SpnegoClient();
    SpnegoClient(const SpnegoClient&) = delete;
    SpnegoClient& operator=(const SpnegoClient&) = delete;

    /// The next Authorization header value ("Negotiate <base64>"), given the server's token
    /// (empty for the first step). Errors say what the user can do (run kinit, ...).
    Result<QByteArray> step(const QByteArray& serverToken = {});
    /// Verifies the server's last token (mutual authentication), when it sent one.
    Error finish(const QByteArray& serverToken);
    [[nodiscard]] bool isComplete() const { return m_complete; }
    /// The error for a server that answers our token with another bare challenge.
    [[nodiscard]] Error refused() const;

private:
    struct Gss;
    QString m_host;
    std::unique_ptr<Gss> m_gss;
    bool m_complete = false;
};

} // namespace H5Hdfs

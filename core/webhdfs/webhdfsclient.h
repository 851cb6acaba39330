// SPDX-License-Identifier: MIT
#pragma once

#include "contextreply.h"
#include "result.h"
#include "webhdfs/downloadhandle.h"
#include "webhdfs/hdfsfilestatus.h"
#include "webhdfs/webhdfsconfig.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace H5Hdfs {

class NameNodeCall;

/// A read-only WebHDFS client (NameNode, HttpFS or Knox). Asynchronous: callbacks come in the
/// client's thread; no nested event loops. Errors are values naming what failed and where.
class WebHdfsClient : public QObject {
    Q_OBJECT
public:
    struct DownloadOptions {
        qint64 offset = 0;
        qint64 length = -1; ///< -1: to the end of the file
        bool allowOverBudget = false;
        /// The file's length when the caller knows it already (from a listing): no GETFILESTATUS.
        qint64 knownLength = -1;
    };

    WebHdfsClient(WebHdfsConfig config, QNetworkAccessManager* network, QObject* parent = nullptr);
    ~WebHdfsClient() override;

    [[nodiscard]] const WebHdfsConfig& config() const { return m_config; }

    void fileStatus(const QString& path, QObject* context, std::function<void(Result<HdfsFileStatus>)> done);
    void homeDirectory(QObject* context, std::function<void(Result<QString>)> done);
    void contentSummary(
        const QString& path, QObject* context, std::function<void(Result<HdfsContentSummary>)> done);
    /// GETDELEGATIONTOKEN: the token's urlString, for `renewer` when not empty.
    void delegationToken(const QString& renewer, QObject* context, std::function<void(Result<QString>)> done);
    /// Lists with LISTSTATUS_BATCH (falling back to LISTSTATUS on servers without it).
    /// Lists a directory page by page (LISTSTATUS_BATCH, or one LISTSTATUS where batches are
    /// refused): `onPage` with each page as it arrives, then `done` once, with no error after the
    /// last page. Like every answer of the client: in the client's thread, and never once `context`
    /// is destroyed, which stops the listing (`context` lives in the client's thread).
    void list(const QString& path, QObject* context,
        std::function<void(const QList<HdfsFileStatus>& entries)> onPage, std::function<void(const Error&)> done);
    using DownloadDone = std::function<void(Result<DownloadedBytes>&&)>;
    /// Downloads into memory: GETFILESTATUS (none with `knownLength`), one shared-memory buffer of
    /// the final size, OPEN with our own redirect handling, the bytes read straight into the buffer,
    /// the length verified. In the shape of H5Service::ask: `done` exactly once and `progress`
    /// (received, total; merged, never after done) in `context`'s thread, neither once the context
    /// is destroyed (which stops the transfer) or the handle cancelled; `context` lives in the
    /// client's thread. An error of code TooLarge means over the memory budget, refused before any
    /// byte moved: asking again with allowOverBudget may succeed (no other failure has that code).
    DownloadHandle download(const QString& path, const DownloadOptions& options, QObject* context,
        DownloadDone done, ProgressCallback progress = {});

    // Internal plumbing, shared with the operations above.
    /// The root the last successful request used (HA: remembered across requests).
    [[nodiscard]] int activeRoot() const { return m_activeRoot; }
    void setActiveRoot(int index) { m_activeRoot = index; }
    /// A GET with the client's headers, TLS settings and, for configured hosts only, credentials:
    /// Basic, the remembered hadoop.auth cookie, or `negotiate` (a SPNEGO Authorization value).
    QNetworkReply* get(const QUrl& url, const QByteArray& negotiate = {});
    /// Whether a Negotiate challenge from this URL's host is answered: Kerberos, configured hosts.
    [[nodiscard]] bool negotiatesWith(const QUrl& url) const;
    /// Drops the hadoop.auth cookie of the URL's authority (the server asked to authenticate again).
    void forgetAuthCookie(const QUrl& url);
    /// Authentication parameters for NameNode URLs (user.name or delegation).
    [[nodiscard]] QList<std::pair<QByteArray, QString>> authParameters() const;
    /// Where to connect for a DataNode redirect, after the user's host map.
    [[nodiscard]] QUrl mapDataNode(const QUrl& location) const;

private:
    void getJson(const QString& path, const QByteArray& op, const QString& what, QObject* context,
        std::function<void(Result<QByteArray>)> done);
    [[nodiscard]] bool isConfiguredHost(const QUrl& url) const;
    void rememberAuthCookie(QNetworkReply* reply);

    WebHdfsConfig m_config;
    QNetworkAccessManager* m_network;
    int m_activeRoot = 0;
    /// "host:port" -> "hadoop.auth=...": the NameNode's proof of a finished SPNEGO exchange, sent
    /// back to that authority only (never through Qt's cookie jar, which would share it).
    QHash<QString, QByteArray> m_authCookies;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "webhdfs/server/webhdfsfaults.h"

#include <QDir>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>
#include <atomic>
#include <optional>

namespace H5Hdfs {

class HttpConnection;
struct HttpRequest;

/// A WebHDFS-compatible server over a local directory, on 127.0.0.1 only: the test double for the
/// client and the engine of `h5hdfs serve` and the viewer's demo. It plays a NameNode and two
/// DataNodes on separate ports with real 307 redirects (or HttpFS, answering everything itself),
/// with Hadoop-shaped JSON and errors, paged listings, byte ranges, optional Basic auth, and
/// faults that tests switch on. It is not a product: the product talks to real clusters.
class LocalWebHdfsServer : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString rootDir;
        bool httpfs = false;  ///< answer OPEN directly, leave out fileId/childrenNum/storagePolicy
        int batchSize = 1000; ///< entries per LISTSTATUS_BATCH page (dfs.ls.limit)
        QString basicUser;    ///< when set, every NameNode request needs Basic auth (Knox-like)
        QString basicPassword;
        /// Kerberos like a secure NameNode: SPNEGO (keys from spnegoKeytab, else $KRB5_KTNAME),
        /// then a hadoop.auth cookie; GETDELEGATIONTOKEN issues a (fake) token.
        bool spnego = false;
        QString spnegoKeytab;
        QString owner = QStringLiteral("hdfs");
        QString group = QStringLiteral("supergroup");
        int rateKiBPerSecond = 0; ///< > 0: DataNodes send at most this many KiB/s (`h5hdfs serve --rate`)
    };

    /// Faults for tests (webhdfsfaults.h).
    using Faults = WebHdfsFaults;

    explicit LocalWebHdfsServer(Options options, QObject* parent = nullptr);
    ~LocalWebHdfsServer() override;

    /// Listens on 127.0.0.1 (port 0: any free port). False with errorString() when it cannot.
    bool start(quint16 nameNodePort = 0);
    [[nodiscard]] QString errorString() const { return m_error; }
    /// The REST root clients use, e.g. http://127.0.0.1:40123/webhdfs/v1
    [[nodiscard]] QUrl rootUrl() const;
    [[nodiscard]] quint16 nameNodePort() const { return m_nameNode.serverPort(); }
    [[nodiscard]] QString dataNodeAddress(int index) const;
    Faults& faults() { return m_faults; }
    /// Request targets received, NameNode ("NN ") and DataNodes ("DN "), with " [auth]" appended
    /// when the request carried an Authorization header (for tests).
    [[nodiscard]] QList<QByteArray> requestLog() const { return m_log; }
    /// The headers (names lower-cased) of each request in requestLog(), in the same order.
    [[nodiscard]] QList<QHash<QByteArray, QByteArray>> requestHeaders() const { return m_headerLog; }
    /// Body bytes written for the odd answers so far: a client that stops reading keeps it small.
    [[nodiscard]] qint64 oddBytesSent() const { return m_oddBytesSent; }
    void clearRequestLog()
    {
        m_log.clear();
        m_headerLog.clear();
    }

private:
    void dispatch(HttpConnection& c, const HttpRequest& request, bool nameNode);
    void handleNameNode(HttpConnection& c, const HttpRequest& request);
    void handleDataNode(HttpConnection& c, const HttpRequest& request);
    void serveNameNode(HttpConnection& c, const HttpRequest& request);
    // serveNameNode's steps: who may ask and which faults answer first, what is asked about, each operation.
    struct Resolved;
    bool admit(HttpConnection& c, const HttpRequest& request);
    std::optional<Resolved> resolve(HttpConnection& c, const HttpRequest& request);
    void replyException(
        HttpConnection& c, int status, const char* exception, const char* javaClass, const QString& message);
    void replyListingBody(HttpConnection& c, const QByteArray& body);
    void replyListing(HttpConnection& c, const Resolved& r);
    void replyBatchListing(HttpConnection& c, const Resolved& r);
    void replyContentSummary(HttpConnection& c, const Resolved& r);
    void replyDelegationToken(HttpConnection& c, const Resolved& r);
    void replyOpen(HttpConnection& c, const HttpRequest& request, const Resolved& r);
    [[nodiscard]] QByteArray dataNodeLocation(const Resolved& r) const;
    bool authenticateSpnego(HttpConnection& c, const HttpRequest& request);
    void listen(QTcpServer& server, bool nameNode);
    void replyOdd(HttpConnection& c);

    Options m_options;
    Faults m_faults;
    QTcpServer m_nameNode;
    QTcpServer m_dataNodes[2];
    QString m_error;
    QList<QByteArray> m_log;
    QList<QHash<QByteArray, QByteArray>> m_headerLog;
    QSet<QByteArray> m_authCookies; ///< hadoop.auth values issued after SPNEGO
    qint64 m_oddBytesSent = 0;
};

} // namespace H5Hdfs

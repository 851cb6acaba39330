// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <functional>
#include <memory>

class QFile;
class QTimer;

namespace H5Hdfs {

/// A parsed HTTP request line and headers (header names lower-cased).
struct HttpRequest {
    QByteArray method;
    QByteArray target; ///< as sent: path and query, percent-encoded
    QHash<QByteArray, QByteArray> headers;
    bool keepAlive = true;

    [[nodiscard]] QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

/// One HTTP/1.1 server connection: reads requests (keep-alive), hands each to a handler, and
/// writes replies, streaming file bodies in chunks with flow control so a large body is never read
/// whole and a slow client never makes the server buffer without bound.
class HttpConnection : public QObject {
    Q_OBJECT
public:
    /// How to send a file body: which bytes, and the faults to inject while sending.
    struct FileBody {
        QString path;
        qint64 offset = 0;
        qint64 length = 0;
        qint64 dropAfter = -1;      ///< close the connection after this many body bytes
        qint64 declaredLength = -1; ///< Content-Length to announce instead of the real one
        int dripBytes = 0;          ///< send this many bytes per tick ...
        int dripIntervalMs = 0;     ///< ... every this many ms (a slow server)
        QByteArray pattern;         ///< when set, the body is this repeated, not the file's bytes
        qint64* sentCounter = nullptr; ///< adds up the body bytes written (tests: did the client stop?)
    };
    using Handler = std::function<void(HttpConnection&, const HttpRequest&)>;

    HttpConnection(QTcpSocket* socket, Handler handler, QObject* parent = nullptr);

    void reply(int status, const QByteArray& contentType, const QByteArray& body,
        const QList<std::pair<QByteArray, QByteArray>>& headers = {});
    void replyFile(int status, const FileBody& body);
    /// Headers to add to the next reply, whatever sends it (the auth cookie, the Negotiate answer).
    void addReplyHeaders(const QList<std::pair<QByteArray, QByteArray>>& headers)
    {
        m_extraHeaders += headers;
    }
    /// Replies after `ms` milliseconds (the delay fault).
    void replyLater(int ms, std::function<void()> send);
    /// Drops the connection without a reply.
    void abort();

private:
    void readRequests();
    void sendMore();
    void finishReply();
    QByteArray nextChunk(qint64 n);

    QPointer<QTcpSocket> m_socket;
    Handler m_handler;
    QByteArray m_input;
    bool m_busy = false; ///< a reply is being sent; further requests wait in m_input
    bool m_keepAlive = true;
    std::unique_ptr<QFile> m_file; ///< set while a body is being sent (unread when it is a pattern)
    FileBody m_body;
    qint64 m_sent = 0;
    QTimer* m_drip = nullptr;
    QList<std::pair<QByteArray, QByteArray>> m_extraHeaders;
};

} // namespace H5Hdfs

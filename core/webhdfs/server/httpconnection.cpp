// SPDX-License-Identifier: MIT
#include "webhdfs/server/httpconnection.h"

#include <QFile>
#include <QTimer>

namespace H5Hdfs {

namespace {

constexpr qint64 kChunkBytes = 256 * 1024;
constexpr qint64 kMaxQueuedBytes = 1 << 20;
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    default: return "Status";
    }
}

QByteArray head(int status, const QByteArray& contentType, qint64 length, bool keepAlive,
    const QList<std::pair<QByteArray, QByteArray>>& headers)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    if (!contentType.isEmpty())
        h += "Content-Type: " + contentType + "\r\n";
    h += "Content-Length: " + QByteArray::number(length) + "\r\n";
    h += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    for (const auto& [name, value] : headers)
        h += name + ": " + value + "\r\n";
    return h + "\r\n";
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket* socket, Handler handler, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readRequests);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (!m_drip) // a dripping body is paced by its timer alone
            sendMore();
    });
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void HttpConnection::readRequests()
{
    if (!m_socket)
        return;
    m_input += m_socket->readAll();
    // Not HTTP at all (a TLS handshake, say): answer like Jetty does, and end the connection.
    if (!m_input.isEmpty() && !(m_input[0] >= 'A' && m_input[0] <= 'Z')) {
        m_socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        m_socket->disconnectFromHost();
        m_input.clear();
        return;
    }
    while (!m_busy) {
        const qsizetype end = m_input.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_input.size() > kMaxHeaderBytes)
                abort();
            return;
        }
        const QList<QByteArray> lines = m_input.left(end).split('\n');
        m_input.remove(0, end + 4);
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3) {
            abort();
            return;
        }
        HttpRequest request;
        request.method = requestLine[0];
        request.target = requestLine[1];
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(
                    lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        request.keepAlive = requestLine[2] == "HTTP/1.1" && request.header("connection").toLower() != "close";
        m_keepAlive = request.keepAlive;
        m_busy = true;
        m_handler(*this, request);
    }
}

void HttpConnection::reply(int status, const QByteArray& contentType, const QByteArray& body,
    const QList<std::pair<QByteArray, QByteArray>>& headers)
{
    if (!m_socket)
        return;
    m_socket->write(head(status, contentType, body.size(), m_keepAlive, headers + m_extraHeaders) + body);
    finishReply();
}

void HttpConnection::replyFile(int status, const FileBody& body)
{
    if (!m_socket)
        return;
    m_body = body;
    m_sent = 0;
    m_file = std::make_unique<QFile>(body.path);
    if (body.pattern.isEmpty() && (!m_file->open(QIODevice::ReadOnly) || !m_file->seek(body.offset))) {
        reply(500, "text/plain", "cannot read " + body.path.toUtf8());
        return;
    }
    const qint64 declared = body.declaredLength >= 0 ? body.declaredLength : body.length;
    m_socket->write(head(status, "application/octet-stream", declared, m_keepAlive,
        QList<std::pair<QByteArray, QByteArray>> {{"Access-Control-Allow-Origin", "*"}} + m_extraHeaders));
    if (body.dripBytes > 0) {
        m_drip = new QTimer(this);
        connect(m_drip, &QTimer::timeout, this, &HttpConnection::sendMore);
        m_drip->start(body.dripIntervalMs);
    }
    sendMore();
}

void HttpConnection::sendMore()
{
    if (!m_file || !m_socket)
        return;
    // Flow control: refill only while little is queued, so memory stays bounded by the queue.
    while (m_sent < m_body.length && m_socket->bytesToWrite() < kMaxQueuedBytes) {
        qint64 n = qMin(kChunkBytes, m_body.length - m_sent);
        if (m_body.dripBytes > 0)
            n = qMin<qint64>(n, m_body.dripBytes);
        if (m_body.dropAfter >= 0 && m_sent + n >= m_body.dropAfter) {
            // The server goes away mid-body: what was written arrives, then the connection ends.
            m_socket->write(nextChunk(m_body.dropAfter - m_sent));
            m_file.reset();
            m_socket->disconnectFromHost();
            return;
        }
        const QByteArray chunk = nextChunk(n);
        if (chunk.isEmpty()) {
            abort();
            return;
        }
        m_socket->write(chunk);
        m_sent += chunk.size();
        if (m_body.sentCounter)
            *m_body.sentCounter += chunk.size();
        if (m_body.dripBytes > 0)
            return; // the timer sends the next drop
    }
    if (m_sent >= m_body.length) {
        m_file.reset();
        if (m_drip) {
            m_drip->deleteLater();
            m_drip = nullptr;
        }
        if (m_body.declaredLength >= 0 && m_body.declaredLength != m_body.length)
            m_keepAlive = false; // the announced length was a lie: end the connection after it
        finishReply();
    }
}

QByteArray HttpConnection::nextChunk(qint64 n)
{
    if (m_body.pattern.isEmpty())
        return m_file->read(n);
    QByteArray chunk;
    chunk.reserve(n);
    while (chunk.size() < n)
        chunk += m_body.pattern.left(n - chunk.size());
    return chunk;
}

void HttpConnection::replyLater(int ms, std::function<void()> send)
{
    QTimer::singleShot(ms, this, std::move(send));
}

void HttpConnection::finishReply()
{
    m_busy = false;
    m_extraHeaders.clear();
    if (!m_keepAlive) {
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_input.isEmpty())
        QMetaObject::invokeMethod(this, &HttpConnection::readRequests, Qt::QueuedConnection);
}

void HttpConnection::abort()
{
    m_file.reset();
    if (m_socket)
        m_socket->abort();
    deleteLater();
}

} // namespace H5Hdfs

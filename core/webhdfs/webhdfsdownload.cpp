// SPDX-License-Identifier: MIT
// Downloading a file (or a byte range) into one shared-memory buffer of its final size.
#include "webhdfs/webhdfsclient.h"

#include "logging.h"
#include "text/h5describe.h"
#include "webhdfs/namenodecall.h"
#include "webhdfs/webhdfsparser.h"

#include <QNetworkReply>

namespace H5Hdfs {

/// Drives one WebHdfsDownload: GETFILESTATUS, the budget check, the NameNode's OPEN answer (307,
/// 200 + Location, or 200 + the bytes from HttpFS), the DataNode transfer, and recovery: a short
/// body resumes once from where it stopped; an unreachable DataNode is avoided with excludedatanodes.
class DownloadTask : public QObject {
public:
    DownloadTask(WebHdfsClient* client, WebHdfsDownload* download, QString path,
        WebHdfsClient::DownloadOptions options)
        : QObject(download)
        , m_client(client)
        , m_download(download)
        , m_path(std::move(path))
        , m_options(options)
    {
        download->m_abort = [this] {
            fail(Error(Error::Code::Cancelled, QStringLiteral("Download cancelled")));
        };
    }

    void start()
    {
        if (m_options.knownLength >= 0)
            return allocate(m_options.knownLength);
        m_client->fileStatus(m_path, this, [this](Result<HdfsFileStatus> status) {
            if (!status)
                return fail(status.error());
            if (status->isDirectory())
                return fail(Error(
                    Error::Code::Unsupported, QStringLiteral("%1 is a directory, not a file").arg(m_path)));
            allocate(status->length);
        });
    }

private:
    void allocate(qint64 fileLength)
    {
        // Past the end is an error, as a real NameNode makes it ("Offset=N out of the range"), not
        // an empty buffer that reads like a file of zero bytes.
        if (m_options.offset < 0 || (m_options.offset >= fileLength && m_options.length != 0 && fileLength > 0)
            || (fileLength == 0 && m_options.offset > 0))
            return fail(Error(Error::Code::OutOfRange,
                QStringLiteral("Offset %1 is outside %2, which has %3 bytes")
                    .arg(m_options.offset)
                    .arg(m_path)
                    .arg(fileLength)));
        const qint64 offset = m_options.offset;
        const qint64 total
            = m_options.length < 0 ? fileLength - offset : qMin(m_options.length, fileLength - offset);
        if (total > m_client->config().memoryBudget && !m_options.allowOverBudget)
            return fail(Error(Error::Code::TooLarge,
                QStringLiteral("%1 is %2, over the memory budget of %3")
                    .arg(
                        m_path, H5Describe::bytes(total), H5Describe::bytes(m_client->config().memoryBudget)),
                QStringLiteral("Raise the memory budget or allow this download explicitly.")));
        auto buffer = ImageBuffer::allocate(total, m_path.section(QLatin1Char('/'), -1));
        if (!buffer)
            return fail(buffer.error());
        m_download->m_buffer = std::move(buffer).value();
        m_download->m_buffer->populateAhead();
        m_download->m_total = total;
        m_start = offset;
        m_download->m_clock.start();
        Q_EMIT m_download->sizeKnown(total);
        if (total == 0)
            return succeed();
        askNameNode();
    }

    void askNameNode()
    {
        QList<std::pair<QByteArray, QString>> parameters {
            {"offset", QString::number(m_start + m_download->m_received)},
            {"length", QString::number(m_download->m_total - m_download->m_received)}};
        if (!m_excluded.isEmpty())
            parameters.append({"excludedatanodes", m_excluded.join(QLatin1Char(','))});
        auto* call = new NameNodeCall(
            m_client, m_path, "OPEN", parameters, QStringLiteral("opening %1").arg(m_path));
        m_call = call;
        // HttpFS answers OPEN with the bytes themselves.
        call->takeOver = [this](QNetworkReply* reply) {
            if (reply->header(QNetworkRequest::ContentTypeHeader).toString().contains(QLatin1String("json")))
                return false;
            transfer(
                reply, QStringLiteral("the server %1:%2").arg(reply->url().host()).arg(reply->url().port()));
            return true;
        };
        call->succeeded = [this](QNetworkReply* reply) {
            QByteArray location = reply->rawHeader("Location");
            if (location.isEmpty()) { // 200 + {"Location": ...} (noredirect, or a proxy)
                auto fromJson = WebHdfsParser::redirectLocation(reply->readAll());
                if (!fromJson)
                    return fail(fromJson.error());
                location = fromJson->toUtf8();
            }
            fetchFromDataNode(QUrl::fromEncoded(location, QUrl::StrictMode));
        };
        call->failed = [this](const Error& e) {
            fail(e);
        };
        call->start();
    }

    void fetchFromDataNode(const QUrl& location)
    {
        m_dataNode = QStringLiteral("%1:%2").arg(location.host()).arg(location.port());
        const QUrl target = m_client->mapDataNode(location);
        QString peer = QStringLiteral("the DataNode %1").arg(m_dataNode);
        if (target != location)
            peer += QStringLiteral(" (mapped to %1:%2)").arg(target.host()).arg(target.port());
        transfer(m_client->get(target), peer);
    }

    void transfer(QNetworkReply* reply, const QString& peer)
    {
        m_reply = reply;
        m_peer = peer;
        m_fromDataNode = !m_dataNode.isEmpty() && peer.contains(m_dataNode);
        reply->setParent(this);
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { readInto(reply); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { transferFinished(reply); });
        if (reply->bytesAvailable() > 0)
            readInto(reply);
    }

    // Reads what arrived straight into the image buffer: no intermediate copies, no appends.
    void readInto(QNetworkReply* reply)
    {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status / 100 == 2 && status != 200) // 206, 204, ...: whatever the body is, not the file
            return fail(unexpectedStatus(reply, QStringLiteral("downloading %1").arg(m_path), m_peer));
        if (status != 200)
            return; // an error body: capErrorBody() keeps its start for transferFinished()
        const qint64 room = m_download->m_total - m_download->m_received;
        const qint64 n = reply->read(m_download->m_buffer->data() + m_download->m_received, room);
        if (n > 0)
            m_download->m_received += n;
        if (reply->bytesAvailable() > 0 && m_download->m_received >= m_download->m_total)
            return fail(Error(
                Error::Code::Protocol, QStringLiteral("%1 sent more bytes than %2 has").arg(m_peer, m_path)));
        if (n > 0 && (m_lastProgress.isValid() == false || m_lastProgress.elapsed() >= 100)) {
            m_lastProgress.start();
            Q_EMIT m_download->progress(m_download->m_received, m_download->m_total);
        }
    }

    void transferFinished(QNetworkReply* reply)
    {
        if (reply != m_reply || m_download->m_done)
            return;
        readInto(reply);
        if (m_download->m_done)
            return;
        reply->deleteLater();
        m_reply = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString what = QStringLiteral("downloading %1").arg(m_path);
        if (m_download->m_received == m_download->m_total
            && (status == 200 || reply->error() == QNetworkReply::NoError))
            return succeed();
        if (status != 0 && status != 200) {
            const Error error = networkError(reply, what, m_peer);
            // An HA redirect names the NameNode that minted it; after a failover the DataNode finds
            // it standby. Ask the NameNodes again (the call fails over) for a fresh redirect, once.
            if (error.code == Error::Code::Standby && m_fromDataNode && !m_redirectRenewed) {
                m_redirectRenewed = true;
                m_resumedAt = m_download->m_received;
                return askNameNode();
            }
            return fail(error);
        }
        // No HTTP answer: the DataNode cannot be reached. Ask the NameNode for another replica.
        if (status == 0 && m_download->m_received == m_resumedAt && m_fromDataNode
            && !m_excluded.contains(m_dataNode)
            && (reply->error() == QNetworkReply::ConnectionRefusedError
                || reply->error() == QNetworkReply::HostNotFoundError
                || reply->error() == QNetworkReply::RemoteHostClosedError)) {
            m_unreachable = networkError(reply, what, m_peer);
            m_excluded.append(m_dataNode);
            return askNameNode();
        }
        // A short body: resume once from the first missing byte.
        if (m_download->m_received < m_download->m_total && !m_resumed
            && m_download->m_received > m_resumedAt) {
            qCInfo(lcWebHdfs) << "short body from" << m_peer << "after" << m_download->m_received
                              << "bytes; resuming";
            m_resumed = true;
            m_resumedAt = m_download->m_received;
            return askNameNode();
        }
        Error error = status == 0
            ? networkError(reply, what, m_peer)
            : Error(Error::Code::Protocol, QStringLiteral("%1 ended %2 early").arg(m_peer, what), QString());
        error.detail = QStringLiteral("received %1 of %2 bytes; %3")
                           .arg(m_download->m_received)
                           .arg(m_download->m_total)
                           .arg(error.detail);
        if (m_unreachable.isError()
            || (m_fromDataNode && status == 0 && m_download->m_received == m_resumedAt))
            error = unreachableDataNode(error);
        fail(error);
    }

    Error unreachableDataNode(const Error& last) const
    {
        const QString first = m_excluded.value(0, m_dataNode);
        return Error(Error::Code::Network,
            QStringLiteral("Cannot reach the DataNode %1 that the NameNode sent %2 to").arg(first, m_path),
            QStringLiteral(
                "%1. If DataNodes are not reachable from this machine under the names the NameNode "
                "gives, add a DataNode host map entry %2=<reachable host:port> (CLI: --datanode-map "
                "%2=HOST:PORT), "
                "or connect through HttpFS or Knox.")
                .arg(last.toString(), first));
    }

    void succeed() { finish(Error()); }

    void fail(const Error& error)
    {
        if (m_reply)
            m_reply->abort();
        if (m_call)
            m_call->abort();
        finish(error);
    }

    void finish(const Error& error)
    {
        if (m_download->m_done)
            return;
        m_download->m_done = true;
        m_download->m_abort = nullptr;
        if (error.isError())
            m_download->m_buffer.reset();
        else
            Q_EMIT m_download->progress(m_download->m_received, m_download->m_total);
        Q_EMIT m_download->finished(error);
    }

    WebHdfsClient* m_client;
    WebHdfsDownload* m_download;
    QString m_path;
    WebHdfsClient::DownloadOptions m_options;
    qint64 m_start = 0;
    QPointer<NameNodeCall> m_call;
    QPointer<QNetworkReply> m_reply;
    QString m_peer;
    QString m_dataNode;
    bool m_fromDataNode = false;
    QStringList m_excluded;
    Error m_unreachable;
    bool m_resumed = false;
    qint64 m_resumedAt = 0;
    bool m_redirectRenewed = false;
    QElapsedTimer m_lastProgress;
};

WebHdfsDownload* WebHdfsClient::download(const QString& path, const DownloadOptions& options)
{
    auto* download = new WebHdfsDownload(this);
    auto* task = new DownloadTask(this, download, path, options);
    QMetaObject::invokeMethod(
        task, [task] { task->start(); }, Qt::QueuedConnection);
    return download;
}

} // namespace H5Hdfs

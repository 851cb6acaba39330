// SPDX-License-Identifier: MIT
// Downloading a file (or a byte range) into one shared-memory buffer of its final size.
#include "webhdfs/webhdfsclient.h"

#include "logging.h"
#include "text/h5describe.h"
#include "webhdfs/namenodecall.h"
#include "webhdfs/webhdfsparser.h"

#include <QNetworkReply>

namespace H5Hdfs {

namespace {

using DownloadReply = ContextReply<Result<DownloadedBytes>>;

/// Drives one download: GETFILESTATUS, the budget check, the NameNode's OPEN answer (307,
/// 200 + Location, or 200 + the bytes from HttpFS), the DataNode transfer, and recovery: a short
/// body resumes once from where it stopped; an unreachable DataNode is avoided with excludedatanodes.
/// A child of the client (its requests are the client's); it answers through its ContextReply and
/// deletes itself once over: answered, cancelled, or its asker's context gone.
class DownloadTask : public QObject {
public:
    DownloadTask(WebHdfsClient* client, QString path, WebHdfsClient::DownloadOptions options,
        QObject* context, WebHdfsClient::DownloadDone done, ProgressCallback progress)
        : QObject(client)
        , m_client(client)
        , m_path(std::move(path))
        , m_options(options)
        // Nobody takes the answer of a dead context: the transfer stops (unless the task ended first).
        , m_answer(DownloadReply::create(
              context, std::move(done), std::move(progress), {this, [this] { stop(); }}))
    {
    }

    /// Ended with its client: the asker still waiting hears so, once.
    ~DownloadTask() override
    {
        if (m_over)
            return;
        m_answer->post(Error(Error::Code::Cancelled,
            QStringLiteral("The download of %1 stopped: its WebHDFS client closed").arg(m_path)));
        m_over = true; // before the aborts: no handler of theirs may run on a task half destroyed
        abortRequests();
    }

    [[nodiscard]] const std::shared_ptr<DownloadReply>& answer() const { return m_answer; }

    /// Over without an answer (the asker cancelled or went away): the requests in flight end too.
    void stop()
    {
        if (m_over)
            return;
        m_over = true; // first: an aborted reply's finished() must find the task over
        abortRequests();
        m_buffer.reset();
        deleteLater();
    }

    [[nodiscard]] double bytesPerSecond() const
    {
        const qint64 ms = m_clock.isValid() ? m_clock.elapsed() : 0;
        return ms > 0 ? double(m_received) * 1000.0 / double(ms) : 0.0;
    }

    void start()
    {
        if (m_over)
            return;
        if (m_options.knownLength >= 0)
            return allocate(m_options.knownLength);
        m_client->fileStatus(m_path, this, [this](Result<HdfsFileStatus> status) {
            if (m_over)
                return;
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
        if (!buffer) // TooLarge is the budget's refusal alone (see download()): this is memory failing
            return fail(Error(Error::Code::Io, buffer.error().message, buffer.error().detail)
                    .prefixed(QStringLiteral("downloading %1").arg(m_path)));
        m_buffer = std::move(buffer).value();
        m_buffer->populateAhead();
        m_total = total;
        m_start = offset;
        m_clock.start();
        if (total == 0)
            return succeed();
        askNameNode();
    }

    void askNameNode()
    {
        QList<std::pair<QByteArray, QString>> parameters {
            {"offset", QString::number(m_start + m_received)},
            {"length", QString::number(m_total - m_received)}};
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
        const qint64 room = m_total - m_received;
        const qint64 n = reply->read(m_buffer->data() + m_received, room);
        if (n > 0)
            m_received += n;
        if (reply->bytesAvailable() > 0 && m_received >= m_total)
            return fail(Error(
                Error::Code::Protocol, QStringLiteral("%1 sent more bytes than %2 has").arg(m_peer, m_path)));
        // At most every 100 ms: ContextReply merges reports only while one waits, and in the
        // asker's own thread each chunk read would otherwise be a report (tens of thousands a GiB).
        if (n > 0 && (m_lastProgress.isValid() == false || m_lastProgress.elapsed() >= 100)) {
            m_lastProgress.start();
            m_answer->postProgress(m_received, m_total);
        }
    }

    void transferFinished(QNetworkReply* reply)
    {
        if (reply != m_reply || m_over)
            return;
        readInto(reply);
        if (m_over)
            return;
        reply->deleteLater();
        m_reply = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString what = QStringLiteral("downloading %1").arg(m_path);
        if (m_received == m_total
            && (status == 200 || reply->error() == QNetworkReply::NoError))
            return succeed();
        if (status != 0 && status != 200) {
            const Error error = networkError(reply, what, m_peer);
            // An HA redirect names the NameNode that minted it; after a failover the DataNode finds
            // it standby. Ask the NameNodes again (the call fails over) for a fresh redirect, once.
            if (error.code == Error::Code::Standby && m_fromDataNode && !m_redirectRenewed) {
                m_redirectRenewed = true;
                m_resumedAt = m_received;
                return askNameNode();
            }
            return fail(error);
        }
        // No HTTP answer: the DataNode cannot be reached. Ask the NameNode for another replica.
        if (status == 0 && m_received == m_resumedAt && m_fromDataNode
            && !m_excluded.contains(m_dataNode)
            && (reply->error() == QNetworkReply::ConnectionRefusedError
                || reply->error() == QNetworkReply::HostNotFoundError
                || reply->error() == QNetworkReply::RemoteHostClosedError)) {
            m_unreachable = networkError(reply, what, m_peer);
            m_excluded.append(m_dataNode);
            return askNameNode();
        }
        // A short body: resume once from the first missing byte.
        if (m_received < m_total && !m_resumed
            && m_received > m_resumedAt) {
            qCInfo(lcWebHdfs) << "short body from" << m_peer << "after" << m_received
                              << "bytes; resuming";
            m_resumed = true;
            m_resumedAt = m_received;
            return askNameNode();
        }
        Error error = status == 0
            ? networkError(reply, what, m_peer)
            : Error(Error::Code::Protocol, QStringLiteral("%1 ended %2 early").arg(m_peer, what), QString());
        error.detail = QStringLiteral("received %1 of %2 bytes; %3")
                           .arg(m_received)
                           .arg(m_total)
                           .arg(error.detail);
        if (m_unreachable.isError()
            || (m_fromDataNode && status == 0 && m_received == m_resumedAt))
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

    void succeed()
    {
        m_answer->postProgress(m_received, m_total);
        end(DownloadedBytes {std::move(m_buffer), bytesPerSecond()});
    }

    void fail(const Error& error) { end(error); }

    /// Answers once; the task is over from here, whatever its requests still do.
    void end(Result<DownloadedBytes>&& outcome)
    {
        if (m_over)
            return;
        stop();
        m_answer->post(std::move(outcome));
    }

    void abortRequests()
    {
        if (m_reply)
            m_reply->abort();
        if (m_call)
            m_call->abort();
    }

    WebHdfsClient* m_client;
    QString m_path;
    WebHdfsClient::DownloadOptions m_options;
    std::shared_ptr<DownloadReply> m_answer;
    bool m_over = false; ///< answered, cancelled or abandoned: no request of it counts any more
    std::shared_ptr<ImageBuffer> m_buffer;
    qint64 m_received = 0;
    qint64 m_total = -1;
    QElapsedTimer m_clock; ///< from the first byte asked for
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

} // namespace

DownloadHandle WebHdfsClient::download(const QString& path, const DownloadOptions& options, QObject* context,
    DownloadDone done, ProgressCallback progress)
{
    Q_ASSERT(context);
    auto* task = new DownloadTask(this, path, options, context, std::move(done), std::move(progress));
    const std::shared_ptr<DownloadReply> reply = task->answer();
    DownloadHandle handle;
    handle.m_cancel = [reply, task = QPointer<DownloadTask>(task)] {
        reply->withdraw();
        if (task)
            task->stop();
    };
    handle.m_running = [weak = std::weak_ptr(reply)] {
        const auto r = weak.lock();
        return r && r->isPending();
    };
    handle.m_rate = [task = QPointer<DownloadTask>(task)] { return task ? task->bytesPerSecond() : 0.0; };
    // Queued, as every answer is: no callback runs inside download().
    QMetaObject::invokeMethod(task, [task] { task->start(); }, Qt::QueuedConnection);
    return handle;
}

} // namespace H5Hdfs

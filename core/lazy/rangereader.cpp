// SPDX-License-Identifier: MIT
#include "lazy/rangereader.h"

#include "text/h5describe.h"
#include "logging.h"
#include "webhdfs/namenodecall.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsparser.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <future>

namespace H5Hdfs {

namespace {

/// One range wanted by a supervisor thread; the fetcher fills `into` and sets `done` once.
struct RangeJob {
    qint64 offset = 0;
    qint64 length = 0;
    char* into = nullptr;
    std::atomic<qint64> received {0}; ///< progress, for the reader's stall check
    std::promise<Status> done;
};

/// The DataNode URL of a redirect with another range: its query is kept as the NameNode wrote it
/// (tokens, namenoderpcaddress), only offset and length change.
QUrl withRange(const QUrl& location, qint64 offset, qint64 length)
{
    QList<QByteArray> items;
    for (const QByteArray& item : location.query(QUrl::FullyEncoded).toLatin1().split('&')) {
        if (!item.isEmpty() && !item.startsWith("offset=") && !item.startsWith("length="))
            items.append(item);
    }
    items << "offset=" + QByteArray::number(offset) << "length=" + QByteArray::number(length);
    QUrl url = location;
    url.setQuery(QString::fromLatin1(items.join('&')), QUrl::StrictMode);
    return url;
}

} // namespace

/// The network side of a WebHdfsRangeSource, in its own thread: one range at a time.
class RangeFetcher : public QObject {
public:
    RangeFetcher(WebHdfsConfig config, QString path, const HdfsFileStatus& seen,
        WebHdfsRangeSource::Options options)
        : m_network(new QNetworkAccessManager(this))
        , m_client(new WebHdfsClient(std::move(config), m_network, this))
        , m_path(std::move(path))
        , m_name(m_path.section(QLatin1Char('/'), -1))
        , m_seen(seen)
        , m_options(options)
    {
        m_validated.start(); // the status was seen just now, at open
    }

    void start(std::shared_ptr<RangeJob> job)
    {
        m_job = std::move(job);
        m_triedNameNodeAgain = false;
        m_excluded.clear();
        if (m_validated.isValid() && m_validated.elapsed() < m_options.revalidateEvery.count())
            return begin();
        checkUnchanged([this] { begin(); });
    }

    /// Ends `job` with `reason` if it is still running (the reader gave up on it).
    void abort(const std::shared_ptr<RangeJob>& job, const Error& reason)
    {
        if (m_job == job)
            finish(reason);
    }

    WebHdfsRangeSource::Stats stats;

private:
    void begin()
    {
        if (m_dataNode.isValid())
            return readFromDataNode();
        askNameNode();
    }

    void askNameNode()
    {
        ++stats.nameNodeOpens;
        QList<std::pair<QByteArray, QString>> parameters {
            {"offset", QString::number(m_job->offset)}, {"length", QString::number(m_job->length)}};
        if (!m_excluded.isEmpty())
            parameters.append({"excludedatanodes", m_excluded.join(QLatin1Char(','))});
        auto* call = new NameNodeCall(m_client, m_path, "OPEN", parameters,
            QStringLiteral("reading %1 at offset %2").arg(m_path).arg(m_job->offset));
        m_call = call;
        // HttpFS and Knox answer with the bytes themselves.
        call->takeOver = [this](QNetworkReply* reply) {
            if (reply->header(QNetworkRequest::ContentTypeHeader).toString().contains(QLatin1String("json")))
                return false;
            m_dataNode.clear();
            readFrom(reply, QStringLiteral("the server %1:%2").arg(reply->url().host()).arg(reply->url().port()), false);
            return true;
        };
        call->succeeded = [this](QNetworkReply* reply) {
            QByteArray location = reply->rawHeader("Location");
            if (location.isEmpty()) {
                auto fromJson = WebHdfsParser::redirectLocation(reply->readAll());
                if (!fromJson)
                    return finish(fromJson.error());
                location = fromJson->toUtf8();
            }
            m_dataNode = QUrl::fromEncoded(location, QUrl::StrictMode);
            readFromDataNode();
        };
        call->failed = [this](const Error& e) { failChecked(e); };
        call->start();
    }

    void readFromDataNode()
    {
        const QUrl target = m_client->mapDataNode(withRange(m_dataNode, m_job->offset, m_job->length));
        m_dataNodeName = QStringLiteral("%1:%2").arg(m_dataNode.host()).arg(m_dataNode.port());
        readFrom(m_client->get(target), QStringLiteral("the DataNode %1").arg(m_dataNodeName), true);
    }

    void readFrom(QNetworkReply* reply, const QString& peer, bool fromDataNode)
    {
        if (fromDataNode)
            ++stats.dataNodeReads;
        m_reply = reply;
        m_peer = peer;
        m_fromDataNode = fromDataNode;
        m_got = 0;
        m_job->received = 0;
        reply->setParent(this);
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { readInto(reply); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { transferFinished(reply); });
        if (reply->bytesAvailable() > 0)
            readInto(reply);
    }

    void readInto(QNetworkReply* reply)
    {
        if (reply != m_reply || !m_job)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status / 100 == 2 && status != 200)
            return finish(unexpectedStatus(reply, what(), m_peer));
        if (status != 200)
            return; // an error body, kept by capErrorBody() for transferFinished()
        const qint64 n = reply->read(m_job->into + m_got, m_job->length - m_got);
        if (n > 0) {
            m_got += n;
            stats.bytes += n;
            m_job->received = m_got;
        }
        if (m_got == m_job->length && reply->bytesAvailable() > 0) // longer than asked: it grew
            return failChecked(Error(Error::Code::Protocol,
                QStringLiteral("%1 sent more than %2 bytes at offset %3 of %4")
                    .arg(m_peer)
                    .arg(m_job->length)
                    .arg(m_job->offset)
                    .arg(m_name)));
    }

    void transferFinished(QNetworkReply* reply)
    {
        if (reply != m_reply || !m_job)
            return;
        readInto(reply);
        if (reply != m_reply || !m_job)
            return;
        m_reply = nullptr;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && m_got == m_job->length)
            return finish({});
        // A DataNode that fails (gone, a body cut short, token expired, a standby NameNode behind
        // it): ask the NameNode again, once, and avoid a DataNode that could not be reached.
        if (m_fromDataNode && !m_triedNameNodeAgain) {
            m_triedNameNodeAgain = true;
            if (status == 0 && m_got == 0)
                m_excluded.append(m_dataNodeName);
            qCInfo(lcWebHdfs) << "DataNode" << m_dataNodeName << "failed for" << m_name
                              << "; asking the NameNode again";
            m_dataNode.clear();
            return askNameNode();
        }
        if (status == 200 || (status == 0 && m_got > 0))
            return failChecked(Error(Error::Code::Protocol,
                QStringLiteral("%1 sent %2 of %3 bytes at offset %4 of %5")
                    .arg(m_peer)
                    .arg(m_got)
                    .arg(m_job->length)
                    .arg(m_job->offset)
                    .arg(m_name),
                reply->errorString()));
        failChecked(networkError(reply, what(), m_peer));
    }

    /// Fails with `error`, unless the file changed: that is then the reason, said as such.
    void failChecked(const Error& error)
    {
        if (!m_job)
            return;
        abortTransfers();
        checkUnchanged([this, error] { finish(error); });
    }

    /// Runs `next` when the file's length and modification time are still those seen at open;
    /// otherwise fails the job with "x.h5 changed on HDFS since it was opened".
    void checkUnchanged(std::function<void()> next)
    {
        ++stats.statusChecks;
        const auto job = m_job;
        m_client->fileStatus(m_path, this, [this, job, next = std::move(next)](Result<HdfsFileStatus> now) {
            if (m_job != job)
                return;
            if (now && (now->length != m_seen.length || now->modificationTime != m_seen.modificationTime))
                return finish(Error(Error::Code::Io,
                    QStringLiteral("%1 changed on HDFS since it was opened").arg(m_name),
                    QStringLiteral("It had %1 bytes, modified at %2 ms; now %3 bytes, modified at %4 ms. "
                                   "Open it again to read the new version.")
                        .arg(m_seen.length)
                        .arg(m_seen.modificationTime)
                        .arg(now->length)
                        .arg(now->modificationTime)));
            if (!now)
                return finish(now.error());
            m_validated.start();
            next();
        });
    }

    void abortTransfers()
    {
        if (m_call)
            m_call->abort();
        if (QNetworkReply* reply = m_reply) {
            m_reply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }

    void finish(const Error& error)
    {
        if (!m_job)
            return;
        abortTransfers();
        const auto job = std::move(m_job);
        m_job.reset();
        job->done.set_value(error);
    }

    [[nodiscard]] QString what() const
    {
        return QStringLiteral("reading %1 bytes at offset %2 of %3").arg(m_job->length).arg(m_job->offset).arg(m_path);
    }

    QNetworkAccessManager* m_network;
    WebHdfsClient* m_client;
    QString m_path;
    QString m_name;
    HdfsFileStatus m_seen;
    WebHdfsRangeSource::Options m_options;
    std::shared_ptr<RangeJob> m_job;
    QPointer<NameNodeCall> m_call;
    QPointer<QNetworkReply> m_reply;
    QString m_peer;
    bool m_fromDataNode = false;
    qint64 m_got = 0;
    QUrl m_dataNode; ///< the last redirect's target, as the NameNode wrote it
    QString m_dataNodeName;
    bool m_triedNameNodeAgain = false;
    QStringList m_excluded;
    QElapsedTimer m_validated;
};

WebHdfsRangeSource::WebHdfsRangeSource(
    WebHdfsConfig config, QString path, const HdfsFileStatus& status, Options options)
    : m_name(path.section(QLatin1Char('/'), -1))
    , m_length(status.length)
{
    m_fetcher = new RangeFetcher(std::move(config), std::move(path), status, options);
    m_fetcher->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("range reader"));
    m_thread.start();
}

WebHdfsRangeSource::~WebHdfsRangeSource()
{
    RangeFetcher* fetcher = m_fetcher;
    QMetaObject::invokeMethod(fetcher, [fetcher] { delete fetcher; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

WebHdfsRangeSource::Stats WebHdfsRangeSource::stats() const
{
    Stats copy;
    RangeFetcher* fetcher = m_fetcher;
    QMetaObject::invokeMethod(fetcher, [fetcher, &copy] { copy = fetcher->stats; }, Qt::BlockingQueuedConnection);
    return copy;
}

Status WebHdfsRangeSource::read(qint64 offset, qint64 length, char* into, const FetchLimits& limits)
{
    using namespace std::chrono;
    if (offset < 0 || length < 0 || offset > m_length - length)
        return Error(Error::Code::OutOfRange,
            QStringLiteral("%1: %2 bytes at offset %3 are outside the file (%4 bytes)")
                .arg(m_name)
                .arg(length)
                .arg(offset)
                .arg(m_length));
    if (length == 0)
        return {};
    auto job = std::make_shared<RangeJob>();
    job->offset = offset;
    job->length = length;
    job->into = into;
    auto done = job->done.get_future();
    RangeFetcher* fetcher = m_fetcher;
    QMetaObject::invokeMethod(fetcher, [fetcher, job] { fetcher->start(job); }, Qt::QueuedConnection);
    qint64 seen = -1;
    auto lastProgress = steady_clock::now();
    while (done.wait_for(milliseconds(50)) != std::future_status::ready) {
        const auto now = steady_clock::now();
        if (const qint64 got = job->received; got != seen) {
            seen = got;
            lastProgress = now;
        }
        Error reason;
        if (limits.cancel && limits.cancel->load())
            reason = Error(Error::Code::Cancelled, QStringLiteral("Cancelled"));
        else if (now - lastProgress >= limits.stall)
            reason = Error(Error::Code::Network,
                QStringLiteral("%1: no data from the server for %2 s while reading %3 at offset %4")
                    .arg(m_name)
                    .arg(double(limits.stall.count()) / 1000.0)
                    .arg(H5Describe::bytes(length))
                    .arg(offset));
        else if (now >= limits.until)
            reason = Error(Error::Code::WorkerHung,
                QStringLiteral("%1: reading %2 at offset %3 ran past the time allowed for the file")
                    .arg(m_name, H5Describe::bytes(length))
                    .arg(offset));
        if (reason.isError()) {
            // The fetcher stops writing into `into` before it answers; wait for that.
            QMetaObject::invokeMethod(
                fetcher, [fetcher, job, reason] { fetcher->abort(job, reason); }, Qt::QueuedConnection);
            return done.get();
        }
    }
    return done.get();
}

} // namespace H5Hdfs

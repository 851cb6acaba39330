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
#include <deque>
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
    // Fetcher thread only:
    bool triedNameNodeAgain = false; ///< a DataNode failed it once: asked the NameNode again
    QStringList excluded;            ///< DataNodes that could not be reached for it
};

/// A job being fetched: its request, and how it fell back so far.
struct Transfer {
    std::shared_ptr<RangeJob> job;
    QPointer<NameNodeCall> call;
    QPointer<QNetworkReply> reply;
    QString peer;
    QString dataNodeName;
    bool fromDataNode = false;
    qint64 got = 0;
    bool over = false;
};

QString dataNodeName(const QUrl& location)
{
    return QStringLiteral("%1:%2").arg(location.host()).arg(location.port());
}

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

/// The network side of a WebHdfsRangeSource, in its own thread: up to kParallelReads ranges at
/// once, each on its own connection. Only one asks the NameNode for a DataNode at a time; the
/// others wait for its redirect and then go straight to that DataNode.
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

    ~RangeFetcher() override
    {
        const Error gone(Error::Code::Cancelled, QStringLiteral("Cancelled"));
        for (const auto& job : std::exchange(m_waiting, {}))
            job->done.set_value(gone);
        while (!m_running.empty())
            finish(m_running.front(), gone);
    }

    void submit(const QList<std::shared_ptr<RangeJob>>& jobs)
    {
        m_waiting.insert(m_waiting.end(), jobs.cbegin(), jobs.cend());
        pump();
    }

    /// Ends `jobs` with `reason` where they are still waiting or running (the reader gave up).
    /// The waiting ones first: ending a running one would start the next.
    void abort(const QList<std::shared_ptr<RangeJob>>& jobs, const Error& reason)
    {
        for (const auto& job : jobs) {
            if (const auto at = std::find(m_waiting.begin(), m_waiting.end(), job); at != m_waiting.end()) {
                m_waiting.erase(at);
                job->done.set_value(reason);
            }
        }
        for (const auto& job : jobs) {
            const auto at = std::find_if(m_running.begin(), m_running.end(), [&job](const auto& t) { return t->job == job; });
            if (at != m_running.end())
                finish(*at, reason);
        }
    }

    WebHdfsRangeSource::Stats stats;

private:
    using TransferPtr = std::shared_ptr<Transfer>;

    /// Starts waiting jobs while there is room, the file's status is fresh and no redirect is awaited.
    void pump()
    {
        while (!m_waiting.empty() && m_running.size() < size_t(WebHdfsRangeSource::kParallelReads)) {
            if (m_checking || m_asking)
                return;
            if (m_validated.elapsed() >= m_options.revalidateEvery.count())
                return revalidate();
            auto t = std::make_shared<Transfer>();
            t->job = m_waiting.front();
            m_waiting.pop_front();
            m_running.push_back(t);
            stats.peakInFlight = std::max(stats.peakInFlight, int(m_running.size()));
            if (m_dataNode.isValid())
                readFromDataNode(t);
            else
                askNameNode(t);
        }
    }

    void revalidate()
    {
        m_checking = true;
        checkUnchanged([this](const Error& error) {
            m_checking = false;
            if (error.isError()) {
                while (!m_waiting.empty()) {
                    m_waiting.front()->done.set_value(error);
                    m_waiting.pop_front();
                }
                return;
            }
            pump();
        });
    }

    void askNameNode(const TransferPtr& t)
    {
        ++stats.nameNodeOpens;
        const RangeJob& job = *t->job;
        QList<std::pair<QByteArray, QString>> parameters {
            {"offset", QString::number(job.offset)}, {"length", QString::number(job.length)}};
        if (!job.excluded.isEmpty())
            parameters.append({"excludedatanodes", job.excluded.join(QLatin1Char(','))});
        auto* call = new NameNodeCall(m_client, m_path, "OPEN", parameters,
            QStringLiteral("reading %1 at offset %2").arg(m_path).arg(job.offset));
        t->call = call;
        // Jobs that start meanwhile wait for the DataNode this one is sent to (one NameNode
        // request per file), unless the server is known to answer with the bytes itself.
        if (!m_direct)
            m_asking = t.get();
        // HttpFS and Knox answer with the bytes themselves.
        call->takeOver = [this, t](QNetworkReply* reply) {
            if (t->over)
                return false;
            if (reply->header(QNetworkRequest::ContentTypeHeader).toString().contains(QLatin1String("json")))
                return false;
            m_dataNode.clear();
            m_direct = true;
            redirectSettled(*t);
            readFrom(t, reply, QStringLiteral("the server %1:%2").arg(reply->url().host()).arg(reply->url().port()), false);
            return true;
        };
        call->succeeded = [this, t](QNetworkReply* reply) {
            if (t->over)
                return;
            QByteArray location = reply->rawHeader("Location");
            if (location.isEmpty()) {
                auto fromJson = WebHdfsParser::redirectLocation(reply->readAll());
                if (!fromJson) {
                    redirectSettled(*t);
                    return finish(t, fromJson.error());
                }
                location = fromJson->toUtf8();
            }
            m_dataNode = QUrl::fromEncoded(location, QUrl::StrictMode);
            readFromDataNode(t);
            redirectSettled(*t);
        };
        call->failed = [this, t](const Error& e) {
            if (t->over)
                return;
            redirectSettled(*t);
            failChecked(t, e);
        };
        call->start();
    }

    /// The NameNode answered `t` (or failed it): the jobs that waited for it may start.
    void redirectSettled(const Transfer& t)
    {
        if (m_asking == &t)
            m_asking = nullptr;
        QMetaObject::invokeMethod(this, [this] { pump(); }, Qt::QueuedConnection);
    }

    void readFromDataNode(const TransferPtr& t)
    {
        const QUrl target = m_client->mapDataNode(withRange(m_dataNode, t->job->offset, t->job->length));
        t->dataNodeName = dataNodeName(m_dataNode);
        readFrom(t, m_client->get(target), QStringLiteral("the DataNode %1").arg(t->dataNodeName), true);
    }

    void readFrom(const TransferPtr& t, QNetworkReply* reply, const QString& peer, bool fromDataNode)
    {
        if (fromDataNode)
            ++stats.dataNodeReads;
        t->reply = reply;
        t->peer = peer;
        t->fromDataNode = fromDataNode;
        t->got = 0;
        t->job->received = 0;
        reply->setParent(this);
        connect(reply, &QNetworkReply::readyRead, this, [this, t, reply] { readInto(t, reply); });
        connect(reply, &QNetworkReply::finished, this, [this, t, reply] { transferFinished(t, reply); });
        if (reply->bytesAvailable() > 0)
            readInto(t, reply);
    }

    void readInto(const TransferPtr& t, QNetworkReply* reply)
    {
        if (t->over || reply != t->reply)
            return;
        RangeJob& job = *t->job;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status / 100 == 2 && status != 200)
            return finish(t, unexpectedStatus(reply, what(job), t->peer));
        if (status != 200)
            return; // an error body, kept by capErrorBody() for transferFinished()
        const qint64 n = reply->read(job.into + t->got, job.length - t->got);
        if (n > 0) {
            t->got += n;
            stats.bytes += n;
            job.received = t->got;
        }
        if (t->got == job.length && reply->bytesAvailable() > 0) // longer than asked: it grew
            return failChecked(t, Error(Error::Code::Protocol,
                QStringLiteral("%1 sent more than %2 bytes at offset %3 of %4")
                    .arg(t->peer)
                    .arg(job.length)
                    .arg(job.offset)
                    .arg(m_name)));
    }

    void transferFinished(const TransferPtr& t, QNetworkReply* reply)
    {
        readInto(t, reply);
        if (t->over || reply != t->reply)
            return;
        t->reply = nullptr;
        reply->deleteLater();
        const RangeJob& job = *t->job;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && t->got == job.length)
            return finish(t, {});
        // A DataNode that fails (gone, a body cut short, token expired, a standby NameNode behind
        // it): the job starts again, once, where the NameNode sends it now (asked once for all the
        // jobs that failed there), avoiding a DataNode that could not be reached.
        if (t->fromDataNode && !t->job->triedNameNodeAgain) {
            t->job->triedNameNodeAgain = true;
            if (status == 0 && t->got == 0)
                t->job->excluded.append(t->dataNodeName);
            qCInfo(lcWebHdfs) << "DataNode" << t->dataNodeName << "failed for" << m_name
                              << "; asking the NameNode again";
            if (m_dataNode.isValid() && t->dataNodeName == dataNodeName(m_dataNode))
                m_dataNode.clear();
            t->over = true;
            m_running.erase(std::find(m_running.begin(), m_running.end(), t));
            if (m_asking == t.get())
                m_asking = nullptr;
            m_waiting.push_front(t->job);
            return pump();
        }
        if (status == 200 || (status == 0 && t->got > 0))
            return failChecked(t, Error(Error::Code::Protocol,
                QStringLiteral("%1 sent %2 of %3 bytes at offset %4 of %5")
                    .arg(t->peer)
                    .arg(t->got)
                    .arg(job.length)
                    .arg(job.offset)
                    .arg(m_name),
                reply->errorString()));
        failChecked(t, networkError(reply, what(job), t->peer));
    }

    /// Fails `t` with `error`, unless the file changed: that is then the reason, said as such.
    void failChecked(const TransferPtr& t, const Error& error)
    {
        if (t->over)
            return;
        abortTransfer(*t);
        checkUnchanged([this, t, error](const Error& changed) { finish(t, changed.isError() ? changed : error); });
    }

    /// Asks the NameNode for the file's status and says whether it is what was seen at open:
    /// no error, "x.h5 changed on HDFS since it was opened", or why it could not be asked.
    void checkUnchanged(std::function<void(const Error&)> then)
    {
        ++stats.statusChecks;
        m_client->fileStatus(m_path, this, [this, then = std::move(then)](Result<HdfsFileStatus> now) {
            if (now && (now->length != m_seen.length || now->modificationTime != m_seen.modificationTime))
                return then(Error(Error::Code::Io,
                    QStringLiteral("%1 changed on HDFS since it was opened").arg(m_name),
                    QStringLiteral("It had %1 bytes, modified at %2 ms; now %3 bytes, modified at %4 ms. "
                                   "Open it again to read the new version.")
                        .arg(m_seen.length)
                        .arg(m_seen.modificationTime)
                        .arg(now->length)
                        .arg(now->modificationTime)));
            if (!now)
                return then(now.error());
            m_validated.start();
            then({});
        });
    }

    void abortTransfer(Transfer& t)
    {
        if (t.call)
            t.call->abort();
        if (QNetworkReply* reply = t.reply) {
            t.reply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }

    void finish(TransferPtr t, const Error& error) // by value: it may be m_running's own
    {
        if (t->over)
            return;
        t->over = true;
        abortTransfer(*t);
        if (m_asking == t.get()) // a redirect no longer awaited
            m_asking = nullptr;
        m_running.erase(std::find(m_running.begin(), m_running.end(), t));
        t->job->done.set_value(error);
        pump();
    }

    [[nodiscard]] QString what(const RangeJob& job) const
    {
        return QStringLiteral("reading %1 bytes at offset %2 of %3").arg(job.length).arg(job.offset).arg(m_path);
    }

    QNetworkAccessManager* m_network;
    WebHdfsClient* m_client;
    QString m_path;
    QString m_name;
    HdfsFileStatus m_seen;
    WebHdfsRangeSource::Options m_options;
    std::deque<std::shared_ptr<RangeJob>> m_waiting;
    std::vector<TransferPtr> m_running;
    QUrl m_dataNode; ///< the last redirect's target, as the NameNode wrote it
    const Transfer* m_asking = nullptr; ///< awaits a redirect: new jobs wait for it
    bool m_direct = false;         ///< the server answers OPEN with the bytes (HttpFS, Knox)
    bool m_checking = false;       ///< the file's status is being checked: new jobs wait for it
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
    return readRanges({{offset, length, into}}, limits);
}

Status WebHdfsRangeSource::readRanges(const QList<RangeRead>& ranges, const FetchLimits& limits)
{
    using namespace std::chrono;
    QList<std::shared_ptr<RangeJob>> jobs;
    for (const RangeRead& range : ranges) {
        if (range.offset < 0 || range.length < 0 || range.offset > m_length - range.length)
            return Error(Error::Code::OutOfRange,
                QStringLiteral("%1: %2 bytes at offset %3 are outside the file (%4 bytes)")
                    .arg(m_name)
                    .arg(range.length)
                    .arg(range.offset)
                    .arg(m_length));
        if (range.length == 0)
            continue;
        auto job = std::make_shared<RangeJob>();
        job->offset = range.offset;
        job->length = range.length;
        job->into = range.into;
        jobs.append(std::move(job));
    }
    if (jobs.isEmpty())
        return {};
    std::vector<std::future<Status>> done;
    for (const auto& job : jobs)
        done.push_back(job->done.get_future());
    RangeFetcher* fetcher = m_fetcher;
    QMetaObject::invokeMethod(fetcher, [fetcher, jobs] { fetcher->submit(jobs); }, Qt::QueuedConnection);
    // The first range still being fetched, or -1 when all are done.
    const auto firstPending = [&done]() -> qsizetype {
        for (size_t i = 0; i < done.size(); ++i) {
            if (done[i].wait_for(seconds(0)) != std::future_status::ready)
                return qsizetype(i);
        }
        return -1;
    };
    const auto received = [&jobs] {
        qint64 sum = 0;
        for (const auto& job : jobs)
            sum += job->received;
        return sum;
    };
    qint64 seen = -1;
    auto lastProgress = steady_clock::now();
    for (qsizetype pending = firstPending(); pending >= 0; pending = firstPending()) {
        if (done[size_t(pending)].wait_for(milliseconds(50)) == std::future_status::ready)
            continue;
        const auto now = steady_clock::now();
        if (const qint64 got = received(); got != seen) {
            seen = got;
            lastProgress = now;
        }
        const RangeJob& late = *jobs[pending];
        Error reason;
        if (limits.cancel && limits.cancel->load())
            reason = Error(Error::Code::Cancelled, QStringLiteral("Cancelled"));
        else if (now - lastProgress >= limits.stall)
            reason = Error(Error::Code::Network,
                QStringLiteral("%1: no data from the server for %2 s while reading %3 at offset %4")
                    .arg(m_name)
                    .arg(double(limits.stall.count()) / 1000.0)
                    .arg(H5Describe::bytes(late.length))
                    .arg(late.offset));
        else if (now >= limits.until)
            reason = Error(Error::Code::WorkerHung,
                QStringLiteral("%1: reading %2 at offset %3 ran past the time allowed for the file")
                    .arg(m_name, H5Describe::bytes(late.length))
                    .arg(late.offset));
        if (reason.isError()) {
            // The fetcher stops writing into the ranges before it answers; wait for that.
            QMetaObject::invokeMethod(
                fetcher, [fetcher, jobs, reason] { fetcher->abort(jobs, reason); }, Qt::QueuedConnection);
            break;
        }
    }
    Status first;
    for (auto& f : done) {
        Status s = f.get();
        if (s.isError() && !first.isError())
            first = s;
    }
    return first;
}

} // namespace H5Hdfs

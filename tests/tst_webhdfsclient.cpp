// SPDX-License-Identifier: MIT
// The WebHDFS client against the local WebHDFS server, for every behaviour and every fault: each
// ends in the right value or a specific error, never a hang (every wait has a timeout).
#include "clientwaits.h"
#include "service/h5service.h"
#include "testpaths.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

using namespace ClientWaits;

namespace {

const QString kOddName = QStringLiteral("a b%+;=&#?ü.h5");

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed again when probe goes
}

} // namespace

class tst_WebHdfsClient : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QByteArray m_blog;
    QByteArray m_big;
    QNetworkAccessManager m_network;

    std::unique_ptr<LocalWebHdfsServer> server(bool httpfs = false, int batchSize = 1000)
    {
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        options.httpfs = httpfs;
        options.batchSize = batchSize;
        return startServer(options);
    }

    std::unique_ptr<WebHdfsClient> client(const LocalWebHdfsServer& s, WebHdfsConfig config = {})
    {
        if (config.roots.isEmpty())
            config.roots = {s.rootUrl()};
        config.user = config.user.isEmpty() ? QStringLiteral("alice") : config.user;
        config.retryDelayMs = 20;
        return std::make_unique<WebHdfsClient>(config, &m_network);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("data/many"));
        QFile blog(TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5"));
        QVERIFY(blog.open(QIODevice::ReadOnly));
        m_blog = blog.readAll();
        m_big.resize(3 << 20);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(m_big.data()), m_big.size() / 4);
        for (const auto& [name, bytes] : {std::pair {QStringLiteral("data/blog.h5"), m_blog},
                 {QStringLiteral("data/big.bin"), m_big}, {QStringLiteral("data/") + kOddName, m_blog},
                 {QStringLiteral("data/empty.h5"), QByteArray()}}) {
            QFile f(m_dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        for (int i = 0; i < 2500; ++i) {
            QFile f(m_dir.filePath(QStringLiteral("data/many/part-%1.h5").arg(i, 5, 10, QLatin1Char('0'))));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
    }

    // ---- listing --------------------------------------------------------------------------------

    void listsInPagesAsTheyArrive()
    {
        auto s = server(false, 300);
        auto c = client(*s);
        const Listed l = listAll(*c, QStringLiteral("/data/many"));
        QVERIFY(l.finished);
        QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
        QCOMPARE(l.names.size(), 2500);
        QCOMPARE(l.pages, 9); // 2500 entries, 300 a page
        QCOMPARE(l.names.first(), QStringLiteral("part-00000.h5"));
        QCOMPARE(l.names.last(), QStringLiteral("part-02499.h5"));
        QCOMPARE(requestsContaining(s->requestLog(), "op=LISTSTATUS_BATCH"), 9);
        QCOMPARE(requestsContaining(s->requestLog(), "startafter=part-00299.h5"), 1);
    }

    void aServerRepeatingTheFirstPageEndsTheListing()
    {
        auto s = server(false, 300);
        s->faults().ignoreStartAfter = true; // what a 3.5.0 NameNode does with "startAfter="
        auto c = client(*s);
        const Listed l = listAll(*c, QStringLiteral("/data/many"));
        QVERIFY(l.finished);
        QCOMPARE(l.error.code, Error::Code::Protocol);
        QVERIFY2(l.error.message.contains(QStringLiteral("same listing page")), qPrintable(l.error.message));
        QCOMPARE(l.pages, 1);
    }

    void theFirstPageShowsBeforeTheRestArrives()
    {
        auto s = server(false, 100);
        s->faults().delayMs = 30;
        auto c = client(*s);
        QList<qsizetype> pages; // the entries of each page
        int finished = 0;
        QObject listing; // ends before what its callbacks write to
        c->list(
            QStringLiteral("/data/many"), &listing, [&pages](const QList<HdfsFileStatus>& page) { pages << page.size(); },
            [&finished](const Error&) { ++finished; });
        QTRY_VERIFY_WITH_TIMEOUT(!pages.isEmpty(), 5000);
        QCOMPARE(finished, 0);
        QCOMPARE(pages.at(0), 100);
        QTRY_COMPARE_WITH_TIMEOUT(finished, 1, 20000);
        QCOMPARE(pages.size(), 25);
    }

    void oldServersWithoutBatchListingFallBack()
    {
        auto s = server();
        s->faults().rejectBatchListing = true;
        auto c = client(*s);
        const Listed l = listAll(*c, QStringLiteral("/data"));
        QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
        QVERIFY(l.names.contains(kOddName));
        QCOMPARE(requestsContaining(s->requestLog(), "op=LISTSTATUS&"), 1);
    }

    void aTruncatedListingIsAnErrorNotAHang()
    {
        auto s = server();
        s->faults().truncateListing = true;
        auto c = client(*s);
        const Listed l = listAll(*c, QStringLiteral("/data"));
        QVERIFY(l.finished);
        QCOMPARE(l.error.code, Error::Code::Protocol);
    }

    void httpFsListingsLackNameNodeFields()
    {
        auto s = server(true, 1000);
        auto c = client(*s);
        std::optional<Result<HdfsFileStatus>> status;
        c->fileStatus(
            QStringLiteral("/data/blog.h5"), this, [&status](Result<HdfsFileStatus> r) { status = r; });
        auto r = await(status);
        QVERIFY(r.ok());
        QCOMPARE(r->length, qint64(m_blog.size()));
        QCOMPARE(r->fileId, qint64(-1));
        QCOMPARE(r->name, QStringLiteral("blog.h5"));
    }

    // ---- status, home, summary, errors -----------------------------------------------------------

    void statusHomeAndSummary()
    {
        auto s = server();
        auto c = client(*s);
        std::optional<Result<HdfsFileStatus>> status;
        c->fileStatus(QStringLiteral("/data/big.bin"), this, [&](Result<HdfsFileStatus> r) { status = r; });
        QCOMPARE(await(status)->length, qint64(m_big.size()));
        QVERIFY(status->value().fileId > 0);
        std::optional<Result<QString>> home;
        c->homeDirectory(this, [&](Result<QString> r) { home = r; });
        QCOMPARE(*await(home), QStringLiteral("/user/alice"));
        std::optional<Result<HdfsContentSummary>> summary;
        c->contentSummary(QStringLiteral("/data"), this, [&](Result<HdfsContentSummary> r) { summary = r; });
        QCOMPARE(await(summary)->fileCount, qint64(2504));
        QVERIFY(s->requestLog().first().contains("user.name=alice"));
    }

    void notFoundAndPermissionDeniedAreNotRetried()
    {
        auto s = server();
        s->faults().denied.insert(QStringLiteral("/data/blog.h5"));
        auto c = client(*s);
        std::optional<Result<HdfsFileStatus>> missing, denied;
        c->fileStatus(QStringLiteral("/data/nope.h5"), this, [&](Result<HdfsFileStatus> r) { missing = r; });
        c->fileStatus(QStringLiteral("/data/blog.h5"), this, [&](Result<HdfsFileStatus> r) { denied = r; });
        QCOMPARE(await(missing).error().code, Error::Code::NotFound);
        QVERIFY(missing->error().message.contains(QStringLiteral("/data/nope.h5")));
        QCOMPARE(await(denied).error().code, Error::Code::PermissionDenied);
        QCOMPARE(s->requestLog().size(), 2);
    }

    // ---- downloads -------------------------------------------------------------------------------

    void downloadsFollowTheRedirectIntoMemory()
    {
        auto s = server();
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_big);
        QCOMPARE(d.buffer->size(), qint64(m_big.size())); // allocated once, at the final size
        QVERIFY(!d.progress.isEmpty());
        QVERIFY(std::is_sorted(d.progress.begin(), d.progress.end()));
        QCOMPARE(requestsContaining(s->requestLog(), "NN /webhdfs/v1/data/big.bin?op=OPEN"), 1);
        QCOMPARE(requestsContaining(s->requestLog(), "DN /webhdfs/v1/data/big.bin?op=OPEN"), 1);
        QCOMPARE(requestsContaining(s->requestLog(), "namenoderpcaddress="), 1);
        QCOMPARE(requestsContaining(s->requestLog(), "op=GETFILESTATUS"), 1);
        // A length known from a listing saves the GETFILESTATUS
        s->clearRequestLog();
        WebHdfsClient::DownloadOptions known;
        known.knownLength = m_big.size();
        QCOMPARE(fetch(*c, QStringLiteral("/data/big.bin"), known).bytes, m_big);
        QCOMPARE(requestsContaining(s->requestLog(), "op=GETFILESTATUS"), 0);
    }

    void aRedirectAsJsonAndHttpFsBytesWorkToo()
    {
        auto viaJson = server();
        viaJson->faults().jsonRedirect = true;
        auto c1 = client(*viaJson);
        QCOMPARE(fetch(*c1, QStringLiteral("/data/big.bin")).bytes, m_big);
        auto httpfs = server(true);
        auto c2 = client(*httpfs);
        QCOMPARE(fetch(*c2, QStringLiteral("/data/big.bin")).bytes, m_big);
        QCOMPARE(requestsContaining(httpfs->requestLog(), "DN "), 0); // HttpFS streams the bytes itself
    }

    void byteRangesAndEmptyFiles()
    {
        auto s = server();
        auto c = client(*s);
        const Downloaded range = fetch(*c, QStringLiteral("/data/big.bin"), {1000, 4096, false});
        QCOMPARE(range.bytes, m_big.mid(1000, 4096));
        const Downloaded tail
            = fetch(*c, QStringLiteral("/data/big.bin"), {qint64(m_big.size()) - 10, -1, false});
        QCOMPARE(tail.bytes, m_big.right(10));
        const Downloaded empty = fetch(*c, QStringLiteral("/data/empty.h5"));
        QVERIFY(!empty.error.isError());
        QCOMPARE(empty.bytes.size(), 0);
    }

    void oddNamesRoundTrip_data()
    {
        QTest::addColumn<bool>("httpfs");
        QTest::newRow("namenode") << false;
        QTest::newRow("httpfs") << true;
    }
    void oddNamesRoundTrip()
    {
        QFETCH(bool, httpfs);
        auto s = server(httpfs);
        auto c = client(*s);
        QVERIFY(listAll(*c, QStringLiteral("/data")).names.contains(kOddName));
        const Downloaded d = fetch(*c, QStringLiteral("/data/") + kOddName);
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_blog);
        QVERIFY(requestsContaining(s->requestLog(), "/data/a%20b%25%2B%3B=&%23%3F%C3%BC.h5?op=OPEN") >= 1);
        // ... and the downloaded buffer opens as HDF5 in place.
        H5Service service;
        const auto file = service.addImage(d.buffer, kOddName);
        const H5Response r = service.call(
            file, H5Request::readPage(QStringLiteral("/test"), {DimView::defaultFor(2), 0, 1, 0, 1}));
        QVERIFY(r.ok());
        QCOMPARE(r.page.columns[0].ints[0], qint64(12345));
    }

    void aDroppedBodyResumesOnceFromWhereItStopped()
    {
        auto s = server();
        s->faults().dropOpen = 1;
        s->faults().dropAfterBytes = 100000;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_big);
        QCOMPARE(
            requestsContaining(s->requestLog(), "offset=100000"), 2); // NameNode and DataNode, from the first missing byte
    }

    void aBodyThatKeepsBreakingFailsClearly()
    {
        auto s = server();
        s->faults().dropOpen = 5;
        s->faults().dropAfterBytes = 1000;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY(d.error.isError());
        QVERIFY2(d.error.detail.contains(QStringLiteral("received")), qPrintable(d.error.toString()));
        QVERIFY(!d.buffer);
    }

    void aWrongContentLengthDoesNotFoolTheByteCount()
    {
        auto s = server();
        s->faults().wrongLength = 1;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_big);
    }

    void serverErrorsAndRetriableAnswersAreRetried()
    {
        auto s = server();
        s->faults().serverErrors = 2;
        s->faults().retriable = 1;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/blog.h5"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_blog);
        s->faults().serverErrors = 100;
        const Downloaded failed = fetch(*c, QStringLiteral("/data/blog.h5"));
        QCOMPARE(failed.error.code, Error::Code::ServerError);
    }

    // A server (or a proxy in front of it) that answers OPEN with a status WebHDFS never gives, or
    // an error with a huge binary body: a clear error naming the status, a few KiB of printable
    // detail, and the client stops reading (the server wrote little of the 128 MiB).
    void oddAnswersToOpenStopEarlyAndSayWhatCameBack_data()
    {
        QTest::addColumn<bool>("fromDataNode");
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("bodyBytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        const qint64 huge = qint64(128) << 20;
        const int protocol = int(Error::Code::Protocol);
        const int serverError = int(Error::Code::ServerError);
        QTest::newRow("DataNode 206, large body")
            << true << 206 << huge << protocol << "HTTP 206 Partial Content";
        QTest::newRow("DataNode 204") << true << 204 << qint64(0) << protocol << "HTTP 204 No Content";
        QTest::newRow("DataNode 500, large binary body") << true << 500 << huge << serverError << "binary data";
        QTest::newRow("DataNode 404, large binary body") << true << 404 << huge << int(Error::Code::NotFound)
                                                        << "binary data";
        QTest::newRow("NameNode 206, large body") << false << 206 << huge << protocol << "HTTP 206";
        QTest::newRow("NameNode 500, large binary body") << false << 500 << huge << serverError << "binary data";
    }

    void oddAnswersToOpenStopEarlyAndSayWhatCameBack()
    {
        QFETCH(bool, fromDataNode);
        QFETCH(int, status);
        QFETCH(qint64, bodyBytes);
        QFETCH(int, code);
        QFETCH(QString, says);
        auto s = server();
        (fromDataNode ? s->faults().oddDataNodeAnswers : s->faults().oddNameNodeOpens) = 100;
        s->faults().oddStatus = status;
        s->faults().oddBodyBytes = bodyBytes;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/blog.h5"));
        const QString message = d.error.toString();
        QCOMPARE(int(d.error.code), code);
        QVERIFY2(message.contains(says), qPrintable(message));
        if (code == int(Error::Code::Protocol)) {
            const QString peer = fromDataNode ? s->dataNodeAddress(0)
                                              : QStringLiteral("127.0.0.1:%1").arg(s->nameNodePort());
            QVERIFY2(message.contains(peer), qPrintable(message));
        }
        QVERIFY2(d.error.detail.size() <= 4096, qPrintable(message));
        QVERIFY2(std::all_of(message.begin(), message.end(), [](QChar ch) { return ch.isPrint(); }),
            qPrintable(message));
        // Every attempt (NameNode 500s are retried) was cut off within the sockets' buffers.
        const int attempts = requestsContaining(s->requestLog(), "op=OPEN") - (fromDataNode ? 1 : 0);
        QVERIFY(attempts >= 1);
        QVERIFY2(s->oddBytesSent() < attempts * (qint64(16) << 20),
            qPrintable(QStringLiteral("%1 bytes in %2 attempts").arg(s->oddBytesSent()).arg(attempts)));
        QVERIFY(!d.buffer);
    }

    void highAvailabilityFailsOverAndRemembers()
    {
        auto standby = server();
        standby->faults().standby = 1000;
        auto active = server();
        WebHdfsConfig config;
        config.roots = {QUrl(QStringLiteral("http://127.0.0.1:%1/webhdfs/v1").arg(closedPort())),
            standby->rootUrl(), active->rootUrl()};
        auto c = client(*active, config);
        QCOMPARE(fetch(*c, QStringLiteral("/data/blog.h5")).bytes, m_blog);
        QCOMPARE(c->activeRoot(), 2);
        const int standbyRequests = int(standby->requestLog().size());
        QVERIFY(standbyRequests >= 1);
        QVERIFY(!listAll(*c, QStringLiteral("/data")).error.isError());
        QCOMPARE(int(standby->requestLog().size()), standbyRequests); // the last good NameNode is asked first
    }

    void anUnreachableDataNodeIsExcludedAndAnotherReplicaUsed()
    {
        auto s = server();
        s->faults().dataNodesDown = 1;
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_big);
        QCOMPARE(requestsContaining(s->requestLog(),
                     QByteArray("excludedatanodes=" + s->dataNodeAddress(0).toUtf8().replace(":", "%3A"))
                         .constData()),
            1);
    }

    void aRedirectFromAFailedOverNameNodeIsRenewed()
    {
        auto s = server();
        s->faults().dataNodeStandby = 1; // a real DataNode says StandbyException for an old HA redirect
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"));
        QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
        QCOMPARE(d.bytes, m_big);
        QCOMPARE(requestsContaining(s->requestLog(), "NN /webhdfs/v1/data/big.bin?op=OPEN"), 2);
        s->faults().dataNodeStandby = 2; // renewed once only: a second standby answer is the error
        const Downloaded again = fetch(*c, QStringLiteral("/data/big.bin"));
        QCOMPARE(again.error.code, Error::Code::Standby);
    }

    void aSymbolicLinkIsNamedNotFollowed()
    {
        // A real NameNode answers 403 UnresolvedPathException, with the target as its message.
        QVERIFY(QFile::link(QStringLiteral("big.bin"), m_dir.filePath(QStringLiteral("data/big-link.bin"))));
        auto s = server();
        auto c = client(*s);
        const Downloaded d = fetch(*c, QStringLiteral("/data/big-link.bin"));
        QFile::remove(m_dir.filePath(QStringLiteral("data/big-link.bin")));
        QCOMPARE(d.error.code, Error::Code::Unsupported);
        QVERIFY2(d.error.message.contains(QStringLiteral("symbolic link"))
                && d.error.message.contains(QStringLiteral("/data/big.bin")),
            qPrintable(d.error.message));
    }

    void anOffsetPastTheEndIsAnError()
    {
        auto s = server();
        auto c = client(*s);
        WebHdfsClient::DownloadOptions options;
        options.offset = m_big.size();
        options.length = 10;
        const Downloaded d = fetch(*c, QStringLiteral("/data/big.bin"), options);
        QCOMPARE(d.error.code, Error::Code::OutOfRange);
        QVERIFY2(d.error.message.contains(QStringLiteral("/data/big.bin")), qPrintable(d.error.message));
        options.offset = m_big.size() - 3; // the last bytes are fine, and a length past the end is cut
        const Downloaded tail = fetch(*c, QStringLiteral("/data/big.bin"), options);
        QVERIFY2(!tail.error.isError(), qPrintable(tail.error.toString()));
        QCOMPARE(tail.bytes, m_big.right(3));
    }

    void theDataNodeMapReachesAdvertisedHostsAndTheErrorNamesThem()
    {
        auto s = server();
        const QString advertised = QStringLiteral("127.0.0.1:%1").arg(closedPort());
        s->faults().advertisedDataNode = advertised;
        // Without a map the advertised DataNode is excluded and a reachable one used.
        auto plain = client(*s);
        QCOMPARE(fetch(*plain, QStringLiteral("/data/blog.h5")).bytes, m_blog);
        // With a map, the advertised address is rewritten before connecting.
        s->clearRequestLog();
        WebHdfsConfig mapped;
        mapped.dataNodeMap.insert(advertised, s->dataNodeAddress(1));
        auto c = client(*s, mapped);
        QCOMPARE(fetch(*c, QStringLiteral("/data/blog.h5")).bytes, m_blog);
        QCOMPARE(requestsContaining(s->requestLog(), "excludedatanodes"), 0);
        // When nothing reachable is left, the error names the DataNode and the setting that fixes it.
        WebHdfsConfig broken;
        broken.dataNodeMap.insert(s->dataNodeAddress(0), QStringLiteral("127.0.0.1:%1").arg(closedPort()));
        broken.dataNodeMap.insert(s->dataNodeAddress(1), QStringLiteral("127.0.0.1:%1").arg(closedPort()));
        broken.dataNodeMap.insert(advertised, QStringLiteral("127.0.0.1:%1").arg(closedPort()));
        auto b = client(*s, broken);
        const Downloaded d = fetch(*b, QStringLiteral("/data/blog.h5"));
        QCOMPARE(d.error.code, Error::Code::Network);
        QVERIFY2(d.error.message.contains(advertised), qPrintable(d.error.toString()));
        QVERIFY2(d.error.detail.contains(QStringLiteral("DataNode host map")), qPrintable(d.error.detail));
    }

    void basicAuthGoesOnlyToConfiguredHosts()
    {
        LocalWebHdfsServer::Options options;
        options.rootDir = m_dir.path();
        options.basicUser = QStringLiteral("alice");
        options.basicPassword = QStringLiteral("s3cret");
        LocalWebHdfsServer s(options);
        QVERIFY(s.start());
        WebHdfsConfig wrong;
        wrong.auth = WebHdfsConfig::Auth::Basic;
        wrong.user = QStringLiteral("alice");
        wrong.password = QStringLiteral("nope");
        auto bad = client(s, wrong);
        const Downloaded refused = fetch(*bad, QStringLiteral("/data/blog.h5"));
        QCOMPARE(refused.error.code, Error::Code::AuthenticationFailed);
        QCOMPARE(s.requestLog().size(), 1); // a 401 is never retried
        s.clearRequestLog();
        WebHdfsConfig right = wrong;
        right.password = QStringLiteral("s3cret");
        auto good = client(s, right);
        QCOMPARE(fetch(*good, QStringLiteral("/data/blog.h5")).bytes, m_blog);
        for (const QByteArray& line : s.requestLog())
            QCOMPARE(line.endsWith(" [auth]"), line.startsWith("NN ")); // the DataNode is another host
    }

    void delegationTokensReplaceTheUserName()
    {
        auto s = server();
        WebHdfsConfig config;
        config.auth = WebHdfsConfig::Auth::DelegationToken;
        config.token = QStringLiteral("KAAKYWxp+ZQ");
        auto c = client(*s, config);
        QCOMPARE(fetch(*c, QStringLiteral("/data/blog.h5")).bytes, m_blog);
        QVERIFY(s->requestLog().first().contains("delegation=KAAKYWxp%2BZQ"));
        QVERIFY(!s->requestLog().first().contains("user.name="));
    }

    void theMemoryBudgetRefusesUnlessAllowed()
    {
        auto s = server();
        WebHdfsConfig config;
        config.memoryBudget = 1 << 20;
        auto c = client(*s, config);
        const Downloaded refused = fetch(*c, QStringLiteral("/data/big.bin"));
        QCOMPARE(refused.error.code, Error::Code::TooLarge);
        QVERIFY(refused.error.message.contains(QStringLiteral("memory budget")));
        QCOMPARE(requestsContaining(s->requestLog(), "op=OPEN"), 0);
        QCOMPARE(fetch(*c, QStringLiteral("/data/big.bin"), {0, -1, true}).bytes, m_big);
    }

    void aSilentServerTimesOutAndASlowOneFinishes()
    {
        auto s = server();
        s->faults().delayMs = 3000;
        WebHdfsConfig config;
        config.transferTimeoutMs = 300;
        config.retries = 0;
        auto c = client(*s, config);
        QElapsedTimer timer;
        timer.start();
        const Downloaded silent = fetch(*c, QStringLiteral("/data/blog.h5"));
        QCOMPARE(silent.error.code, Error::Code::Network);
        QVERIFY(timer.elapsed() < 2500);
        // A slow drip keeps the transfer alive past the idle timeout.
        s->faults().delayMs = 0;
        s->faults().dripBytes = 200;
        s->faults().dripIntervalMs = 20;
        const Downloaded slow = fetch(*c, QStringLiteral("/data/blog.h5"));
        QVERIFY2(!slow.error.isError(), qPrintable(slow.error.toString()));
        QCOMPARE(slow.bytes, m_blog);
    }

    void cancelStopsADownload()
    {
        auto s = server();
        s->faults().dripBytes = 1000;
        s->faults().dripIntervalMs = 20;
        auto c = client(*s);
        int progress = 0;
        bool finished = false;
        DownloadHandle download = c->download(
            QStringLiteral("/data/big.bin"), {}, this,
            [&finished](Result<DownloadedBytes>) { finished = true; },
            [&progress](qint64, qint64) { ++progress; });
        QVERIFY(QTest::qWaitFor([&progress] { return progress > 0; }, 5000));
        QVERIFY(download.isRunning());
        download.cancel();
        QVERIFY(!download.isRunning());
        const int seen = progress;
        QTest::qWait(300); // what a cancel leaves behind would arrive meanwhile
        QVERIFY(!finished); // a cancel answers nothing: the asker who cancelled knows
        QCOMPARE(progress, seen);
    }

    void tlsFailuresAreReportedNeverIgnored()
    {
        // A TLS client speaking to a plain-HTTP port: the handshake fails and says so.
        auto s = server();
        WebHdfsConfig config;
        config.roots = {QUrl(QStringLiteral("https://127.0.0.1:%1/webhdfs/v1").arg(s->nameNodePort()))};
        config.retries = 0;
        config.transferTimeoutMs = 3000;
        auto c = client(*s, config);
        std::optional<Result<HdfsFileStatus>> status;
        c->fileStatus(QStringLiteral("/data/blog.h5"), this, [&](Result<HdfsFileStatus> r) { status = r; });
        const auto r = await(status);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().code == Error::Code::Tls, qPrintable(r.error().toString()));
        QVERIFY(r.error().message.contains(QStringLiteral("127.0.0.1")));
    }

    void theDefaultUserIsHadoopUserNameThenTheLogin()
    {
        qputenv("HADOOP_USER_NAME", "etl-bot");
        QCOMPARE(WebHdfsConfig::defaultUser(), QStringLiteral("etl-bot"));
        qunsetenv("HADOOP_USER_NAME");
        QVERIFY(!WebHdfsConfig::defaultUser().isEmpty());
        QVERIFY(WebHdfsConfig::defaultUser() != QStringLiteral("etl-bot"));
    }

    void directoriesAreNotDownloaded()
    {
        auto s = server();
        auto c = client(*s);
        QCOMPARE(fetch(*c, QStringLiteral("/data")).error.code, Error::Code::Unsupported);
        QCOMPARE(fetch(*c, QStringLiteral("/data/missing.h5")).error.code, Error::Code::NotFound);
    }
};

QTEST_GUILESS_MAIN(tst_WebHdfsClient)
#include "tst_webhdfsclient.moc"

// SPDX-License-Identifier: MIT
// Kerberos (SPNEGO) against a real MIT KDC: the client's own Negotiate exchange, the hadoop.auth
// cookie, and that no host the user did not configure ever gets a token (Qt's included).
#include "clientwaits.h"
#include "kdcfixture.h"
#include "testpaths.h"

#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestSpnego : public QObject {
    Q_OBJECT

    KdcFixture m_kdc;
    QTemporaryDir m_root;

    std::unique_ptr<LocalWebHdfsServer> server(bool spnego = true)
    {
        LocalWebHdfsServer::Options options;
        options.rootDir = m_root.path();
        options.spnego = spnego;
        options.spnegoKeytab = m_kdc.httpKeytab();
        return ClientWaits::startServer(options);
    }

    // "localhost": the name the service principal HTTP/localhost is for.
    static QUrl root(const LocalWebHdfsServer& s)
    {
        return QUrl(QStringLiteral("http://localhost:%1/webhdfs/v1").arg(s.nameNodePort()));
    }

    static WebHdfsConfig config(const LocalWebHdfsServer& s, WebHdfsConfig::Auth auth)
    {
        WebHdfsConfig c;
        c.roots = {root(s)};
        c.auth = auth;
        c.retries = 0;
        return c;
    }

    static Error listing(WebHdfsClient& client, int* entries = nullptr)
    {
        std::optional<Error> done;
        int count = 0;
        QObject listing; // its end stops a listing that has not answered
        client.list(
            QStringLiteral("/"), &listing,
            [&count](const QList<HdfsFileStatus>& page) { count += int(page.size()); },
            [&done](const Error& e) { done = e; });
        if (!QTest::qWaitFor([&] { return done.has_value(); }, 20000))
            return Error(Error::Code::Internal, QStringLiteral("timed out"));
        if (entries)
            *entries = count;
        return *done;
    }

    static QList<QByteArray> nameNodeLog(const LocalWebHdfsServer& s)
    {
        QList<QByteArray> log;
        for (const QByteArray& line : s.requestLog())
            if (line.startsWith("NN "))
                log.append(line);
        return log;
    }

    static CliRun h5hdfs(const QStringList& args)
    {
        // Asynchronously: the servers answer from this process's event loop meanwhile.
        QProcess p;
        p.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"), args);
        CliRun r;
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("timed out");
            return r;
        }
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_kdc.start(), qPrintable(m_kdc.error())); // no KDC is a failure, not a skip
        QVERIFY(m_root.isValid());
        QFile file(m_root.filePath(QStringLiteral("data.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(5000, 'x'));
        file.close();
        QDir(m_root.path()).mkdir(QStringLiteral("sub"));
    }

    void init() { QVERIFY2(m_kdc.kinit(), qPrintable(m_kdc.error())); }

    void listingWithTicketThenCookie()
    {
        auto s = server();
        QNetworkAccessManager network;
        WebHdfsClient client(config(*s, WebHdfsConfig::Auth::Kerberos), &network);
        int entries = 0;
        const Error first = listing(client, &entries);
        QVERIFY2(!first.isError(), qPrintable(first.toString()));
        QCOMPARE(entries, 2);
        // The challenge, then our token.
        QList<QByteArray> log = nameNodeLog(*s);
        QCOMPARE(log.size(), 2);
        QVERIFY(!log[0].endsWith(" [auth]"));
        QVERIFY(log[1].endsWith(" [auth]"));
        QVERIFY(s->requestHeaders()[1].value("authorization").startsWith("Negotiate "));

        // The next request carries the hadoop.auth cookie: no second Negotiate round trip.
        const Error second = listing(client);
        QVERIFY2(!second.isError(), qPrintable(second.toString()));
        log = nameNodeLog(*s);
        QCOMPARE(log.size(), 3);
        QVERIFY(!log[2].endsWith(" [auth]"));
        QVERIFY(s->requestHeaders()[2].value("cookie").startsWith("hadoop.auth=\""));
    }

    void noTicket()
    {
        QVERIFY(m_kdc.kdestroy());
        auto s = server();
        QNetworkAccessManager network;
        WebHdfsClient client(config(*s, WebHdfsConfig::Auth::Kerberos), &network);
        const Error e = listing(client);
        QCOMPARE(e.code, Error::Code::AuthenticationFailed);
        QVERIFY2(
            e.message.contains(QStringLiteral("No Kerberos ticket (run kinit)")), qPrintable(e.toString()));
        QVERIFY2(!e.toString().contains(QStringLiteral("<html")), qPrintable(e.toString()));
        QCOMPARE(nameNodeLog(*s).size(), 1);
    }

    void expiredTicket()
    {
        QVERIFY2(m_kdc.kinitAs(QStringLiteral("alice"), QStringLiteral("alice.keytab"),
                     {QStringLiteral("-l"), QStringLiteral("2s")}),
            qPrintable(m_kdc.error()));
        QTest::qWait(3000);
        auto s = server();
        QNetworkAccessManager network;
        WebHdfsClient client(config(*s, WebHdfsConfig::Auth::Kerberos), &network);
        const Error e = listing(client);
        QCOMPARE(e.code, Error::Code::AuthenticationFailed);
        QVERIFY2(e.message.contains(QStringLiteral("The Kerberos ticket has expired (run kinit)")),
            qPrintable(e.toString()));
    }

    // 127.0.0.1 is the same server, but the realm has no HTTP/127.0.0.1.
    void noServicePrincipal()
    {
        auto s = server();
        WebHdfsConfig c = config(*s, WebHdfsConfig::Auth::Kerberos);
        c.roots = {s->rootUrl()};
        QNetworkAccessManager network;
        WebHdfsClient client(c, &network);
        const Error e = listing(client);
        QCOMPARE(e.code, Error::Code::AuthenticationFailed);
        QVERIFY2(e.message.contains(QStringLiteral("No Kerberos service principal HTTP/127.0.0.1")),
            qPrintable(e.toString()));
    }

    void refusedTicket()
    {
        auto s = server();
        s->faults().refuseSpnego = true;
        QNetworkAccessManager network;
        WebHdfsClient client(config(*s, WebHdfsConfig::Auth::Kerberos), &network);
        const Error e = listing(client);
        QCOMPARE(e.code, Error::Code::AuthenticationFailed);
        QVERIFY2(e.message.contains(QStringLiteral("refused the Kerberos ticket for HTTP/localhost")),
            qPrintable(e.toString()));
        QVERIFY2(!e.toString().contains(QStringLiteral("<html")), qPrintable(e.toString()));
        QCOMPARE(nameNodeLog(*s).size(), 2); // no third try
    }

    // The NameNode redirects to a "DataNode" that is another SPNEGO server: it is not a configured
    // host, so neither we nor Qt may answer its challenge (the KDC would issue tickets for it).
    void dataNodeGetsNoNegotiate()
    {
        auto nameNode = server();
        auto other = server();
        nameNode->faults().advertisedDataNode = QStringLiteral("127.0.0.1:%1").arg(other->nameNodePort());
        QNetworkAccessManager network;
        WebHdfsClient client(config(*nameNode, WebHdfsConfig::Auth::Kerberos), &network);
        std::optional<Error> done;
        client.download(QStringLiteral("/data.bin"), {}, this,
            [&done](Result<DownloadedBytes> got) { done = got ? Error() : got.error(); });
        QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 20000));
        QCOMPARE(done->code, Error::Code::AuthenticationFailed);
        QVERIFY2(!done->toString().contains(QStringLiteral("<html")), qPrintable(done->toString()));
        const QList<QByteArray> log = other->requestLog();
        QCOMPARE(log.size(), 1);
        QVERIFY2(!log[0].endsWith(" [auth]"), log[0].constData());
        QVERIFY(log[0].contains("delegation="));
        QVERIFY(!other->requestHeaders()[0].contains("cookie"));
    }

    // Qt 6.4 answers a Negotiate challenge by itself (QHttpNetworkConnectionPrivate::
    // handleAuthenticateChallenge resends while the phase is not Done; nobody has to fill in the
    // QAuthenticator) whenever gss_acquire_cred(HTTPS@host) works: a ticket cache of HTTPS/host.
    // The control shows that; with AuthenticationReuseAttribute Manual it stops at the 401.
    void qtNegotiatesByItselfUnlessManual()
    {
        QVERIFY(m_kdc.kdestroy());
        QVERIFY2(m_kdc.kinitAs(QStringLiteral("HTTPS/localhost"), QStringLiteral("https.keytab")),
            qPrintable(m_kdc.error()));
        auto s = server();
        const QUrl url(root(*s).toString() + QStringLiteral("/?op=LISTSTATUS"));
        QNetworkAccessManager network;
        // Automatic: Qt sends a token of its own, and, refused, sends one again and again (it
        // never finishes by itself), so the control stops it after the second request.
        QNetworkReply* automatic = network.get(QNetworkRequest(url));
        QVERIFY(QTest::qWaitFor([&] { return nameNodeLog(*s).size() >= 2; }, 20000));
        automatic->abort();
        automatic->deleteLater();
        QList<QByteArray> log = nameNodeLog(*s);
        QVERIFY2(!log[0].endsWith(" [auth]") && log[1].endsWith(" [auth]"), log.join('\n').constData());
        QVERIFY(s->requestHeaders()[1].value("authorization").startsWith("Negotiate "));

        s->clearRequestLog();
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
        QNetworkReply* manual = network.get(request);
        QVERIFY(QTest::qWaitFor([manual] { return manual->isFinished(); }, 20000));
        QCOMPARE(manual->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        manual->deleteLater();
        log = nameNodeLog(*s);
        QCOMPARE(log.size(), 1);
        QVERIFY(!log[0].endsWith(" [auth]"));

        // And the client, with the same ticket cache: Simple auth, and a host it was not given.
        QNetworkAccessManager clientNetwork;
        s->clearRequestLog();
        WebHdfsClient simple(config(*s, WebHdfsConfig::Auth::Simple), &clientNetwork);
        QCOMPARE(listing(simple).code, Error::Code::AuthenticationFailed);
        QCOMPARE(nameNodeLog(*s).size(), 1);
        QVERIFY(!nameNodeLog(*s)[0].endsWith(" [auth]"));
    }

    void simpleAuthNeverNegotiates()
    {
        auto s = server();
        QNetworkAccessManager network;
        WebHdfsClient client(config(*s, WebHdfsConfig::Auth::Simple), &network);
        const Error e = listing(client);
        QCOMPARE(e.code, Error::Code::AuthenticationFailed);
        const QList<QByteArray> log = nameNodeLog(*s);
        QCOMPARE(log.size(), 1);
        QVERIFY(!log[0].endsWith(" [auth]"));
    }

    void cliListAndToken()
    {
        auto s = server();
        const QString url = root(*s).toString() + QLatin1Char('/');
        CliRun ls = h5hdfs({QStringLiteral("ls"), url, QStringLiteral("--kerberos")});
        QVERIFY2(ls.exitCode == 0, qPrintable(ls.err));
        QVERIFY(ls.out.contains(QStringLiteral("data.bin")));
        CliRun token = h5hdfs({QStringLiteral("token"), url, QStringLiteral("--kerberos"),
            QStringLiteral("--renewer"), QStringLiteral("bob")});
        QVERIFY2(token.exitCode == 0, qPrintable(token.err));
        const auto options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
        const QByteArray expected = QByteArray("h5hdfs-test-token:bob").toBase64(options);
        QCOMPARE(token.out.trimmed(), QString::fromLatin1(expected));
        // Without Kerberos the secure server refuses; an insecure one issues no token.
        CliRun refused = h5hdfs({QStringLiteral("ls"), url});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(!refused.err.contains(QStringLiteral("<html")), qPrintable(refused.err));
        auto insecure = server(false);
        CliRun none = h5hdfs({QStringLiteral("token"), root(*insecure).toString() + QLatin1Char('/')});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(QStringLiteral("issued no token")), qPrintable(none.err));
    }

    void cliWithoutTicket()
    {
        QVERIFY(m_kdc.kdestroy());
        auto s = server();
        const QString url = root(*s).toString() + QLatin1Char('/');
        CliRun ls = h5hdfs({QStringLiteral("ls"), url, QStringLiteral("--kerberos")});
        QCOMPARE(ls.exitCode, 1);
        QVERIFY2(ls.err.contains(QStringLiteral("No Kerberos ticket (run kinit)")), qPrintable(ls.err));
    }
};

QTEST_MAIN(TestSpnego)
#include "tst_spnego.moc"

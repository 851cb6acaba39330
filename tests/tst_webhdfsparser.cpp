// SPDX-License-Identifier: MIT
#include "testpaths.h"
#include "webhdfs/webhdfsparser.h"

#include <QFile>
#include <QTest>

using namespace H5Hdfs;

namespace {

QByteArray sample(const char* name)
{
    QFile f(TestPaths::sourceDir() + QStringLiteral("/tests/data/webhdfs/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray remote(const char* exception, const char* message)
{
    return QByteArray("{\"RemoteException\":{\"exception\":\"") + exception
        + "\",\"javaClassName\":\"org.apache." + exception + "\",\"message\":\"" + message + "\"}}";
}

} // namespace

class tst_WebHdfsParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hadoop3ListingHasEveryField()
    {
        auto entries = WebHdfsParser::fileStatuses(sample("hadoop3-liststatus.json"));
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 3);
        const HdfsFileStatus& big = (*entries)[0];
        QCOMPARE(big.name, QStringLiteral("big.bin"));
        QCOMPARE(big.length, qint64(300000000000)); // past 32 bits
        QCOMPARE(big.permission, quint16(0640));
        QCOMPARE(big.modificationTime, qint64(1716200012345));
        QCOMPARE(big.blockSize, qint64(134217728));
        QCOMPARE(big.replication, 3);
        QCOMPARE(big.fileId, qint64(16402));
        const HdfsFileStatus& dir = (*entries)[1];
        QVERIFY(dir.isDirectory());
        QCOMPARE(dir.permission, quint16(01777));
        QCOMPARE(dir.permissionText(), QStringLiteral("rwxrwxrwt"));
        QCOMPARE(dir.childrenNum, 12);
        QVERIFY(dir.snapshotEnabled);
        const HdfsFileStatus& secure = (*entries)[2];
        QVERIFY(secure.aclBit && secure.encBit && secure.ecBit);
        QCOMPARE(secure.ecPolicy, QStringLiteral("RS-6-3-1024k"));
        QCOMPARE(secure.storagePolicy, 7);
    }

    void hadoop2AndHttpFsListingsParse()
    {
        auto h2 = WebHdfsParser::fileStatuses(sample("hadoop2-liststatus.json"));
        QVERIFY(h2.ok());
        QCOMPARE(h2->size(), 2);
        auto httpfs = WebHdfsParser::fileStatuses(sample("httpfs-liststatus.json"));
        QVERIFY(httpfs.ok());
        // HttpFS leaves out the NameNode-only fields.
        QCOMPARE((*httpfs)[0].fileId, qint64(-1));
        QCOMPARE((*httpfs)[0].childrenNum, -1);
        QCOMPARE((*httpfs)[1].type, HdfsFileStatus::Type::Symlink);
        QCOMPARE((*httpfs)[1].symlink, QStringLiteral("/data/a.h5"));
    }

    void batchListingsCarryWhatRemains()
    {
        auto page = WebHdfsParser::directoryListing(sample("hadoop3-liststatus-batch.json"));
        QVERIFY(page.ok());
        QCOMPARE(page->entries.size(), 1);
        QCOMPARE(page->entries[0].name, QStringLiteral("part-00000.h5"));
        QCOMPARE(page->remaining, qint64(2417));
    }

    void permissionsAreModeBitsOnly()
    {
        // Found by tests/fuzz/fuzz_webhdfsparser: "permission":"17737" came through as 0177737, shown
        // by the browser and `h5hdfs ls` as is. Hadoop 2's extension bits are flags, not mode bits.
        const auto withPermission = [](const char* permission) {
            return WebHdfsParser::fileStatus(QByteArray("{\"FileStatus\":{\"pathSuffix\":\"\",\"type\":\"FILE\","
                                                        "\"length\":1,\"owner\":\"a\",\"group\":\"g\",\"permission\":\"")
                + permission
                + "\",\"accessTime\":0,\"modificationTime\":0,\"blockSize\":1,\"replication\":1}}");
        };
        const auto plain = withPermission("1755");
        QVERIFY(plain.ok());
        QCOMPARE(plain->permission, quint16(01755));
        QVERIFY(!plain->aclBit && !plain->encBit && !plain->ecBit);
        const auto acl = withPermission("10755"); // Hadoop 2.4 to 2.7: the ACL bit in the permission
        QVERIFY(acl.ok());
        QCOMPARE(acl->permission, quint16(0755));
        QVERIFY(acl->aclBit && !acl->encBit && !acl->ecBit);
        const auto all = withPermission("177737");
        QVERIFY(all.ok());
        QCOMPARE(all->permission, quint16(07737));
        QVERIFY(all->aclBit && all->encBit && all->ecBit);
        QVERIFY(!withPermission("200000").ok()); // past 16 bits
        QVERIFY(!withPermission("rwxr-xr-x").ok());
    }

    void statusSummaryHomeAndLocation()
    {
        auto status = WebHdfsParser::fileStatus(sample("hadoop3-getfilestatus.json"));
        QVERIFY(status.ok());
        QCOMPARE(status->length, qint64(4294967296));
        QCOMPARE(status->name, QString());
        auto summary = WebHdfsParser::contentSummary(sample("contentsummary.json"));
        QVERIFY(summary.ok());
        QCOMPARE(summary->fileCount, qint64(2431));
        QCOMPARE(summary->quota, qint64(-1));
        QCOMPARE(*WebHdfsParser::homeDirectory("{\"Path\":\"/user/alice\"}"), QStringLiteral("/user/alice"));
        QCOMPARE(*WebHdfsParser::redirectLocation("{\"Location\":\"http://dn7:9864/webhdfs/v1/x?op=OPEN\"}"),
            QStringLiteral("http://dn7:9864/webhdfs/v1/x?op=OPEN"));
    }

    void delegationToken()
    {
        QCOMPARE(*WebHdfsParser::delegationToken("{\"Token\":{\"urlString\":\"JQAIaGRmcy10b2tlbg\"}}"),
            QStringLiteral("JQAIaGRmcy10b2tlbg"));
        const auto none = WebHdfsParser::delegationToken("{\"Token\":null}");
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, Error::Code::Unsupported);
        QVERIFY(none.error().message.contains(QStringLiteral("issued no token")));
        for (const QByteArray& bad : {QByteArray("{\"Token\":{\"urlString\":"), QByteArray("{}"),
                 QByteArray("<html>401</html>"), QByteArray("{\"Token\":{}}")}) {
            const auto r = WebHdfsParser::delegationToken(bad);
            QVERIFY2(!r.ok() && r.error().code == Error::Code::Protocol, bad.constData());
        }
    }

    void malformedRepliesAreProtocolErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("truncated mid-listing") << sample("hadoop3-liststatus.json").left(300);
        QTest::newRow("not JSON") << QByteArray("<html>oops</html>");
        QTest::newRow("missing owner")
            << QByteArray("{\"FileStatuses\":{\"FileStatus\":[{\"pathSuffix\":\"a\",\"type\":\"FILE\","
                          "\"length\":1,\"group\":\"g\",\"permission\":\"644\",\"accessTime\":0,"
                          "\"modificationTime\":0,\"blockSize\":0,\"replication\":1}]}}");
        QTest::newRow("unknown type")
            << QByteArray("{\"FileStatuses\":{\"FileStatus\":[{\"pathSuffix\":\"a\",\"type\":\"PIPE\","
                          "\"length\":1,\"owner\":\"o\",\"group\":\"g\",\"permission\":\"644\","
                          "\"accessTime\":0,\"modificationTime\":0,\"blockSize\":0,\"replication\":1}]}}");
        QTest::newRow("bad permission")
            << QByteArray("{\"FileStatuses\":{\"FileStatus\":[{\"pathSuffix\":\"a\",\"type\":\"FILE\","
                          "\"length\":1,\"owner\":\"o\",\"group\":\"g\",\"permission\":\"rwx\","
                          "\"accessTime\":0,\"modificationTime\":0,\"blockSize\":0,\"replication\":1}]}}");
        QTest::newRow("wrong object") << QByteArray("{\"Boolean\":true}");
    }
    void malformedRepliesAreProtocolErrors()
    {
        QFETCH(QByteArray, json);
        auto entries = WebHdfsParser::fileStatuses(json);
        QVERIFY(!entries.ok());
        QCOMPARE(entries.error().code, Error::Code::Protocol);
        QVERIFY(!entries.error().detail.isEmpty());
    }

    void remoteExceptionsMapByName_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("not found") << 404 << QByteArray("application/json")
                                   << remote("FileNotFoundException", "File does not exist: /x")
                                   << int(Error::Code::NotFound) << "Not found: listing /x";
        QTest::newRow("permission (NN 403)")
            << 403 << QByteArray("application/json")
            << remote("AccessControlException", "Permission denied: user=bob")
            << int(Error::Code::PermissionDenied) << "Permission denied";
        QTest::newRow("permission (HttpFS 500)")
            << 500 << QByteArray("application/json") << remote("AccessControlException", "Permission denied")
            << int(Error::Code::PermissionDenied) << "Permission denied";
        QTest::newRow("standby") << 403 << QByteArray("application/json")
                                 << remote("StandbyException",
                                        "Operation category READ is not supported in state standby")
                                 << int(Error::Code::Standby) << "standby";
        QTest::newRow("retriable") << 403 << QByteArray("application/json")
                                   << remote("RetriableException", "Namenode is in startup mode")
                                   << int(Error::Code::Retriable) << "try again";
        QTest::newRow("safe mode") << 403 << QByteArray("application/json")
                                   << remote("SafeModeException", "Name node is in safe mode")
                                   << int(Error::Code::Retriable) << "safe mode";
        QTest::newRow("security") << 403 << QByteArray("application/json")
                                  << remote("SecurityException",
                                         "Failed to obtain user group information: InvalidToken")
                                  << int(Error::Code::AuthenticationFailed) << "Not authorized";
        QTest::newRow("invalid token")
            << 401 << QByteArray("application/json") << remote("InvalidToken", "token expired")
            << int(Error::Code::AuthenticationFailed) << "Not authorized";
        QTest::newRow("symlink (a real NameNode)")
            << 403 << QByteArray("application/json") << remote("UnresolvedPathException", "/data/target.h5")
            << int(Error::Code::Unsupported) << "symbolic link is in the way: listing /x (WebHDFS does not "
                                                "follow links; open the target /data/target.h5)";
        QTest::newRow("illegal argument")
            << 400 << QByteArray("application/json")
            << remote("IllegalArgumentException", "Invalid value for webhdfs parameter \\\"op\\\"")
            << int(Error::Code::InvalidArgument) << "rejected";
        QTest::newRow("unsupported") << 400 << QByteArray("application/json")
                                     << remote("UnsupportedOperationException",
                                            "doesn't support LISTSTATUS_BATCH")
                                     << int(Error::Code::Unsupported) << "does not support";
        QTest::newRow("other exception") << 403 << QByteArray("application/json")
                                         << remote("IOException", "Offset=9 out of the range [0, 5)")
                                         << int(Error::Code::ServerError) << "failed";
        QTest::newRow("HTML 500") << 500 << QByteArray("text/html")
                                  << QByteArray("<html><h1>500 Server Error</h1></html>")
                                  << int(Error::Code::ServerError) << "HTTP 500";
        QTest::newRow("HTML 401") << 401 << QByteArray("text/html") << QByteArray("<html>401</html>")
                                  << int(Error::Code::AuthenticationFailed) << "Not authorized";
        QTest::newRow("empty 404") << 404 << QByteArray() << QByteArray() << int(Error::Code::NotFound)
                                   << "Not found";
        QTest::newRow("JSON without exception") << 502 << QByteArray("application/json") << QByteArray("{}")
                                                << int(Error::Code::ServerError) << "HTTP 502";
    }
    void remoteExceptionsMapByName()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(QString, text);
        const Error e = WebHdfsParser::replyError(status, contentType, body, QStringLiteral("listing /x"));
        QCOMPARE(int(e.code), code);
        QVERIFY2(e.message.contains(text, Qt::CaseInsensitive), qPrintable(e.message));
        QVERIFY(!e.detail.isEmpty());
    }

    // Error bodies end up in messages: text stays, control bytes and broken UTF-8 do not.
    void errorBodiesBecomePrintableText_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("text");
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary += char(i);
        QTest::newRow("text") << QByteArray("<h1>Bad\n\tGateway</h1>") << "<h1>Bad Gateway</h1>";
        QTest::newRow("UTF-8") << QByteArray("Zugriff verweigert: ü") << "Zugriff verweigert: ü";
        QTest::newRow("a few control bytes")
            << QByteArray("proxy\x1b[31m error \x07 here and there")
            << "proxy[31m error here and there [2 non-text characters left out]";
        QTest::newRow("binary") << binary << "[256 bytes of binary data, not shown]";
        QTest::newRow("empty") << QByteArray() << "";
    }
    void errorBodiesBecomePrintableText()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, text);
        QCOMPARE(WebHdfsParser::printable(body), text);
    }
};

QTEST_GUILESS_MAIN(tst_WebHdfsParser)
#include "tst_webhdfsparser.moc"

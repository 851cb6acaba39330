// SPDX-License-Identifier: MIT
#include "webhdfs/hdfsfilestatus.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QTest>

using namespace H5Hdfs;

class tst_WebHdfsEndpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void urlsOfEveryFormParse_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("roots");
        QTest::addColumn<QString>("path");
        QTest::newRow("webhdfs") << "webhdfs://nn1:9870/data/x.h5"
                                 << QStringList {"http://nn1:9870/webhdfs/v1"} << "/data/x.h5";
        QTest::newRow("swebhdfs") << "swebhdfs://nn1:9871/data" << QStringList {"https://nn1:9871/webhdfs/v1"}
                                  << "/data";
        QTest::newRow("http REST URL") << "http://nn1:50070/webhdfs/v1/user/alice"
                                       << QStringList {"http://nn1:50070/webhdfs/v1"} << "/user/alice";
        QTest::newRow("http plain path")
            << "http://httpfs:14000/tmp" << QStringList {"http://httpfs:14000/webhdfs/v1"} << "/tmp";
        QTest::newRow("knox") << "https://knox:8443/gateway/default/webhdfs/v1/data/x.h5"
                              << QStringList {"https://knox:8443/gateway/default/webhdfs/v1"} << "/data/x.h5";
        QTest::newRow("HA pair") << "webhdfs://nn1:9870,nn2:9870/data"
                                 << QStringList {"http://nn1:9870/webhdfs/v1", "http://nn2:9870/webhdfs/v1"}
                                 << "/data";
        QTest::newRow("root") << "webhdfs://nn1:9870" << QStringList {"http://nn1:9870/webhdfs/v1"} << "/";
        QTest::newRow("encoded name") << "webhdfs://nn:1/d/a%20b%25%2B%3B=&%23%3F%C3%BC.h5"
                                      << QStringList {"http://nn:1/webhdfs/v1"} << "/d/a b%+;=&#?ü.h5";
        QTest::newRow("raw name as typed") << "webhdfs://nn:1/d/a b%+;=&#?ü.h5"
                                           << QStringList {"http://nn:1/webhdfs/v1"} << "/d/a b%+;=&#?ü.h5";
    }
    void urlsOfEveryFormParse()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, roots);
        QFETCH(QString, path);
        auto location = WebHdfsLocation::parse(url);
        QVERIFY2(location.ok(), qPrintable(location.ok() ? QString() : location.error().toString()));
        QStringList actual;
        for (const QUrl& root : location->roots)
            actual << root.toString();
        QCOMPARE(actual, roots);
        QCOMPARE(location->path, path);
        QVERIFY(WebHdfsLocation::isUrl(url));
    }

    void otherThingsAreNotWebHdfsUrls()
    {
        QVERIFY(!WebHdfsLocation::parse(QStringLiteral("ftp://host/x")).ok());
        QVERIFY(!WebHdfsLocation::parse(QStringLiteral("/local/file.h5")).ok());
        QVERIFY(!WebHdfsLocation::isUrl(QStringLiteral("/local/file.h5")));
        QVERIFY(!WebHdfsLocation::isUrl(QStringLiteral("data.h5:/dataset")));
    }

    void pathsAreEncodedSegmentBySegment_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain") << "/data/x.h5" << QByteArray("/data/x.h5");
        QTest::newRow("every hard character")
            << "/d/a b%+;=&#?ü.h5" << QByteArray("/d/a%20b%25%2B%3B=&%23%3F%C3%BC.h5");
        QTest::newRow("partition name keeps =")
            << "/t/year=2024/month=01" << QByteArray("/t/year=2024/month=01");
        QTest::newRow("quotes and brackets")
            << "/x/\"a\"[1]{2}|<>\\^`" << QByteArray("/x/%22a%22%5B1%5D%7B2%7D%7C%3C%3E%5C%5E%60");
        QTest::newRow("sub-delimiters kept") << "/x/!$'()*,:@" << QByteArray("/x/!$'()*,:@");
    }
    void pathsAreEncodedSegmentBySegment()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, encoded);
        QCOMPARE(WebHdfsPath::encode(path), encoded);
    }

    void operationUrlsKeepTheEncodingOnTheWire()
    {
        // QUrl must not re-decode %3B or %2B (a raw ';' or '+' means something else to servers).
        const QUrl url = WebHdfsPath::operationUrl(QUrl(QStringLiteral("http://nn:9870/webhdfs/v1")),
            QStringLiteral("/d/a+b;c d"), "LISTSTATUS_BATCH",
            {{"user.name", QStringLiteral("alice")}, {"startafter", QStringLiteral("x+y z")}});
        QCOMPARE(url.toEncoded(),
            QByteArray("http://nn:9870/webhdfs/v1/d/"
                       "a%2Bb%3Bc%20d?op=LISTSTATUS_BATCH&user.name=alice&startafter=x%2By%20z"));
    }

    void parentsAndChildren()
    {
        QCOMPARE(WebHdfsPath::parent(QStringLiteral("/a/b/c.h5")), QStringLiteral("/a/b"));
        QCOMPARE(WebHdfsPath::parent(QStringLiteral("/a")), QStringLiteral("/"));
        QCOMPARE(WebHdfsPath::parent(QStringLiteral("/")), QStringLiteral("/"));
        QCOMPARE(WebHdfsPath::child(QStringLiteral("/"), QStringLiteral("x")), QStringLiteral("/x"));
        QCOMPARE(WebHdfsPath::child(QStringLiteral("/a"), QStringLiteral("x")), QStringLiteral("/a/x"));
    }

    void permissionsReadLikeLs_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("acl");
        QTest::addColumn<QString>("text");
        QTest::newRow("755") << 0755 << false << "rwxr-xr-x";
        QTest::newRow("640") << 0640 << false << "rw-r-----";
        QTest::newRow("sticky 1777") << 01777 << false << "rwxrwxrwt";
        QTest::newRow("sticky without x") << 01666 << false << "rw-rw-rwT";
        QTest::newRow("acl") << 0750 << true << "rwxr-x---+";
    }
    void permissionsReadLikeLs()
    {
        QFETCH(int, mode);
        QFETCH(bool, acl);
        QFETCH(QString, text);
        HdfsFileStatus s;
        s.permission = quint16(mode);
        s.aclBit = acl;
        QCOMPARE(s.permissionText(), text);
    }
};

QTEST_GUILESS_MAIN(tst_WebHdfsEndpoint)
#include "tst_webhdfsendpoint.moc"

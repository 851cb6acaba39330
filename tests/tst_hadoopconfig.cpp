// SPDX-License-Identifier: MIT
#include "webhdfs/hadoopconfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

using Properties = QList<std::pair<QString, QString>>;

// A <configuration> file; a name ending in '!' is written as a final property.
QByteArray siteXml(const Properties& properties)
{
    QByteArray xml = "<?xml version=\"1.0\"?>\n<configuration>\n";
    for (auto [name, value] : properties) {
        const bool final = name.endsWith(QLatin1Char('!'));
        if (final)
            name.chop(1);
        xml += "  <property>\n    <name>" + name.toUtf8() + "</name>\n    <value>" + value.toUtf8()
            + "</value>\n" + (final ? "    <final>true</final>\n" : "") + "  </property>\n";
    }
    return xml + "</configuration>\n";
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList rootsOf(const WebHdfsLocation& location)
{
    QStringList roots;
    for (const QUrl& root : location.roots)
        roots << root.toString();
    return roots;
}

// An HA nameservice "prod" of two NameNodes, a non-HA NameNode "solo", and fs.defaultFS = prod.
const Properties kCluster {
    {"dfs.nameservices", "prod,solo"},
    {"dfs.ha.namenodes.prod", "nn2, nn1"},
    {"dfs.namenode.rpc-address.prod.nn1", "m1.example:8020"},
    {"dfs.namenode.rpc-address.prod.nn2", "m2.example:8020"},
    {"dfs.namenode.http-address.prod.nn1", "m1.example:9870"},
    {"dfs.namenode.http-address.prod.nn2", "m2.example:50070"},
    {"dfs.namenode.https-address.prod.nn1", "m1.example:9871"},
    {"dfs.namenode.https-address.prod.nn2", "m2.example:50470"},
    {"dfs.namenode.rpc-address.solo", "s.example:9000"},
    {"dfs.namenode.http-address.solo", "0.0.0.0:9870"},
};

} // namespace

class tst_HadoopConfig : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // Writes core-site.xml and hdfs-site.xml into a fresh directory and loads them.
    Result<HadoopConfig> load(const Properties& core, const Properties& hdfs)
    {
        static int n = 0;
        const QString dir = m_dir.filePath(QString::number(++n));
        QDir().mkpath(dir);
        if (!core.isEmpty())
            writeFile(dir + QStringLiteral("/core-site.xml"), siteXml(core));
        if (!hdfs.isEmpty())
            writeFile(dir + QStringLiteral("/hdfs-site.xml"), siteXml(hdfs));
        return HadoopConfig::load(dir);
    }

private Q_SLOTS:
    void propertiesAreReadAndOverridden_data()
    {
        QTest::addColumn<Properties>("core");
        QTest::addColumn<Properties>("hdfs");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        const Properties none;
        QTest::newRow("plain") << Properties {{"a", "1"}} << none << "a" << "1";
        QTest::newRow("unset is null") << Properties {{"a", "1"}} << none << "b" << QString();
        QTest::newRow("name trimmed, value kept") << Properties {{" a ", " x "}} << none << "a" << " x ";
        QTest::newRow("later in one file wins") << Properties {{"a", "1"}, {"a", "2"}} << none << "a" << "2";
        QTest::newRow("hdfs-site overrides core-site")
            << Properties {{"a", "core"}} << Properties {{"a", "hdfs"}} << "a" << "hdfs";
        QTest::newRow("final in core-site stays")
            << Properties {{"a!", "core"}} << Properties {{"a", "hdfs"}} << "a" << "core";
        QTest::newRow("final stays within a file")
            << Properties {{"a!", "1"}, {"a", "2"}} << none << "a" << "1";
        QTest::newRow("final last definition wins before it")
            << Properties {{"a", "1"}, {"a!", "2"}} << Properties {{"a", "3"}} << "a" << "2";
        QTest::newRow("variable")
            << Properties {{"base", "/srv"}, {"dir", "${base}/data"}} << none << "dir" << "/srv/data";
        QTest::newRow("variable from the later file")
            << Properties {{"dir", "${base}/x"}} << Properties {{"base", "/h"}} << "dir" << "/h/x";
        QTest::newRow("chained variables")
            << Properties {{"a", "${b}-${c}"}, {"b", "${c}"}, {"c", "z"}} << none << "a" << "z-z";
        QTest::newRow("environment")
            << Properties {{"home", "${env.H5HDFS_TEST_HOME}/conf"}} << none << "home" << "/home/test/conf";
        QTest::newRow("environment default")
            << Properties {{"x", "${env.H5HDFS_TEST_UNSET:-fallback}"}} << none << "x" << "fallback";
        QTest::newRow("unknown stays as written")
            << Properties {{"x", "${java.io.tmpdir}/h"}} << none << "x" << "${java.io.tmpdir}/h";
        QTest::newRow("unset environment stays")
            << Properties {{"x", "${env.H5HDFS_TEST_UNSET}"}} << none << "x" << "${env.H5HDFS_TEST_UNSET}";
        QTest::newRow("self reference kept") << Properties {{"x", "a${x}"}} << none << "x" << "a${x}";
    }

    void propertiesAreReadAndOverridden()
    {
        QFETCH(Properties, core);
        QFETCH(Properties, hdfs);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        qputenv("H5HDFS_TEST_HOME", "/home/test");
        qunsetenv("H5HDFS_TEST_UNSET");
        const auto config = load(core, hdfs);
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        const auto value = config->value(name);
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
        QCOMPARE(*value, expected);
        QCOMPARE(value->isNull(), expected.isNull());
    }

    void aCycleIsAnErrorNotAHang()
    {
        const auto config = load({{"a", "${b}"}, {"b", "${a}"}}, {});
        QVERIFY(config.ok());
        const auto value = config->value(QStringLiteral("a"));
        QVERIFY(!value.ok());
        QVERIFY2(value.error().message.contains(QStringLiteral("more than 20 variable substitutions")),
            qPrintable(value.error().toString()));
    }

    void attributeFormAndDescriptionsAreRead()
    {
        HadoopConfig config;
        QVERIFY(!config
                     .addXml("<configuration><property name=\"a\" value=\"1\" final=\"true\"/>"
                             "<property><name>b</name><value>2</value>"
                             "<description>why <b>so</b></description>"
                             "</property><property><name>a</name><value>3</value></property></configuration>",
                         QStringLiteral("mem"))
                     .isError());
        QCOMPARE(*config.value(QStringLiteral("a")), QStringLiteral("1"));
        QCOMPARE(*config.value(QStringLiteral("b")), QStringLiteral("2"));
    }

    void malformedFilesNameTheFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("where");
        QTest::newRow("unclosed")
            << QByteArray("<configuration>\n<property>\n<name>a</name>\n</configuration>\n")
                                  << "line 4";
        QTest::newRow("not xml") << QByteArray("fs.defaultFS=hdfs://x\n") << "line 1";
        QTest::newRow("wrong root") << QByteArray("<?xml version=\"1.0\"?>\n<properties/>\n") << "line 2";
        QTest::newRow("junk after the end")
            << QByteArray("<configuration>\n</configuration>\n<x>\n") << "line 3";
    }
    void malformedFilesNameTheFileAndLine()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, where);
        const QString dir = m_dir.filePath(QStringLiteral("bad"));
        QDir().mkpath(dir);
        QVERIFY(writeFile(dir + QStringLiteral("/core-site.xml"), siteXml({{"a", "1"}})));
        QVERIFY(writeFile(dir + QStringLiteral("/hdfs-site.xml"), xml));
        const auto config = HadoopConfig::load(dir);
        QVERIFY(!config.ok());
        const QString text = config.error().toString();
        QVERIFY2(text.contains(dir + QStringLiteral("/hdfs-site.xml")), qPrintable(text));
        QVERIFY2(text.contains(where + QStringLiteral(", column ")), qPrintable(text));
    }

    void aMissingDirectoryIsNoConfiguration()
    {
        const auto config = HadoopConfig::load(m_dir.filePath(QStringLiteral("nowhere")));
        QVERIFY(config.ok());
        QVERIFY(config->isEmpty());
        QVERIFY(!config->hasDefaultFs());
    }

    void locationsResolve_data()
    {
        QTest::addColumn<Properties>("core");
        QTest::addColumn<Properties>("hdfs");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("roots");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("kerberos");
        const Properties prod {{"fs.defaultFS", "hdfs://prod"}};
        const Properties none;
        const QStringList prodRoots {
            "http://m2.example:50070/webhdfs/v1", "http://m1.example:9870/webhdfs/v1"};
        const QStringList solo {"http://s.example:9870/webhdfs/v1"};
        QTest::newRow("HA nameservice, dfs.ha.namenodes order")
            << prod << kCluster << "hdfs://prod/data/x.h5" << prodRoots << "/data/x.h5" << false;
        QTest::newRow("hdfs:/// via fs.defaultFS")
            << prod << kCluster << "hdfs:///user/a" << prodRoots << "/user/a" << false;
        QTest::newRow("bare path via fs.defaultFS")
            << prod << kCluster << "/user/a b" << prodRoots << "/user/a b" << false;
        QTest::newRow("HA NameNode by RPC address")
            << prod << kCluster << "hdfs://m1.example:8020/d"
            << QStringList {"http://m1.example:9870/webhdfs/v1"} << "/d" << false;
        QTest::newRow("federated NameNode by RPC address, wildcard HTTP host")
            << prod << kCluster << "hdfs://s.example:9000/d" << solo << "/d" << false;
        QTest::newRow("non-HA nameservice by name")
            << prod << kCluster << "hdfs://solo/d" << solo << "/d" << false;
        QTest::newRow("HTTPS_ONLY")
            << prod << kCluster + Properties {{"dfs.http.policy", "HTTPS_ONLY"}} << "hdfs://prod/d"
            << QStringList {"https://m2.example:50470/webhdfs/v1", "https://m1.example:9871/webhdfs/v1"}
            << "/d" << false;
        QTest::newRow("HTTP_AND_HTTPS is http")
            << prod << kCluster + Properties {{"dfs.http.policy", "HTTP_AND_HTTPS"}} << "hdfs://prod/d"
            << prodRoots << "/d" << false;
        QTest::newRow("kerberos")
            << prod + Properties {{"hadoop.security.authentication", "kerberos"}} << kCluster << "/d"
            << prodRoots << "/d" << true;
        QTest::newRow("non-HA: RPC address from fs.defaultFS, only a host known")
            << Properties {{"fs.defaultFS", "hdfs://nn.example:8020/"}} << none << "hdfs:///d"
            << QStringList {"http://nn.example:9870/webhdfs/v1"} << "/d" << false;
        QTest::newRow("non-HA: default RPC port")
            << Properties {{"fs.defaultFS", "hdfs://nn.example"}}
            << Properties {{"dfs.namenode.http-address", "web.example:8080"}} << "hdfs://nn.example:8020/d"
            << QStringList {"http://web.example:8080/webhdfs/v1"} << "/d" << false;
        QTest::newRow("non-HA https, only a host known")
            << Properties {{"fs.defaultFS", "hdfs://nn.example:8020"}}
            << Properties {{"dfs.http.policy", "HTTPS_ONLY"}} << "/d"
            << QStringList {"https://nn.example:9871/webhdfs/v1"} << "/d" << false;
        QTest::newRow("non-HA: fs.defaultFS names the RPC host differently (MiniDFSCluster)")
            << Properties {{"fs.defaultFS", "hdfs://127.0.0.1:37369"}}
            << Properties {{"dfs.namenode.rpc-address", "localhost:37369"},
                   {"dfs.namenode.http-address", "localhost:32967"}}
            << "/d" << QStringList {"http://localhost:32967/webhdfs/v1"} << "/d" << false;
        QTest::newRow("address from a variable")
            << Properties {{"fs.defaultFS", "hdfs://${env.H5HDFS_TEST_NN}:8020"}} << none << "/d"
            << QStringList {"http://envnn:9870/webhdfs/v1"} << "/d" << false;
        QTest::newRow("webhdfs fs.defaultFS")
            << Properties {{"fs.defaultFS", "webhdfs://gw:14000/"}} << none << "/d/e"
            << QStringList {"http://gw:14000/webhdfs/v1"} << "/d/e" << false;
        QTest::newRow("encoded and odd names")
            << prod << kCluster << "hdfs://prod/webhdfs/v1/a%20b" << prodRoots << "/webhdfs/v1/a b" << false;
    }

    void locationsResolve()
    {
        QFETCH(Properties, core);
        QFETCH(Properties, hdfs);
        QFETCH(QString, url);
        QFETCH(QStringList, roots);
        QFETCH(QString, path);
        QFETCH(bool, kerberos);
        qputenv("H5HDFS_TEST_NN", "envnn");
        const auto config = load(core, hdfs);
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        const auto resolved = config->resolve(url);
        QVERIFY2(resolved.ok(), qPrintable(resolved.ok() ? QString() : resolved.error().toString()));
        QCOMPARE(rootsOf(resolved->location), roots);
        QCOMPARE(resolved->location.path, path);
        QCOMPARE(resolved->kerberos, kerberos);
    }

    void unknownClustersAreClearErrors_data()
    {
        QTest::addColumn<Properties>("hdfs");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("unknown nameservice") << kCluster << "hdfs://staging/d"
                                             << QStringList {"staging", "dfs.ha.namenodes.staging",
                                                    "dfs.nameservices", "HADOOP_CONF_DIR"};
        QTest::newRow("unknown RPC address") << kCluster << "hdfs://m1.example:9000/d"
                                             << QStringList {"m1.example:9000", "dfs.namenode.rpc-address"};
        QTest::newRow("HA NameNode without a web address")
            << Properties {{"dfs.ha.namenodes.ns", "a,b"}, {"dfs.namenode.http-address.ns.a", "h:1"}}
            << "hdfs://ns/d" << QStringList {"dfs.namenode.http-address.ns.b", "HADOOP_CONF_DIR"};
        QTest::newRow("no fs.defaultFS for a bare path")
            << kCluster << "/d" << QStringList {"fs.defaultFS", "HADOOP_CONF_DIR"};
        QTest::newRow("fs.defaultFS is no cluster")
            << kCluster + Properties {{"fs.defaultFS", "file:///"}} << "hdfs:///d"
            << QStringList {"fs.defaultFS is file:///"};
    }

    void unknownClustersAreClearErrors()
    {
        QFETCH(Properties, hdfs);
        QFETCH(QString, url);
        QFETCH(QStringList, mentions);
        const auto config = load({{"a", "b"}}, hdfs);
        QVERIFY(config.ok());
        const auto resolved = config->resolve(url);
        QVERIFY(!resolved.ok());
        const QString text = resolved.error().toString();
        for (const QString& m : mentions)
            QVERIFY2(text.contains(m), qPrintable(text));
    }

    void locateUsesHadoopConfDir()
    {
        const QString dir = m_dir.filePath(QStringLiteral("env"));
        QDir().mkpath(dir);
        QVERIFY(writeFile(dir + QStringLiteral("/hdfs-site.xml"), siteXml(kCluster)));
        QVERIFY(writeFile(dir + QStringLiteral("/core-site.xml"),
            siteXml({{"fs.defaultFS", "hdfs://solo"}, {"hadoop.security.authentication", "KERBEROS"}})));
        qputenv("HADOOP_CONF_DIR", dir.toUtf8());
        auto located = HadoopConfig::locate(QStringLiteral("hdfs://prod/x"));
        QVERIFY(located.ok());
        QCOMPARE(located->location.roots.size(), 2);
        QVERIFY(located->kerberos);
        // webhdfs:// URLs are read as before, without the configuration.
        located = HadoopConfig::locate(QStringLiteral("webhdfs://h:1/x"));
        QVERIFY(located.ok());
        QVERIFY(!located->kerberos);
        QCOMPARE(rootsOf(located->location), QStringList {QStringLiteral("http://h:1/webhdfs/v1")});
        // A bare path is HDFS only when no local file has that name.
        QVERIFY(HadoopConfig::isRemote(QStringLiteral("/no/such/local/file.h5")));
        QVERIFY(!HadoopConfig::isRemote(dir + QStringLiteral("/core-site.xml")));
        QVERIFY(!HadoopConfig::isRemote(QStringLiteral("relative.h5")));
        QVERIFY(HadoopConfig::isRemote(QStringLiteral("hdfs://prod/x")));
        QVERIFY(HadoopConfig::isRemote(QStringLiteral("webhdfs://h:1/x")));

        qputenv("HADOOP_CONF_DIR", m_dir.filePath(QStringLiteral("nowhere")).toUtf8());
        QVERIFY(!HadoopConfig::isRemote(QStringLiteral("/no/such/local/file.h5")));
        QVERIFY(HadoopConfig::isRemote(QStringLiteral("hdfs://prod/x"))); // always a URL
        located = HadoopConfig::locate(QStringLiteral("hdfs://prod/x"));
        QVERIFY(!located.ok());
        QVERIFY2(located.error().toString().contains(QStringLiteral("HADOOP_CONF_DIR")),
            qPrintable(located.error().toString()));
        QVERIFY2(located.error().toString().contains(m_dir.filePath(QStringLiteral("nowhere"))),
            qPrintable(located.error().toString()));
        qunsetenv("HADOOP_CONF_DIR");
    }
};

QTEST_GUILESS_MAIN(tst_HadoopConfig)
#include "tst_hadoopconfig.moc"

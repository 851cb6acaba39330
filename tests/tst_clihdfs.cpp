// SPDX-License-Identifier: MIT
// The h5hdfs command line over WebHDFS and HDFS URLs: listings, status, HADOOP_CONF_DIR, authentication.
#include "clirun.h"
#include "h5fixtures.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

using CliRun::Run;
using CliRun::cli;
using CliRun::ServeProcess;

class tst_CliHdfs : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

private Q_SLOTS:
    void initTestCase()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("hdfs/data"));
        m_file = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("hdfs/data/e.h5")));
    }

    void lsAndStatOverWebHdfs()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")));
        QVERIFY(serve.ok());
        Run r = cli({QStringLiteral("ls"), serve.url(QStringLiteral("/"))});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("data/\n"));
        r = cli({QStringLiteral("ls"), QStringLiteral("-l"), serve.url(QStringLiteral("/data"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("-rw-r--r--")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral(" hdfs ")));
        QVERIFY(r.out.contains(QString::number(QFileInfo(m_file).size())));
        QVERIFY(r.out.trimmed().endsWith(QStringLiteral("e.h5")));
        r = cli({QStringLiteral("ls"), QStringLiteral("--json"), serve.url(QStringLiteral("/data"))});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray entries = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].toObject().value(QStringLiteral("length")).toInteger(), QFileInfo(m_file).size());
        r = cli({QStringLiteral("stat"), serve.url(QStringLiteral("/data/e.h5"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Type: file")));
        QVERIFY(r.out.contains(QStringLiteral("Permission: rw-r--r-- (644)")));
        r = cli({QStringLiteral("stat"), serve.url(QStringLiteral("/data/nope.h5"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Not found: reading the status of /data/nope.h5")),
            qPrintable(r.err));
    }

    void hdfsUrlsAndPathsGoThroughHadoopConfDir()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")));
        QVERIFY(serve.ok());
        // Nameservice "testns": its first NameNode is down (port 1), so the client has to move on
        // to the second, the test server, as it would from a standby.
        const int port = QUrl(serve.url(QStringLiteral("/"))).port();
        QTemporaryDir conf;
        QFile core(conf.filePath(QStringLiteral("core-site.xml")));
        QVERIFY(core.open(QIODevice::WriteOnly));
        core.write("<configuration><property><name>fs.defaultFS</name><value>hdfs://testns</value>"
                   "</property></configuration>\n");
        core.close();
        QFile hdfs(conf.filePath(QStringLiteral("hdfs-site.xml")));
        QVERIFY(hdfs.open(QIODevice::WriteOnly));
        hdfs.write(QStringLiteral("<configuration>\n"
                                  "<property><name>dfs.nameservices</name><value>testns</value></property>\n"
                                  "<property><name>dfs.ha.namenodes.testns</name>"
                                  "<value>nn1,nn2</value></property>\n"
                                  "<property><name>dfs.namenode.http-address.testns.nn1</name>"
                                  "<value>127.0.0.1:1</value></property>\n"
                                  "<property><name>dfs.namenode.http-address.testns.nn2</name>"
                                  "<value>127.0.0.1:%1</value></property>\n"
                                  "</configuration>\n")
                       .arg(port)
                       .toUtf8());
        hdfs.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HADOOP_CONF_DIR"), conf.path());

        Run r = cli({QStringLiteral("ls"), QStringLiteral("hdfs://testns/data")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.split(QLatin1Char('\n')).contains(QStringLiteral("e.h5")), qPrintable(r.out + r.err));
        r = cli({QStringLiteral("info"), QStringLiteral("hdfs://testns/data/e.h5:/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        // A bare path is on fs.defaultFS when no local file has that name; local files still win.
        r = cli({QStringLiteral("info"), QStringLiteral("/data/e.h5:/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("info"), m_file + QStringLiteral(":/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("ls"), QStringLiteral("hdfs://elsewhere/data")}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("elsewhere"))
                && r.err.contains(QStringLiteral("HADOOP_CONF_DIR")),
            qPrintable(r.err));
    }

    void treeInfoExportAndGetTakeUrls()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")), {QStringLiteral("--httpfs")});
        QVERIFY(serve.ok());
        const QString url = serve.url(QStringLiteral("/data/e.h5"));
        Run r = cli({QStringLiteral("tree"), url});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("  matrix  dataset  3 × 4  float64")));
        r = cli({QStringLiteral("info"), url + QStringLiteral(":/matrix"), QStringLiteral("--user"),
            QStringLiteral("bob")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("export"), url + QStringLiteral(":/compound"), QStringLiteral("-o"),
            QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("x,y\n1,1.5\n2,-2.5\n3,1e+300\n"));
        const QString copy = m_dir.filePath(QStringLiteral("copy.h5"));
        r = cli({QStringLiteral("get"), url, QStringLiteral("-o"), copy});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(H5Fixtures::readAll(copy), H5Fixtures::readAll(m_file));
        // Nothing of the download touched the disk but the file asked for.
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).size(), 1);
    }

    void basicAuthAndTheDataNodeMapFromTheCommandLine()
    {
        const QString passwordFile = m_dir.filePath(QStringLiteral("pw"));
        QFile pw(passwordFile);
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("s3cret\n");
        pw.close();
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")),
            {QStringLiteral("--basic-user"), QStringLiteral("alice"), QStringLiteral("--basic-password-file"),
                passwordFile});
        QVERIFY(serve.ok());
        const QString url = serve.url(QStringLiteral("/data"));
        Run r = cli({QStringLiteral("ls"), url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Not authorized")), qPrintable(r.err));
        r = cli({QStringLiteral("ls"), url, QStringLiteral("--user"), QStringLiteral("alice"),
            QStringLiteral("--password-file"), passwordFile});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("e.h5\n"));
        r = cli(
            {QStringLiteral("ls"), url, QStringLiteral("--datanode-map"), QStringLiteral("no-equals-sign")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--datanode-map")));
    }
};

QTEST_GUILESS_MAIN(tst_CliHdfs)
#include "tst_clihdfs.moc"

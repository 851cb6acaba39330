// SPDX-License-Identifier: MIT
// A real HA pair of NameNodes (MiniDFSCluster, one nameservice, manual failover through the
// launcher's control endpoint): a batch survives a failover, hdfs://<nameservice> URLs resolve
// through the cluster's own HADOOP_CONF_DIR, and a cluster that dies mid-download is a clear error.
#include "clientwaits.h"
#include "clirun.h"
#include "realcluster.h"
#include "testpaths.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSet>
#include <QTest>

using namespace H5Hdfs;

class tst_RealHdfsHa : public QObject {
    Q_OBJECT
private:
    RealCluster::Env m_cluster;
    QNetworkAccessManager m_network;

    QString url(const QString& path) const { return m_cluster.value(QStringLiteral("WEBHDFS_URL")) + path; }
    QProcessEnvironment withConfDir() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HADOOP_CONF_DIR"), m_cluster.value(QStringLiteral("HADOOP_CONF_DIR")));
        env.insert(QStringLiteral("HADOOP_USER_NAME"), QStringLiteral("analyst"));
        return env;
    }
    void failover()
    {
        bool ok = false;
        const QByteArray said = m_cluster.control(QStringLiteral("/failover"), &ok);
        QVERIFY2(ok, said.constData());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error())); }

    void aBatchCheckSurvivesAFailover()
    {
        QProcess check;
        check.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
            {QStringLiteral("check"), url(QStringLiteral("/data/batch/*.h5")), QStringLiteral("--json"),
                QStringLiteral("--jobs"), QStringLiteral("4"), QStringLiteral("--user"), QStringLiteral("analyst")});
        QVERIFY(check.waitForStarted());
        QTest::qWait(300);
        const bool runningAtFailover = check.state() == QProcess::Running;
        failover();
        QVERIFY(check.waitForFinished(300000));
        const QByteArray out = check.readAllStandardOutput();
        QVERIFY2(runningAtFailover, "the batch ended before the failover: it no longer tests one");
        QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0,
            check.readAllStandardError().constData());
        const QJsonArray files = QJsonDocument::fromJson(out).object().value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), RealCluster::kBatchCount);
        QSet<QString> seen;
        for (const QJsonValue& file : files) {
            const QString path = file.toObject().value(QStringLiteral("file")).toString();
            QVERIFY2(!path.isEmpty() && !seen.contains(path), qPrintable(path + QStringLiteral(" twice, or no name")));
            seen.insert(path);
            QCOMPARE(file.toObject().value(QStringLiteral("verdict")).toString(), QStringLiteral("ok"));
        }
    }

    void aNameserviceUrlResolvesThroughHadoopConfDir()
    {
        const QString nameservice = m_cluster.value(QStringLiteral("NAMESERVICE"));
        QVERIFY(!nameservice.isEmpty());
        const QString hdfsUrl = QStringLiteral("hdfs://%1/data/batch").arg(nameservice);
        for (int round = 0; round < 2; ++round) {
            const CliRun::Run ls = CliRun::cli({QStringLiteral("ls"), hdfsUrl}, withConfDir());
            QVERIFY2(ls.ok(), qPrintable(ls.err));
            QCOMPARE(ls.out.count(QStringLiteral("part-")), RealCluster::kBatchCount);
            failover(); // and it keeps working with the other NameNode active
        }
        const CliRun::Run tree = CliRun::cli(
            {QStringLiteral("tree"), QStringLiteral("hdfs:///data/batch/part-007.h5")}, withConfDir());
        QVERIFY2(tree.ok(), qPrintable(tree.err));
        QVERIFY(tree.out.contains(QStringLiteral("data_f")));
    }

    void theClusterStoppedMidDownloadIsAClearError()
    {
        auto location = WebHdfsLocation::parse(url(QStringLiteral("/")));
        QVERIFY(location);
        WebHdfsConfig config;
        config.roots = location->roots;
        config.user = QStringLiteral("analyst");
        config.retryDelayMs = 50;
        config.transferTimeoutMs = 10000;
        WebHdfsClient client(config, &m_network);
        bool stopped = false;
        QElapsedTimer clock;
        clock.start();
        const QString path = QStringLiteral("/data/") + RealCluster::kStream;
        auto d = ClientWaits::fetch(client, path, {}, 120000, [&](qint64) {
            if (!stopped) {
                stopped = true;
                m_cluster.control(QStringLiteral("/shutdown")); // the answer may not come back
            }
        });
        QVERIFY(stopped);
        // Qt reads the socket on its own thread while this one waits for the shutdown, so on a fast
        // loopback the whole body can arrive before the cluster stops. Then the next download meets
        // the stopped cluster, and must fail the same clear way.
        if (!d.error.isError())
            d = ClientWaits::fetch(client, path, {}, 120000);
        QVERIFY2(d.error.code == Error::Code::Network, qPrintable(d.error.toString()));
        QVERIFY2(d.error.message.contains(QStringLiteral("127.0.0.1")), qPrintable(d.error.toString()));
        QVERIFY2(clock.elapsed() < 90000, "no hang");
    }
};

QTEST_GUILESS_MAIN(tst_RealHdfsHa)
#include "tst_realhdfs_ha.moc"

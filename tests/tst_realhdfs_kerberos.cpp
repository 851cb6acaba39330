// SPDX-License-Identifier: MIT
// A real secure HDFS (MiniKdc, Kerberos RPC, SPNEGO on WebHDFS): the CLI with a ticket, without
// one, and with a delegation token fetched by `h5hdfs token`.
#include "clirun.h"
#include "realcluster.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

class tst_RealHdfsKerberos : public QObject {
    Q_OBJECT
private:
    RealCluster::Env m_cluster;
    QTemporaryDir m_dir;

    QString url(const QString& path) const { return m_cluster.value(QStringLiteral("WEBHDFS_URL")) + path; }
    QProcessEnvironment kerberosEnvironment(const QString& cache) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KRB5_CONFIG"), m_cluster.value(QStringLiteral("KRB5_CONFIG")));
        env.insert(QStringLiteral("KRB5CCNAME"), QStringLiteral("FILE:") + cache);
        return env;
    }
    QProcessEnvironment withTicket() const { return kerberosEnvironment(m_dir.filePath(QStringLiteral("cc"))); }
    QProcessEnvironment withoutTicket() const
    {
        return kerberosEnvironment(m_dir.filePath(QStringLiteral("no-such-cache")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error()));
        QProcess kinit;
        kinit.setProcessEnvironment(withTicket());
        kinit.start(QStringLiteral("kinit"),
            {QStringLiteral("-kt"), m_cluster.value(QStringLiteral("KEYTAB")), m_cluster.value(QStringLiteral("PRINCIPAL"))});
        QVERIFY2(kinit.waitForFinished(30000), "kinit (Debian's krb5-user) did not run");
        QVERIFY2(kinit.exitStatus() == QProcess::NormalExit && kinit.exitCode() == 0,
            kinit.readAllStandardError().constData());
    }

    void listsAndOpensWithATicket()
    {
        const CliRun::Run ls
            = CliRun::cli({QStringLiteral("ls"), url(QStringLiteral("/data")), QStringLiteral("--kerberos")}, withTicket());
        QVERIFY2(ls.ok(), qPrintable(ls.err));
        QVERIFY(ls.out.contains(RealCluster::kEverything));
        const CliRun::Run tree = CliRun::cli(
            {QStringLiteral("tree"), url(QStringLiteral("/data/") + RealCluster::kEverything), QStringLiteral("--kerberos")},
            withTicket());
        QVERIFY2(tree.ok(), qPrintable(tree.err));
        QVERIFY(tree.out.contains(QStringLiteral("matrix")));
    }

    void theClustersOwnConfigurationMakesKerberosTheDefault()
    {
        QProcessEnvironment env = withTicket();
        env.insert(QStringLiteral("HADOOP_CONF_DIR"), m_cluster.value(QStringLiteral("HADOOP_CONF_DIR")));
        const CliRun::Run ls = CliRun::cli({QStringLiteral("ls"), QStringLiteral("hdfs:///data")}, env);
        QVERIFY2(ls.ok(), qPrintable(ls.err));
        QVERIFY(ls.out.contains(RealCluster::kEverything));
    }

    void withoutATicketSaysSo()
    {
        const CliRun::Run ls = CliRun::cli(
            {QStringLiteral("ls"), url(QStringLiteral("/data")), QStringLiteral("--kerberos")}, withoutTicket());
        QCOMPARE(ls.exitCode, 1);
        QVERIFY2(ls.err.contains(QStringLiteral("No Kerberos ticket (run kinit)")), qPrintable(ls.err));
        QVERIFY2(!ls.err.contains(QStringLiteral("<html")), qPrintable(ls.err));
    }

    void aDelegationTokenWorksWithoutATicket()
    {
        const CliRun::Run token
            = CliRun::cli({QStringLiteral("token"), url(QString()), QStringLiteral("--kerberos")}, withTicket());
        QVERIFY2(token.ok(), qPrintable(token.err));
        const QString value = token.out.trimmed();
        QVERIFY2(value.size() > 20 && !value.contains(QLatin1Char(' ')), qPrintable(value));
        const CliRun::Run ls = CliRun::cli(
            {QStringLiteral("ls"), url(QStringLiteral("/data")), QStringLiteral("--token"), value}, withoutTicket());
        QVERIFY2(ls.ok(), qPrintable(ls.err));
        QVERIFY(ls.out.contains(RealCluster::kEverything));
        const CliRun::Run forged = CliRun::cli(
            {QStringLiteral("ls"), url(QStringLiteral("/data")), QStringLiteral("--token"), QString(value.size(), QLatin1Char('A'))},
            withoutTicket());
        QCOMPARE(forged.exitCode, 1);
        QVERIFY2(forged.err.contains(QStringLiteral("token")), qPrintable(forged.err));
    }
};

QTEST_GUILESS_MAIN(tst_RealHdfsKerberos)
#include "tst_realhdfs_kerberos.moc"

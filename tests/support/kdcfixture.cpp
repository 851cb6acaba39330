// SPDX-License-Identifier: MIT
#include "kdcfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace H5Hdfs {

namespace {

const QString kRealm = QStringLiteral("EXAMPLE.COM");

// krb5kdc and friends live in /usr/sbin, which is not on every user's PATH.
QString tool(const QString& name)
{
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) == text.toUtf8().size();
}

} // namespace

KdcFixture::~KdcFixture()
{
    if (m_kdc.state() != QProcess::NotRunning) {
        m_kdc.kill();
        m_kdc.waitForFinished(5000);
    }
}

bool KdcFixture::start()
{
    for (const char* name : {"krb5kdc", "kdb5_util", "kadmin.local", "kinit", "kdestroy"}) {
        if (tool(QLatin1String(name)).isEmpty()) {
            m_error = QStringLiteral("%1 is not installed (apt-get install krb5-kdc krb5-user)")
                          .arg(QLatin1String(name));
            return false;
        }
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    const quint16 port = freePort();
    if (!writeConfig(port))
        return false;
    const QString password = QString::number(QRandomGenerator::global()->generate64(), 36);
    const QString http = QStringLiteral("HTTP/localhost");
    const bool created = run(tool(QStringLiteral("kdb5_util")),
                             {QStringLiteral("create"), QStringLiteral("-s"), QStringLiteral("-r"), kRealm,
                                 QStringLiteral("-P"), password})
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"), QStringLiteral("addprinc -randkey ") + http})
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"), QStringLiteral("addprinc -randkey alice")})
        // What Qt's own Negotiate asks for: with it in the realm, a Qt attempt would show in a log.
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"),
                QStringLiteral("addprinc -randkey HTTPS/localhost")})
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"),
                QStringLiteral("ktadd -k %1 HTTPS/localhost")
                    .arg(m_dir.filePath(QStringLiteral("https.keytab")))})
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"),
                QStringLiteral("ktadd -k %1 %2").arg(httpKeytab(), http)})
        && run(tool(QStringLiteral("kadmin.local")),
            {QStringLiteral("-r"), kRealm, QStringLiteral("-q"),
                QStringLiteral("ktadd -k %1 alice").arg(m_dir.filePath(QStringLiteral("alice.keytab")))});
    if (!created)
        return false;
    m_kdc.setProcessChannelMode(QProcess::MergedChannels);
    m_kdc.start(tool(QStringLiteral("krb5kdc")), {QStringLiteral("-n"), QStringLiteral("-r"), kRealm});
    if (!m_kdc.waitForStarted(5000)) {
        m_error = QStringLiteral("krb5kdc did not start: %1").arg(m_kdc.errorString());
        return false;
    }
    return waitForKdc(port);
}

bool KdcFixture::writeConfig(quint16 port)
{
    const QString dir = m_dir.path();
    const QString kdc = QStringLiteral(
        "[kdcdefaults]\n"
        " kdc_listen = 127.0.0.1:%1\n"
        " kdc_tcp_listen = 127.0.0.1:%1\n"
        "[realms]\n"
        " %2 = {\n"
        "  database_name = %3/principal\n"
        "  key_stash_file = %3/stash\n"
        "  acl_file = %3/kadm5.acl\n"
        "  max_life = 1h\n"
        " }\n"
        "[logging]\n"
        " kdc = FILE:%3/kdc.log\n")
                            .arg(port)
                            .arg(kRealm, dir);
    // No DNS, no canonicalization: HTTP@localhost is HTTP/localhost@EXAMPLE.COM. TCP only
    // (udp_preference_limit), as the free port was probed for TCP.
    const QString krb5 = QStringLiteral(
        "[libdefaults]\n"
        " default_realm = %2\n"
        " dns_lookup_realm = false\n"
        " dns_lookup_kdc = false\n"
        " dns_canonicalize_hostname = false\n"
        " rdns = false\n"
        " udp_preference_limit = 1\n"
        "[realms]\n"
        " %2 = {\n"
        "  kdc = 127.0.0.1:%1\n"
        " }\n"
        "[domain_realm]\n"
        " localhost = %2\n"
        " 127.0.0.1 = %2\n")
                             .arg(port)
                             .arg(kRealm);
    if (!writeFile(dir + QStringLiteral("/kdc.conf"), kdc)
        || !writeFile(dir + QStringLiteral("/krb5.conf"), krb5)
        || !writeFile(dir + QStringLiteral("/kadm5.acl"), QString())) {
        m_error = QStringLiteral("cannot write the Kerberos configuration in %1").arg(dir);
        return false;
    }
    qputenv("KRB5_CONFIG", (dir + QStringLiteral("/krb5.conf")).toLocal8Bit());
    qputenv("KRB5_KDC_PROFILE", (dir + QStringLiteral("/kdc.conf")).toLocal8Bit());
    qputenv("KRB5CCNAME", ("FILE:" + dir + QStringLiteral("/ccache")).toLocal8Bit());
    qputenv("KRB5_KTNAME", ("FILE:" + httpKeytab()).toLocal8Bit());
    qputenv("KRB5RCACHETYPE", "none"); // the acceptor needs no replay cache in /var/tmp
    return true;
}

bool KdcFixture::waitForKdc(quint16 port)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return true;
        if (m_kdc.state() == QProcess::NotRunning) {
            m_error = QStringLiteral("krb5kdc exited: %1").arg(QString::fromLocal8Bit(m_kdc.readAll()));
            return false;
        }
        QThread::msleep(50);
    }
    m_error = QStringLiteral("krb5kdc did not listen on port %1").arg(port);
    return false;
}

bool KdcFixture::run(const QString& program, const QStringList& arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, arguments);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("%1 %2 failed: %3")
                      .arg(program, arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

bool KdcFixture::kinitAs(const QString& principal, const QString& keytabName, const QStringList& options)
{
    return run(tool(QStringLiteral("kinit")),
        options + QStringList {QStringLiteral("-kt"), m_dir.filePath(keytabName), principal});
}

bool KdcFixture::kdestroy()
{
    run(tool(QStringLiteral("kdestroy")), {}); // fails when there is no cache: that is fine too
    return !QFile::exists(m_dir.filePath(QStringLiteral("ccache")));
}

} // namespace H5Hdfs

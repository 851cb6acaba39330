// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace H5Hdfs {

/// A real MIT Kerberos KDC (Debian's krb5-kdc) for one test process: realm EXAMPLE.COM on a free
/// loopback TCP port, principals HTTP/localhost (keytab http.keytab) and alice (alice.keytab).
/// start() points this process's Kerberos at it (KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME), so child
/// processes inherit it too. A missing tool is a failure, never a skip.
class KdcFixture {
public:
    KdcFixture() = default;
    ~KdcFixture();
    KdcFixture(const KdcFixture&) = delete;
    KdcFixture& operator=(const KdcFixture&) = delete;

    /// Creates the realm and starts krb5kdc; false with error() when anything fails.
    bool start();
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString httpKeytab() const { return m_dir.filePath(QStringLiteral("http.keytab")); }
    /// kinit -kt alice.keytab alice: a ticket in the process's cache.
    bool kinit() { return kinitAs(QStringLiteral("alice"), QStringLiteral("alice.keytab")); }
    /// kinit as HTTPS/localhost (keytab https.keytab): the client name Qt's own Negotiate insists
    /// on having credentials for, so a test can watch what Qt does once it has them.
    bool kinitAs(const QString& principal, const QString& keytabName, const QStringList& options = {});
    /// kdestroy: no ticket anymore.
    bool kdestroy();

private:
    bool run(const QString& program, const QStringList& arguments);
    bool writeConfig(quint16 port);
    bool waitForKdc(quint16 port);

    QTemporaryDir m_dir;
    QProcess m_kdc;
    QString m_error;
};

} // namespace H5Hdfs

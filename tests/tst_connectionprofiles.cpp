// SPDX-License-Identifier: MIT
#include "testpaths.h"
#include "connectiondialog.h"
#include "connectionprofiles.h"

#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace H5Hdfs;

class tst_ConnectionProfiles : public QObject {
    Q_OBJECT
private:
    static QByteArray settingsFile()
    {
        QSettings settings;
        settings.sync();
        QFile f(settings.fileName());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_connectionprofiles"));
        QSettings().clear();
    }

    void profilesRoundTripWithoutSecrets()
    {
        ConnectionProfile knox;
        knox.name = QStringLiteral("knox prod");
        knox.endpoints = {QStringLiteral("https://knox:8443/gateway/default/webhdfs/v1")};
        knox.auth = WebHdfsConfig::Auth::Basic;
        knox.user = QStringLiteral("alice");
        knox.dataNodeMap.insert(QStringLiteral("dn7:9864"), QStringLiteral("gw:19864"));
        knox.caFile = QStringLiteral("/etc/ssl/corp.pem");
        ConnectionProfile ha;
        ha.name = QStringLiteral("ha");
        ha.endpoints = {QStringLiteral("webhdfs://nn1:9870"), QStringLiteral("webhdfs://nn2:9870")};
        ha.auth = WebHdfsConfig::Auth::Kerberos;
        ConnectionProfiles::save({knox, ha});
        const QList<ConnectionProfile> loaded = ConnectionProfiles::load();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded[0].name, knox.name);
        QCOMPARE(loaded[0].auth, WebHdfsConfig::Auth::Basic);
        QCOMPARE(loaded[0].dataNodeMap.value(QStringLiteral("dn7:9864")), QStringLiteral("gw:19864"));
        QCOMPARE(loaded[0].caFile, knox.caFile);
        QCOMPARE(loaded[1].endpoints.size(), 2);
        // A profile becomes a client configuration; the secret goes only where its auth kind wants it.
        auto config = loaded[0].config(QStringLiteral("s3cret"));
        QVERIFY(config.ok());
        QCOMPARE(
            config->roots.first().toString(), QStringLiteral("https://knox:8443/gateway/default/webhdfs/v1"));
        QCOMPARE(config->password, QStringLiteral("s3cret"));
        QCOMPARE(config->dataNodeMap.size(), 1);
        auto haConfig = loaded[1].config(QStringLiteral("ignored"));
        QCOMPARE(haConfig->roots.size(), 2);
        QVERIFY(haConfig->password.isEmpty());
        QVERIFY(!ConnectionProfile {}.config({}).ok()); // no endpoint
    }

    void theDialogSavesProfilesButNeverThePasswordInSettings()
    {
        ConnectionDialog dialog;
        dialog.findChild<QLineEdit*>()->setText(QStringLiteral("lab")); // the first line edit is the name
        dialog.findChild<QPlainTextEdit*>()->setPlainText(QStringLiteral("webhdfs://127.0.0.1:9870"));
        const auto edits = dialog.findChildren<QLineEdit*>();
        QLineEdit* secret = nullptr;
        for (QLineEdit* e : edits) {
            if (e->echoMode() == QLineEdit::Password)
                secret = e;
        }
        QVERIFY(secret);
        secret->setText(QStringLiteral("pa55-never-in-settings"));
        dialog.findChild<QCheckBox*>()->setChecked(true); // keep it: in the keyring, or nowhere
        dialog.saveProfile();
        // Whether or not this machine has a keyring, the answer comes and says what happened.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QStringLiteral("keyring")), 10000);
        QVERIFY(!settingsFile().contains("pa55-never-in-settings"));
        QVERIFY(settingsFile().contains("lab"));
        QCOMPARE(dialog.profile().name, QStringLiteral("lab"));
        QVERIFY(
            dialog.findChild<QListWidget*>()->findItems(QStringLiteral("lab"), Qt::MatchExactly).size() == 1);
        // Reopened, the saved profile is listed and fills the form.
        ConnectionDialog again;
        again.selectProfile(QStringLiteral("lab"));
        QCOMPARE(again.profile().endpoints, QStringList {QStringLiteral("webhdfs://127.0.0.1:9870")});
    }
};

QTEST_MAIN(tst_ConnectionProfiles)
#include "tst_connectionprofiles.moc"

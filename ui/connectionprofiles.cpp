// SPDX-License-Identifier: MIT
#include "connectionprofiles.h"

#include "webhdfs/hadoopconfig.h"

#include <QPointer>
#include <QSettings>
#include <qt6keychain/keychain.h>

namespace H5Hdfs {

namespace {

const QString kService = QStringLiteral("h5hdfs");

QString authName(WebHdfsConfig::Auth auth)
{
    switch (auth) {
    case WebHdfsConfig::Auth::Simple: return QStringLiteral("simple");
    case WebHdfsConfig::Auth::DelegationToken: return QStringLiteral("token");
    case WebHdfsConfig::Auth::Basic: return QStringLiteral("basic");
    case WebHdfsConfig::Auth::Kerberos: return QStringLiteral("kerberos");
    }
    return QStringLiteral("simple");
}

WebHdfsConfig::Auth authFrom(const QString& name)
{
    if (name == QLatin1String("token"))
        return WebHdfsConfig::Auth::DelegationToken;
    if (name == QLatin1String("basic"))
        return WebHdfsConfig::Auth::Basic;
    if (name == QLatin1String("kerberos"))
        return WebHdfsConfig::Auth::Kerberos;
    return WebHdfsConfig::Auth::Simple;
}

} // namespace

Result<WebHdfsConfig> ConnectionProfile::config(const QString& secret) const
{
    WebHdfsConfig c;
    for (const QString& endpoint : endpoints) {
        // An endpoint may name a cluster of $HADOOP_CONF_DIR (hdfs://prod); the profile's own auth wins.
        auto located = HadoopConfig::locate(endpoint);
        if (!located)
            return located.error();
        c.roots += located->location.roots;
    }
    if (c.roots.isEmpty())
        return Error(
            Error::Code::InvalidArgument, QStringLiteral("The connection %1 has no endpoint").arg(name));
    c.auth = auth;
    c.user = user;
    c.dataNodeMap = dataNodeMap;
    c.caFile = caFile;
    if (auth == WebHdfsConfig::Auth::Basic)
        c.password = secret;
    else if (auth == WebHdfsConfig::Auth::DelegationToken)
        c.token = secret;
    return c;
}

namespace ConnectionProfiles {

QList<ConnectionProfile> load()
{
    QSettings settings;
    QList<ConnectionProfile> profiles;
    const int n = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile p;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.endpoints = settings.value(QStringLiteral("endpoints")).toStringList();
        p.auth = authFrom(settings.value(QStringLiteral("auth")).toString());
        p.user = settings.value(QStringLiteral("user")).toString();
        const QVariantMap map = settings.value(QStringLiteral("datanodeMap")).toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            p.dataNodeMap.insert(it.key(), it.value().toString());
        p.caFile = settings.value(QStringLiteral("caFile")).toString();
        profiles.append(p);
    }
    settings.endArray();
    return profiles;
}

void save(const QList<ConnectionProfile>& profiles)
{
    QSettings settings;
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile& p = profiles[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), p.name);
        settings.setValue(QStringLiteral("endpoints"), p.endpoints);
        settings.setValue(QStringLiteral("auth"), authName(p.auth));
        settings.setValue(QStringLiteral("user"), p.user);
        QVariantMap map;
        for (auto it = p.dataNodeMap.cbegin(); it != p.dataNodeMap.cend(); ++it)
            map.insert(it.key(), it.value());
        settings.setValue(QStringLiteral("datanodeMap"), map);
        settings.setValue(QStringLiteral("caFile"), p.caFile);
    }
    settings.endArray();
}

void storeSecret(
    const QString& profile, const QString& secret, QObject* context, std::function<void(const Error&)> done)
{
    auto* job = new QKeychain::WritePasswordJob(kService);
    job->setInsecureFallback(false); // never a plain-text copy
    job->setAutoDelete(true);
    job->setKey(profile);
    job->setTextData(secret);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, [guard, done](QKeychain::Job* j) {
        if (!guard)
            return;
        done(j->error() == QKeychain::NoError
                ? Error()
                : Error(Error::Code::Io,
                    QStringLiteral("The password was not kept: no system keyring is available"),
                    j->errorString()));
    });
    job->start();
}

void loadSecret(const QString& profile, QObject* context, std::function<void(Result<QString>)> done)
{
    auto* job = new QKeychain::ReadPasswordJob(kService);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(profile);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, [guard, done](QKeychain::Job* j) {
        if (!guard)
            return;
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        if (j->error() == QKeychain::NoError)
            done(read->textData());
        else
            done(Error(Error::Code::NotFound, QStringLiteral("No kept password"), j->errorString()));
    });
    job->start();
}

void forgetSecret(const QString& profile)
{
    auto* job = new QKeychain::DeletePasswordJob(kService);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(profile);
    job->start();
}

} // namespace ConnectionProfiles

} // namespace H5Hdfs

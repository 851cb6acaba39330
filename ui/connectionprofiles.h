// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "webhdfs/webhdfsconfig.h"

#include <QObject>
#include <functional>

namespace H5Hdfs {

/// A saved connection: everything but secrets, which live in the system keyring or nowhere.
struct ConnectionProfile {
    QString name;
    QStringList endpoints; ///< one or more URLs (several NameNodes for HA)
    WebHdfsConfig::Auth auth = WebHdfsConfig::Auth::Simple;
    QString user;
    QHash<QString, QString> dataNodeMap;
    QString caFile;

    /// The client configuration for this profile; `secret` is the password or token, if any.
    [[nodiscard]] Result<WebHdfsConfig> config(const QString& secret) const;
};

/// Profiles persist in QSettings; passwords and tokens go to the system keyring (QtKeychain,
/// without its plain-text fallback) or are not kept at all. Never in plain text.
namespace ConnectionProfiles {

QList<ConnectionProfile> load();
void save(const QList<ConnectionProfile>& profiles);

/// Keeps a secret in the keyring; `done` gets an Error when no keyring can take it.
void storeSecret(
    const QString& profile, const QString& secret, QObject* context, std::function<void(const Error&)> done);
/// The kept secret, or an Error when there is none or no keyring.
void loadSecret(const QString& profile, QObject* context, std::function<void(Result<QString>)> done);
void forgetSecret(const QString& profile);

} // namespace ConnectionProfiles

} // namespace H5Hdfs

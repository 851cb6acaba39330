// SPDX-License-Identifier: MIT
#pragma once

#include "connectionprofiles.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace H5Hdfs {

/// Saved connections: name, endpoint URLs (several for HA), authentication, user, DataNode host
/// map and CA file. Passwords and tokens are kept in the system keyring when asked to, never in
/// the settings file.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget* parent = nullptr);

    /// The profile as edited in the form, and its password or token.
    [[nodiscard]] ConnectionProfile profile() const;
    [[nodiscard]] QString secret() const;
    /// Saves the form as a profile (replacing one of the same name), and its secret if asked to.
    void saveProfile();
    void selectProfile(const QString& name);
    [[nodiscard]] QString statusText() const;

private:
    void showProfile(const ConnectionProfile& profile);
    void reloadList();

    QList<ConnectionProfile> m_profiles;
    QListWidget* m_list;
    QLineEdit* m_name;
    QPlainTextEdit* m_endpoints;
    QComboBox* m_auth;
    QLineEdit* m_user;
    QLineEdit* m_secret;
    QCheckBox* m_remember;
    QPlainTextEdit* m_map;
    QLineEdit* m_caFile;
    QLabel* m_status;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "connectiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>

namespace H5Hdfs {

ConnectionDialog::ConnectionDialog(QWidget* parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_endpoints(new QPlainTextEdit(this))
    , m_auth(new QComboBox(this))
    , m_user(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Keep it in the system keyring"), this))
    , m_map(new QPlainTextEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Connections"));
    m_auth->addItem(tr("Simple (user name)"), int(WebHdfsConfig::Auth::Simple));
    m_auth->addItem(tr("Kerberos (SPNEGO)"), int(WebHdfsConfig::Auth::Kerberos));
    m_auth->addItem(tr("HTTP Basic (Knox)"), int(WebHdfsConfig::Auth::Basic));
    m_auth->addItem(tr("Delegation token"), int(WebHdfsConfig::Auth::DelegationToken));
    m_endpoints->setPlaceholderText(
        tr("webhdfs://nn1:9870\nwebhdfs://nn2:9870   (one per line: HA NameNodes)"));
    m_endpoints->setMaximumHeight(70);
    m_map->setPlaceholderText(tr("dn7.cluster:9864=gateway:19864   (one per line)"));
    m_map->setMaximumHeight(60);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("password or token (not kept unless asked)"));
    m_user->setPlaceholderText(WebHdfsConfig::defaultUser());
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Endpoints"), m_endpoints);
    form->addRow(tr("Authentication"), m_auth);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("Password / token"), m_secret);
    form->addRow(QString(), m_remember);
    form->addRow(tr("DataNode host map"), m_map);
    form->addRow(tr("Extra CA file"), m_caFile);
    auto* buttons = new QDialogButtonBox(this);
    auto* save = buttons->addButton(tr("Save"), QDialogButtonBox::ActionRole);
    auto* remove = buttons->addButton(tr("Delete"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto* right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_status);
    right->addWidget(buttons);
    auto* layout = new QHBoxLayout(this);
    m_list->setMaximumWidth(180);
    layout->addWidget(m_list);
    layout->addLayout(right, 1);

    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString name = m_name->text().trimmed();
        m_profiles.removeIf([&](const ConnectionProfile& p) { return p.name == name; });
        ConnectionProfiles::save(m_profiles);
        ConnectionProfiles::forgetSecret(name);
        reloadList();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentTextChanged, this, &ConnectionDialog::selectProfile);
    m_profiles = ConnectionProfiles::load();
    reloadList();
    resize(720, 420);
}

void ConnectionDialog::reloadList()
{
    m_list->clear();
    for (const ConnectionProfile& p : std::as_const(m_profiles))
        m_list->addItem(p.name);
}

void ConnectionDialog::selectProfile(const QString& name)
{
    for (const ConnectionProfile& p : std::as_const(m_profiles)) {
        if (p.name == name)
            showProfile(p);
    }
}

void ConnectionDialog::showProfile(const ConnectionProfile& p)
{
    m_name->setText(p.name);
    m_endpoints->setPlainText(p.endpoints.join(QLatin1Char('\n')));
    m_auth->setCurrentIndex(m_auth->findData(int(p.auth)));
    m_user->setText(p.user);
    QStringList map;
    for (auto it = p.dataNodeMap.cbegin(); it != p.dataNodeMap.cend(); ++it)
        map << it.key() + QLatin1Char('=') + it.value();
    m_map->setPlainText(map.join(QLatin1Char('\n')));
    m_caFile->setText(p.caFile);
    m_secret->clear();
    m_remember->setChecked(false);
    ConnectionProfiles::loadSecret(p.name, this, [this](Result<QString> secret) {
        if (secret) {
            m_secret->setText(*secret);
            m_remember->setChecked(true);
        }
    });
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.endpoints = m_endpoints->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (QString& e : p.endpoints)
        e = e.trimmed();
    p.auth = WebHdfsConfig::Auth(m_auth->currentData().toInt());
    p.user = m_user->text().trimmed();
    for (const QString& line : m_map->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            p.dataNodeMap.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    p.caFile = m_caFile->text().trimmed();
    return p;
}

QString ConnectionDialog::secret() const
{
    return m_secret->text();
}

QString ConnectionDialog::statusText() const
{
    return m_status->text();
}

void ConnectionDialog::saveProfile()
{
    const ConnectionProfile p = profile();
    if (p.name.isEmpty()) {
        m_status->setText(tr("A connection needs a name."));
        return;
    }
    m_profiles.removeIf([&](const ConnectionProfile& existing) { return existing.name == p.name; });
    m_profiles.append(p);
    ConnectionProfiles::save(m_profiles);
    reloadList();
    m_status->setText(tr("Saved %1.").arg(p.name));
    if (!m_remember->isChecked() || m_secret->text().isEmpty()) {
        ConnectionProfiles::forgetSecret(p.name);
        return;
    }
    ConnectionProfiles::storeSecret(
        p.name, m_secret->text(), this, [this, name = p.name](const Error& error) {
            m_status->setText(error.isError() ? tr("Saved %1. %2.").arg(name, error.message)
                                              : tr("Saved %1, with its password in the keyring.").arg(name));
        });
}

} // namespace H5Hdfs

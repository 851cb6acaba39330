// SPDX-License-Identifier: MIT
#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace H5Hdfs {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent)
    , m_message(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setStyleSheet(
        QStringLiteral("#errorBanner { background: #fdecea; border: 1px solid #e0b4b0; border-radius: 4px; }"
                       "#errorBanner QLabel { color: #611a15; }"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setVisible(false);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_detail->setFont(mono);

    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_message, 1);
    top->addWidget(m_detailsButton);
    top->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_detail);

    connect(m_detailsButton, &QToolButton::toggled, m_detail, &QLabel::setVisible);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ErrorBanner::showError(const Error& error)
{
    if (!error.isError() || error.isCancelled())
        return;
    m_message->setText(error.message);
    m_detail->setText(error.detail);
    m_detailsButton->setVisible(!error.detail.isEmpty());
    m_detailsButton->setChecked(false);
    show();
}

QString ErrorBanner::message() const
{
    return isVisible() ? m_message->text() : QString();
}

} // namespace H5Hdfs

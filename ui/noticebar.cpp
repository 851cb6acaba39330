// SPDX-License-Identifier: MIT
#include "noticebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

namespace H5Hdfs {

NoticeBar::NoticeBar(QWidget* parent)
    : QFrame(parent)
    , m_message(new QLabel(this))
    , m_action(new QToolButton(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setStyleSheet(
        QStringLiteral("#noticeBar { background: #e8f3ea; border: 1px solid #b3d6ba; border-radius: 4px; }"
                       "#noticeBar QLabel { color: #1e4620; }"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_action);
    layout->addWidget(close);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &QWidget::hide);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_action, &QToolButton::clicked, this, [this] {
        if (m_run)
            m_run();
    });
    hide();
}

void NoticeBar::showNotice(const QString& message, const QString& actionText, std::function<void()> action)
{
    m_message->setText(message);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    m_run = std::move(action);
    show();
    m_timer->start(kShownMs);
}

QString NoticeBar::message() const
{
    return isVisible() ? m_message->text() : QString();
}

} // namespace H5Hdfs

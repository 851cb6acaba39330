// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>
#include <functional>

class QLabel;
class QTimer;
class QToolButton;

namespace H5Hdfs {

/// A quiet bar for what finished well (an export written): the message, at most one action
/// ("Open folder") and a close button. It goes by itself after a while; errors have ErrorBanner.
class NoticeBar : public QFrame {
    Q_OBJECT
public:
    explicit NoticeBar(QWidget* parent = nullptr);

    /// Shows `message`, with a button `actionText` that runs `action` (none when empty).
    void showNotice(const QString& message, const QString& actionText = {}, std::function<void()> action = {});
    /// The message shown, "" when hidden.
    [[nodiscard]] QString message() const;
    [[nodiscard]] QToolButton* actionButton() const { return m_action; }
    static constexpr int kShownMs = 20000;

private:
    QLabel* m_message;
    QToolButton* m_action;
    QTimer* m_timer;
    std::function<void()> m_run;
};

} // namespace H5Hdfs

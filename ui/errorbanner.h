// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <QFrame>

class QLabel;
class QToolButton;

namespace H5Hdfs {

/// The one place errors are shown: a non-modal bar with the message, and the expert detail
/// behind "Details". A cancel is not an error and is never shown here.
class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const Error& error);
    [[nodiscard]] QString message() const;

private:
    QLabel* m_message;
    QLabel* m_detail;
    QToolButton* m_detailsButton;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QHBoxLayout;
class QLineEdit;
class QStackedLayout;
class QToolButton;

namespace H5Hdfs {

/// The browser's path bar: breadcrumbs ("/ › data › ingest"), each a button to that directory,
/// and an editable line for typing a path. A click on the free space right of the crumbs, or
/// Ctrl+L (the window's Go > Location), switches to editing; Enter goes there, Escape or leaving the field switches back.
/// Crumbs that do not fit are folded into a leading "…" menu.
class PathBar : public QWidget {
    Q_OBJECT
public:
    explicit PathBar(QWidget* parent = nullptr);

    void setPath(const QString& path);
    [[nodiscard]] QString path() const { return m_path; }
    void startEditing();
    [[nodiscard]] bool isEditing() const;
    /// The crumb buttons now shown, root first (for tests and keyboard users).
    [[nodiscard]] QList<QToolButton*> crumbs() const { return m_crumbs; }
    [[nodiscard]] QLineEdit* editor() const { return m_editor; }

Q_SIGNALS:
    void pathRequested(const QString& path);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildCrumbs();
    void foldCrumbsToFit();
    void stopEditing();

    QString m_path;
    QStackedLayout* m_stack;
    QWidget* m_crumbArea;
    QHBoxLayout* m_crumbLayout;
    QToolButton* m_folded;
    QList<QToolButton*> m_crumbs;
    QLineEdit* m_editor;
};

} // namespace H5Hdfs

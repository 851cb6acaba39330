// SPDX-License-Identifier: MIT
#include "pathbar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QStackedLayout>
#include <QToolButton>

namespace H5Hdfs {

namespace {

/// "/a/b" → ["/", "/a", "/a/b"]: the directory each crumb leads to.
QStringList ancestorsOf(const QString& path)
{
    QStringList result {QStringLiteral("/")};
    QString prefix;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        prefix += QLatin1Char('/') + part;
        result << prefix;
    }
    return result;
}

QString crumbText(const QString& ancestor)
{
    return ancestor == QLatin1String("/") ? ancestor : ancestor.section(QLatin1Char('/'), -1);
}

/// Escape leaves the editor; it would otherwise do nothing in a QLineEdit.
class EscapeFilter : public QObject {
public:
    EscapeFilter(QObject* parent, std::function<void()> onEscape)
        : QObject(parent)
        , m_onEscape(std::move(onEscape))
    {
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            m_onEscape();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onEscape;
};

} // namespace

PathBar::PathBar(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_crumbArea(new QWidget(this))
    , m_crumbLayout(new QHBoxLayout(m_crumbArea))
    , m_folded(new QToolButton(m_crumbArea))
    , m_editor(new QLineEdit(this))
{
    m_crumbLayout->setContentsMargins(0, 0, 0, 0);
    m_crumbLayout->setSpacing(0);
    m_folded->setText(QStringLiteral("…"));
    m_folded->setAutoRaise(true);
    m_folded->setPopupMode(QToolButton::InstantPopup);
    m_folded->setToolTip(tr("Directories above"));
    m_folded->setMenu(new QMenu(m_folded));
    m_folded->hide();
    m_crumbLayout->addWidget(m_folded);
    m_crumbLayout->addStretch(1);
    m_crumbArea->setCursor(Qt::IBeamCursor);
    m_crumbArea->setToolTip(tr("Click here or press Ctrl+L to type a path"));
    m_editor->setPlaceholderText(tr("HDFS path"));
    m_editor->installEventFilter(new EscapeFilter(this, [this] { stopEditing(); }));
    m_stack->addWidget(m_crumbArea);
    m_stack->addWidget(m_editor);
    setFocusPolicy(Qt::NoFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumWidth(80);

    connect(m_editor, &QLineEdit::returnPressed, this, [this] {
        const QString typed = m_editor->text().trimmed();
        stopEditing();
        if (!typed.isEmpty())
            Q_EMIT pathRequested(typed);
    });
    connect(m_editor, &QLineEdit::editingFinished, this, [this] {
        if (!m_editor->hasFocus())
            stopEditing();
    });
    // Ctrl+L is the window's Go > Location action (a shortcut here as well would make it ambiguous).
}

void PathBar::setPath(const QString& path)
{
    m_path = path;
    m_editor->setText(path);
    rebuildCrumbs();
}

void PathBar::startEditing()
{
    m_editor->setText(m_path);
    m_stack->setCurrentWidget(m_editor);
    m_editor->setFocus(Qt::ShortcutFocusReason);
    m_editor->selectAll();
}

bool PathBar::isEditing() const
{
    return m_stack->currentWidget() == m_editor;
}

void PathBar::stopEditing()
{
    m_stack->setCurrentWidget(m_crumbArea);
}

void PathBar::mousePressEvent(QMouseEvent* event)
{
    // Clicks on a crumb go to the button; what reaches here hit the free space.
    QWidget::mousePressEvent(event);
    if (!isEditing())
        startEditing();
}

void PathBar::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    foldCrumbsToFit();
}

void PathBar::rebuildCrumbs()
{
    qDeleteAll(m_crumbs);
    m_crumbs.clear();
    const QStringList ancestors = ancestorsOf(m_path);
    for (int i = 0; i < ancestors.size(); ++i) {
        const QString& target = ancestors[i];
        auto* crumb = new QToolButton(m_crumbArea);
        crumb->setAutoRaise(true);
        crumb->setText(i == 0 || i == ancestors.size() - 1 ? crumbText(target)
                                                           : crumbText(target) + QStringLiteral(" ›"));
        if (i == 0 && ancestors.size() > 1)
            crumb->setText(QStringLiteral("/ ›"));
        crumb->setToolTip(target);
        crumb->setCursor(Qt::PointingHandCursor);
        if (i == ancestors.size() - 1) {
            QFont bold = crumb->font();
            bold.setBold(true);
            crumb->setFont(bold);
        }
        connect(crumb, &QToolButton::clicked, this, [this, target] { Q_EMIT pathRequested(target); });
        m_crumbLayout->insertWidget(1 + i, crumb); // after the "…" button, before the stretch
        m_crumbs << crumb;
    }
    foldCrumbsToFit();
}

void PathBar::foldCrumbsToFit()
{
    // Hide crumbs from the root down until the rest fits; the hidden ones go into the "…" menu.
    // The last crumb, the current directory, always stays.
    const int available = contentsRect().width();
    int width = 0;
    for (QToolButton* crumb : m_crumbs)
        width += crumb->sizeHint().width();
    if (width > available)
        width += m_folded->sizeHint().width();
    QMenu* menu = m_folded->menu();
    menu->clear();
    int hidden = 0;
    while (width > available && hidden < m_crumbs.size() - 1) {
        width -= m_crumbs[hidden]->sizeHint().width();
        ++hidden;
    }
    for (int i = 0; i < m_crumbs.size(); ++i) {
        m_crumbs[i]->setVisible(i >= hidden);
        if (i < hidden) {
            const QString target = m_crumbs[i]->toolTip();
            menu->addAction(target, this, [this, target] { Q_EMIT pathRequested(target); });
        }
    }
    m_folded->setVisible(hidden > 0);
}

} // namespace H5Hdfs

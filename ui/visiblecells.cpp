// SPDX-License-Identifier: MIT
#include "visiblecells.h"

#include "datasettablemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>

namespace H5Hdfs {

VisibleCells::VisibleCells(QTableView* view)
    : QObject(view)
    , m_view(view)
{
    for (QScrollBar* bar : {view->verticalScrollBar(), view->horizontalScrollBar()}) {
        connect(bar, &QScrollBar::valueChanged, this, &VisibleCells::report);
        connect(bar, &QScrollBar::rangeChanged, this, &VisibleCells::report);
    }
    connect(view->horizontalHeader(), &QHeaderView::sectionResized, this, &VisibleCells::reportSoon);
    view->viewport()->installEventFilter(this);
}

bool VisibleCells::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize)
        report(); // more or fewer rows and columns fit
    return QObject::eventFilter(watched, event);
}

void VisibleCells::reportSoon()
{
    if (m_reportPending)
        return;
    m_reportPending = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_reportPending = false;
            report();
        },
        Qt::QueuedConnection);
}

void VisibleCells::report()
{
    auto* table = qobject_cast<DatasetTableModel*>(m_view->model());
    const QWidget* viewport = m_view->viewport();
    const int firstRow = m_view->rowAt(0);
    const int firstColumn = m_view->columnAt(0);
    if (!table || firstRow < 0 || firstColumn < 0)
        return; // no cells on screen: nothing to keep near
    // -1 past the last row or column: the table ends before the viewport does.
    const int lastRow = m_view->rowAt(viewport->height() - 1);
    const int lastColumn = m_view->columnAt(viewport->width() - 1);
    table->setVisibleRange(firstRow, lastRow < 0 ? table->rowCount() - 1 : lastRow, firstColumn,
        lastColumn < 0 ? table->columnCount() - 1 : lastColumn);
}

} // namespace H5Hdfs

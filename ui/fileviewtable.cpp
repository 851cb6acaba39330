// SPDX-License-Identifier: MIT
// FileView: how the table shows its cells (widths, one line, the index), sorting, Go to row,
// statistics.
#include "fileview.h"

#include "columnwidths.h"
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "elidedcelldelegate.h"
#include "plotpanel.h"
#include "statisticspanel.h"
#include "table/roworder.h"
#include "tablesortjob.h"
#include "visiblecells.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QShortcut>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

namespace H5Hdfs {

void FileView::setUpTableDisplay()
{
    m_tableView->setItemDelegate(new ElidedCellDelegate(m_tableView));
    m_tableView->setWordWrap(false);
    m_tableView->setTextElideMode(Qt::ElideRight);
    // Blocks asked for while scrolling past them are withdrawn once they are off screen.
    m_visibleCells = new VisibleCells(m_tableView);
    m_statistics = new StatisticsPanel(m_service, m_file, this);
    connect(m_statistics, &StatisticsPanel::errorOccurred, this, &FileView::errorOccurred);
    m_panels->addTab(m_statistics, tr("Statistics"));
    m_plotPanel = new PlotPanel(m_service, m_file, this);
    connect(m_plotPanel, &PlotPanel::errorOccurred, this, &FileView::errorOccurred);
    // The Plot tab's frame slider leads the table's, as the table's leads the plot.
    connect(m_plotPanel, &PlotPanel::viewChosen, m_dimensions, &DimensionPicker::setView);
    m_panels->addTab(m_plotPanel, tr("Plot"));

    auto* goTo = new QToolButton(this);
    goTo->setText(tr("Go to row…"));
    goTo->setToolTip(tr("Scroll the table to a row (Ctrl+G)"));
    if (m_tableBar)
        m_tableBar->insertWidget(m_tableBar->indexOf(m_rawTables), goTo);
    connect(goTo, &QToolButton::clicked, this, &FileView::askForRow);
    m_sortLabel = new QLabel(this);
    m_sortLabel->hide();
    if (m_tableBar)
        m_tableBar->insertWidget(m_tableBar->indexOf(goTo) + 1, m_sortLabel);
    // A click on a column's header sorts by it (ascending, descending, stored order), where the
    // table is small enough; it still selects the column.
    QHeaderView* header = m_tableView->horizontalHeader();
    header->setSectionsClickable(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &FileView::sortTable);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_G), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &FileView::askForRow);
}

void FileView::onTableReplaced()
{
    // A DataFrame's index labels its rows, as pandas prints it: row numbers beside it say nothing more.
    const bool ownIndex = m_table && m_table->namedTable() && m_table->namedTable()->indexColumns > 0;
    m_tableView->verticalHeader()->setVisible(!ownIndex);
    resetSorting();
    sizeTableColumns();
    if (m_visibleCells)
        m_visibleCells->report(); // the new table learns what the view shows before it scrolls
    if (m_table)
        connect(m_table, &DatasetTableModel::windowMoved, this, &FileView::sizeTableColumns);
    if (!m_table)
        m_statistics->clear(tr("%1 is neither a dataset nor a DataFrame: no statistics.").arg(m_tableInfo.path));
    else
        m_statistics->setTable(m_table->tableRef());
    // The plot follows the table: its object, its dimension choice and frame.
    if (!m_table) {
        m_plotPanel->clear(tr("%1 is neither a dataset nor a DataFrame: nothing to plot.").arg(m_tableInfo.path));
    } else if (m_table->namedTable()) {
        m_plotPanel->setNamedTable(m_tableInfo, *m_table->namedTable());
    } else {
        ObjectInfo shown = m_tableInfo;
        shown.dataset = m_table->datasetInfo();
        m_plotPanel->setDataset(shown, m_dimensions->view());
    }
}

void FileView::sizeTableColumns()
{
    if (m_table)
        ColumnWidths::apply(*m_tableView, *m_table, m_numberFormat, m_precision);
}

void FileView::goToRow(qint64 position)
{
    if (!m_table || m_table->totalRows() == 0)
        return;
    const QModelIndex current = m_tableView->currentIndex();
    const qint64 column = m_table->columnOffset() + (current.isValid() ? current.column() : 0);
    showCell(qBound<qint64>(0, position, m_table->totalRows() - 1), column);
    m_tableView->scrollTo(m_tableView->currentIndex(), QAbstractItemView::PositionAtCenter);
}

void FileView::askForRow()
{
    if (!m_table || m_table->totalRows() == 0)
        return;
    const qint64 last = m_table->totalRows() - 1;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to row"),
        tr("Row, 0 to %L1 (rows are counted from 0, in the order shown):").arg(last), QLineEdit::Normal,
        QString(), &ok);
    if (!ok)
        return;
    QString digits = text.trimmed();
    digits.remove(QLocale().groupSeparator()).remove(QLatin1Char(',')).remove(QLatin1Char('_'));
    digits.remove(QLatin1Char(' '));
    const qint64 row = digits.toLongLong(&ok);
    if (!ok || row < 0) {
        Q_EMIT errorOccurred(Error(Error::Code::InvalidArgument,
            tr("\"%1\" is not a row number: type a whole number from 0 to %L2.").arg(text).arg(last)));
        return;
    }
    goToRow(row);
}

void FileView::resetSorting()
{
    m_sortJob = {}; // a sort of the table shown before
    m_sortColumn = -1;
    m_sortLabel->hide();
    QHeaderView* header = m_tableView->horizontalHeader();
    const QSignalBlocker blocker(header);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    const bool sortable = m_table && m_table->totalRows() > 1 && m_table->totalRows() <= RowOrder::kMaxSortedRows;
    header->setSortIndicatorShown(sortable);
    header->setToolTip(sortable ? tr("Click a column's name to sort by it: ascending, descending, stored order")
                                : QString());
}

void FileView::sortTable(int column, Qt::SortOrder order)
{
    if (!m_table || m_table->totalRows() > RowOrder::kMaxSortedRows || column < 0
        || column >= m_table->columnCount())
        return;
    const qint64 trueColumn = m_table->columnOffset() + column;
    const QString name = m_table->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    m_sortJob = {};
    if (trueColumn == m_sortColumn && m_sortDescending && order == Qt::AscendingOrder) {
        // The third click on a column: back to the stored order.
        m_sortColumn = -1;
        m_table->setRowOrder(nullptr);
        m_sortLabel->hide();
        QHeaderView* header = m_tableView->horizontalHeader();
        const QSignalBlocker blocker(header);
        header->setSortIndicator(-1, Qt::AscendingOrder);
        return;
    }
    const bool descending = order == Qt::DescendingOrder;
    m_sortLabel->setText(tr("Sorting by %1…").arg(name));
    m_sortLabel->show();
    m_sortJob = sortRows(m_table->storedSourceFactory(), trueColumn, descending, this,
        [this, trueColumn, descending](Result<SharedRowOrder>&& sorted) {
            onSorted(std::move(sorted), trueColumn, descending);
        });
}

void FileView::onSorted(Result<SharedRowOrder>&& order, qint64 column, bool descending)
{
    if (!order) {
        m_sortLabel->hide();
        if (order.error().code != Error::Code::Cancelled)
            Q_EMIT errorOccurred(order.error());
        return;
    }
    m_sortColumn = column;
    m_sortDescending = descending;
    m_table->setRowOrder(std::move(*order));
    const QString name = m_table->headerData(int(m_sortColumn - m_table->columnOffset()), Qt::Horizontal,
        Qt::DisplayRole).toString();
    m_sortLabel->setText(m_sortDescending ? tr("Sorted by %1, descending").arg(name)
                                          : tr("Sorted by %1, ascending").arg(name));
}

} // namespace H5Hdfs

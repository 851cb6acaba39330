// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QTableView;

namespace H5Hdfs {

/// Tells the DatasetTableModel a table view shows which cells are on screen whenever the view
/// scrolls, resizes or sizes its columns, so that the model withdraws the blocks it asked for
/// on the way and no longer needs (a fast scroll through 10^6 rows reads where it stops).
class VisibleCells : public QObject {
    Q_OBJECT
public:
    /// Watches `view` (its parent): its scroll bars, viewport and column widths.
    explicit VisibleCells(QTableView* view);

    /// Reports the cells on screen to the view's model now, if it is a DatasetTableModel with
    /// cells; the view's owner calls it after giving the view another model.
    void report();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// A report after the events at hand: column widths change one section at a time.
    void reportSoon();

    QTableView* m_view;
    bool m_reportPending = false;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace H5Hdfs {

/// Shows the whole text of a cell as a tooltip when it was cut. The view draws cells on one line
/// (wordWrap off: a wrapped number too wide for its column lost its leading digits), cut at the
/// right with a visible "…" (Qt::ElideRight).
class ElidedCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    /// True when the cell's text does not fit its rectangle in `option`.
    [[nodiscard]] bool isElided(const QStyleOptionViewItem& option, const QModelIndex& index) const;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
        const QModelIndex& index) override;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// A file view's layout that follows its content and stays put: tree columns as wide as what they
// show, and one tree/detail split for every file, kept as a fraction so that it survives other
// window sizes and does not jump when a tab opens or is switched to.
#include "fileview.h"

#include "h5treemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QTreeView>

namespace H5Hdfs {

namespace {

const QString kSplitKey = QStringLiteral("window/fileSplitFraction");
constexpr double kDefaultTreeFraction = 0.4; // room for name, kind, shape and type of a usual file
// Past these a column is cut (a long name, a link's target in its kind): the others stay in view.
constexpr int kMaxNameWidth = 360;
constexpr int kMaxKindWidth = 150;
constexpr int kMaxShapeWidth = 170;

int widthLimit(int column)
{
    switch (column) {
    case H5TreeModel::NameColumn:
        return kMaxNameWidth;
    case H5TreeModel::KindColumn:
        return kMaxKindWidth;
    default:
        return kMaxShapeWidth;
    }
}

double treeFraction()
{
    const double f = QSettings().value(kSplitKey, kDefaultTreeFraction).toDouble();
    return qBound(0.0, f, 0.9);
}

/// Applies the shared fraction at every resize and show of one splitter (at its real size, so
/// nothing jumps), and saves it when the user moves the handle.
class SharedSplit : public QObject {
public:
    explicit SharedSplit(QSplitter* splitter)
        : QObject(splitter)
        , m_splitter(splitter)
    {
        splitter->installEventFilter(this);
        connect(splitter, &QSplitter::splitterMoved, this, [this] {
            const QList<int> sizes = m_splitter->sizes();
            const int total = sizes.value(0) + sizes.value(1);
            if (total > 0)
                QSettings().setValue(kSplitKey, double(sizes.value(0)) / total);
        });
    }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
            apply();
        return QObject::eventFilter(watched, event);
    }

private:
    void apply()
    {
        const int total = m_splitter->width() - m_splitter->handleWidth();
        if (total <= 0)
            return;
        const int tree = int(total * treeFraction());
        m_splitter->setSizes({tree, total - tree});
    }

    QSplitter* m_splitter;
};

} // namespace

void FileView::sizeTreeColumnsToContent()
{
    QHeaderView* header = m_tree->header();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true); // the type takes what is left
    // Columns only grow (a width the user chose is kept), as listed groups bring longer names,
    // kinds ("DataFrame") and shapes.
    auto grow = [this, header] {
        for (const int column : {H5TreeModel::NameColumn, H5TreeModel::KindColumn, H5TreeModel::ShapeColumn}) {
            const int before = header->sectionSize(column);
            m_tree->resizeColumnToContents(column);
            const int wanted = qMin(header->sectionSize(column), widthLimit(column));
            header->resizeSection(column, qMax(before, wanted));
        }
    };
    connect(m_model, &H5TreeModel::loaded, this, grow, Qt::QueuedConnection); // after the view laid them out
    connect(m_tree, &QTreeView::expanded, this, grow, Qt::QueuedConnection);
}

void FileView::shareSplit(QSplitter* splitter)
{
    splitter->setObjectName(QStringLiteral("fileSplit"));
    splitter->setChildrenCollapsible(false);
    new SharedSplit(splitter);
}

} // namespace H5Hdfs

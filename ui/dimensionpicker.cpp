// SPDX-License-Identifier: MIT
#include "dimensionpicker.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace H5Hdfs {

DimensionPicker::DimensionPicker(QWidget* parent)
    : QWidget(parent)
    , m_rows(new QComboBox(this))
    , m_columns(new QComboBox(this))
    , m_indices(new QHBoxLayout)
{
    for (QComboBox* box : {m_rows, m_columns}) { // as wide as their text, also when no slider takes the room
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        box->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    }
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Rows"), this));
    layout->addWidget(m_rows);
    layout->addWidget(new QLabel(tr("Columns"), this));
    layout->addWidget(m_columns);
    layout->addLayout(m_indices, 1);
    connect(m_rows, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (!m_updating)
            chooseDimensions(row, m_columns->currentIndex());
    });
    connect(m_columns, &QComboBox::currentIndexChanged, this, [this](int column) {
        if (!m_updating)
            chooseDimensions(m_rows->currentIndex(), column);
    });
    hide();
}

void DimensionPicker::setShape(const QList<qint64>& shape, const QStringList& names)
{
    m_shape = shape;
    m_names = names;
    m_view = DimView::defaultFor(int(shape.size()));
    m_updating = true;
    m_rows->clear();
    m_columns->clear();
    for (int d = 0; d < shape.size(); ++d) {
        const QString label = tr("%1 (%2)").arg(dimensionName(d)).arg(shape[d]);
        m_rows->addItem(label);
        m_columns->addItem(label);
    }
    m_rows->setCurrentIndex(m_view.rowDim);
    m_columns->setCurrentIndex(m_view.colDim);
    m_updating = false;
    rebuildIndexControls();
    setVisible(shape.size() >= 2);
}

QString DimensionPicker::dimensionName(int d) const
{
    const QString name = m_names.value(d);
    return name.isEmpty() ? tr("dim %1").arg(d) : name;
}

void DimensionPicker::setView(const DimView& view)
{
    m_updating = true;
    m_rows->setCurrentIndex(view.rowDim);
    m_columns->setCurrentIndex(view.colDim);
    m_updating = false;
    m_view = view;
    if (m_view.index.size() != m_shape.size())
        m_view.index = QList<qint64>(m_shape.size(), 0);
    rebuildIndexControls();
    Q_EMIT viewChanged(m_view);
}

void DimensionPicker::chooseDimensions(int rowDim, int colDim)
{
    if (rowDim == colDim) {
        // Picking the other side's dimension swaps the two, so rows and columns never coincide.
        const int other = rowDim == m_view.rowDim ? m_view.colDim : m_view.rowDim;
        if (sender() == m_rows)
            colDim = m_view.rowDim == rowDim ? other : m_view.rowDim;
        else
            rowDim = m_view.colDim == colDim ? other : m_view.colDim;
    }
    DimView view = m_view;
    view.rowDim = rowDim;
    view.colDim = colDim;
    setView(view);
}

void DimensionPicker::rebuildIndexControls()
{
    while (QLayoutItem* item = m_indices->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int d = 0; d < m_shape.size(); ++d)
        if (d != m_view.rowDim && d != m_view.colDim)
            addIndexControls(d);
    m_indices->addStretch(0); // spare width, when no slider takes it, stays at the end
}

void DimensionPicker::addIndexControls(int d)
{
    // A dimension may be longer than an int counts: the slider moves in at most 2^30 steps over
    // it, and the spin box (a double, exact to 2^53) takes any index.
    const qint64 last = qMax<qint64>(0, m_shape[d] - 1);
    const int steps = int(qMin<qint64>(last, 1 << 30));
    const auto indexAt = [last, steps](int value) {
        return steps == 0 ? 0 : qint64(static_cast<__int128>(value) * last / steps);
    };
    const auto valueAt = [last, steps](qint64 index) {
        return steps == 0 ? 0 : int(static_cast<__int128>(index) * steps / last);
    };
    auto* label = new QLabel(dimensionName(d), this);
    auto* slider = new QSlider(Qt::Horizontal, this);
    auto* spin = new QDoubleSpinBox(this);
    spin->setDecimals(0);
    spin->setRange(0, double(qMin<qint64>(last, qint64(1) << 53)));
    slider->setRange(0, steps);
    slider->setValue(valueAt(m_view.index.value(d)));
    spin->setValue(double(m_view.index.value(d)));
    slider->setMinimumWidth(80);
    connect(slider, &QSlider::valueChanged, spin, [spin, indexAt](int value) {
        if (spin->value() != double(indexAt(value))) // not when the spin box moved the slider
            spin->setValue(double(indexAt(value)));
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, d, slider, valueAt](double value) {
        const QSignalBlocker blocker(slider); // its rounded position must not move the index back
        slider->setValue(valueAt(qint64(value)));
        m_view.index[d] = qint64(value);
        Q_EMIT viewChanged(m_view);
    });
    m_indices->addWidget(label);
    m_indices->addWidget(slider, 1);
    m_indices->addWidget(spin);
}

} // namespace H5Hdfs

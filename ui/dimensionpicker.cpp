// SPDX-License-Identifier: MIT
#include "dimensionpicker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>

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

void DimensionPicker::setShape(const QList<qint64>& shape)
{
    m_shape = shape;
    m_view = DimView::defaultFor(int(shape.size()));
    m_updating = true;
    m_rows->clear();
    m_columns->clear();
    for (int d = 0; d < shape.size(); ++d) {
        const QString label = tr("dim %1 (%2)").arg(d).arg(shape[d]);
        m_rows->addItem(label);
        m_columns->addItem(label);
    }
    m_rows->setCurrentIndex(m_view.rowDim);
    m_columns->setCurrentIndex(m_view.colDim);
    m_updating = false;
    rebuildIndexControls();
    setVisible(shape.size() >= 2);
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
    for (int d = 0; d < m_shape.size(); ++d) {
        if (d == m_view.rowDim || d == m_view.colDim)
            continue;
        auto* label = new QLabel(tr("dim %1").arg(d), this);
        auto* slider = new QSlider(Qt::Horizontal, this);
        auto* spin = new QSpinBox(this);
        const int last = int(qMin<qint64>(m_shape[d] - 1, std::numeric_limits<int>::max()));
        slider->setRange(0, last);
        spin->setRange(0, last);
        slider->setValue(int(m_view.index.value(d)));
        spin->setValue(int(m_view.index.value(d)));
        slider->setMinimumWidth(80);
        connect(slider, &QSlider::valueChanged, spin, &QSpinBox::setValue);
        connect(spin, &QSpinBox::valueChanged, slider, &QSlider::setValue);
        connect(spin, &QSpinBox::valueChanged, this, [this, d](int value) {
            m_view.index[d] = value;
            Q_EMIT viewChanged(m_view);
        });
        m_indices->addWidget(label);
        m_indices->addWidget(slider, 1);
        m_indices->addWidget(spin);
    }
    m_indices->addStretch(0); // spare width, when no slider takes it, stays at the end
}

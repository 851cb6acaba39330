// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QSlider;
class QSpinBox;

namespace H5Hdfs {

/// Chooses the 2-D view of an N-D dataset: which dimension is rows, which is columns, and an index
/// (slider and spin box, both past 2^31 too) for each of the others. Hidden for datasets of rank below 2.
class DimensionPicker : public QWidget {
    Q_OBJECT
public:
    explicit DimensionPicker(QWidget* parent = nullptr);

    /// `names`: the dimensions' names where known (a netCDF variable's "time", "lat", "lon").
    void setShape(const QList<qint64>& shape, const QStringList& names = {});
    [[nodiscard]] DimView view() const { return m_view; }
    /// Chooses the view from code (tests, restoring a view); emits viewChanged when it changes.
    void setView(const DimView& view);

Q_SIGNALS:
    void viewChanged(const DimView& view);

private:
    void rebuildIndexControls();
    /// A slider and spin box choosing the index along dimension `d`.
    void addIndexControls(int d);
    void chooseDimensions(int rowDim, int colDim);

    /// "lat", or "dim 1" for a dimension without a name.
    [[nodiscard]] QString dimensionName(int d) const;

    QList<qint64> m_shape;
    QStringList m_names;
    DimView m_view;
    QComboBox* m_rows;
    QComboBox* m_columns;
    QHBoxLayout* m_indices;
    bool m_updating = false;
};

} // namespace H5Hdfs

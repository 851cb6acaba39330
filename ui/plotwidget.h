// SPDX-License-Identifier: MIT
#pragma once

#include "plotscene.h"

#include <QWidget>

class QRubberBand;

namespace H5Hdfs {

/// Draws a PlotScene and turns the mouse into zoom and pan: a rubber band (left button) or the wheel
/// zooms, dragging with the middle button or Shift+left pans, a double click resets. It never reads
/// data itself: zooming asks for a new range (rangeRequested), which the owner reads and sets.
class PlotWidget : public QWidget {
    Q_OBJECT
public:
    explicit PlotWidget(QWidget* parent = nullptr);

    void setScene(const PlotScene& scene);
    [[nodiscard]] const PlotScene& scene() const { return m_scene; }
    /// Where the last paint put the data (for tests and the value under the cursor).
    [[nodiscard]] const PlotFrame& frame() const { return m_frame; }
    /// A text for the position: "row 1,234: -0.5 … 0.8", "row 3, column 7: 12.5".
    [[nodiscard]] QString describe(QPointF pixel) const;
    /// The picture as an image of the widget's size.
    [[nodiscard]] QImage picture() const;

Q_SIGNALS:
    /// The user asked to see data x in [x0, x1) (rows of a line, columns of an image) and, for
    /// images, y in [y0, y1) (rows).
    void rangeRequested(double x0, double x1, double y0, double y1);
    void resetRequested();
    void hovered(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    /// Asks for the area's current data range scaled by `factor` around `centre` and shifted by `shift` pixels.
    void requestView(QPointF centre, double factor, QPointF shift = {});

    PlotScene m_scene;
    PlotFrame m_frame;
    QRubberBand* m_band = nullptr;
    QPoint m_pressed;
    bool m_panning = false;
};

} // namespace H5Hdfs

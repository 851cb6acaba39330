// SPDX-License-Identifier: MIT
#include "plotwidget.h"

#include "plotrenderer.h"
#include "timeaxis.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <cmath>

namespace H5Hdfs {

PlotWidget::PlotWidget(QWidget* parent)
    : QWidget(parent)
    , m_band(new QRubberBand(QRubberBand::Rectangle, this))
{
    setMouseTracking(true);
    setMinimumSize(200, 150);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void PlotWidget::setScene(const PlotScene& scene)
{
    m_scene = scene;
    update();
}

QImage PlotWidget::picture() const
{
    return PlotRenderer::render(m_scene, size());
}

void PlotWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    m_frame = PlotRenderer::paint(painter, rect(), m_scene);
}

QString PlotWidget::describe(QPointF pixel) const
{
    if (!m_frame.isValid() || !m_frame.area.contains(pixel))
        return {};
    const QPointF at = m_frame.toData(pixel);
    const QLocale locale;
    const auto number = [](double v) { return QString::number(v, 'g', 7); };
    switch (m_scene.kind) {
    case PlotRequest::Kind::Line: {
        QStringList parts;
        const qint64 row = std::llround(at.x());
        bool byX = false, xTime = false;
        for (const LineSeries& s : m_scene.lines) {
            const qint64 n = s.data.mins.size();
            qint64 bucket = 0;
            byX = s.data.byX;
            xTime = s.data.xTime;
            if (byX) {
                if (n == 0 || !(at.x() >= s.data.xMin && at.x() <= s.data.xMax))
                    continue;
                bucket = std::min(n - 1, qint64((at.x() - s.data.xMin) / (s.data.xMax - s.data.xMin) * double(n)));
                if (!s.data.bucketHasRows(bucket))
                    continue;
            } else {
                if (n == 0 || row < s.data.rowStart || row >= s.data.rowStart + s.data.rowCount)
                    continue;
                bucket = qint64(__int128(row - s.data.rowStart) * n / s.data.rowCount);
            }
            const double lo = s.data.mins[bucket], hi = s.data.maxs[bucket];
            const QString value = std::isnan(lo) ? QStringLiteral("NaN") : lo == hi ? number(lo) : number(lo) + QStringLiteral(" … ") + number(hi);
            parts << (m_scene.lines.size() > 1 ? s.name + QStringLiteral(" ") : QString()) + value;
        }
        if (byX)
            return tr("%1: %2").arg(xTime ? TimeAxis::fullText(at.x()) : number(at.x()), parts.join(QStringLiteral(", ")));
        return tr("row %1: %2").arg(locale.toString(row), parts.join(QStringLiteral(", ")));
    }
    case PlotRequest::Kind::Image: {
        const PlotData& d = m_scene.data;
        const qint64 row = qint64(std::floor(at.y())), col = qint64(std::floor(at.x()));
        if (row < d.rowStart || row >= d.rowStart + d.rowCount || col < d.colStart || col >= d.colStart + d.colCount)
            return {};
        const qint64 pr = (row - d.rowStart) / d.rowStep, pc = (col - d.colStart) / d.colStep;
        if (pr >= d.imageRows || pc >= d.imageCols || d.pixels.size() != d.planes * d.imageRows * d.imageCols)
            return {};
        QStringList values;
        for (int plane = 0; plane < d.planes; ++plane)
            values << number(d.pixel(plane, pr, pc));
        const QString how = d.rowStep > 1 || d.colStep > 1 ? (d.blockMean ? tr(" (mean of %1 × %2)").arg(d.rowStep).arg(d.colStep) : tr(" (every %1th)").arg(std::max(d.rowStep, d.colStep))) : QString();
        return tr("row %1, column %2: %3%4").arg(locale.toString(row), locale.toString(col), values.join(QStringLiteral(", ")), how);
    }
    case PlotRequest::Kind::Histogram: {
        const PlotData& d = m_scene.data;
        const qsizetype n = d.counts.size();
        if (n == 0 || at.x() < d.binMin || at.x() > d.binMax)
            return {};
        const qsizetype bin = std::min<qsizetype>(n - 1, qsizetype((at.x() - d.binMin) / (d.binMax - d.binMin) * double(n)));
        const double w = (d.binMax - d.binMin) / double(n);
        return tr("[%1, %2): %3 values").arg(number(d.binMin + w * double(bin)), number(d.binMin + w * double(bin + 1)), locale.toString(d.counts[bin]));
    }
    }
    return {};
}

void PlotWidget::mousePressEvent(QMouseEvent* event)
{
    m_pressed = event->position().toPoint();
    m_panning = event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (!m_panning && event->button() == Qt::LeftButton) {
        m_band->setGeometry(QRect(m_pressed, QSize()));
        m_band->show();
    }
}

void PlotWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint p = event->position().toPoint();
    if (m_band->isVisible())
        m_band->setGeometry(QRect(m_pressed, p).normalized());
    Q_EMIT hovered(describe(event->position()));
}

void PlotWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint p = event->position().toPoint();
    if (m_panning) {
        m_panning = false;
        if (p != m_pressed)
            requestView(m_frame.area.center(), 1.0, QPointF(m_pressed - p));
        return;
    }
    if (!m_band->isVisible())
        return;
    m_band->hide();
    const QRect box = QRect(m_pressed, p).normalized();
    if (box.width() < 4 || !m_frame.isValid() || m_scene.kind == PlotRequest::Kind::Histogram)
        return;
    const QPointF a = m_frame.toData(box.topLeft()), b = m_frame.toData(box.bottomRight());
    Q_EMIT rangeRequested(std::min(a.x(), b.x()), std::max(a.x(), b.x()), std::min(a.y(), b.y()), std::max(a.y(), b.y()));
}

void PlotWidget::mouseDoubleClickEvent(QMouseEvent*)
{
    Q_EMIT resetRequested();
}

void PlotWidget::wheelEvent(QWheelEvent* event)
{
    if (event->angleDelta().y() == 0 || m_scene.kind == PlotRequest::Kind::Histogram)
        return;
    requestView(event->position(), event->angleDelta().y() > 0 ? 0.8 : 1.25);
}

void PlotWidget::requestView(QPointF centre, double factor, QPointF shift)
{
    if (!m_frame.isValid())
        return;
    const QRectF area = m_frame.area;
    const QPointF c = centre + shift;
    const QPointF topLeft = c + (area.topLeft() - centre) * factor;
    const QPointF bottomRight = c + (area.bottomRight() - centre) * factor;
    const QPointF a = m_frame.toData(topLeft), b = m_frame.toData(bottomRight);
    Q_EMIT rangeRequested(std::min(a.x(), b.x()), std::max(a.x(), b.x()), std::min(a.y(), b.y()), std::max(a.y(), b.y()));
}

} // namespace H5Hdfs

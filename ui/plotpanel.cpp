// SPDX-License-Identifier: MIT
#include "plotpanel.h"

#include "colormap.h"
#include "dimensionpicker.h"
#include "plotchoice.h"
#include "plotrenderer.h"
#include "plotwidget.h"
#include "timeaxis.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSettings>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace H5Hdfs {

PlotPanel::PlotPanel(H5Service& service, H5Service::FileId file, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_file(file)
    , m_plot(new PlotWidget(this))
    , m_kind(new QComboBox(this))
    , m_colormap(new QComboBox(this))
    , m_clip(new QComboBox(this))
    , m_log(new QCheckBox(tr("Log"), this))
    , m_reset(new QToolButton(this))
    , m_save(new QToolButton(this))
    , m_copy(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_hover(new QLabel(this))
{
    m_kind->setToolTip(tr("Line, image or histogram; remembered for data of the same kind"));
    m_colormap->addItems(Colormap::names());
    m_colormap->setToolTip(tr("Image colours"));
    m_clip->addItem(tr("Full range"), 0.0);
    m_clip->addItem(tr("Clip 1%"), 1.0);
    m_clip->addItem(tr("Clip 5%"), 5.0);
    m_clip->setToolTip(tr("Image colours from this percentile of the values to 100 minus it"));
    m_log->setToolTip(tr("Log scale: image values, line values or histogram counts"));
    m_reset->setText(tr("Reset"));
    m_reset->setToolTip(tr("Show all the data again (or double-click the plot)"));
    m_save->setText(tr("Save as…"));
    m_save->setToolTip(tr("Save the picture as PNG or SVG"));
    m_copy->setText(tr("Copy image"));
    m_plot->setToolTip(tr("Drag to zoom, wheel to zoom, Shift+drag or middle button to pan, double-click to reset"));
    m_x = new QComboBox(this);
    m_x->setToolTip(tr("What the lines run along: the row number or a column (a time column as time)"));
    m_x->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_frames = new DimensionPicker(this);
    m_frames->setContentsMargins(6, 0, 6, 0);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("plotProgress"));
    m_progress->setMaximumWidth(120);
    m_progress->setTextVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("plotCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop reading this picture"));
    showProgress(false);
    // A tool bar, not a row layout: when the panel is narrow its controls fold behind the bar's »
    // button instead of the controls' widths squeezing the tree beside the panel.
    auto* bar = new QToolBar(this);
    bar->setContentsMargins(4, 2, 4, 2);
    for (QWidget* w : {static_cast<QWidget*>(m_kind), static_cast<QWidget*>(m_x), static_cast<QWidget*>(m_colormap), static_cast<QWidget*>(m_clip),
             static_cast<QWidget*>(m_log), static_cast<QWidget*>(m_reset), static_cast<QWidget*>(m_save),
             static_cast<QWidget*>(m_copy)}) {
        QAction* action = bar->addWidget(w);
        if (w == m_colormap || w == m_clip)
            m_imageOnly.append(action);
        if (w == m_x)
            m_xAction = action;
    }
    // Below the plot: what is shown (left) and the value under the cursor (right). Long texts are
    // cut, never widening the panel.
    auto* footer = new QHBoxLayout;
    footer->setContentsMargins(6, 2, 6, 2);
    for (QLabel* label : {m_status, m_hover}) {
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        footer->addWidget(label, 1);
        if (label == m_status) {
            footer->addWidget(m_progress);
            footer->addWidget(m_cancel);
        }
    }
    m_hover->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(m_frames);
    layout->addWidget(m_plot, 1);
    layout->addLayout(footer);

    connect(m_kind, &QComboBox::activated, this, [this] {
        QSettings().setValue(kindKey(), m_kind->currentData().toInt());
        m_options.rowStart = m_options.colStart = 0;
        m_options.rowCount = m_options.colCount = -1;
        m_options.xMin = m_options.xMax = 0;
        replot();
    });
    connect(m_x, &QComboBox::activated, this, &PlotPanel::chooseX);
    connect(m_frames, &DimensionPicker::viewChanged, this, &PlotPanel::chooseFrame);
    connect(m_cancel, &QToolButton::clicked, this, &PlotPanel::cancelReading);
    for (QComboBox* box : {m_colormap, m_clip})
        connect(box, &QComboBox::activated, this, &PlotPanel::replot);
    connect(m_log, &QCheckBox::toggled, this, &PlotPanel::replot);
    connect(m_reset, &QToolButton::clicked, m_plot, &PlotWidget::resetRequested);
    connect(m_plot, &PlotWidget::resetRequested, this, [this] {
        m_options.rowStart = m_options.colStart = 0;
        m_options.rowCount = m_options.colCount = -1;
        m_options.xMin = m_options.xMax = 0;
        replot();
    });
    connect(m_plot, &PlotWidget::rangeRequested, this, &PlotPanel::zoomTo);
    connect(m_plot, &PlotWidget::hovered, m_hover, &QLabel::setText);
    connect(m_save, &QToolButton::clicked, this, &PlotPanel::chooseAndSave);
    connect(m_copy, &QToolButton::clicked, this, &PlotPanel::copyImage);
    clear(tr("Select a dataset or a DataFrame to plot it."));
}

PlotPanel::~PlotPanel() = default; // its requests are withdrawn with it

QString PlotPanel::statusText() const
{
    return m_status->text();
}

QString PlotPanel::kindKey() const
{
    const QString kind = m_table ? QStringLiteral("table") : m_info.dataset.rank() <= 1 ? QStringLiteral("1d") : QStringLiteral("nd");
    return QStringLiteral("plot/kind/") + kind;
}

void PlotPanel::fillKinds()
{
    m_kind->clear();
    const bool numeric = m_table || PlotChoice::isNumeric(m_info.dataset);
    const auto preferred = PlotChoice::defaultKind(m_info, m_table ? &*m_table : nullptr, m_view);
    m_kind->addItem(tr("Line"), int(PlotRequest::Kind::Line));
    if (!m_table && numeric && m_view.orDefaultFor(m_info.dataset.rank()).colDim >= 0)
        m_kind->addItem(tr("Image"), int(PlotRequest::Kind::Image));
    m_kind->addItem(tr("Histogram"), int(PlotRequest::Kind::Histogram));
    const QVariant remembered = QSettings().value(kindKey());
    int index = remembered.isValid() ? m_kind->findData(remembered.toInt()) : -1;
    if (index < 0 && preferred)
        index = m_kind->findData(int(*preferred));
    m_kind->setCurrentIndex(qMax(0, index));
}

void PlotPanel::setDataset(const ObjectInfo& info, const DimView& view)
{
    const bool sameObject = m_hasTarget && !m_table && info.path == m_info.path;
    m_info = info;
    m_table.reset();
    m_view = view;
    m_hasTarget = true;
    if (showFrames(view, !sameObject) && sameObject)
        return;
    if (!sameObject) {
        m_options = PlotOptions();
        fillKinds();
        fillXColumns();
    } else {
        m_options.rowStart = m_options.colStart = 0; // another frame or view: all of it again
        m_options.rowCount = m_options.colCount = -1;
    }
    replot();
}

void PlotPanel::setNamedTable(const ObjectInfo& info, const TableDescription& table)
{
    m_info = info;
    m_table = table;
    m_view = DimView();
    m_hasTarget = true;
    m_options = PlotOptions();
    m_frames->hide();
    fillKinds();
    fillXColumns();
    replot();
}

void PlotPanel::clear(const QString& reason)
{
    cancelPending();
    m_hasTarget = false;
    m_frames->hide();
    m_plot->setScene(PlotScene());
    m_plot->setEnabled(false);
    m_status->setText(reason);
}

void PlotPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        replot();
}

DimView PlotPanel::plotView() const
{
    if (m_table)
        return {};
    // An RGB(A) image shows its colours across the channel dimension, at the frame the sliders pick.
    const int channels = PlotChoice::colorDimension(m_info);
    DimView v = m_view.orDefaultFor(m_info.dataset.rank());
    if (channels >= 0) {
        const QList<qint64> index = v.index;
        v = PlotChoice::colorView(m_info, channels);
        if (index.size() == v.index.size())
            v.index = index;
    }
    return v;
}

void PlotPanel::replot()
{
    if (!m_hasTarget)
        return;
    if (!isVisible()) {
        m_stale = true; // read when shown: a 10^9-row dataset costs a full pass
        return;
    }
    m_stale = false;
    PlotOptions o = m_options;
    o.kind = PlotRequest::Kind(m_kind->currentData().toInt());
    o.view = plotView();
    o.pixels = m_plot->size();
    o.style.colormap = m_colormap->currentText();
    o.style.clipPercent = m_clip->currentData().toDouble();
    o.style.log = m_log->isChecked();
    o.style.title = m_info.path;
    o.xColumn = m_x->currentData().toLongLong();
    m_xAction->setVisible(o.kind == PlotRequest::Kind::Line && m_x->count() > 1);
    request(o);
}

void PlotPanel::request(const PlotOptions& options)
{
    cancelPending();
    const auto plan = PlotPlanner::plan(m_info, m_table ? &*m_table : nullptr, options);
    if (!plan) {
        m_plot->setScene(PlotScene());
        m_status->setText(plan.error().message);
        return;
    }
    m_plan = *plan;
    for (QAction* action : std::as_const(m_imageOnly)) // colours and clipping mean nothing to lines
        action->setVisible(m_plan.kind == PlotRequest::Kind::Image);
    m_answers.clear();
    for (const H5Request& r : m_plan.requests) // answered in order: one file's requests run in order
        m_pending.append(m_service.ask(
            m_file, r, this, [this](H5Response&& response) { onAnswered(std::move(response)); },
            [this](qint64 done, qint64 total) { showFraction(done, total); }));
    m_status->setText(tr("Reading…"));
    showProgress(true);
}

void PlotPanel::cancelPending()
{
    for (const H5Service::Ticket& ticket : std::as_const(m_pending))
        m_service.cancel(ticket);
    m_pending.clear();
    showProgress(false);
}

void PlotPanel::onAnswered(H5Response&& response)
{
    m_pending.removeFirst();
    if (!response.ok()) {
        cancelPending();
        m_status->setText(response.error.message);
        if (!response.error.isCancelled())
            Q_EMIT errorOccurred(response.error);
        return;
    }
    m_answers.append(std::move(response));
    if (!m_pending.isEmpty())
        return;
    showProgress(false);
    const auto scene = PlotPlanner::scene(m_plan, m_answers);
    if (!scene)
        return;
    m_plot->setEnabled(true);
    m_plot->setScene(*scene);
    const PlotData& d = scene->kind == PlotRequest::Kind::Line ? scene->lines.first().data : scene->data;
    const QLocale locale;
    QString status = scene->kind == PlotRequest::Kind::Image
        ? tr("rows %L1–%L2, columns %L3–%L4").arg(d.rowStart).arg(d.rowStart + d.rowCount - 1).arg(d.colStart).arg(d.colStart + d.colCount - 1)
        : tr("rows %L1–%L2").arg(d.rowStart).arg(d.rowStart + d.rowCount - 1);
    if (scene->kind == PlotRequest::Kind::Line && d.byX) {
        const auto x = [&d](double v) { return d.xTime ? TimeAxis::fullText(v) : QString::number(v, 'g', 10); };
        status += tr(" · %1 from %2 to %3").arg(scene->style.xLabel.isEmpty() ? tr("x") : scene->style.xLabel, x(d.xMin), x(d.xMax));
    } else if (scene->kind == PlotRequest::Kind::Line && d.mins.size() < d.rowCount) {
        status += tr(" · min/max of %L1 values per point").arg(double(d.rowCount) / double(d.mins.size()), 0, 'f', 1);
    }
    if (scene->kind == PlotRequest::Kind::Image && (d.rowStep > 1 || d.colStep > 1))
        status += d.blockMean ? tr(" · means of %1 × %2 cells").arg(d.rowStep).arg(d.colStep) : tr(" · every %1th cell").arg(std::max(d.rowStep, d.colStep));
    m_status->setText(status);
    Q_EMIT plotted();
}

void PlotPanel::zoomTo(double x0, double x1, double y0, double y1)
{
    const PlotScene& s = m_plot->scene();
    const auto clampRange = [](double a, double b, qint64 total, qint64& start, qint64& count) {
        const qint64 lo = std::clamp<qint64>(qint64(std::floor(a)), 0, qMax<qint64>(0, total - 1));
        const qint64 hi = std::clamp<qint64>(qint64(std::ceil(b)), lo + 1, total);
        start = lo;
        count = qMax<qint64>(1, hi - lo);
    };
    if (s.kind == PlotRequest::Kind::Line && !s.lines.isEmpty() && s.lines.first().data.byX) {
        m_options.xMin = x0; // every row whose x is in view
        m_options.xMax = x1;
    } else if (s.kind == PlotRequest::Kind::Line && !s.lines.isEmpty()) {
        const DimView v = m_view.orDefaultFor(m_info.dataset.rank());
        const qint64 rows = m_table ? m_table->rows : m_info.dataset.shape.value(v.rowDim, 0);
        clampRange(x0, x1, rows, m_options.rowStart, m_options.rowCount);
        m_options.rowCount = qMax<qint64>(m_options.rowCount, qMin<qint64>(rows, 2));
    } else if (s.kind == PlotRequest::Kind::Image) {
        const DimView v = plotView();
        clampRange(x0, x1, m_info.dataset.shape.value(v.colDim, 0), m_options.colStart, m_options.colCount);
        clampRange(y0, y1, m_info.dataset.shape.value(v.rowDim, 0), m_options.rowStart, m_options.rowCount);
    } else {
        return;
    }
    replot();
}

bool PlotPanel::saveTo(const QString& fileName)
{
    QString error;
    if (PlotRenderer::save(m_plot->scene(), m_plot->size(), fileName, &error))
        return true;
    Q_EMIT errorOccurred(Error(Error::Code::Io, error));
    return false;
}

void PlotPanel::chooseAndSave()
{
    const QString name = QFileDialog::getSaveFileName(this, tr("Save plot"), m_info.path.section(QLatin1Char('/'), -1) + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (!name.isEmpty())
        saveTo(name);
}

void PlotPanel::copyImage()
{
    QApplication::clipboard()->setImage(m_plot->picture());
}

} // namespace H5Hdfs

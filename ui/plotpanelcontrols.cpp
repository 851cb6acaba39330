// SPDX-License-Identifier: MIT
// PlotPanel's controls besides kind and colours: the column along x, the frame of an N-D dataset
// (the table's dimension picker, mirrored on the Plot tab), and a reading's progress with Cancel.
#include "plotpanel.h"

#include "dimensionpicker.h"
#include "plotchoice.h"

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace H5Hdfs {

namespace {

bool sameView(const DimView& a, const DimView& b)
{
    return a.rowDim == b.rowDim && a.colDim == b.colDim && a.index == b.index;
}

} // namespace

void PlotPanel::fillXColumns()
{
    const TableDescription* table = m_table ? &*m_table : nullptr;
    m_x->clear();
    m_x->addItem(tr("x: row"), qint64(-1));
    for (qint64 c : PlotChoice::xColumns(m_info, table, m_view)) {
        const QString name = PlotChoice::columnName(m_info, table, m_view, c);
        // pandas leaves an index unnamed unless told otherwise
        m_x->addItem(tr("x: %1").arg(name.isEmpty() && table && c < table->indexColumns ? tr("index") : name), c);
    }
    m_x->setCurrentIndex(qMax(0, m_x->findData(PlotChoice::defaultXColumn(table))));
}

void PlotPanel::chooseX()
{
    m_options.xMin = m_options.xMax = 0; // another axis: all of it
    replot();
}

bool PlotPanel::showFrames(const DimView& view, bool newObject)
{
    const int rank = m_info.dataset.rank();
    // A stack's frames; an RGB image's channel dimension is not a frame.
    const bool stack = !m_table && rank >= 3 && PlotChoice::colorDimension(m_info) < 0;
    if (!stack) {
        m_frames->hide();
        return false;
    }
    if (!newObject && m_echo && sameView(*m_echo, view)) {
        m_echo.reset();
        return true; // the table following this panel's own picker: drawn already
    }
    m_echo.reset();
    const QSignalBlocker quiet(m_frames); // set from the table: not a choice made here
    if (newObject)
        m_frames->setShape(m_info.dataset.shape, m_info.dataset.dimensions);
    // Not rebuilt when unchanged: its slider may be the one being dragged.
    if (const DimView shown = view.orDefaultFor(rank); !sameView(m_frames->view(), shown))
        m_frames->setView(shown);
    m_frames->show();
    return false;
}

void PlotPanel::chooseFrame(const DimView& view)
{
    m_view = view;
    m_echo = view;
    m_options.rowStart = m_options.colStart = 0;
    m_options.rowCount = m_options.colCount = -1;
    replot();
    Q_EMIT viewChosen(view);
}

void PlotPanel::showProgress(bool reading)
{
    m_progress->setRange(0, 0); // busy until the worker's first report
    m_progress->setVisible(reading);
    m_cancel->setVisible(reading);
}

void PlotPanel::showFraction(qint64 done, qint64 total)
{
    constexpr int kSteps = 1000;
    const int requests = int(m_plan.requests.size());
    if (total <= 0 || requests == 0)
        return;
    // The plan's requests run in order (a line per column): those answered count whole, the
    // running one by its report.
    const double running = double(qBound<qint64>(0, done, total)) / double(total);
    const double fraction = (double(m_answers.size()) + running) / double(requests);
    m_progress->setRange(0, kSteps);
    m_progress->setValue(qBound(0, int(fraction * kSteps), kSteps));
}

void PlotPanel::cancelReading()
{
    cancelPending();
    m_status->setText(tr("Cancelled: Reset or another choice reads again."));
}

} // namespace H5Hdfs

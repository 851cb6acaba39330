// SPDX-License-Identifier: MIT
#pragma once

#include "service/h5service.h"
#include "plotplan.h"

#include <QWidget>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QToolButton;

namespace H5Hdfs {

class DimensionPicker;
class PlotWidget;

/// The Plot tab: the selected dataset or DataFrame as a line, an image or a histogram, reduced by
/// the worker to the widget's size. Zooming asks the worker again for the visible range (at full
/// resolution once it is small enough); a newer picture cancels the requests of an older one.
/// Plots are read only while the panel is shown. The chosen kind is remembered per kind of data
/// (1-D, 2-D and up, table).
class PlotPanel : public QWidget {
    Q_OBJECT
public:
    PlotPanel(H5Service& service, H5Service::FileId file, QWidget* parent = nullptr);
    ~PlotPanel() override;

    /// A dataset seen through `view` (the table's dimension choice); `info` carries its attributes.
    void setDataset(const ObjectInfo& info, const DimView& view);
    /// A named table (a DataFrame).
    void setNamedTable(const ObjectInfo& info, const TableDescription& table);
    /// Nothing to plot: `reason` says why.
    void clear(const QString& reason);

    [[nodiscard]] PlotWidget* plot() const { return m_plot; }
    [[nodiscard]] QComboBox* kindBox() const { return m_kind; }
    [[nodiscard]] QComboBox* colormapBox() const { return m_colormap; }
    [[nodiscard]] QCheckBox* logBox() const { return m_log; }
    /// Lines: what runs along x, the row number or a column (a DataFrame's index, a time).
    [[nodiscard]] QComboBox* xBox() const { return m_x; }
    /// An N-D dataset's frame (and its row and column dimensions), as the table's picker has it.
    [[nodiscard]] DimensionPicker* framePicker() const { return m_frames; }
    [[nodiscard]] QString statusText() const;
    /// True while requests for the picture are out.
    [[nodiscard]] bool isLoading() const { return !m_pending.isEmpty(); }
    /// Saves the picture as PNG or SVG (by the name's suffix); false with an error signalled.
    bool saveTo(const QString& fileName);
    void copyImage();

Q_SIGNALS:
    void errorOccurred(const Error& error);
    /// A picture is shown (after every new range, kind or option).
    void plotted();
    /// The frame (or the dimensions) of an N-D dataset was chosen on this panel: the table follows.
    void viewChosen(const DimView& view);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void replot();
    void request(const PlotOptions& options);
    void onAnswered(H5Response&& response);
    void cancelPending();
    void zoomTo(double x0, double x1, double y0, double y1);
    void chooseAndSave();
    void fillKinds();
    [[nodiscard]] QString kindKey() const;
    /// The dataset's view for plots: the table's, or an RGB image's own rows and columns.
    [[nodiscard]] DimView plotView() const;
    // plotpanelcontrols.cpp: the x column, the frame picker, the progress of a reading.
    void fillXColumns();
    void chooseX();
    /// Shows the frame picker for a stack at `view`; true when `view` is this panel's own choice
    /// coming back from the table (drawn already).
    bool showFrames(const DimView& view, bool newObject);
    void chooseFrame(const DimView& view);
    void showProgress(bool reading);
    /// The worker's report on the running request, as a fraction of the whole plan on the bar.
    void showFraction(qint64 done, qint64 total);
    void cancelReading();

    H5Service& m_service;
    H5Service::FileId m_file;
    ObjectInfo m_info;
    std::optional<TableDescription> m_table;
    DimView m_view;
    bool m_hasTarget = false;
    bool m_stale = false; ///< a new target or option waits for the panel to be shown
    PlotOptions m_options;
    PlotPlan m_plan;
    QList<H5Service::Ticket> m_pending; ///< the plan's requests not answered yet, in order
    QList<H5Response> m_answers;
    PlotWidget* m_plot;
    QComboBox* m_kind;
    QComboBox* m_colormap;
    QComboBox* m_clip;
    QList<QAction*> m_imageOnly; ///< the colormap's and clipping's places in the tool bar
    QCheckBox* m_log;
    QComboBox* m_x = nullptr;
    QAction* m_xAction = nullptr; ///< the x chooser's place in the tool bar: lines only
    DimensionPicker* m_frames = nullptr;
    std::optional<DimView> m_echo; ///< a view chosen here, until the table comes back with it
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QToolButton* m_reset;
    QToolButton* m_save;
    QToolButton* m_copy;
    QLabel* m_status;
    QLabel* m_hover;
};

} // namespace H5Hdfs

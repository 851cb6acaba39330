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
class QToolButton;

namespace H5Hdfs {

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

protected:
    void showEvent(QShowEvent* event) override;

private:
    void replot();
    void request(const PlotOptions& options);
    void onFinished(quint64 id, const H5Response& response);
    void cancelPending();
    void zoomTo(double x0, double x1, double y0, double y1);
    void chooseAndSave();
    void fillKinds();
    [[nodiscard]] QString kindKey() const;
    /// The dataset's view for plots: the table's, or an RGB image's own rows and columns.
    [[nodiscard]] DimView plotView() const;

    H5Service& m_service;
    H5Service::FileId m_file;
    ObjectInfo m_info;
    std::optional<TableDescription> m_table;
    DimView m_view;
    bool m_hasTarget = false;
    bool m_stale = false; ///< a new target or option waits for the panel to be shown
    PlotOptions m_options;
    PlotPlan m_plan;
    QList<quint64> m_pending;
    QList<H5Response> m_answers;
    PlotWidget* m_plot;
    QComboBox* m_kind;
    QComboBox* m_colormap;
    QComboBox* m_clip;
    QList<QAction*> m_imageOnly; ///< the colormap's and clipping's places in the tool bar
    QCheckBox* m_log;
    QToolButton* m_reset;
    QToolButton* m_save;
    QToolButton* m_copy;
    QLabel* m_status;
    QLabel* m_hover;
};

} // namespace H5Hdfs

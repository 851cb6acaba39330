// SPDX-License-Identifier: MIT
#pragma once

#include "backgroundjob.h"
#include "exportdialog.h"
#include "tablesortjob.h"
#include "service/h5service.h"

#include <QRect>
#include <QWidget>
#include <functional>
#include <optional>

class QHBoxLayout;
class QLineEdit;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QTimer;
class QScrollBar;
class QSplitter;
class QToolButton;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeView;

namespace H5Hdfs {

class AttributesModel;
struct CsvOptions;
class DatasetTableModel;
class DimensionPicker;
class H5TreeModel;
class PlotPanel;
class StatisticsPanel;
class VisibleCells;
struct TableOptions;
struct TableRef;

/// One open file: its object tree, and what is known about the selected object.
class FileView : public QWidget {
    Q_OBJECT
public:
    FileView(H5Service& service, H5Service::FileId file, const QString& title, QWidget* parent = nullptr);
    ~FileView() override;

    [[nodiscard]] H5Service::FileId fileId() const { return m_file; }
    [[nodiscard]] H5TreeModel* treeModel() const { return m_model; }
    [[nodiscard]] QTreeView* treeView() const { return m_tree; }
    [[nodiscard]] QString detailsText() const;
    /// The table of the selected dataset, or null when no dataset is selected.
    [[nodiscard]] DatasetTableModel* tableModel() const { return m_table; }
    /// Checked: DataFrames and named tables show as the datasets they are stored in.
    [[nodiscard]] QCheckBox* rawTablesToggle() const { return m_rawTables; }
    [[nodiscard]] QTableView* tableView() const { return m_tableView; }
    [[nodiscard]] AttributesModel* attributesModel() const { return m_attributes; }
    /// Statistics per column of the selected dataset or DataFrame (taken while its tab is shown).
    [[nodiscard]] StatisticsPanel* statisticsPanel() const { return m_statistics; }
    /// The selected dataset or DataFrame as a line, an image or a histogram (read while its tab is shown).
    [[nodiscard]] PlotPanel* plotPanel() const { return m_plotPanel; }
    /// Scrolls the table to the row at `position` (0-based, in the order shown), moving its window
    /// when the table is larger than one; a position past the end goes to the last row.
    void goToRow(qint64 position);
    /// Sorts the table by the window's column `column` in the background (as a click on its
    /// header does): numbers by value, NaN last. Tables over RowOrder::kMaxSortedRows rows are
    /// not sorted. Qt::AscendingOrder after a descending sort of the same column: stored order.
    void sortTable(int column, Qt::SortOrder order);
    /// "Sorting by temp…", "Sorted by temp, descending": hidden while the table is in stored order.
    [[nodiscard]] QLabel* sortLabel() const { return m_sortLabel; }

    /// Copies the selected cells (their bounding rectangle) to the clipboard as tab-separated text,
    /// read in the background like an export, so cells not yet loaded copy their values and a big
    /// selection does not freeze the window. Null when nothing is selected or the selection is over
    /// kMaxCopiedCells (an error says so). A new copy replaces one still running. False when nothing
    /// is copied; otherwise `done` (if given) runs once the clipboard holds the text or with the error,
    /// in the view's thread, and not for a copy replaced by another or outlived by the view.
    bool copySelection(std::function<void(const Error& error)> done = {});
    static constexpr qint64 kMaxCopiedCells = 2'000'000;
    /// Exports the selected dataset's table in the background; null when no dataset is selected.
    /// Whole writes every element of an N-D dataset (flattened), Slice the 2-D slice shown,
    /// Selection the selected rectangle of it. The view reports the outcome (exported() or
    /// errorOccurred()), then calls `done`, if given; `done` and `progress` (rows) run in the view's
    /// thread, BackgroundJob's rules. The handle owns the export (dropping it cancels); it runs
    /// nothing when no dataset is selected.
    [[nodiscard]] BackgroundJob exportCsv(const QString& path, CsvOptions options, ExportScope scope,
        std::function<void(const Error& error)> done = {}, ProgressCallback progress = {});
    /// Shows the export dialog and runs the export with a progress dialog.
    void chooseAndExport();
    /// Searches the file for objects named like `pattern` (* and ?); results show under the tree.
    void search(const QString& pattern);
    [[nodiscard]] QListWidget* searchResults() const { return m_results; }
    /// The find field: it searches as you type, a moment after the last key.
    [[nodiscard]] QLineEdit* searchField() const { return m_search; }
    static constexpr int kSearchDelayMs = 250;
    /// Selects the object at `path` in the tree, listing and expanding the groups above it first,
    /// and scrolls to it; an object the tree cannot reach is shown without a selection.
    void revealPath(const QString& path);
    /// The tree's context menu for the object at `index` (copy path, export, open in new tab).
    [[nodiscard]] QMenu* treeContextMenu(const QModelIndex& index);
    /// Shows numbers exact ('g'), fixed ('f') or scientific ('e'), as the table's Numbers box does.
    void setNumberFormat(char format);
    [[nodiscard]] DimensionPicker* dimensionPicker() const { return m_dimensions; }
    /// Shows the metadata, attributes and table of the object at `path`.
    void showObject(const QString& path);
    /// Moves the table's window of rows and columns so that the cell at the true (row, column) is
    /// in it, and scrolls to that cell.
    void showCell(qint64 row, qint64 column = 0);
    /// Beside and below the table: they move its window through tables too large for one.
    [[nodiscard]] QScrollBar* rowWindowBar() const { return m_rowWindowBar; }
    [[nodiscard]] QScrollBar* columnWindowBar() const { return m_columnWindowBar; }
    /// "Rows 1,000–1,000,999 of 3,000,000,000", hidden when the whole table fits in the window.
    [[nodiscard]] QLabel* windowLabel() const { return m_windowLabel; }

Q_SIGNALS:
    void errorOccurred(const Error& error);
    void detailsShown();
    /// The engine has said what the object at `path` reads as: the table shown is final (none for
    /// a group that is no named table).
    void tableResolved(const QString& path);
    /// An export finished: `rows` rows written to `path`.
    void exported(const QString& path, qint64 rows);
    /// The user asked for the object at `path` in a tab of its own.
    void openInNewTabRequested(const QString& path);

private:
    /// Live find, find results that select in the tree, the tree's menu, keyboard order.
    void setUpNavigation();
    void continueReveal();
    /// Calls `then` once the table of `path` is shown; forgets it if another object is shown first.
    void whenTableShown(const QString& path, const std::function<void()>& then);
    /// After each answer that may show a table: calls the waiting `then` if its table is there.
    void checkTableWait();
    /// Cells on one line, cut at the right; sorting by a click on a column's name; Go to row
    /// (Ctrl+G); the Statistics tab.
    void setUpTableDisplay();
    /// Brings column widths, the row-number column and the statistics in line with a new table.
    void onTableReplaced();
    void sizeTableColumns();
    void askForRow();
    void resetSorting();
    void onSorted(Result<SharedRowOrder>&& order, qint64 column, bool descending);
    /// Columns as wide as what they show, grown as groups are listed (fileviewlayout.cpp).
    void sizeTreeColumnsToContent();
    /// The tree/detail split: one for every file, kept as a fraction across sizes and sessions.
    void shareSplit(QSplitter* splitter);
    void showDetails(const QModelIndex& index);
    void showTable(const ObjectInfo& info);
    /// How the selected object is read as a table: Raw, and the dimension picker's view.
    [[nodiscard]] TableOptions tableOptions() const;
    /// The object's attributes, netCDF's bookkeeping left out unless Raw.
    void showAttributes(const QList<Attribute>& attributes);
    /// Shows `table` (or none) in the table view; the previous table model is deleted.
    void replaceTable(DatasetTableModel* table);
    void showNamedTable(const TableRef& table);
    /// The bounding rectangle of the selected cells, if any (x = column, y = row).
    [[nodiscard]] std::optional<QRect> selectionBox() const;
    /// True when the table shows one 2-D slice of a dataset of rank 3 and up.
    [[nodiscard]] bool showsASlice() const;
    /// The constructor's parts: the tree with Find, and the selected object's tabs.
    QWidget* buildTreeSide();
    QTabWidget* buildPanels();
    QWidget* buildTableTab();
    /// Brings the window bars and label in line with the table's window.
    void syncWindowControls();
    void onWindowBarMoved();
    void onInfo(H5Response&& response);
    void onTableDescribed(H5Response&& response);
    void onFound(H5Response&& response);

    H5Service& m_service;
    H5Service::FileId m_file;
    H5TreeModel* m_model;
    QTreeView* m_tree;
    QTabWidget* m_panels;
    QTableView* m_tableView;
    DatasetTableModel* m_table = nullptr;
    VisibleCells* m_visibleCells = nullptr; ///< tells m_table which cells are on screen
    H5Service::Ticket m_tableRequest;
    ObjectInfo m_tableInfo;
    char m_numberFormat = 'g';
    int m_precision = 6;
    QTextBrowser* m_details;
    AttributesModel* m_attributes;
    QLineEdit* m_search;
    QListWidget* m_results;
    DimensionPicker* m_dimensions;
    QLabel* m_tableSummary;
    QScrollBar* m_rowWindowBar;
    QScrollBar* m_columnWindowBar;
    QLabel* m_windowLabel;
    QCheckBox* m_rawTables;
    QToolButton* m_copyButton = nullptr;
    QToolButton* m_exportButton = nullptr;
    QWidget* m_attributesView = nullptr;
    StatisticsPanel* m_statistics = nullptr;
    PlotPanel* m_plotPanel = nullptr;
    QHBoxLayout* m_tableBar = nullptr;
    BackgroundJob m_sortJob;
    QLabel* m_sortLabel = nullptr;
    qint64 m_sortColumn = -1; ///< the true column the table is sorted by, -1 in stored order
    bool m_sortDescending = false;
    BackgroundJob m_copyJob;
    H5Service::Ticket m_infoRequest;
    H5Service::Ticket m_searchRequest;
    struct TableWait {
        QString path;
        std::function<void()> then;
    };
    std::optional<TableWait> m_tableWait; ///< whenTableShown()
    QTimer* m_searchDelay = nullptr;
    QString m_revealing; ///< the path revealPath is listing its way to
    QComboBox* m_formatBox = nullptr;
};

} // namespace H5Hdfs

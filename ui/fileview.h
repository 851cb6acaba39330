// SPDX-License-Identifier: MIT
#pragma once

#include "exportdialog.h"
#include "hdf5/h5service.h"

#include <QRect>
#include <QWidget>
#include <optional>

class AttributesModel;
class CsvExportJob;
struct CsvOptions;
class DatasetTableModel;
class DimensionPicker;
class H5TreeModel;
class QLineEdit;
class QCheckBox;
class QLabel;
class QListWidget;
class QScrollBar;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeView;

/// One open file: its object tree, and what is known about the selected object.
class FileView : public QWidget {
    Q_OBJECT
public:
    FileView(H5Service& service, H5Service::FileId file, const QString& title, QWidget* parent = nullptr);
    ~FileView() override;

    [[nodiscard]] H5TreeModel* treeModel() const { return m_model; }
    [[nodiscard]] QTreeView* treeView() const { return m_tree; }
    [[nodiscard]] QString detailsText() const;
    /// The table of the selected dataset, or null when no dataset is selected.
    [[nodiscard]] DatasetTableModel* tableModel() const { return m_table; }
    /// Checked: DataFrames and named tables show as the datasets they are stored in.
    [[nodiscard]] QCheckBox* rawTablesToggle() const { return m_rawTables; }
    [[nodiscard]] QTableView* tableView() const { return m_tableView; }
    [[nodiscard]] AttributesModel* attributesModel() const { return m_attributes; }

    /// Copies the selected cells (their bounding rectangle) to the clipboard as tab-separated text,
    /// read in the background like an export, so cells not yet loaded copy their values and a big
    /// selection does not freeze the window. Null when nothing is selected or the selection is over
    /// kMaxCopiedCells (an error says so). A new copy replaces one still running.
    CsvExportJob* copySelection();
    static constexpr qint64 kMaxCopiedCells = 2'000'000;
    /// Exports the selected dataset's table in the background; null when no dataset is selected.
    /// Whole writes every element of an N-D dataset (flattened), Slice the 2-D slice shown,
    /// Selection the selected rectangle of it.
    CsvExportJob* exportCsv(const QString& path, CsvOptions options, ExportScope scope);
    /// Shows the export dialog and runs the export with a progress dialog.
    void chooseAndExport();
    /// Searches the file for objects named like `pattern` (* and ?); results show under the tree.
    void search(const QString& pattern);
    [[nodiscard]] QListWidget* searchResults() const { return m_results; }
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

private:
    void showDetails(const QModelIndex& index);
    void showTable(const ObjectInfo& info);
    /// Shows `table` (or none) in the table view; the previous table model is deleted.
    void replaceTable(DatasetTableModel* table);
    void showNamedTable(const TableDescription& table);
    /// The bounding rectangle of the selected cells, if any (x = column, y = row).
    [[nodiscard]] std::optional<QRect> selectionBox() const;
    /// True when the table shows one 2-D slice of a dataset of rank 3 and up.
    [[nodiscard]] bool showsASlice() const;
    QWidget* buildTableTab();
    /// Brings the window bars and label in line with the table's window.
    void syncWindowControls();
    void onWindowBarMoved();
    void onFinished(quint64 requestId, const H5Response& response);

    H5Service& m_service;
    H5Service::FileId m_file;
    H5TreeModel* m_model;
    QTreeView* m_tree;
    QTabWidget* m_panels;
    QTableView* m_tableView;
    DatasetTableModel* m_table = nullptr;
    quint64 m_tableRequest = 0;
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
    CsvExportJob* m_copyJob = nullptr;
    quint64 m_infoRequest = 0;
    quint64 m_searchRequest = 0;
};

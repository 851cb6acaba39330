// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"

#include <QWidget>

class AttributesModel;
class DatasetTableModel;
class H5TreeModel;
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
    [[nodiscard]] QTableView* tableView() const { return m_tableView; }
    [[nodiscard]] AttributesModel* attributesModel() const { return m_attributes; }

Q_SIGNALS:
    void errorOccurred(const Error& error);
    void detailsShown();

private:
    void showDetails(const QModelIndex& index);
    void showTable(const ObjectInfo& info);
    void onFinished(quint64 requestId, const H5Response& response);

    H5Service& m_service;
    H5Service::FileId m_file;
    H5TreeModel* m_model;
    QTreeView* m_tree;
    QTabWidget* m_panels;
    QTableView* m_tableView;
    DatasetTableModel* m_table = nullptr;
    QTextBrowser* m_details;
    AttributesModel* m_attributes;
    quint64 m_infoRequest = 0;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "hdf5/h5service.h"

#include <QWidget>

class H5TreeModel;
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

Q_SIGNALS:
    void errorOccurred(const Error& error);
    void detailsShown();

private:
    void showDetails(const QModelIndex& index);
    void onFinished(quint64 requestId, const H5Response& response);

    H5Service& m_service;
    H5Service::FileId m_file;
    H5TreeModel* m_model;
    QTreeView* m_tree;
    QTextBrowser* m_details;
    quint64 m_infoRequest = 0;
};

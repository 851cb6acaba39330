// SPDX-License-Identifier: MIT
#include "viewerwaits.h"

#include "fileview.h"
#include "h5treemodel.h"
#include "mainwindow.h"

#include <QSignalSpy>
#include <QTest>

namespace H5Hdfs {

namespace ViewerWaits {

FileView* openedView(MainWindow& window, const QString& path)
{
    window.show();
    QSignalSpy opened(&window, &MainWindow::fileOpened);
    window.openLocalFile(path);
    if (!opened.wait(5000) || !window.currentFileView())
        return nullptr;
    FileView* view = window.currentFileView();
    H5TreeModel* model = view->treeModel();
    if (!QTest::qWaitFor([model] { return model->rowCount(model->rootIndex()) > 0; }, 5000))
        return nullptr;
    return view;
}

QModelIndex memberNamed(const H5TreeModel* model, const QString& name)
{
    const QModelIndex root = model->rootIndex();
    for (int r = 0; r < model->rowCount(root); ++r) {
        if (model->index(r, 0, root).data().toString() == name)
            return model->index(r, 0, root);
    }
    return {};
}

} // namespace ViewerWaits

} // namespace H5Hdfs

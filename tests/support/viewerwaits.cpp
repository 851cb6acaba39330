// SPDX-License-Identifier: MIT
#include "viewerwaits.h"

#include "export/csvwriter.h"
#include "fileview.h"
#include "h5treemodel.h"
#include "mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTest>
#include <optional>

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

namespace {

/// Waits for `answer`, filled by a callback; "no answer" after 10 s.
Error awaited(const std::optional<Error>& answer, const QString& what)
{
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000))
        return Error(Error::Code::Internal, QStringLiteral("%1: no answer within 10 s").arg(what));
    return *answer;
}

} // namespace

Error exportedCsv(FileView& view, const QString& path, const CsvOptions& options, ExportScope scope)
{
    std::optional<Error> answer;
    const BackgroundJob job = view.exportCsv(path, options, scope, [&answer](const Error& error) { answer = error; });
    if (!job.isRunning())
        return Error(Error::Code::Internal, QStringLiteral("%1: nothing exported (no table shown)").arg(path));
    return awaited(answer, path);
}

Error copiedSelection(FileView& view)
{
    std::optional<Error> answer;
    if (!view.copySelection([&answer](const Error& error) { answer = error; }))
        return Error(Error::Code::Internal, QStringLiteral("nothing copied (no selection)"));
    return awaited(answer, QStringLiteral("copy"));
}

QString copiedText(FileView& view)
{
    const Error error = copiedSelection(view);
    if (error.isError())
        return QStringLiteral("(copy failed: %1)").arg(error.message);
    return QApplication::clipboard()->text();
}

} // namespace ViewerWaits

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "exportdialog.h"

#include <QModelIndex>
#include <QString>

namespace H5Hdfs {

struct CsvOptions;
class FileView;
class H5TreeModel;
class MainWindow;

/// Waiting for the viewer, as a user would before the next click.
namespace ViewerWaits {

/// Shows `window`, opens the local file at `path` and returns its view once the root group's
/// members are listed; null when that does not happen within 5 s.
FileView* openedView(MainWindow& window, const QString& path);
/// The member of the root group named `name`, or an invalid index.
QModelIndex memberNamed(const H5TreeModel* model, const QString& name);

/// Runs the view's CSV export (FileView::exportCsv) to its end: its error, an error when nothing was
/// exported (no table), or "no answer" after 10 s.
Error exportedCsv(FileView& view, const QString& path, const CsvOptions& options, ExportScope scope);
/// Copies the view's selection (FileView::copySelection) and waits for the clipboard: the same errors.
Error copiedSelection(FileView& view);
/// What copiedSelection() put on the clipboard, or "(copy failed: ...)" with its error.
QString copiedText(FileView& view);

} // namespace ViewerWaits

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QModelIndex>
#include <QString>

namespace H5Hdfs {

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

} // namespace ViewerWaits

} // namespace H5Hdfs

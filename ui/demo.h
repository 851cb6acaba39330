// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QUrl>

class QObject;

namespace H5Hdfs {

class LocalWebHdfsServer;

/// The viewer's demo: the local WebHDFS-compatible server, in-process, over sample files.
namespace Demo {

/// Puts the bundled sample files into `dir` (data/...), keeping files that are already there.
Status prepareSamples(const QString& dir);
/// The default demo directory: the application's data location, "demo".
QString defaultDirectory();
/// Starts the server over `dir` on 127.0.0.1 (owned by `parent`) and returns the URL to browse.
Result<QUrl> start(const QString& dir, QObject* parent);

} // namespace Demo

} // namespace H5Hdfs

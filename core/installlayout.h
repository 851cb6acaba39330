// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace H5Hdfs {

/// Where the installed pieces are, relative to the running program (no absolute paths are built in),
/// and what the program reports about itself.
namespace InstallLayout {

/// The h5hdfs-worker to start: $H5HDFS_WORKER when set; else the installed one,
/// <bindir>/../libexec/h5hdfs/h5hdfs-worker (GNUInstallDirs' layout, relative to this program);
/// else h5hdfs-worker beside this program (the build tree).
QString workerProgram();

/// What `h5hdfs-worker --version` says (its version, the HDF5 library version, the filter plugins it
/// loaded and its plugin path), or a line saying why it could not be asked. `ok` tells which.
QString workerReport(bool* ok = nullptr);

/// The multi-line report for --version and the About box: "PROGRAM VERSION", Qt, the worker's
/// report (HDF5 and plugins).
QString versionReport(const QString& program, const QString& version);

} // namespace InstallLayout

} // namespace H5Hdfs

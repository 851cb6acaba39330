// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace H5Hdfs {

/// Where tests find things outside the build tree.
namespace TestPaths {

/// ../shared/corpus next to the project (fails the test loudly when it is missing).
QString corpus();
QString sourceDir();
/// The directory with the built executables (h5hdfs, h5hdfs-viewer).
QString binDir();
/// Settings (and other standard paths) go to a test location, never the user's: Qt's test mode,
/// under the organisation "h5hdfs-tests" and this application name.
void isolateSettings(const QString& application);

} // namespace TestPaths

} // namespace H5Hdfs

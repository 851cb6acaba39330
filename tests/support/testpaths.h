// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// Where tests find things outside the build tree.
namespace TestPaths {

/// ../shared/corpus next to the project (fails the test loudly when it is missing).
QString corpus();
QString sourceDir();
/// The directory with the built executables (h5hdfs, h5hdfs-viewer).
QString binDir();

} // namespace TestPaths

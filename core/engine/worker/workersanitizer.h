// SPDX-License-Identifier: MIT
#pragma once

namespace H5Hdfs {

/// The worker in sanitizer builds (-DH5HDFS_SANITIZE=ON): AddressSanitizer and UBSan run inside the
/// sandbox, which forbids some of what they would do on their own there (workersanitizer.cpp sets
/// their options for it). A report ends the worker with H5HDFS_SANITIZER_EXIT_CODE, and the
/// service that started it fails on it (core/hdf5/sanitizerreports.h). Release builds: nothing.
namespace WorkerSanitizer {

/// Reads the symbols and line tables of every loaded library now, while files can still be opened:
/// a report written inside the sandbox then names functions and lines (ASan's symbolizer would
/// otherwise open the libraries then, a forbidden call that kills the worker mid-report).
void loadSymbolizer();

} // namespace WorkerSanitizer

} // namespace H5Hdfs

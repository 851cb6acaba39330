// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace H5Hdfs {

/// bench_lazyopen's timed tables, over files it writes into `dir`.
namespace LazyFigures {

/// A dataset read front to back lazily, without and with sequential read-ahead of several windows,
/// beside the whole file downloaded first; loopback and 20 ms latency.
void printSequential(const QString& dir);
/// A lazy open (tree, a frame's first rows) beside fsspec + h5py, of a file of BENCH_LAZY_GIB GiB.
void printBesideFsspec(const QString& dir);

} // namespace LazyFigures

} // namespace H5Hdfs

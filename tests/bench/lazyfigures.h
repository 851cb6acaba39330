// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace H5Hdfs {

/// bench_lazyopen's timed tables, over files it writes into `dir`.
namespace LazyFigures {

/// A dataset (1 GiB, or BENCH_LAZY_ROWS x 8 float64) read front to back lazily, without and with
/// sequential read-ahead of several windows and with a smaller cache, beside the whole file
/// downloaded first; loopback and 20 ms latency; the worker's peak RSS.
void printSequential(const QString& dir);
/// A lazy open (tree, a frame's first rows) beside fsspec + h5py, of a file of BENCH_LAZY_GIB GiB
/// served by `h5hdfs serve` (loopback, 20 ms) and, with `realCluster`, by a real HDFS.
void printBesideFsspec(const QString& dir, bool realCluster);

} // namespace LazyFigures

} // namespace H5Hdfs

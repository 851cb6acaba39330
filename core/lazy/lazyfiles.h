// SPDX-License-Identifier: MIT
#pragma once

#include "lazy/blockstore.h"
#include "webhdfs/hdfsfilestatus.h"
#include "webhdfs/webhdfsconfig.h"

namespace H5Hdfs {

/// When a file is read lazily (block by block, through a BlockStore) instead of whole, and the
/// stores for WebHDFS and local files. The viewer and the CLI decide the same way.
namespace LazyFiles {

enum class Mode {
    Auto,  ///< lazily from kThreshold on, or when the file is over the memory budget
    Lazy,  ///< always lazily (--lazy)
    Whole, ///< always whole, into memory (--whole); the budget still applies
};

/// Files from this size on open lazily by default. Below it one request for the whole file is
/// cheaper than the round trips of a lazy open (tests/bench/bench_lazyopen measures both).
constexpr qint64 kThreshold = 64LL << 20;

[[nodiscard]] bool opensLazily(Mode mode, qint64 fileSize, qint64 memoryBudget);
/// A local file is read whole unless it is over the memory budget (reading it costs no round trips).
[[nodiscard]] bool localOpensLazily(Mode mode, qint64 fileSize, qint64 memoryBudget);
/// The cache a lazy file gets: a quarter of the memory budget, at most 1 GiB, and no more than
/// the file needs. The budget limits this, never the size of a file that can be opened.
[[nodiscard]] qint64 cacheBytes(qint64 memoryBudget, qint64 fileSize);

/// A store over a WebHDFS file whose status was just seen (its length and modification time are
/// what later reads are checked against).
Result<std::shared_ptr<BlockStore>> overWebHdfs(
    const WebHdfsConfig& config, const QString& path, const HdfsFileStatus& status);
/// A store over a local file.
Result<std::shared_ptr<BlockStore>> overLocalFile(const QString& path, qint64 memoryBudget);

} // namespace LazyFiles

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// Internal to the engine: the memory of a sent page's numeric columns, kept for the next page.

#include "h5types.h"

namespace H5Hdfs {

/// A float64 CSV export reads pages of tens of MiB one after another; decoded into fresh vectors,
/// every 4 KiB of every page costs the worker a page fault and a zeroing (issue 18). The worker
/// gives a page's column memory back once the page is sent, and the next page decodes into it.
/// Only the worker's own decoding writes these vectors (clear, then resize or push_back), never
/// libhdf5, so no read sees stale bytes. Thread-safe; at most kMaxKeptBytes are kept, those of the
/// last page given back.
namespace ColumnPool {

constexpr qint64 kMaxKeptBytes = PageRequest::kMaxBytes;

/// Takes the numeric vectors of `page`'s columns (leaving them empty) and keeps them, in place of
/// what was kept before; a page without numbers leaves what was kept.
void giveBack(Page& page);
/// Gives `column` (empty, its kind set) room for `n` values: kept memory of its kind if there is
/// some, else fresh. Text columns are only reserved.
void reserve(ColumnData& column, qint64 n);

} // namespace ColumnPool

} // namespace H5Hdfs

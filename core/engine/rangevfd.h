// SPDX-License-Identifier: MIT
#pragma once

#include <hdf5.h>

namespace H5Hdfs {

class BlockCache;

/// A read-only HDF5 virtual file driver (H5FD_class_t of libhdf5 1.10) whose reads come from a
/// BlockCache: the worker opens a file it does not hold, and everything above the driver stays the
/// same. A read the cache cannot serve is an HDF5 read error; BlockCache::failure() has the cause.
namespace RangeVfd {

/// Sets `fapl` to this driver, reading through `cache`, which must outlive the file. Negative on failure.
herr_t use(hid_t fapl, BlockCache* cache);

} // namespace RangeVfd

} // namespace H5Hdfs

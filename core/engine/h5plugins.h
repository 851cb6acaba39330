// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace H5Hdfs {

/// Compression filter plugins, loaded by libhdf5 from its default plugin directory.
namespace H5Plugins {

/// Makes the libraries that Debian's filter plugins expect in the process available, once.
/// (hdf5-plugin-lzf's liblzf_filter.so is linked without a dependency on liblzf, so dlopen of the
/// plugin fails with undefined lzf_compress unless liblzf is already loaded globally.)
void prepare();
/// Loads every filter plugin libhdf5 can find now, so no file is opened for them later.
void loadAll();
/// The directories libhdf5 searches for filter plugins.
QStringList searchPath();

} // namespace H5Plugins

} // namespace H5Hdfs

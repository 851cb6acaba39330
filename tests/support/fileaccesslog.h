// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace H5Hdfs {

/// Records every path this process passes to open/openat/creat/fopen/mkdir while recording is on,
/// by interposing those libc functions (libhdf5 calls them through the PLT, so it is seen too).
namespace FileAccessLog {

struct Entry {
    QString path;
    bool writes = false; ///< opened for writing, creating, or a directory was made
};

void start();
QList<Entry> stop();

} // namespace FileAccessLog

} // namespace H5Hdfs

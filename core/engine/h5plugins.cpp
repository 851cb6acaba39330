// SPDX-License-Identifier: MIT
#include "h5plugins.h"

#include "logging.h"

#include <hdf5.h>

#include <dlfcn.h>
#include <mutex>

namespace H5Hdfs {

namespace H5Plugins {

void prepare()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Deliberately never closed: the plugin resolves its symbols against it for the process' life.
        if (!dlopen("liblzf.so.1", RTLD_NOW | RTLD_GLOBAL))
            qCInfo(lcH5) << "liblzf is not installed; lzf-compressed datasets will report a missing filter";
    });
}

void loadAll()
{
    // The filters Debian ships plugins for, and the other registered ids seen in data lakes.
    for (int id : {305, 307, 32000, 32001, 32004, 32008, 32013, 32015, 32026})
        H5Zfilter_avail(H5Z_filter_t(id));
    H5Eclear2(H5E_DEFAULT);
}

QStringList searchPath()
{
    QStringList paths;
    unsigned count = 0;
    if (H5PLsize(&count) < 0)
        return paths;
    for (unsigned i = 0; i < count; ++i) {
        char buffer[4096] = {0};
        if (H5PLget(i, buffer, sizeof buffer) > 0)
            paths << QString::fromLocal8Bit(buffer);
    }
    return paths;
}

} // namespace H5Plugins

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "memorytuning.h"

#include <malloc.h>

namespace H5Hdfs {

namespace MemoryTuning {

void reuseLargeBlocks()
{
    // Blocks up to 32 MiB (glibc's largest threshold; a page read for export is 16 MiB of elements)
    // come from the heap. Up to 256 MiB of free heap is kept: two pages in flight with their copies.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

} // namespace MemoryTuning

} // namespace H5Hdfs

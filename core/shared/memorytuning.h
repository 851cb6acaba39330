// SPDX-License-Identifier: MIT
#pragma once

namespace H5Hdfs {

/// How the programs use memory that is not theirs to manage object by object.
namespace MemoryTuning {

/// Keeps large freed blocks for reuse instead of handing them back to the system at once.
/// Table pages of tens of MiB are read, sent, decoded, formatted and freed one after another. By
/// default glibc maps each such block anew and unmaps it (or trims the heap) when it is freed, so
/// every 4 KiB of every page costs a page fault and a zeroing: with the worker's, 1.5 million faults
/// and 5 s of system time for a 1.5 GB CSV export. Served from the heap and kept there, the next page
/// reuses the same memory. Call once, first thing in main(). Not in the worker: libhdf5 reads
/// uninitialised memory on some corrupt files, and recycled memory turns one of the corpus's
/// readable ones (bad/cross_2_ok_alone_then_crashes.h5) into a crash.
void reuseLargeBlocks();

} // namespace MemoryTuning

} // namespace H5Hdfs

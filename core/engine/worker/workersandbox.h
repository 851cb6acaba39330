// SPDX-License-Identifier: MIT
#pragma once

namespace H5Hdfs {

/// The worker's confinement. Downloaded bytes are untrusted and libhdf5 1.10.8 has known memory
/// corruption bugs reachable from crafted files (../shared/docs/hdf5-robustness.md), so after the
/// worker has loaded everything it needs and before it reads a byte of a file, it gives up what it
/// could do as the user: no new privileges, no filesystem (Landlock, where the kernel has it) and a
/// seccomp filter that lets through only the system calls serving requests needs.
///
/// A system call outside the filter is reported on stderr ("h5hdfs-worker: forbidden system call
/// openat (257)") and the process dies by SIGSYS; H5Service turns that into "reading /x tried a
/// forbidden operation (openat); the file may be malicious".
namespace WorkerSandbox {

/// The template that forks file workers: what a file worker needs, plus receiving fork requests,
/// forking (CLONE_PARENT only), setting up the child's descriptors and limits, and confining the
/// child further. Returns false (with a message on stderr) when the kernel refuses the filter.
bool enterTemplate();

/// A file worker, after its image is mapped and its limits are set: its pipe, its own memory,
/// futexes, clocks and exit. Returns false (with a message on stderr) when the kernel refuses.
bool enterFileWorker();

} // namespace WorkerSandbox

} // namespace H5Hdfs

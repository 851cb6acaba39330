// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"

#include <functional>
#include <optional>

namespace H5Hdfs {

/// Requests that exist only in the test build of the worker (h5hdfs-worker-testhooks, never
/// installed): they make the worker do what a subverted parser would, so tests can watch the
/// sandbox stop it. An Info request on "/.h5hdfs-test/forbidden/OPERATION" attempts OPERATION:
/// openat (of /etc/passwd), socket or execve (of /bin/true). In sanitizer builds, an Info request
/// on "/.h5hdfs-test/sanitizer/BUG" commits BUG, heap-buffer-overflow or signed-integer-overflow, for
/// tests that a report inside the sandbox reaches the program that started the worker. An Info
/// request on "/.h5hdfs-test/stall" never ends until the worker is killed: it holds a file's queue
/// for tests of what waits behind it. An Info request on "/.h5hdfs-test/progress/N" reports
/// progress 1 to N of N as fast as it can, then answers (with no error); on
/// "/.h5hdfs-test/progress/endless" it reports 1, 2, 3, … of 10^6, one every 20 ms, until the worker
/// is killed: tests of where a worker's progress goes.
namespace WorkerTestHooks {

/// The answer to a test request, or nothing for an ordinary request. An answer to a forbidden
/// operation means it was let through: the sandbox failed.
std::optional<H5Response> answer(const H5Request& request, const std::function<void(qint64, qint64)>& progress);

} // namespace WorkerTestHooks

} // namespace H5Hdfs

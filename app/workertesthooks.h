// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"

#include <optional>

namespace H5Hdfs {

/// Requests that exist only in the test build of the worker (h5hdfs-worker-testhooks, never
/// installed): they make the worker do what a subverted parser would, so tests can watch the
/// sandbox stop it. An Info request on "/.h5hdfs-test/forbidden/OPERATION" attempts OPERATION:
/// openat (of /etc/passwd), socket or execve (of /bin/true). In sanitizer builds, an Info request
/// on "/.h5hdfs-test/sanitizer/BUG" commits BUG, heap-buffer-overflow or signed-integer-overflow, for
/// tests that a report inside the sandbox reaches the program that started the worker.
namespace WorkerTestHooks {

/// The answer to a test request, or nothing for an ordinary request. An answer at all means the
/// operation was let through: the sandbox failed.
std::optional<H5Response> answer(const H5Request& request);

} // namespace WorkerTestHooks

} // namespace H5Hdfs

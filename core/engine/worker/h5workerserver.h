// SPDX-License-Identifier: MIT
#pragma once

// The worker's half of the process boundary (h5hdfs-worker): the only process that runs libhdf5 on
// file images. It serves one image, mapped read-only from a descriptor it inherits, answering framed
// requests on stdin with frames on stdout (h5workerprotocol.h). Started with --zygote, it is the
// template that workers are forked from. A crash, hang or memory blow-up here costs one error
// message in the program that started it. The client's half is core/service/h5workerprocess.h.

#include "h5request.h"

#include <functional>
#include <optional>

namespace H5Hdfs {

namespace H5WorkerServer {

/// The worker's progress on a request, sent to the client as it works (done of total).
using Progress = std::function<void(qint64 done, qint64 total)>;
/// Answers a request before the engine does (the test build's forbidden operations, stalls and
/// progress reports), or returns nothing to let the engine answer.
using RequestHook = std::optional<H5Response> (*)(const H5Request& request, const Progress& progress);

/// The worker's main: `--image-fd FD --image-size BYTES [--memory-budget BYTES]` serves one image,
/// `--zygote CONTROL_FD` runs the template, `--version` prints `version`, libhdf5's and the filters.
int run(int argc, char* argv[], const char* version, RequestHook hook = nullptr);

} // namespace H5WorkerServer

} // namespace H5Hdfs

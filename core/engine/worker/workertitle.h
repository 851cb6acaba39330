// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace H5Hdfs {

/// How a worker shows in ps and top: by the file it serves, not as one more "h5hdfs-worker".
namespace WorkerTitle {

/// Names this process after `file`: its command (comm, what top shows; the kernel keeps 15 bytes)
/// becomes the file's name, and its command line "h5hdfs-worker: FILE" followed by the arguments
/// it was started with ("--zygote 3" in a fork of the template), leaving out `skip` and its value.
/// The command line is rewritten in place, as setproctitle does: over argv's strings and, when it
/// needs the room, the environment's strings after them, which are first copied to the heap.
/// Call it before the sandbox: it allocates, and asks prctl.
void set(int argc, char* argv[], const QByteArray& file, const char* skip = nullptr);

/// The longest prefix of `text` of at most `bytes` bytes that does not cut a UTF-8 character.
QByteArray cutUtf8(const QByteArray& text, qsizetype bytes);

} // namespace WorkerTitle

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

namespace H5Hdfs {

/// Memory figures from /proc, in bytes.
namespace ProcStatus {

/// A "Name: value kB" field of /proc/PID/FILE (status, smaps_rollup); -1 when it cannot be read.
qint64 field(qint64 pid, const char* file, const char* name);

qint64 residentBytes();     ///< VmRSS
qint64 peakResidentBytes(); ///< VmHWM
/// Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs).
bool resetPeak();
/// Whether a process `pid` exists (a zombie not yet reaped does).
bool exists(qint64 pid);
/// Dead but not yet reaped by its parent.
bool isZombie(qint64 pid);
/// The processes whose parent is this one, zombies included.
QList<qint64> children();
/// /proc/PID/comm, what top shows (at most 15 bytes); empty when the process is gone.
QByteArray commandName(qint64 pid);

} // namespace ProcStatus

} // namespace H5Hdfs

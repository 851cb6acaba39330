// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// Memory figures of this process from /proc/self/status, in bytes.
namespace ProcStatus {

qint64 residentBytes();     ///< VmRSS
qint64 peakResidentBytes(); ///< VmHWM
/// Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs).
bool resetPeak();

} // namespace ProcStatus

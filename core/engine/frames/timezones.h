// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QTimeZone>
#include <optional>

namespace H5Hdfs {

/// The IANA time zones pandas columns name, loaded once before the worker's sandbox takes the
/// filesystem away (Qt reads each zone from /usr/share/zoneinfo when it is first constructed, and
/// keeps only 100 in its cache). A copy of a loaded QTimeZone shares its data and reads nothing.
namespace TimeZones {

/// Loads every zone the system has, with its aliases (about 600; 10-30 ms). Idempotent.
void preloadAll();
/// The zone with this IANA id, if the system has it; never touches the filesystem after preloadAll().
std::optional<QTimeZone> find(const QByteArray& ianaId);

} // namespace TimeZones

} // namespace H5Hdfs

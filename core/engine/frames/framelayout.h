// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/table: what the frame layouts read from a file besides pages (attributes as
// pandas and PyTables write them), and how they say a layout does not fit.

#include "frames/pickle.h"
#include "result.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace H5Hdfs {

class H5FileImage;

namespace FrameLayout {

constexpr qint64 kMaxLabels = 10'000'000; ///< category and index-level values held in a plan

/// NotATable: the object is none of the named-table layouts (callers fall back to the dataset).
Error notATable(const QString& path, const QString& why);
/// Corrupt: the object says it is a pandas object, but its parts do not fit.
Error badLayout(const QString& path, const QString& why);
/// The bytes of a string attribute, untouched (pickles are latin-1 and may be long), or an
/// integer attribute as its decimal text; nothing when absent or of another type.
std::optional<QByteArray> rawAttribute(const H5FileImage& image, const QString& path, const char* name);
QString textAttribute(
    const H5FileImage& image, const QString& path, const char* name, const QString& fallback = {});
/// A protocol-0 pickle stored in a string attribute (PyTables' way with lists, dicts and None).
Result<PickleValue> pickledAttribute(const H5FileImage& image, const QString& path, const char* name);

} // namespace FrameLayout

} // namespace H5Hdfs

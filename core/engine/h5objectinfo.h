// SPDX-License-Identifier: MIT
#pragma once

// Internal to the engine: metadata of one open object.

#include "h5handle.h"
#include "h5types.h"

namespace H5Hdfs {

class H5FileImage;

namespace H5ObjectInfo {

/// Dimensions of a dataspace; empty for scalar and null spaces.
QList<qint64> shapeOf(HdfId space);
/// A soft link's path, or "file:/path" for an external link; never resolved.
QString linkTarget(const H5FileImage& image, HdfId parent, const QByteArray& name);
/// Shape, type, layout, filters, sizes and fill value of an open dataset.
Result<DatasetInfo> dataset(HdfId dataset);
/// All attributes of an open object, each value as text (large ones summarised, not read).
QList<Attribute> attributes(HdfId object);
/// The filter pipeline of a dataset creation property list, with availability of each filter.
QList<FilterInfo> filters(HdfId dcpl);
/// Compression filter names by id, for filters the file does not name.
QString filterName(int id);

} // namespace H5ObjectInfo

} // namespace H5Hdfs

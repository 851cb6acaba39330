// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"
#include "result.h"

#include <functional>

namespace H5Hdfs {

class H5FileImage;

/// Synchronous reads from one open file image. Call on the HDF5 thread only; every method returns
/// a value or an Error and never throws. Links are listed, never followed to other files.
class H5Reader {
public:
    /// The most one page read may allocate for its element buffer.
    static constexpr qint64 kMaxPageBytes = PageRequest::kMaxBytes;
    /// The most one attribute value may take before it is summarised instead of read.
    static constexpr qint64 kMaxAttributeBytes = 1LL << 20;
    /// Rows of a page are read in blocks of about this many bytes, with progress between blocks.
    static constexpr qint64 kBlockBytes = 8LL << 20;

    explicit H5Reader(const H5FileImage& image)
        : m_image(image)
    {
    }

    [[nodiscard]] const H5FileImage& image() const { return m_image; }
    [[nodiscard]] Result<QList<H5Node>> children(const QString& groupPath) const;
    [[nodiscard]] Result<ObjectInfo> info(const QString& path) const;
    /// Objects (reached through hard links, each once) whose name matches `pattern` (* and ?).
    [[nodiscard]] Result<QList<H5Node>> find(const QString& pattern, int limit) const;
    /// Reads in blocks of rows, calling `progress(rowsDone, rowCount)` after each block.
    [[nodiscard]] Result<Page> readPage(const QString& datasetPath, const PageRequest& request,
        const std::function<void(qint64, qint64)>& progress = {}) const;

private:
    const H5FileImage& m_image;
};

} // namespace H5Hdfs

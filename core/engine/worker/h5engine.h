// SPDX-License-Identifier: MIT
#pragma once

#include "frames/framereader.h"
#include "h5request.h"
#include "imagebuffer.h"

#include <QHash>

#include <functional>
#include <memory>

namespace H5Hdfs {

class BlockCache;
class H5FileImage;

/// Answers requests about one file image. Opens the image on the first request; all its work
/// happens on the calling thread, which must be the one thread that calls HDF5.
class H5Engine {
public:
    explicit H5Engine(std::shared_ptr<const ImageBuffer> bytes);
    /// A lazily read file: bytes come through `cache` (its worker's supervisor fetches them).
    explicit H5Engine(std::shared_ptr<BlockCache> cache);
    ~H5Engine();
    H5Engine(const H5Engine&) = delete;
    H5Engine& operator=(const H5Engine&) = delete;

    /// Reports (done, total) now and then during long reads, so a supervisor can tell work from a hang.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    H5Response execute(const H5Request& request, const Progress& progress = {});

private:
    Status ensureOpen();
    Result<FramePlan> framePlan(const QString& path);

    std::shared_ptr<const ImageBuffer> m_bytes;
    std::shared_ptr<BlockCache> m_cache;
    std::unique_ptr<H5FileImage> m_image;
    Error m_openError;
    QHash<QString, FramePlan> m_framePlans;
};

} // namespace H5Hdfs

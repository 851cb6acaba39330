// SPDX-License-Identifier: MIT
#pragma once

#include "h5handle.h"
#include "imagebuffer.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <memory>

namespace H5Hdfs {

class BlockCache;

/// An HDF5 file opened in place from an ImageBuffer: the library reads the caller's bytes through
/// no-copy file-image callbacks, nothing is copied and the filesystem is never touched. The bytes
/// are owned here and outlive the HDF5 handle. Use on the HDF5 thread only.
class H5FileImage {
public:
    static Result<std::unique_ptr<H5FileImage>> open(std::shared_ptr<const ImageBuffer> bytes);
    /// Opens a file the worker does not hold: its bytes come block by block through `cache`
    /// (the lazy file driver, rangevfd.h), with the same refusals as an image.
    static Result<std::unique_ptr<H5FileImage>> openLazy(std::shared_ptr<BlockCache> cache);
    ~H5FileImage();
    H5FileImage(const H5FileImage&) = delete;
    H5FileImage& operator=(const H5FileImage&) = delete;

    [[nodiscard]] HdfId file() const { return m_file.id(); }
    /// Link access list that refuses to follow external links: use it for every by-name call.
    [[nodiscard]] HdfId linkAccess() const { return m_linkAccess.id(); }
    /// Group access list with the same refusal.
    [[nodiscard]] HdfId groupAccess() const { return m_groupAccess.id(); }
    /// Dataset access list with the same refusal, and whose external-storage and VDS prefixes point where
    /// nothing can exist.
    [[nodiscard]] HdfId datasetAccess() const { return m_datasetAccess.id(); }
    [[nodiscard]] qint64 size() const { return m_size; }
    /// Paths of objects reached through references, by object address. The library finds such a
    /// path by visiting the whole file, so each is looked up once per file (a netCDF variable's
    /// dimension scales are resolved for every listing and page); the image never changes.
    [[nodiscard]] QHash<quint64, QString>& referencedPaths() const { return m_referencedPaths; }

    /// The name handed to HDF5 for an image: under /dev/null, so no file can ever exist there.
    /// (The core driver refuses to open an image whose name exists on disk.)
    static QString uniqueImageName();
    /// Whether the bytes carry the HDF5 signature at any offset the library searches (0, 512, 1024, ...).
    static bool hasSignature(const char* data, qint64 size);
    /// The same for a lazy file, reading only the few places searched.
    static bool hasSignature(BlockCache& cache);

private:
    explicit H5FileImage(std::shared_ptr<const ImageBuffer> bytes);
    /// The access lists that refuse external links, files and VDS sources; after the file opened.
    Status prepareAccessLists();

    struct CallbackState;
    std::shared_ptr<const ImageBuffer> m_bytes;
    std::shared_ptr<BlockCache> m_cache; ///< a lazy file's bytes, instead of m_bytes
    qint64 m_size = 0;
    std::unique_ptr<CallbackState> m_callbacks;
    H5Handle m_file;
    H5Handle m_linkAccess;
    H5Handle m_groupAccess;
    H5Handle m_datasetAccess;
    mutable QHash<quint64, QString> m_referencedPaths;
};

} // namespace H5Hdfs

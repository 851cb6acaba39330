// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>
#include <atomic>
#include <memory>
#include <thread>

namespace H5Hdfs {

/// The bytes of one file image, allocated once at their final size in an anonymous shared-memory
/// object (memfd). A download or a local read writes into it directly; the HDF5 layer opens it in
/// place, and a worker process can map the same pages through fd() without a copy.
class ImageBuffer {
public:
    /// A zero-filled buffer of exactly `size` bytes; `label` names the memfd in /proc for debugging.
    static Result<std::shared_ptr<ImageBuffer>> allocate(qint64 size, const QString& label);
    /// Reads a local file once into a new buffer of its size.
    static Result<std::shared_ptr<ImageBuffer>> readFile(const QString& path);
    /// Maps an existing memfd read-only (the worker side). Takes ownership of `fd`.
    static Result<std::shared_ptr<ImageBuffer>> mapReadOnly(int fd, qint64 size);

    ~ImageBuffer();
    ImageBuffer(const ImageBuffer&) = delete;
    ImageBuffer& operator=(const ImageBuffer&) = delete;

    /// Starts allocating the pages on a helper thread, ahead of whoever fills the buffer: a fresh
    /// shared-memory page costs a fault and a zeroing, and that work then runs on another core
    /// while bytes arrive. Stops by itself when done, or when the buffer goes.
    void populateAhead();

    [[nodiscard]] char* data() { return m_data; }
    [[nodiscard]] const char* constData() const { return m_data; }
    [[nodiscard]] qint64 size() const { return m_size; }
    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] bool isWritable() const { return m_writable; }

private:
    ImageBuffer(int fd, char* data, qint64 size, bool writable);

    int m_fd = -1;
    char* m_data = nullptr;
    std::thread m_populate;
    std::atomic_bool m_stopPopulating {false};
    qint64 m_size = 0;
    bool m_writable = false;
};

} // namespace H5Hdfs

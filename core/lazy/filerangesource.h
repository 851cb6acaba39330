// SPDX-License-Identifier: MIT
#pragma once

#include "lazy/rangesource.h"

#include <QString>
#include <memory>

namespace H5Hdfs {

/// Byte ranges of a local file (pread): a local file larger than the memory budget is read
/// lazily instead of whole, and the lazy driver's tests run without a network.
class FileRangeSource : public RangeSource {
public:
    static Result<std::shared_ptr<FileRangeSource>> open(const QString& path);
    ~FileRangeSource() override;
    FileRangeSource(const FileRangeSource&) = delete;
    FileRangeSource& operator=(const FileRangeSource&) = delete;

    [[nodiscard]] qint64 size() const override { return m_size; }
    Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) override;

private:
    FileRangeSource(QString path, int fd, qint64 size);
    QString m_path;
    int m_fd = -1;
    qint64 m_size = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "lazy/filerangesource.h"

#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace H5Hdfs {

FileRangeSource::FileRangeSource(QString path, int fd, qint64 size)
    : m_path(std::move(path))
    , m_fd(fd)
    , m_size(size)
{
}

FileRangeSource::~FileRangeSource()
{
    ::close(m_fd);
}

Result<std::shared_ptr<FileRangeSource>> FileRangeSource::open(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (fd < 0 || ::fstat(fd, &info) != 0) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        return Error(Error::Code::Io, QStringLiteral("Cannot open %1").arg(path),
            QString::fromLocal8Bit(std::strerror(err)));
    }
    return std::shared_ptr<FileRangeSource>(new FileRangeSource(path, fd, qint64(info.st_size)));
}

Status FileRangeSource::read(qint64 offset, qint64 length, char* into, const FetchLimits& limits)
{
    const QString name = QFileInfo(m_path).fileName();
    while (length > 0) {
        if (limits.cancel && limits.cancel->load())
            return Error(Error::Code::Cancelled, QStringLiteral("Cancelled"));
        const ssize_t n = ::pread(m_fd, into, size_t(std::min<qint64>(length, 16 << 20)), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) // a file that shrank since it was opened ends early
            return Error(Error::Code::Io,
                n < 0 ? QStringLiteral("Cannot read %1 at offset %2").arg(name).arg(offset)
                      : QStringLiteral("%1 changed since it was opened (it ends before offset %2)")
                            .arg(name)
                            .arg(offset),
                n < 0 ? QString::fromLocal8Bit(std::strerror(errno)) : QString());
        into += n;
        offset += n;
        length -= n;
    }
    return {};
}

} // namespace H5Hdfs

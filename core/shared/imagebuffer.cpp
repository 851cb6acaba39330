// SPDX-License-Identifier: MIT
#include "imagebuffer.h"

#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace H5Hdfs {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14
#endif

namespace {

QString systemError(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// mmap cannot map zero bytes; an empty image still needs a valid, distinct pointer.
char* mapOrEmpty(int fd, qint64 size, int prot)
{
    if (size == 0)
        return static_cast<char*>(MAP_FAILED);
    return static_cast<char*>(mmap(nullptr, size_t(size), prot, MAP_SHARED, fd, 0));
}

} // namespace

ImageBuffer::ImageBuffer(int fd, char* data, qint64 size, bool writable)
    : m_fd(fd)
    , m_data(data)
    , m_size(size)
    , m_writable(writable)
{
}

ImageBuffer::~ImageBuffer()
{
    m_stopPopulating = true;
    if (m_populate.joinable())
        m_populate.join();
    if (m_data && m_size > 0)
        munmap(m_data, size_t(m_size));
    if (m_fd >= 0)
        close(m_fd);
}

Result<std::shared_ptr<ImageBuffer>> ImageBuffer::allocate(qint64 size, const QString& label)
{
    if (size < 0)
        return Error(Error::Code::Internal, QStringLiteral("Negative image size %1").arg(size));
    const int fd
        = memfd_create(("h5hdfs:" + label.left(200)).toUtf8().constData(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return Error(Error::Code::Io, QStringLiteral("Cannot create a memory buffer"), systemError(errno));
    if (ftruncate(fd, off_t(size)) != 0) {
        const int err = errno;
        close(fd);
        return Error(Error::Code::TooLarge, QStringLiteral("Cannot reserve %1 bytes of memory").arg(size),
            systemError(err));
    }
    char* data = mapOrEmpty(fd, size, PROT_READ | PROT_WRITE);
    if (size > 0 && data == MAP_FAILED) {
        const int err = errno;
        close(fd);
        return Error(Error::Code::TooLarge, QStringLiteral("Cannot map %1 bytes of memory").arg(size),
            systemError(err));
    }
    return std::shared_ptr<ImageBuffer>(new ImageBuffer(fd, size > 0 ? data : nullptr, size, true));
}

void ImageBuffer::populateAhead()
{
    if (!m_writable || m_size == 0 || m_populate.joinable())
        return;
    m_populate = std::thread([this] {
        constexpr qint64 kStep = 4 << 20;
        for (qint64 at = 0; at < m_size && !m_stopPopulating; at += kStep) {
            const size_t length = size_t(std::min(kStep, m_size - at));
            if (madvise(m_data + at, length, MADV_POPULATE_WRITE) != 0)
                return; // an older kernel: the writer's own page faults do the work instead
        }
    });
}

Result<std::shared_ptr<ImageBuffer>> ImageBuffer::readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(Error::Code::Io, QStringLiteral("Cannot open %1").arg(path), file.errorString()).about(path);
    auto buffer = allocate(file.size(), QFileInfo(path).fileName());
    if (!buffer)
        return buffer.error();
    char* out = (*buffer)->data();
    qint64 done = 0;
    while (done < file.size()) {
        const qint64 n = file.read(out + done, file.size() - done);
        if (n <= 0)
            return Error(Error::Code::Io, QStringLiteral("Cannot read %1").arg(path),
                n < 0 ? file.errorString() : QStringLiteral("file shrank while reading"))
                .about(path);
        done += n;
    }
    return buffer;
}

Result<std::shared_ptr<ImageBuffer>> ImageBuffer::mapReadOnly(int fd, qint64 size)
{
    char* data = mapOrEmpty(fd, size, PROT_READ);
    if (size > 0 && data == MAP_FAILED) {
        const int err = errno;
        close(fd);
        return Error(Error::Code::Io, QStringLiteral("Cannot map the shared image"), systemError(err));
    }
    return std::shared_ptr<ImageBuffer>(new ImageBuffer(fd, size > 0 ? data : nullptr, size, false));
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "h5workerprotocol.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace H5Hdfs {

namespace H5WorkerProtocol {
namespace {

constexpr int kHeaderSize = 4 + 2 + 1 + 4;

bool writeAll(int fd, const char* data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

ReadStatus readAll(int fd, char* data, size_t size, std::chrono::steady_clock::time_point deadline,
    const std::atomic_bool* cancel)
{
    using namespace std::chrono;
    const bool forever = deadline == steady_clock::time_point::max();
    while (size > 0) {
        const auto now = steady_clock::now();
        if (!forever && now >= deadline)
            return ReadStatus::TimedOut;
        // Rounded up: a deadline is never declared passed early by dropping a fraction of a millisecond.
        const auto left = forever ? 60'000LL : ceil<milliseconds>(deadline - now).count();
        if (cancel && cancel->load())
            return ReadStatus::Cancelled;
        pollfd p {fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, int(std::min<long long>(left, cancel ? 50 : left)));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            return ReadStatus::Closed;
        if (ready == 0)
            continue;
        const ssize_t n = ::read(fd, data, size);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return ReadStatus::Closed;
        data += n;
        size -= size_t(n);
    }
    return ReadStatus::Ok;
}

template <typename T> void put(char*& p, T v)
{
    std::memcpy(p, &v, sizeof v);
    p += sizeof v;
}

template <typename T> T get(const char*& p)
{
    T v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
}

} // namespace

bool writeFrame(int fd, FrameType type, const QByteArray& payload)
{
    char header[kHeaderSize];
    char* p = header;
    put(p, kMagic);
    put(p, kVersion);
    put(p, quint8(type));
    put(p, quint32(payload.size()));
    return writeAll(fd, header, sizeof header) && writeAll(fd, payload.constData(), size_t(payload.size()));
}

ReadStatus readFrame(
    int fd, Frame& frame, std::chrono::steady_clock::time_point deadline, const std::atomic_bool* cancel)
{
    char header[kHeaderSize];
    if (const ReadStatus s = readAll(fd, header, sizeof header, deadline, cancel); s != ReadStatus::Ok)
        return s;
    const char* p = header;
    const auto magic = get<quint32>(p);
    const auto version = get<quint16>(p);
    const auto type = get<quint8>(p);
    const auto length = get<quint32>(p);
    if (magic != kMagic || version != kVersion || type < 1 || type > kLastFrameType || length > kMaxPayload)
        return ReadStatus::Corrupt;
    frame.type = FrameType(type);
    frame.payload.resize(qsizetype(length));
    return readAll(fd, frame.payload.data(), length, deadline, cancel);
}

} // namespace H5WorkerProtocol

} // namespace H5Hdfs

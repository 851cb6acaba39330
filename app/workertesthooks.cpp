// SPDX-License-Identifier: MIT
#include "workertesthooks.h"

#include <fcntl.h>
#include <limits>
#include <sys/socket.h>
#include <unistd.h>

namespace H5Hdfs {

namespace WorkerTestHooks {
namespace {

// Bugs for the sanitizers to report, in ways the compiler cannot see through and remove.
long commitBug(const QString& bug)
{
#ifdef H5HDFS_SANITIZE
    volatile int index = 16;
    if (bug == QLatin1String("heap-buffer-overflow")) {
        auto* bytes = new char[16]();
        const long read = bytes[index];
        delete[] bytes;
        return read;
    }
    if (bug == QLatin1String("signed-integer-overflow")) {
        volatile int big = std::numeric_limits<int>::max();
        return big + index;
    }
#endif
    Q_UNUSED(bug);
    return -1;
}

// Progress reports and nothing else, as a long reduction sends them.
H5Response reportProgress(const QString& steps, const std::function<void(qint64, qint64)>& progress)
{
    if (steps == QLatin1String("endless")) {
        for (qint64 done = 1;; ++done) {
            progress(done, 1'000'000);
            ::usleep(20'000);
        }
    }
    const qint64 total = steps.toLongLong();
    for (qint64 done = 1; done <= total; ++done)
        progress(done, total);
    return {};
}

} // namespace

std::optional<H5Response> answer(const H5Request& request, const std::function<void(qint64, qint64)>& progress)
{
    if (request.kind == H5Request::Kind::Info && request.path == QLatin1String("/.h5hdfs-test/stall")) {
        for (;;) // like a parser stuck in a loop, without spending CPU time
            ::sleep(3600);
    }
    static const QString kProgressPrefix = QStringLiteral("/.h5hdfs-test/progress/");
    if (request.kind == H5Request::Kind::Info && request.path.startsWith(kProgressPrefix))
        return reportProgress(request.path.mid(kProgressPrefix.size()), progress);
    static const QString kBugPrefix = QStringLiteral("/.h5hdfs-test/sanitizer/");
    if (request.kind == H5Request::Kind::Info && request.path.startsWith(kBugPrefix)) {
        const long result = commitBug(request.path.mid(kBugPrefix.size()));
        H5Response response;
        response.error = Error(
            Error::Code::Internal, QStringLiteral("no sanitizer stopped the bug (result %1)").arg(result));
        return response;
    }
    static const QString kPrefix = QStringLiteral("/.h5hdfs-test/forbidden/");
    if (request.kind != H5Request::Kind::Info || !request.path.startsWith(kPrefix))
        return std::nullopt;
    const QString operation = request.path.mid(kPrefix.size());
    long result = -1;
    if (operation == QLatin1String("openat")) {
        result = ::openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
    } else if (operation == QLatin1String("socket")) {
        result = ::socket(AF_INET, SOCK_STREAM, 0);
    } else if (operation == QLatin1String("execve")) {
        char program[] = "/bin/true";
        char* const argv[] = {program, nullptr};
        result = ::execve(program, argv, nullptr);
    }
    H5Response response;
    response.error = Error(Error::Code::Internal,
        QStringLiteral("the sandbox let %1 through (result %2)").arg(operation).arg(result));
    return response;
}

} // namespace WorkerTestHooks

} // namespace H5Hdfs

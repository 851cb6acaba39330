// SPDX-License-Identifier: MIT
#include "workertesthooks.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace WorkerTestHooks {

std::optional<H5Response> answer(const H5Request& request)
{
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

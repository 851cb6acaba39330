// SPDX-License-Identifier: MIT
#include "sanitizerreports.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace H5Hdfs {

namespace {

#ifdef H5HDFS_SANITIZE
constexpr bool kSanitizerBuild = true;
#else
constexpr bool kSanitizerBuild = false;
#endif

// The first line of each report: ASan's "==PID==ERROR: AddressSanitizer: heap-buffer-overflow ...",
// UBSan's "file.cpp:12:5: runtime error: signed integer overflow ..." (LeakSanitizer is off in
// workers, app/workersanitizer.cpp says why).
const char* const kReportStarts[] = {"ERROR: AddressSanitizer", ": runtime error: "};

[[noreturn]] void fail(const QByteArray& message)
{
    std::fputs(message.constData(), stderr);
    std::fflush(stderr);
    std::abort();
}

} // namespace

void SanitizerReportWatch::feed(const QByteArray& before, const QByteArray& chunk)
{
    if (!kSanitizerBuild)
        return;
    if (!m_report.isEmpty()) {
        m_report += chunk;
        return;
    }
    const QByteArray seen = before + chunk;
    for (const char* start : kReportStarts) {
        const qsizetype at = seen.indexOf(start);
        if (at >= 0) {
            m_report = seen.mid(seen.lastIndexOf('\n', at) + 1); // from the start of its line
            return;
        }
    }
}

void SanitizerReportWatch::failIfFound(pid_t worker) const
{
    if (m_report.isEmpty())
        return;
    fail("h5hdfs: a sanitizer report from HDF5 worker " + QByteArray::number(worker)
        + " (a bug; this process stops as on a report of its own):\n" + m_report + '\n');
}

void SanitizerReportWatch::failIfTemplateReported(pid_t zygote)
{
    if (!kSanitizerBuild)
        return;
    // Its socket closed as it exited; it is reapable a moment later.
    int status = 0;
    pid_t reaped = 0;
    for (int tries = 0; reaped == 0 && tries < 100; ++tries) {
        while ((reaped = ::waitpid(zygote, &status, WNOHANG)) < 0 && errno == EINTR) { }
        if (reaped == 0)
            ::usleep(10'000);
    }
    if (reaped == zygote && WIFEXITED(status) && WEXITSTATUS(status) == H5HDFS_SANITIZER_EXIT_CODE)
        fail("h5hdfs: the template HDF5 worker " + QByteArray::number(zygote)
            + " ended on a sanitizer report (above); a bug, so this process stops too\n");
}

} // namespace H5Hdfs

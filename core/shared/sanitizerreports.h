// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <sys/types.h>

namespace H5Hdfs {

/// The exit code of a worker after a sanitizer report (ASan's and UBSan's `exitcode`, set by the
/// worker itself in app/workersanitizer.cpp): none of the worker's own codes, nor 128 + a signal.
#define H5HDFS_SANITIZER_EXIT_CODE 99

/// Sanitizer builds (-DH5HDFS_SANITIZE=ON): a report of AddressSanitizer or UndefinedBehaviorSanitizer
/// that a worker writes is a bug found, and the process that started the worker fails on it as on a
/// report of its own (its report, then abort). Left to the service, the dying worker would be one
/// more "crash", which the tests of hostile files expect and pass on. Release builds: nothing.
class SanitizerReportWatch {
public:
    /// Looks at what a file worker wrote to its stderr (`chunk`) after `before` (the tail of what it
    /// wrote earlier, where the start of a report split between two reads is).
    void feed(const QByteArray& before, const QByteArray& chunk);
    /// When a report was seen: writes it to stderr, naming the worker, and aborts.
    void failIfFound(pid_t worker) const;

    /// The template worker writes to our own stderr, so its report is already there; it exits with
    /// H5HDFS_SANITIZER_EXIT_CODE. Called once the template is gone: reaps it (waiting up to a
    /// second) and aborts when that is how it ended.
    static void failIfTemplateReported(pid_t zygote);

private:
    QByteArray m_report;
};

} // namespace H5Hdfs

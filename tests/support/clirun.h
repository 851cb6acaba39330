// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

/// The h5hdfs command line, run as a user would run it.
namespace CliRun {

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err;
    [[nodiscard]] bool ok() const { return status == QProcess::NormalExit && exitCode == 0; }
};

/// Runs build/bin/h5hdfs with `args` (and `environment`, if given); a run over `timeoutMs` is killed.
Run h5hdfs(const QStringList& args, const QProcessEnvironment& environment = {}, int timeoutMs = 60000);

} // namespace CliRun

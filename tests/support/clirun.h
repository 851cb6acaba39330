// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace H5Hdfs {

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
Run cli(const QStringList& args, const QProcessEnvironment& environment = {}, int timeoutMs = 60000);
/// The same with `input` on its standard input (then closed).
Run cliWithInput(const QByteArray& input, const QStringList& args,
    const QProcessEnvironment& environment = {}, int timeoutMs = 60000);

/// `h5hdfs serve DIR [extra...]` in its own process, for commands that talk WebHDFS (a server in
/// the test's own process would not answer while the test waits for the command).
class ServeProcess {
public:
    explicit ServeProcess(const QString& dir, const QStringList& extra = {});
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    /// webhdfs://127.0.0.1:PORT + path
    [[nodiscard]] QString url(const QString& path) const;
    [[nodiscard]] bool ok() const { return !m_port.isEmpty(); }

private:
    QProcess m_process;
    QString m_port;
};

} // namespace CliRun

} // namespace H5Hdfs

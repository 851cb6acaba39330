// SPDX-License-Identifier: MIT
#include "benchtools.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <cstdio>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace BenchTools {

Timed run(const QString& program, const QStringList& arguments, int timeoutSeconds)
{
    // posix_spawn + wait4 rather than QProcess: wait4 reports the program's peak RSS.
    Timed t;
    std::vector<QByteArray> args {program.toLocal8Bit()};
    for (const QString& a : arguments)
        args.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        t.note = program + QStringLiteral(" is not installed");
        return t;
    }
    int status = 0;
    struct rusage usage { };
    while (wait4(pid, &status, WNOHANG, &usage) == 0) {
        if (timer.elapsed() > qint64(timeoutSeconds) * 1000) {
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            t.note = QStringLiteral("timed out");
            return t;
        }
        usleep(2000);
    }
    t.seconds = double(timer.nsecsElapsed()) / 1e9;
    t.peakRssMiB = double(usage.ru_maxrss) / 1024.0;
    t.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    t.ran = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!t.ran)
        t.note = QStringLiteral("exit code %1").arg(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return t;
}

bool pythonHas(const QStringList& modules)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"), QStringLiteral("import ") + modules.join(QLatin1Char(','))});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

double fileMiB(const QString& path)
{
    return double(QFileInfo(path).size()) / (1 << 20);
}

void printRow(const QString& tool, const Timed& t, double outputMiB, double baselineSeconds)
{
    if (!t.ran) {
        std::printf("  %-28s  not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-28s %8.2f s %9.1f MiB %9.1f MiB/s   %5.2fx the time of h5hdfs\n", qPrintable(tool),
        t.seconds, outputMiB, outputMiB / t.seconds, t.seconds / baselineSeconds);
    std::fflush(stdout);
}

} // namespace BenchTools

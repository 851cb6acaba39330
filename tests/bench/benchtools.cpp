// SPDX-License-Identifier: MIT
#include "benchtools.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QFileInfo>
#include <QProcess>
#include <cstdio>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
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

int runsFromEnvironment()
{
    bool ok = false;
    const int runs = qEnvironmentVariableIntValue("BENCH_RUNS", &ok);
    return ok && runs > 0 ? runs : 3;
}

Timed medianOf(QList<Timed> runs)
{
    std::sort(runs.begin(), runs.end(), [](const Timed& a, const Timed& b) { return a.seconds < b.seconds; });
    Timed median = runs[runs.size() / 2];
    median.runs = int(runs.size());
    median.fastestSeconds = runs.first().seconds;
    median.slowestSeconds = runs.last().seconds;
    return median;
}

Timed runRepeated(const QString& program, const QStringList& arguments, int runs)
{
    return timeRepeated([&] { return run(program, arguments); }, runs);
}

QString spread(const Timed& t)
{
    if (t.runs < 2)
        return {};
    return QStringLiteral(" [%1-%2 s, %3 runs]")
        .arg(t.fastestSeconds, 0, 'f', 2)
        .arg(t.slowestSeconds, 0, 'f', 2)
        .arg(t.runs);
}

void printMachine()
{
    QString cpu;
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : cpuinfo.readAll().split('\n'))
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
                break;
            }
    }
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    const QString load = loadavg.open(QIODevice::ReadOnly)
        ? QString::fromUtf8(loadavg.readAll()).section(QLatin1Char(' '), 0, 2)
        : QStringLiteral("?");
    std::printf("%s UTC, %s, %d cores, load average %s; median of %d runs [fastest-slowest]\n",
        qPrintable(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
        qPrintable(cpu), QThread::idealThreadCount(), qPrintable(load), runsFromEnvironment());
    std::fflush(stdout);
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
    std::printf("  %-28s %8.2f s %9.1f MiB %9.1f MiB/s   %5.2fx the time of h5hdfs%s\n", qPrintable(tool),
        t.seconds, outputMiB, outputMiB / t.seconds, t.seconds / baselineSeconds, qPrintable(spread(t)));
    std::fflush(stdout);
}

} // namespace BenchTools

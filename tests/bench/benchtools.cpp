// SPDX-License-Identifier: MIT
#include "benchtools.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <cstdio>

namespace BenchTools {

Timed run(const QString& program, const QStringList& arguments, int timeoutSeconds)
{
    Timed t;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start(program, arguments);
    if (!p.waitForStarted()) {
        t.note = program + QStringLiteral(" is not installed");
        return t;
    }
    if (!p.waitForFinished(timeoutSeconds * 1000)) {
        p.kill();
        p.waitForFinished();
        t.note = QStringLiteral("timed out");
        return t;
    }
    t.seconds = double(timer.nsecsElapsed()) / 1e9;
    t.ran = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!t.ran)
        t.note = QStringLiteral("exit code %1").arg(p.exitCode());
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

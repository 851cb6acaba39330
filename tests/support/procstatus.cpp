// SPDX-License-Identifier: MIT
#include "procstatus.h"

#include <QDir>
#include <QFile>

#include <csignal>
#include <unistd.h>

namespace H5Hdfs {

namespace ProcStatus {

qint64 field(qint64 pid, const char* file, const char* name)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(file)));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(name) + ':';
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

qint64 residentBytes()
{
    return field(getpid(), "status", "VmRSS");
}

qint64 peakResidentBytes()
{
    return field(getpid(), "status", "VmHWM");
}

bool resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

bool exists(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

bool isZombie(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2, 1) == "Z"; // the state follows the command
}

QList<qint64> children()
{
    QList<qint64> pids;
    for (const QString& name : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(name));
        if (name.toLongLong() <= 0 || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // After the command's closing parenthesis: the state, then the parent's pid.
        if (line.mid(line.lastIndexOf(')') + 2).split(' ').value(1).toLongLong() == ::getpid())
            pids << name.toLongLong();
    }
    return pids;
}

QByteArray commandName(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

} // namespace ProcStatus

} // namespace H5Hdfs

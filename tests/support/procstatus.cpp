// SPDX-License-Identifier: MIT
#include "procstatus.h"

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

} // namespace ProcStatus

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "clirun.h"

#include "testpaths.h"

namespace CliRun {

Run h5hdfs(const QStringList& args, const QProcessEnvironment& environment, int timeoutMs)
{
    QProcess p;
    if (!environment.isEmpty())
        p.setProcessEnvironment(environment);
    p.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitCode();
    r.status = p.exitStatus();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace CliRun

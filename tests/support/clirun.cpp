// SPDX-License-Identifier: MIT
#include "clirun.h"

#include "testpaths.h"

namespace H5Hdfs {

namespace CliRun {

Run cli(const QStringList& args, const QProcessEnvironment& environment, int timeoutMs)
{
    return cliWithInput({}, args, environment, timeoutMs);
}

Run cliWithInput(
    const QByteArray& input, const QStringList& args, const QProcessEnvironment& environment, int timeoutMs)
{
    QProcess p;
    if (!environment.isEmpty())
        p.setProcessEnvironment(environment);
    p.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"), args);
    if (p.waitForStarted(timeoutMs)) {
        p.write(input);
        p.closeWriteChannel();
    }
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

ServeProcess::ServeProcess(const QString& dir, const QStringList& extra)
{
    m_process.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"), QStringList {QStringLiteral("serve"), dir} + extra);
    if (m_process.waitForReadyRead(10000)) {
        const QString line = QString::fromUtf8(m_process.readLine());
        const qsizetype at = line.indexOf(QStringLiteral("http://127.0.0.1:"));
        m_port = at < 0 ? QString() : line.mid(at + 17).section(QLatin1Char('/'), 0, 0);
    }
}

ServeProcess::~ServeProcess()
{
    m_process.kill();
    m_process.waitForFinished();
}

QString ServeProcess::url(const QString& path) const
{
    return QStringLiteral("webhdfs://127.0.0.1:%1%2").arg(m_port, path);
}

} // namespace CliRun

} // namespace H5Hdfs

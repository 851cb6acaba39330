// SPDX-License-Identifier: MIT
#include "installlayout.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QtGlobal>

namespace H5Hdfs {

#ifndef H5HDFS_WORKER_RELATIVE_DIR
#define H5HDFS_WORKER_RELATIVE_DIR "../libexec/h5hdfs"
#endif

namespace InstallLayout {

namespace {

QString programDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    return QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).path();
}

} // namespace

QString workerProgram()
{
    const QByteArray fromEnvironment = qgetenv("H5HDFS_WORKER");
    if (!fromEnvironment.isEmpty())
        return QString::fromLocal8Bit(fromEnvironment);
    const QString dir = programDir();
    const QString installed = QFileInfo(dir + QStringLiteral("/" H5HDFS_WORKER_RELATIVE_DIR "/h5hdfs-worker"))
                                  .absoluteFilePath();
    if (QFileInfo(installed).isExecutable())
        return installed;
    return dir + QStringLiteral("/h5hdfs-worker");
}

QString workerReport(bool* ok)
{
    if (ok)
        *ok = false;
    const QString program = workerProgram();
    QProcess worker;
    worker.setProcessChannelMode(QProcess::SeparateChannels);
    worker.start(program, {QStringLiteral("--version")}, QIODevice::ReadOnly);
    if (!worker.waitForStarted(10'000))
        return QStringLiteral("HDF5: unknown, the worker %1 cannot be started (%2)").arg(program, worker.errorString());
    if (!worker.waitForFinished(10'000)) {
        worker.kill();
        worker.waitForFinished();
        return QStringLiteral("HDF5: unknown, the worker %1 did not answer").arg(program);
    }
    if (worker.exitStatus() != QProcess::NormalExit || worker.exitCode() != 0)
        return QStringLiteral("HDF5: unknown, the worker %1 failed: %2")
            .arg(program, QString::fromLocal8Bit(worker.readAllStandardError()).trimmed());
    if (ok)
        *ok = true;
    return QString::fromUtf8(worker.readAllStandardOutput()).trimmed();
}

QString versionReport(const QString& program, const QString& version)
{
    return QStringLiteral("%1 %2\nQt %3\nWorker: %4\n%5\n")
        .arg(program, version, QString::fromLatin1(qVersion()), workerProgram(), workerReport());
}

} // namespace InstallLayout

} // namespace H5Hdfs

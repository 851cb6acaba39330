// SPDX-License-Identifier: MIT
#include "delayproxy.h"

#include "testpaths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace H5Hdfs {

DelayProxy::DelayProxy(int delayMs, const QList<int>& targetPorts, const QString& logPath)
    : m_logPath(logPath)
{
    QStringList arguments {TestPaths::sourceDir() + QStringLiteral("/tests/bench/delayproxy.py"),
        QString::number(delayMs), logPath};
    for (int port : targetPorts)
        arguments << QString::number(port);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral("/usr/bin/python3"), arguments);
    while (!m_process.canReadLine())
        if (!m_process.waitForReadyRead(10000))
            return;
    const QJsonObject ports = QJsonDocument::fromJson(m_process.readLine()).object();
    for (auto it = ports.begin(); it != ports.end(); ++it)
        m_ports.insert(it.key().toInt(), it.value().toInt());
}

DelayProxy::~DelayProxy()
{
    m_process.closeWriteChannel(); // the proxy exits at the end of its input
    if (!m_process.waitForFinished(5000))
        m_process.kill();
}

qint64 DelayProxy::takeRequests()
{
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    const qint64 all = log.readAll().count('\n');
    const qint64 fresh = all - m_logged;
    m_logged = all;
    return fresh;
}

} // namespace H5Hdfs

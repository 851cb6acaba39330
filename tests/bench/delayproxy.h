// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QProcess>

namespace H5Hdfs {

/// tests/bench/delayproxy.py in front of servers on 127.0.0.1: every request held `delayMs`
/// before it goes on, so a real HDFS on loopback answers as from farther away. Each request is
/// logged to `logPath` ("TARGET_PORT REQUEST_LINE"). Stopped when this goes.
class DelayProxy {
public:
    DelayProxy(int delayMs, const QList<int>& targetPorts, const QString& logPath);
    ~DelayProxy();
    DelayProxy(const DelayProxy&) = delete;
    DelayProxy& operator=(const DelayProxy&) = delete;

    [[nodiscard]] bool ok() const { return !m_ports.isEmpty(); }
    /// The proxy's port in front of `targetPort`.
    [[nodiscard]] int port(int targetPort) const { return m_ports.value(targetPort); }
    /// The HTTP requests forwarded since the last call (its log's new lines).
    qint64 takeRequests();

private:
    QProcess m_process;
    QHash<int, int> m_ports;
    QString m_logPath;
    qint64 m_logged = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "realcluster.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace H5Hdfs {

namespace RealCluster {

QStringList oddNames()
{
    return {QStringLiteral("a b.h5"), QStringLiteral("100%.h5"), QStringLiteral("x+y.h5"),
        QStringLiteral("hash#tag.h5"), QStringLiteral("what?.h5"), QStringLiteral("Zürich 東京.h5")};
}

QString manyName(int i)
{
    return QStringLiteral("many/f%1").arg(i, 4, 10, QLatin1Char('0'));
}

QString batchName(int i)
{
    return QStringLiteral("batch/part-%1.h5").arg(i, 3, 10, QLatin1Char('0'));
}

Env::Env()
{
    const QString path = qEnvironmentVariable("H5HDFS_CLUSTER_ENV");
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("no cluster.env at '%1' (H5HDFS_CLUSTER_ENV); the CTest fixture starts the "
                                 "cluster: run this test through ctest")
                      .arg(path);
        return;
    }
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0 || line.startsWith(QLatin1Char('#')))
            continue;
        QString value = line.mid(eq + 1);
        if (value.size() >= 2 && value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\'')))
            value = value.mid(1, value.size() - 2); // shell quoting, as minihdfs.sh writes it
        m_values.insert(line.left(eq), value);
    }
    // The fixture keeps the imported directory beside cluster.env.
    m_importDir = QFileInfo(path).absolutePath() + QStringLiteral("/import");
    if (!m_values.contains(QStringLiteral("WEBHDFS_URL")))
        m_error = QStringLiteral("%1 has no WEBHDFS_URL").arg(path);
}

QByteArray Env::control(const QString& path, bool* ok) const
{
    // curl in a child process, waited for without an event loop: tests call this from inside a
    // download's progress signal, where a nested event loop would let the download finish (and its
    // reply be deleted) under the signal that is still being emitted.
    QProcess curl;
    curl.start(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--fail-with-body"),
                                           QStringLiteral("--max-time"), QStringLiteral("120"),
                                           value(QStringLiteral("CONTROL_URL")) + path});
    const bool finished = curl.waitForFinished(130'000);
    const bool fine = finished && curl.exitStatus() == QProcess::NormalExit && curl.exitCode() == 0;
    if (ok)
        *ok = fine;
    return fine ? curl.readAllStandardOutput() : curl.readAllStandardOutput() + curl.readAllStandardError();
}

} // namespace RealCluster

} // namespace H5Hdfs

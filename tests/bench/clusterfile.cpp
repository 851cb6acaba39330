// SPDX-License-Identifier: MIT
#include "clusterfile.h"

#include "benchtools.h"
#include "realcluster.h"
#include "testpaths.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

namespace H5Hdfs {

namespace {

/// The NameNode's REST root (http://127.0.0.1:PORT/webhdfs/v1) of a webhdfs:// URL.
QString restRoot(const QString& webhdfs)
{
    return QStringLiteral("http://") + QUrl(webhdfs).authority() + QStringLiteral("/webhdfs/v1");
}

} // namespace

ClusterFile::ClusterFile(const QString& workDir, const QString& localFile)
    : m_script(TestPaths::sourceDir() + QStringLiteral("/tests/hadoop/minihdfs.sh"))
    , m_clusterDir(workDir + QStringLiteral("/cluster"))
{
    const QStringList arguments {m_script, QStringLiteral("start"), QStringLiteral("--mode"),
        QStringLiteral("simple"), QStringLiteral("--out"), m_clusterDir};
    const BenchTools::Timed start = BenchTools::run(QStringLiteral("bash"), arguments, 600);
    if (!start.ran) {
        m_error = QStringLiteral("cannot start the real HDFS (%1): see %2/logs")
                      .arg(start.note, m_clusterDir);
        return;
    }
    m_startSeconds = start.seconds;
    qputenv("H5HDFS_CLUSTER_ENV", (m_clusterDir + QStringLiteral("/cluster.env")).toUtf8());
    const RealCluster::Env env;
    if (!env.isValid()) {
        m_error = env.error();
        return;
    }
    m_webhdfs = env.value(QStringLiteral("WEBHDFS_URL"));
    m_dataNodes
        = env.value(QStringLiteral("DATANODE_HTTP_ADDRESSES")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    m_path = QStringLiteral("/user/analyst/") + QFileInfo(localFile).fileName();
    upload(localFile);
}

ClusterFile::~ClusterFile()
{
    if (!m_path.isEmpty())
        BenchTools::run(QStringLiteral("curl"),
            {QStringLiteral("-sf"), QStringLiteral("-X"), QStringLiteral("DELETE"),
                restRoot(m_webhdfs) + m_path + QStringLiteral("?op=DELETE&user.name=analyst")});
    BenchTools::run(
        QStringLiteral("bash"), {m_script, QStringLiteral("stop"), QStringLiteral("--out"), m_clusterDir});
}

bool ClusterFile::upload(const QString& localFile)
{
    // CREATE in two steps, as WebHDFS documents it: the NameNode names a DataNode (noredirect: in
    // JSON, so the 10 GiB body is sent once, to the DataNode only), then the bytes go there.
    QProcess create;
    create.start(QStringLiteral("curl"),
        {QStringLiteral("-sSf"), QStringLiteral("-X"), QStringLiteral("PUT"),
            restRoot(m_webhdfs) + m_path
                + QStringLiteral("?op=CREATE&user.name=analyst&overwrite=true&replication=1&blocksize=134217728"
                                 "&noredirect=true")});
    create.waitForFinished(60000);
    const QJsonObject answer = QJsonDocument::fromJson(create.readAllStandardOutput()).object();
    const QString location = answer.value(QStringLiteral("Location")).toString();
    if (location.isEmpty()) {
        m_error = QStringLiteral("CREATE %1 on the NameNode gave no DataNode: %2")
                      .arg(m_path, QString::fromUtf8(create.readAllStandardError()).trimmed());
        return false;
    }
    const BenchTools::Timed put = BenchTools::run(QStringLiteral("curl"),
        {QStringLiteral("-sSf"), QStringLiteral("-T"), localFile, QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/octet-stream"), location},
        1200);
    if (!put.ran) {
        m_error = QStringLiteral("uploading %1 to the DataNode failed (curl %2)").arg(m_path, put.note);
        return false;
    }
    m_uploadSeconds = put.seconds;
    return true;
}

} // namespace H5Hdfs

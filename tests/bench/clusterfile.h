// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace H5Hdfs {

/// A real Apache HDFS (tests/hadoop/minihdfs.sh, simple mode) holding one local file, for
/// benchmarks that set it beside the local server. The file is written with replication 1 and
/// 128 MiB blocks (the cluster's own 1 MiB blocks are for the tests' multi-block files; a 10 GiB
/// file at replication 2 would not fit on this machine's disk). Deleted, and the cluster stopped,
/// when this goes.
class ClusterFile {
public:
    /// Starts a cluster with its state under `workDir` and uploads `localFile` to /user/analyst.
    ClusterFile(const QString& workDir, const QString& localFile);
    ~ClusterFile();
    ClusterFile(const ClusterFile&) = delete;
    ClusterFile& operator=(const ClusterFile&) = delete;

    /// Why the cluster or the upload failed; empty when the file is there.
    [[nodiscard]] const QString& error() const { return m_error; }
    /// webhdfs://127.0.0.1:PORT/user/analyst/NAME
    [[nodiscard]] QString url() const { return m_webhdfs + m_path; }
    /// The DataNodes' HTTP addresses, 127.0.0.1:PORT each.
    [[nodiscard]] const QStringList& dataNodes() const { return m_dataNodes; }
    [[nodiscard]] double startSeconds() const { return m_startSeconds; }
    [[nodiscard]] double uploadSeconds() const { return m_uploadSeconds; }

private:
    bool upload(const QString& localFile);
    QString m_script;
    QString m_clusterDir;
    QString m_webhdfs; ///< webhdfs://127.0.0.1:PORT
    QString m_path;    ///< /user/analyst/NAME
    QStringList m_dataNodes;
    QString m_error;
    double m_startSeconds = 0;
    double m_uploadSeconds = 0;
};

} // namespace H5Hdfs

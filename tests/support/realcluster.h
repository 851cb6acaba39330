// SPDX-License-Identifier: MIT
#pragma once

// A real Apache HDFS started by tests/hadoop/minihdfs.sh (a CTest fixture), as the tests see it:
// its cluster.env, its control endpoint, and the files tests/hadoop/make_import_dir.cpp put in it.

#include <QHash>
#include <QString>
#include <QStringList>

namespace H5Hdfs {

namespace RealCluster {

// What the import directory holds (under /data in HDFS).
inline const QString kEverything = QStringLiteral("everything.h5");
inline const QString kMultiBlock = QStringLiteral("matrix.h5"); ///< 12.8 MB: 13 blocks of 1 MiB
constexpr qint64 kMultiBlockRows = 400'000;
/// pandas' reference frames (tests/data/pandas/edges.h5, PyTables), 3.3 MB: 4 blocks of 1 MiB.
inline const QString kFrames = QStringLiteral("frames.h5");
/// Its largest DataFrame, and its rows.
inline const QString kFramesLargest = QStringLiteral("table/chunks");
constexpr qint64 kFramesLargestRows = 1200;
inline const QString kStream = QStringLiteral("stream.bin"); ///< random bytes, for faults mid-download
constexpr qsizetype kStreamSize = 48 << 20;
constexpr int kManyCount = 2500;
constexpr int kBatchCount = 200; ///< batch/part-NNN.h5, small users tables (batchName)
/// In the simple cluster, this one of the batch is cut short (the HA cluster's are all good).
constexpr int kCorruptBatchFile = 123;
/// Names with spaces, %, +, #, ?, non-ASCII (under /data/odd).
QStringList oddNames();
/// The i-th of the many small files ("many/f0042").
QString manyName(int i);
/// The i-th file of the batch ("batch/part-042.h5").
QString batchName(int i);

/// The running cluster: keys of $H5HDFS_CLUSTER_ENV (WEBHDFS_URL, HADOOP_CONF_DIR, CONTROL_URL, ...).
class Env {
public:
    /// Reads the file named by $H5HDFS_CLUSTER_ENV; empty (and `error()` set) when it cannot.
    Env();
    [[nodiscard]] bool isValid() const { return m_error.isEmpty(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString value(const QString& key) const { return m_values.value(key); }
    /// The local directory that was imported under /data.
    [[nodiscard]] QString importDir() const { return m_importDir; }
    /// GET CONTROL_URL + path (e.g. "/failover"); the body, or an empty string with `ok` false.
    QByteArray control(const QString& path, bool* ok = nullptr) const;

private:
    QHash<QString, QString> m_values;
    QString m_importDir;
    QString m_error;
};

} // namespace RealCluster

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <optional>

namespace H5Hdfs {

/// Where an hdfs:// URL or a bare HDFS path leads, as Hadoop's client configuration describes it.
struct HadoopLocation {
    WebHdfsLocation location;
    bool kerberos = false; ///< hadoop.security.authentication is kerberos: SPNEGO unless told otherwise
};

/// Hadoop's client configuration, core-site.xml then hdfs-site.xml from $HADOOP_CONF_DIR, read the
/// way org.apache.hadoop.conf.Configuration reads it, and the NameNode HTTP addresses it describes.
/// Users name clusters ("hdfs://prod/data"), not NameNode web ports; this turns one into the other.
class HadoopConfig {
public:
    /// $HADOOP_CONF_DIR, else /etc/hadoop/conf.
    static QString defaultDirectory();
    /// core-site.xml then hdfs-site.xml from `directory`. A missing directory or file adds nothing;
    /// a malformed file is an error naming the file, line and column.
    static Result<HadoopConfig> load(const QString& directory = defaultDirectory());

    /// Adds one file's properties: later definitions override earlier ones, except final ones.
    Status addFile(const QString& fileName);
    /// The same for XML in memory; `source` names it in errors.
    Status addXml(const QByteArray& xml, const QString& source);

    [[nodiscard]] bool isEmpty() const { return m_values.isEmpty(); }
    [[nodiscard]] bool contains(const QString& name) const { return m_values.contains(name); }
    /// The value with ${name} and ${env.NAME} substituted as Hadoop does; a null string when unset.
    /// Unknown variables stay as written; an error when substitution runs deeper than Hadoop allows
    /// (a cycle).
    [[nodiscard]] Result<QString> value(const QString& name) const;

    /// hdfs://nameservice/p, hdfs://host:rpcport/p, hdfs:///p or an absolute /p (relative to
    /// fs.defaultFS) as WebHDFS REST roots and a path.
    [[nodiscard]] Result<HadoopLocation> resolve(const QString& urlOrPath) const;
    /// True when fs.defaultFS names a cluster this can reach, so bare absolute paths may mean HDFS.
    [[nodiscard]] bool hasDefaultFs() const;

    /// True for "hdfs://...".
    static bool isHdfsUrl(const QString& text);
    /// True when `text` names something on HDFS: a WebHDFS URL, an hdfs:// URL, or an absolute path
    /// that is no local file while $HADOOP_CONF_DIR has fs.defaultFS (local files always win).
    static bool isRemote(const QString& text);
    /// Any remote location as typed by a person: webhdfs://, swebhdfs:// and http(s):// as
    /// WebHdfsLocation::parse reads them; hdfs:// URLs and bare paths through $HADOOP_CONF_DIR.
    static Result<HadoopLocation> locate(const QString& text);

private:
    struct NameNode; // an RPC address and the suffix of its keys
    [[nodiscard]] Result<QString> setting(const QString& name) const;
    [[nodiscard]] std::optional<QString> lookup(const QString& variable) const;
    [[nodiscard]] Result<QString> substitute(const QString& name, const QString& expression) const;
    [[nodiscard]] Result<HadoopLocation> resolveBarePath(const QString& path, bool kerberos) const;
    [[nodiscard]] Result<QStringList> httpAddresses(const QString& authority, bool https) const;
    [[nodiscard]] Result<QStringList> haAddresses(
        const QString& nameservice, const QStringList& nameNodes, bool https) const;
    [[nodiscard]] Result<QList<NameNode>> nameNodes() const;
    [[nodiscard]] Result<QString> httpAddress(const NameNode& nameNode, bool https) const;
    [[nodiscard]] QString where() const;

    QString m_directory; ///< for error messages
    QHash<QString, QString> m_values;
    QSet<QString> m_final;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QList>
#include <QUrl>
#include <QUrlQuery>

namespace H5Hdfs {

/// Where a WebHDFS path lives: the REST roots of one or more NameNodes (HA), an HttpFS server or a
/// Knox gateway topology, e.g. "http://nn1:9870/webhdfs/v1", and the HDFS path under them.
struct WebHdfsLocation {
    QList<QUrl> roots;
    QString path; ///< absolute, decoded: "/data/a b.h5"

    /// Accepts webhdfs://host:port/path, swebhdfs://host:port/path, http(s)://host:port/path,
    /// http(s)://host:port/webhdfs/v1/path and Knox's https://knox:8443/gateway/<topology>/webhdfs/v1/path.
    /// Several NameNodes: webhdfs://nn1:9870,nn2:9870/path.
    static Result<WebHdfsLocation> parse(const QString& url);
    /// True when `text` looks like a URL this class parses (as opposed to a local file name).
    static bool isUrl(const QString& text);
    /// The location as a URL again, for display (first root only).
    [[nodiscard]] QString toDisplayString() const;
};

namespace WebHdfsPath {

/// Percent-encodes an HDFS path for the URL path: each segment as UTF-8, with space, %, +, ;, #, ?,
/// non-ASCII and other unsafe characters encoded, and the sub-delimiters (=, &, :, @, ...) kept.
QByteArray encode(const QString& path);
/// Percent-encodes a query value (space as %20, + as %2B), for startAfter and user names.
QByteArray encodeQueryValue(const QString& value);
/// Joins a directory and a child name.
QString child(const QString& directory, const QString& name);
/// The parent directory ("/" for top-level entries and for "/").
QString parent(const QString& path);

/// The URL of an operation on `path` under `root`, with parameters in the given order.
QUrl operationUrl(const QUrl& root, const QString& path, const QByteArray& op,
    const QList<std::pair<QByteArray, QString>>& parameters = {});

} // namespace WebHdfsPath

} // namespace H5Hdfs

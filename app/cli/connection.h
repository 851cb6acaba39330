// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QNetworkAccessManager>
#include <memory>

class QCommandLineParser;

namespace H5Hdfs {

/// The WebHDFS side of the CLI: connection options shared by every command that takes a URL,
/// and blocking helpers around the asynchronous client (the CLI has nothing else to do meanwhile).
namespace Cli {

/// --user, --datanode-map, --ca-file, --password-file, --token, --kerberos, --allow-large, --lazy,
/// --whole.
void addConnectionOptions(QCommandLineParser& parser);

class Connection;
/// A connection for the command's URL argument; on failure it says why on stderr and returns null.
std::unique_ptr<Connection> openConnection(const QCommandLineParser& parser);

/// A client for one location, configured from the command line.
class Connection {
public:
    static Result<std::unique_ptr<Connection>> open(const QCommandLineParser& parser, const QString& url);

    [[nodiscard]] const WebHdfsLocation& location() const { return m_location; }
    [[nodiscard]] WebHdfsClient& client() { return *m_client; }

    Result<HdfsFileStatus> status(const QString& path);
    Result<QList<HdfsFileStatus>> list(const QString& path);
    Result<QString> delegationToken(const QString& renewer);
    /// What --allow-large asks of every download.
    [[nodiscard]] WebHdfsClient::DownloadOptions downloadOptions() const;
    /// Downloads into memory, with a progress line on stderr when it is a terminal. `knownLength`:
    /// the file's length when its status was just asked (no second GETFILESTATUS).
    Result<std::shared_ptr<ImageBuffer>> download(const QString& path, qint64 knownLength = -1);

private:
    Connection() = default;
    WebHdfsLocation m_location;
    QNetworkAccessManager m_network;
    std::unique_ptr<WebHdfsClient> m_client;
    bool m_allowLarge = false;
};

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "connection.h"

#include "clicommon.h"

#include "text/h5describe.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <cstdio>
#include <unistd.h>

namespace H5Hdfs {

namespace Cli {
namespace {

// Runs the event loop until `done` is set. The CLI's commands are sequential; this is their only loop.
template <typename T> T waitFor(std::optional<T>& done)
{
    QEventLoop loop;
    while (!done)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    return std::move(*done);
}

Result<QString> readSecret(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(
            Error::Code::Io, QStringLiteral("Cannot read the password file %1").arg(path), f.errorString());
    return QString::fromUtf8(f.readAll()).trimmed();
}

} // namespace

void addConnectionOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("user"),
        QStringLiteral("HDFS user (default: $HADOOP_USER_NAME, then your login)."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("datanode-map"),
        QStringLiteral("Reach a DataNode from the NameNode's redirects elsewhere: HOST[:PORT]=HOST2:PORT2 "
                       "(repeatable)."),
        QStringLiteral("MAP")});
    parser.addOption({QStringLiteral("ca-file"),
        QStringLiteral("Extra CA certificates (PEM) to trust for TLS."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("password-file"),
        QStringLiteral("HTTP Basic password, read from a file (Knox)."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("token"), QStringLiteral("A Hadoop delegation token."), QStringLiteral("TOKEN")});
    parser.addOption({QStringLiteral("kerberos"),
        QStringLiteral("Authenticate with Kerberos (SPNEGO) using your ticket cache.")});
    parser.addOption(
        {QStringLiteral("allow-large"), QStringLiteral("Download files larger than the memory budget.")});
    parser.addOption({QStringLiteral("lazy"),
        QStringLiteral("Read the file block by block as needed (the default from 64 MiB on).")});
    parser.addOption({QStringLiteral("whole"), QStringLiteral("Read the whole file into memory first.")});
}

std::unique_ptr<Connection> openConnection(const QCommandLineParser& parser)
{
    const QString url = parser.positionalArguments().first();
    auto connection = Connection::open(parser, url);
    if (!connection) {
        printError(url, connection.error());
        return nullptr;
    }
    return std::move(connection).value();
}

Result<std::unique_ptr<Connection>> Connection::open(const QCommandLineParser& parser, const QString& url)
{
    // hdfs:// URLs and bare paths go through $HADOOP_CONF_DIR; WebHDFS URLs are read as they are.
    auto located = HadoopConfig::locate(url);
    if (!located)
        return located.error();
    const WebHdfsLocation& location = located->location;
    WebHdfsConfig config;
    config.roots = location.roots;
    config.user = parser.value(QStringLiteral("user"));
    config.caFile = parser.value(QStringLiteral("ca-file"));
    for (const QString& entry : parser.values(QStringLiteral("datanode-map"))) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error(Error::Code::InvalidArgument,
                QStringLiteral("--datanode-map wants HOST[:PORT]=HOST2:PORT2, not %1").arg(entry));
        config.dataNodeMap.insert(entry.left(eq), entry.mid(eq + 1));
    }
    if (parser.isSet(QStringLiteral("password-file"))) {
        auto password = readSecret(parser.value(QStringLiteral("password-file")));
        if (!password)
            return password.error();
        config.auth = WebHdfsConfig::Auth::Basic;
        config.password = *password;
        if (config.user.isEmpty())
            config.user = WebHdfsConfig::defaultUser();
    } else if (parser.isSet(QStringLiteral("token"))) {
        config.auth = WebHdfsConfig::Auth::DelegationToken;
        config.token = parser.value(QStringLiteral("token"));
    } else if (parser.isSet(QStringLiteral("kerberos")) || located->kerberos) {
        config.auth = WebHdfsConfig::Auth::Kerberos;
    }
    std::unique_ptr<Connection> c(new Connection);
    c->m_location = location;
    c->m_allowLarge = parser.isSet(QStringLiteral("allow-large"));
    c->m_client = std::make_unique<WebHdfsClient>(config, &c->m_network);
    return c;
}

Result<HdfsFileStatus> Connection::status(const QString& path)
{
    std::optional<Result<HdfsFileStatus>> done;
    m_client->fileStatus(path, m_client.get(), [&done](Result<HdfsFileStatus> r) { done = std::move(r); });
    return waitFor(done);
}

Result<QString> Connection::delegationToken(const QString& renewer)
{
    std::optional<Result<QString>> done;
    m_client->delegationToken(renewer, m_client.get(), [&done](Result<QString> r) { done = std::move(r); });
    return waitFor(done);
}

Result<QList<HdfsFileStatus>> Connection::list(const QString& path)
{
    QList<HdfsFileStatus> entries;
    std::optional<Error> done;
    QObject listing; // its end (here) stops a listing that has not answered
    m_client->list(
        path, &listing, [&entries](const QList<HdfsFileStatus>& page) { entries += page; },
        [&done](const Error& e) { done = e; });
    const Error error = waitFor(done);
    if (error.isError())
        return error;
    return entries;
}

WebHdfsClient::DownloadOptions Connection::downloadOptions() const
{
    WebHdfsClient::DownloadOptions options;
    options.allowOverBudget = m_allowLarge;
    return options;
}

Result<std::shared_ptr<ImageBuffer>> Connection::download(const QString& path, qint64 knownLength)
{
    WebHdfsClient::DownloadOptions options = downloadOptions();
    options.knownLength = knownLength;
    const bool terminal = isatty(STDERR_FILENO);
    std::optional<Result<DownloadedBytes>> done;
    QObject asker; // its end (here) stops a download that has not answered
    DownloadHandle download;
    ProgressCallback progress;
    if (terminal)
        progress = [&download](qint64 got, qint64 total) {
            std::fprintf(stderr, "\r%s of %s, %.1f MB/s   ", qPrintable(H5Describe::bytes(got)),
                qPrintable(H5Describe::bytes(total)), download.bytesPerSecond() / 1e6);
        };
    download = m_client->download(
        path, options, &asker, [&done](Result<DownloadedBytes> r) { done = std::move(r); },
        std::move(progress));
    auto outcome = waitFor(done);
    if (terminal)
        std::fputs("\r\033[K", stderr);
    if (!outcome)
        return outcome.error();
    return std::move(outcome->buffer);
}

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "clientwaits.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>
#include <algorithm>

namespace H5Hdfs {

namespace ClientWaits {

std::unique_ptr<LocalWebHdfsServer> startServer(const LocalWebHdfsServer::Options& options)
{
    auto server = std::make_unique<LocalWebHdfsServer>(options);
    if (!server->start())
        qFatal("cannot start the local server: %s", qPrintable(server->errorString()));
    return server;
}

int requestsContaining(const QList<QByteArray>& log, const char* needle)
{
    return int(std::count_if(
        log.begin(), log.end(), [needle](const QByteArray& line) { return line.contains(needle); }));
}

Downloaded fetch(WebHdfsClient& client, const QString& path, WebHdfsClient::DownloadOptions options,
    int timeoutMs, const std::function<void(qint64)>& onProgress)
{
    Downloaded d;
    QObject asker; // its end stops a download that did not finish in time
    bool finished = false;
    // An event loop, not waitUntil: QTest::qWaitFor sleeps 10 ms between rounds, which starves a
    // server running in this thread (a 61 MiB download took 3 s instead of 0.2 s).
    QEventLoop loop;
    client.download(
        path, options, &asker,
        [&d, &finished, &loop](Result<DownloadedBytes> got) {
            finished = true;
            loop.quit();
            if (!got) {
                d.error = got.error();
                return;
            }
            d.buffer = std::move(got->buffer);
            d.bytes = QByteArray(d.buffer->constData(), qsizetype(d.buffer->size()));
        },
        [&d, onProgress](qint64 got, qint64) {
            d.progress.append(got);
            if (onProgress)
                onProgress(got);
        });
    if (!finished) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!finished)
        d.error = Error(Error::Code::Internal, QStringLiteral("the download did not finish"));
    return d;
}

Listed listAll(WebHdfsClient& client, const QString& path, int timeoutMs)
{
    Listed l;
    QObject listing; // its end stops a listing that has not answered
    client.list(
        path, &listing,
        [&l](const QList<HdfsFileStatus>& page) {
            ++l.pages;
            for (const HdfsFileStatus& s : page)
                l.names << s.name;
            l.entries += page;
        },
        [&l](const Error& error) {
            l.finished = true;
            l.error = error;
        });
    waitUntil([&l] { return l.finished; }, timeoutMs);
    return l;
}

void waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    static_cast<void>(QTest::qWaitFor(done, timeoutMs)); // the caller checks its condition itself
}

Result<HdfsFileStatus> status(WebHdfsClient& client, const QString& path, int timeoutMs)
{
    std::optional<Result<HdfsFileStatus>> answer;
    client.fileStatus(path, &client, [&answer](Result<HdfsFileStatus> r) { answer = std::move(r); });
    return await(answer, timeoutMs);
}

} // namespace ClientWaits

} // namespace H5Hdfs

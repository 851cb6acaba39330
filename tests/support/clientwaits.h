// SPDX-License-Identifier: MIT
#pragma once

// Waiting for WebHdfsClient's asynchronous answers in tests: each wait has a timeout and turns a
// missing answer into an Error, so a test fails instead of hanging.

#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QList>
#include <QStringList>
#include <functional>
#include <optional>

namespace H5Hdfs {

namespace ClientWaits {

/// Starts a local WebHDFS server with `options`; a test cannot go on without one (qFatal).
std::unique_ptr<LocalWebHdfsServer> startServer(const LocalWebHdfsServer::Options& options);

/// How many lines of a server's request log contain `needle`.
int requestsContaining(const QList<QByteArray>& log, const char* needle);

/// Processes events until `done()` or the timeout.
void waitUntil(const std::function<bool()>& done, int timeoutMs);

struct Downloaded {
    Error error;
    QByteArray bytes;
    std::shared_ptr<ImageBuffer> buffer;
    QList<qint64> progress;
};

/// Downloads `path`; `onProgress` (if any) runs at each progress report, inside the client's loop.
Downloaded fetch(WebHdfsClient& client, const QString& path, WebHdfsClient::DownloadOptions options = {},
    int timeoutMs = 20000, const std::function<void(qint64 received)>& onProgress = {});

struct Listed {
    Error error;
    QStringList names;
    QList<HdfsFileStatus> entries;
    int pages = 0;
    bool finished = false;
};

Listed listAll(WebHdfsClient& client, const QString& path, int timeoutMs = 20000);

/// Waits (events processed) until `slot` holds an answer; an Error "no answer" after the timeout.
/// QTRY_* would return from the caller on failure; this returns a value instead.
template <typename T> Result<T> await(std::optional<Result<T>>& slot, int timeoutMs = 20000)
{
    waitUntil([&slot] { return slot.has_value(); }, timeoutMs);
    return slot ? *slot : Result<T>(Error(Error::Code::Internal, QStringLiteral("no answer")));
}

/// The file status of `path`, or an Error ("no answer" after the timeout).
Result<HdfsFileStatus> status(WebHdfsClient& client, const QString& path, int timeoutMs = 20000);

} // namespace ClientWaits

} // namespace H5Hdfs

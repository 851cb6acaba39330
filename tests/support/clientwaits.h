// SPDX-License-Identifier: MIT
#pragma once

// Waiting for WebHdfsClient's asynchronous answers in tests: each wait has a timeout and turns a
// missing answer into an Error, so a test fails instead of hanging.

#include "webhdfs/webhdfsclient.h"

#include <QList>
#include <QStringList>
#include <functional>

namespace ClientWaits {

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

/// The file status of `path`, or an Error ("no answer" after the timeout).
Result<HdfsFileStatus> status(WebHdfsClient& client, const QString& path, int timeoutMs = 20000);

} // namespace ClientWaits

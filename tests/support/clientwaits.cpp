// SPDX-License-Identifier: MIT
#include "clientwaits.h"

#include <QSignalSpy>
#include <QTest>

namespace H5Hdfs {

namespace ClientWaits {

Downloaded fetch(WebHdfsClient& client, const QString& path, WebHdfsClient::DownloadOptions options,
    int timeoutMs, const std::function<void(qint64)>& onProgress)
{
    Downloaded d;
    WebHdfsDownload* download = client.download(path, options);
    QObject::connect(download, &WebHdfsDownload::progress, download, [&d, onProgress](qint64 got, qint64) {
        d.progress.append(got);
        if (onProgress)
            onProgress(got);
    });
    QSignalSpy finished(download, &WebHdfsDownload::finished);
    if (!finished.wait(timeoutMs)) {
        download->cancel();
        d.error = Error(Error::Code::Internal, QStringLiteral("the download did not finish"));
        return d;
    }
    d.error = finished.at(0).at(0).value<Error>();
    d.buffer = download->buffer();
    if (d.buffer)
        d.bytes = QByteArray(d.buffer->constData(), qsizetype(d.buffer->size()));
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
    QTest::qWaitFor(done, timeoutMs);
}

Result<HdfsFileStatus> status(WebHdfsClient& client, const QString& path, int timeoutMs)
{
    std::optional<Result<HdfsFileStatus>> answer;
    client.fileStatus(path, &client, [&answer](Result<HdfsFileStatus> r) { answer = std::move(r); });
    return await(answer, timeoutMs);
}

} // namespace ClientWaits

} // namespace H5Hdfs

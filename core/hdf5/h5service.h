// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"
#include "imagebuffer.h"

#include <QObject>
#include <future>
#include <memory>

/// The only way the rest of the program talks to HDF5. Files are referred to by id, requests and
/// results are plain values, and all HDF5 work happens away from the caller's thread: on one
/// worker thread here, and behind a process boundary once the worker moves out of process.
///
/// post() answers with the finished() signal in the service's thread (for the GUI); submit()
/// answers with a future (for background threads and the CLI). Requests on one service run in order.
class H5Service : public QObject {
    Q_OBJECT
public:
    using FileId = quint32;
    using RequestId = quint64;

    explicit H5Service(QObject* parent = nullptr);
    ~H5Service() override;

    /// Registers a file image; it is opened by the first request on it. Never blocks.
    FileId addImage(std::shared_ptr<const ImageBuffer> bytes, const QString& displayName);
    /// Closes the file after the requests already queued for it; its bytes are released then.
    void closeFile(FileId file);
    [[nodiscard]] QString displayName(FileId file) const;

    RequestId post(FileId file, const H5Request& request);
    std::future<H5Response> submit(FileId file, const H5Request& request);
    H5Response call(FileId file, const H5Request& request) { return submit(file, request).get(); }
    /// A queued request is answered with Error::Code::Cancelled instead of running.
    void cancel(RequestId request);

Q_SIGNALS:
    void finished(quint64 requestId, const H5Response& response);

private:
    struct Job;
    struct State;
    void enqueue(Job job);
    void run();

    std::unique_ptr<State> d;
};

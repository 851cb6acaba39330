// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"
#include "h5workerprocess.h"
#include "imagebuffer.h"

#include <QObject>
#include <memory>
#include <chrono>
#include <future>
#include <memory>

namespace H5Hdfs {

/// The only way the rest of the program talks to HDF5. Files are referred to by id, requests and
/// results are plain values, and all HDF5 work happens in a disposable h5hdfs-worker process, one
/// per open file, that maps the file's image from shared memory.
///
/// Each file has a supervisor thread: its requests run in order, files run in parallel. A request
/// that crashes the worker, or stays silent past the timeout, gets an Error naming the file, the
/// object and the operation; that object is marked unreadable, and a fresh worker serves the rest
/// of the file. After any error the worker is replaced before a request on another object, because
/// one bad object can leave libhdf5's state poisoned.
///
/// post() answers with the finished() signal in the service's thread (for the GUI); submit()
/// answers with a future (for background threads and the CLI).
class BlockStore;

class H5Service : public QObject {
    Q_OBJECT
public:
    using FileId = quint32;
    using RequestId = quint64;

    explicit H5Service(QObject* parent = nullptr);
    ~H5Service() override;

    /// How long a worker may stay silent on one request (progress reports restart it). Default 10 s.
    void setRequestTimeout(std::chrono::milliseconds timeout);
    void setWorkerLimits(const H5WorkerLimits& limits);
    /// The worker executable; by default h5hdfs-worker next to the running program, or $H5HDFS_WORKER.
    void setWorkerProgram(const QString& program);

    /// Registers a file image; its worker starts with the first request on it. Never blocks.
    FileId addImage(std::shared_ptr<const ImageBuffer> bytes, const QString& displayName);
    /// Registers a file read lazily: its worker reads blocks that `store` fetches into shared
    /// memory, so the file costs the store's cache, not its size. Never blocks.
    FileId addLazyFile(std::shared_ptr<BlockStore> store, const QString& displayName);
    /// The lazy file's store (its statistics: bytes fetched, cache size); null for an image.
    [[nodiscard]] std::shared_ptr<BlockStore> lazyStore(FileId file) const;
    /// All work on the file must end within `budget` from now (a batch's limit per file, so that no
    /// file can stall it): past it, the running request's worker is killed, and that request and
    /// every later one on the file answer WorkerHung, "NAME: took longer than N s".
    void setFileDeadline(FileId file, std::chrono::milliseconds budget);
    /// That error once the file's deadline has stopped its work; no error before.
    [[nodiscard]] Error overtimeError(FileId file) const;
    /// Closes the file after the requests already queued for it; its worker ends and its bytes are released.
    void closeFile(FileId file);
    [[nodiscard]] QString displayName(FileId file) const;
    /// The file's bytes (null once it is closed, and for a lazy file): another view of the same
    /// file shares them.
    [[nodiscard]] std::shared_ptr<const ImageBuffer> image(FileId file) const;

    RequestId post(FileId file, const H5Request& request);
    std::future<H5Response> submit(FileId file, const H5Request& request);
    H5Response call(FileId file, const H5Request& request) { return submit(file, request).get(); }
    /// A queued request is answered with Error::Code::Cancelled instead of running; a running one
    /// is stopped by ending its worker.
    void cancel(RequestId request);

    /// Diagnostics: the file's current worker process (-1 when none runs), and how many were started.
    [[nodiscard]] qint64 workerPid(FileId file) const;
    [[nodiscard]] int workerStarts(FileId file) const;

Q_SIGNALS:
    void finished(quint64 requestId, const H5Response& response);

private:
    struct Job;
    struct FileState;
    struct State;
    FileId addFile(std::shared_ptr<FileState> file, const QString& displayName);
    void enqueue(FileId file, Job job);
    void supervise(const std::shared_ptr<FileState>& file);
    H5Response serve(FileState& file, const H5Request& request);
    void answer(Job& job, H5Response response);

    std::unique_ptr<State> d;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "contextreply.h"
#include "h5request.h"
#include "h5workerprocess.h"
#include "imagebuffer.h"

#include <QObject>
#include <chrono>
#include <functional>
#include <future>
#include <memory>

namespace H5Hdfs {

class BlockStore;

/// The only way the rest of the program talks to HDF5. Files are referred to by id, requests and
/// results are plain values, and all HDF5 work happens in a disposable h5hdfs-worker process, one
/// per open file, that maps the file's image from shared memory.
///
/// Each file has its own thread: its requests run in order, files run in parallel. A
/// FileSupervisor runs them in the file's worker and turns crashes, hangs and deadlines into
/// errors naming the file, the object and the operation.
///
/// ask() answers a callback in its context's thread (for the GUI); submit() and call() answer with
/// a future (for background threads and the CLI). Both go through the same queue; responses are
/// moved from the worker's reply to the answer, never copied.
class H5Service : public QObject {
    Q_OBJECT
    using Asker = ContextReply<H5Response>;

public:
    using FileId = quint32;
    using Answer = std::function<void(H5Response&&)>;
    /// The worker's progress on an asked request: done of total, in the unit it reads in.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    /// Names an asked request, for cancel(); a default Ticket names none. Equal tickets name the
    /// same request.
    class Ticket {
    public:
        Ticket() = default;
        explicit operator bool() const { return m_id != 0; }
        friend bool operator==(const Ticket& a, const Ticket& b) { return a.m_id == b.m_id; }

    private:
        friend class H5Service;
        quint64 m_id = 0;
        FileId m_file = 0;
        std::shared_ptr<Asker> m_asker;
    };

    explicit H5Service(QObject* parent = nullptr);
    ~H5Service() override;

    /// How long a worker may stay silent on one request (progress reports restart it). Default 10 s.
    void setRequestTimeout(std::chrono::milliseconds timeout);
    void setWorkerLimits(const H5WorkerLimits& limits);
    /// The worker executable; by default h5hdfs-worker next to the running program, or $H5HDFS_WORKER.
    void setWorkerProgram(const QString& program);
    /// Keeps `count` workers forked ahead of need (SpareWorkers), from now on: for many files in a
    /// row (a batch), where each file's worker is then ready when its bytes arrive. 0 (the
    /// default): each worker is forked when its file needs it. Needs the workers' template; without
    /// it, workers start as before.
    void keepSpareWorkers(int count);

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

    /// Runs `request` on the file and calls `answer` once with its response, queued in the thread
    /// of `context` (as a queued connection to it would), and never once `context` or the service
    /// is destroyed: a request whose context dies before it runs is not run, a running one is
    /// stopped as by cancel(). `progress`, if given, is called the same way with the worker's
    /// reports while the request runs, never after `answer`; reports that come faster than the
    /// context's thread takes them are merged (at most one call is pending, with the newest numbers).
    Ticket ask(FileId file, H5Request request, QObject* context, Answer answer, Progress progress = {});
    /// The same with a future, answered in the file's thread; for threads without an event loop.
    std::future<H5Response> submit(FileId file, H5Request request);
    H5Response call(FileId file, H5Request request) { return submit(file, std::move(request)).get(); }
    /// Withdraws an asked request: from then on its answer is not called (when cancel() is called
    /// in its context's thread), it does not run if it has not started, and a running one is
    /// stopped by ending its worker.
    void cancel(const Ticket& ticket);
    /// Withdraws an asked request, as cancel() does, only while it waits in its file's queue, and
    /// says whether it waited. A running request is left to answer: stopping it would end its
    /// worker, and a fresh one costs a start and the file's open, more than the one read it would
    /// save (a view scrolling fast would restart the worker at every step). An answered one's
    /// answer still comes.
    bool cancelIfQueued(const Ticket& ticket);

    /// Diagnostics: the file's current worker process (-1 when none runs), how many were started,
    /// how many requests were asked or submitted, and how many of them were run (one cancelled
    /// before its turn is not).
    [[nodiscard]] qint64 workerPid(FileId file) const;
    [[nodiscard]] int workerStarts(FileId file) const;
    [[nodiscard]] int requestsQueued(FileId file) const;
    [[nodiscard]] int requestsRun(FileId file) const;

private:
    struct Job;
    struct FileState;
    struct State;
    FileId addFile(std::shared_ptr<FileState> file);
    [[nodiscard]] std::shared_ptr<FileState> fileOf(FileId file) const;
    void enqueue(FileId file, Job job);
    /// Marks the request cancelled in its file's queue, or stops it if it runs.
    void stop(FileId file, quint64 request);
    /// Marks the request cancelled if it waits in its file's queue; false if it runs or ran.
    bool dropIfQueued(FileId file, quint64 request);
    void supervise(const std::shared_ptr<FileState>& file);
    H5Response run(FileState& file, const Job& job);

    std::unique_ptr<State> d;
};

} // namespace H5Hdfs

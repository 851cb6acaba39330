// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"
#include "h5workerprotocol.h"
#include "imagebuffer.h"
#include "lazyprotocol.h"
#include "lazy/rangesource.h"
#include "sanitizerreports.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <sys/types.h>

namespace H5Hdfs {

/// Limits a worker process runs under.
struct H5WorkerLimits {
    /// Address space allowed beyond the image itself (RLIMIT_AS = image size + this).
    qint64 memoryBudget = 4LL << 30;
};

/// A template worker that has loaded its libraries and plugins and initialised libhdf5, but never
/// opened a file: new workers are forked from it (a fraction of a millisecond) instead of started
/// from scratch (milliseconds of dynamic linking). Each fork still serves one image, from a
/// library state no other file has touched. The template forks each worker as its sibling, so
/// workers are this process's children like spawned ones. Thread-safe.
class H5WorkerZygote {
public:
    /// Starts the template; null when it cannot (the caller then spawns workers directly).
    static std::unique_ptr<H5WorkerZygote> start(const QString& program);
    ~H5WorkerZygote();
    H5WorkerZygote(const H5WorkerZygote&) = delete;
    H5WorkerZygote& operator=(const H5WorkerZygote&) = delete;

    [[nodiscard]] const QString& program() const { return m_program; }
    /// Forks a worker with these descriptors as its stdin, stdout, stderr and image (-1: none),
    /// named after `fileName` in ps and top. Returns its pid, or -1 when the template is gone (it
    /// is then not asked again).
    pid_t fork(int stdinFd, int stdoutFd, int stderrFd, int imageFd, qint64 imageSize, qint64 memoryBudget,
        const QString& fileName = {});
    /// Forks a spare worker: it waits on `handover` for its image (H5WorkerProcess::handImage), or
    /// exits when that socket closes first. Returns its pid, or -1 as fork() does.
    pid_t forkSpare(int stdinFd, int stdoutFd, int stderrFd, int handover);

private:
    H5WorkerZygote(QString program, pid_t pid, int control);
    pid_t forkWith(const H5WorkerProtocol::ForkRequest& request, const int* fds, int count);
    QString m_program;
    pid_t m_pid = -1;
    int m_control = -1;
    std::mutex m_mutex;
    bool m_broken = false;
};

/// One h5hdfs-worker process serving one file image. The image's pages are shared with the worker
/// through a read-only descriptor of the same memfd: nothing is copied. The process is killed (and
/// reaped) when this object goes. Not thread-safe: one supervisor thread drives it.
class H5WorkerProcess {
public:
    enum class Outcome { Answered, Crashed, Hung, Cancelled };
    struct Reply {
        Outcome outcome = Outcome::Answered;
        H5Response response;
        QString detail; ///< for Crashed and Hung: the signal, exit code or protocol fault
    };

    /// Forks the worker from `zygote` when there is one, else starts `program`. The worker shows
    /// as `fileName` (the file's name, without its directory) in ps and top.
    static Result<std::unique_ptr<H5WorkerProcess>> start(const QString& program, const ImageBuffer& image,
        const H5WorkerLimits& limits, H5WorkerZygote* zygote = nullptr, const QString& fileName = {});
    /// Forks a worker from `zygote` before its file is known (SpareWorkers keeps a few ready): it
    /// has read nothing and waits for handImage(). Destroyed unused, it is killed and reaped.
    static Result<std::unique_ptr<H5WorkerProcess>> startSpare(H5WorkerZygote& zygote);
    /// Gives a spare its one file; it then serves it as a worker started for it would (the
    /// image's limits, its name in ps, the sandbox). False when this is no spare waiting, or it
    /// died: the caller starts another worker.
    bool handImage(const ImageBuffer& image, const H5WorkerLimits& limits, const QString& fileName);
    ~H5WorkerProcess();
    H5WorkerProcess(const H5WorkerProcess&) = delete;
    H5WorkerProcess& operator=(const H5WorkerProcess&) = delete;

    /// The worker's progress on a request: done of total, in whatever unit it reads in (rows of a
    /// page or a reduction, runs of a sampled line).
    using Progress = std::function<void(qint64 done, qint64 total)>;

    /// Sends a request and waits for its answer. `timeout` is the silence allowed: every progress
    /// report from the worker restarts it, but never past `until` (a deadline for all the work on a
    /// file), and is passed to `progress` in this thread. A worker that dies, hangs or garbles its
    /// answer is killed.
    Reply execute(const H5Request& request, std::chrono::milliseconds timeout,
        const std::atomic_bool* cancel = nullptr,
        std::chrono::steady_clock::time_point until = std::chrono::steady_clock::time_point::max(),
        const Progress& progress = {});

    /// Answers a lazy worker's block requests (BlockStore::serve, or a test's).
    using BlockServer
        = std::function<LazyProtocol::BlockReply(const LazyProtocol::BlockRequest&, const FetchLimits&)>;
    /// Makes this fresh worker read a file lazily: its image is the block cache `open` describes,
    /// and `server` answers its block requests while execute() waits. False when the worker is gone.
    bool beginLazy(const LazyProtocol::LazyOpen& open, BlockServer server);

    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// False once the process has exited (for whatever reason) or was killed.
    [[nodiscard]] bool isAlive();

private:
    H5WorkerProcess(pid_t pid, int toWorker, int fromWorker, int errors);
    /// Kills the process if it still runs and reaps it; returns how it ended, in words, with the
    /// last lines it wrote to stderr (glibc's "buffer overflow detected", for one).
    QString terminate();
    /// Keeps the tail of what the worker wrote to stderr; the pipe must never fill up and block it.
    void drainErrors();

    pid_t m_pid = -1;
    int m_toWorker = -1;
    int m_fromWorker = -1;
    int m_errors = -1;
    int m_handover = -1; ///< a spare's socket to its image; -1 once it has one (or for a started worker)
    /// The last answer's bytes: kept, so that the next page is read into memory already mapped
    /// instead of fresh pages that fault one by one (a page is up to 16 MiB).
    H5WorkerProtocol::Frame m_reply;
    QByteArray m_errorTail;
    BlockServer m_blockServer;
    SanitizerReportWatch m_sanitizerReports; ///< sanitizer builds: a worker's report fails us too
    bool m_reaped = false;
    int m_waitStatus = 0;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"
#include "h5workerprocess.h"
#include "imagebuffer.h"

#include <QHash>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace H5Hdfs {

class BlockStore;
class SpareWorkers;

/// Runs one file's requests in its HDF5 worker process, one at a time: starts the worker (and
/// opens the file in it on its own first), turns a crash, a hang or the file's deadline into an
/// Error naming the file, the object and the operation, and keeps libhdf5's failures contained.
/// An object that crashed or hung the library is not asked again; a worker that saw an error is
/// replaced before it serves another object, because one bad object can leave libhdf5's state
/// poisoned; a file whose opening failed answers that failure from then on.
///
/// Driven by one thread (the file's, in H5Service); the diagnostics may be read from any thread.
class FileSupervisor {
public:
    using Clock = std::chrono::steady_clock;

    /// What one run may use, the service's settings at the time.
    struct Settings {
        std::chrono::milliseconds timeout {10'000}; ///< the silence allowed per request
        H5WorkerLimits limits;
        QString program;
        std::shared_ptr<H5WorkerZygote> zygote; ///< workers fork from it; null: spawned
        std::shared_ptr<SpareWorkers> spares;   ///< workers forked ahead, taken first; may be null
        /// All work on the file ends by then; `budget` is what it was set from, for the message.
        Clock::time_point deadline = Clock::time_point::max();
        std::chrono::milliseconds budget {0};
    };

    /// `bytes` is the file's image, or a lazy file's block cache served by `lazy`.
    FileSupervisor(QString name, std::shared_ptr<const ImageBuffer> bytes, std::shared_ptr<BlockStore> lazy);
    ~FileSupervisor();
    FileSupervisor(const FileSupervisor&) = delete;
    FileSupervisor& operator=(const FileSupervisor&) = delete;

    /// Runs `request`, starting a worker first when none runs. `cancel`, set from any thread,
    /// stops it by ending the worker: the answer is then Error::Code::Cancelled. The worker's
    /// progress reports on the request (not on opening the file first) go to `progress`.
    H5Response run(const H5Request& request, const Settings& settings, const std::atomic_bool& cancel,
        const H5WorkerProcess::Progress& progress = {});
    /// True when the next run starts a worker (the service starts its template for it).
    [[nodiscard]] bool needsWorker() const { return !m_worker; }
    /// Ends the worker; the next run would start another.
    void stopWorker();

    [[nodiscard]] const QString& name() const { return m_name; }
    /// The file's image (for a lazy file, its block cache).
    [[nodiscard]] const std::shared_ptr<const ImageBuffer>& bytes() const { return m_bytes; }
    [[nodiscard]] const std::shared_ptr<BlockStore>& lazyStore() const { return m_lazy; }

    // Diagnostics, from any thread.
    [[nodiscard]] qint64 workerPid() const { return m_workerPid; }
    [[nodiscard]] int workerStarts() const { return m_workerStarts; }
    /// True once the file's deadline has stopped its work.
    [[nodiscard]] bool isOvertime() const { return m_overtime; }

    /// What a file that ran past its deadline answers: "NAME: took longer than N s, …".
    static Error overtimeError(const QString& name, std::chrono::milliseconds budget);
    /// The answer to a request stopped before or while it ran.
    static H5Response cancelled();

private:
    using Outcome = H5WorkerProcess::Outcome;
    /// The answer to a request that must not reach a worker: the file or the object failed before.
    [[nodiscard]] std::optional<Error> knownFailure(const QString& path) const;
    /// Past the deadline the whole file counts as failed.
    H5Response stopForOvertime(const Settings& settings);
    /// A worker that saw an error on another object, or died, is not used again.
    void retireUnfitWorker(const QString& path);
    /// A worker for this file: a spare forked ahead when one is ready, else one started now.
    Result<std::unique_ptr<H5WorkerProcess>> launchWorker(const Settings& settings) const;
    /// Starts a worker and opens the file in it. An answer when `request` ends there (the opening
    /// failed, or the request was to open); none when the worker is ready for it.
    std::optional<H5Response> startWorker(
        const H5Request& request, const Settings& settings, const std::atomic_bool& cancel);
    /// The file itself cannot be read: that is every later request's answer too.
    H5Response failFile(Error error);
    /// The worker's answer, or the error its crash, hang or cancellation stands for.
    H5Response interpret(H5WorkerProcess::Reply reply, const H5Request& request, const Settings& settings);
    /// An error the worker answered with (its process lives on, maybe tainted).
    H5Response answered(H5Response response, const QString& path);
    /// The Error for a worker that crashed or hung doing `what`.
    [[nodiscard]] Error failure(
        Outcome outcome, const QString& what, const QString& detail, const Settings& settings) const;
    [[nodiscard]] bool pastDeadline(Outcome outcome, const Settings& settings) const;

    const QString m_name;
    const std::shared_ptr<const ImageBuffer> m_bytes;
    const std::shared_ptr<BlockStore> m_lazy;
    std::unique_ptr<H5WorkerProcess> m_worker;
    QString m_taintedBy;              ///< the object whose error the current worker saw; it serves no other
    std::optional<Error> m_fileError; ///< opening the file failed, or its deadline passed
    QHash<QString, Error> m_unreadable; ///< objects that crashed or hung the library
    std::atomic<qint64> m_workerPid {-1};
    std::atomic_int m_workerStarts {0};
    std::atomic_bool m_overtime {false};
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "h5service.h"

#include "lazy/blockstore.h"
#include "installlayout.h"
#include "logging.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QRegularExpression>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace H5Hdfs {

namespace {

// $H5HDFS_WORKER, the installed worker (<bindir>/../libexec/h5hdfs), or the one beside the program.
QString defaultWorkerProgram()
{
    return InstallLayout::workerProgram();
}

// A worker that dies turns our next write to its pipe into SIGPIPE, which would end this process;
// the failed write is handled instead.
void ignoreSigpipe()
{
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

Error cancelled()
{
    return Error(Error::Code::Cancelled, QStringLiteral("Cancelled"));
}

// What a file that ran past its deadline answers (setFileDeadline()).
Error overtimeOf(const QString& name, std::chrono::milliseconds budget)
{
    return Error(Error::Code::WorkerHung,
        QStringLiteral("%1: took longer than %2 s, the limit for one file; stopped")
            .arg(name)
            .arg(double(budget.count()) / 1000.0))
        .about(name);
}

// "No object /x in f.h5" for an object that is not there (the file is where it was looked for);
// "f.h5: message" for everything else.
Error inFile(const Error& error, const QString& name)
{
    if (error.message.startsWith(name)) // a lazy file's fetch errors name it already
        return error.about(name);
    if (error.code == Error::Code::NotFound && error.message.startsWith(QLatin1String("No object ")))
        return Error(error.code, error.message + QStringLiteral(" in ") + name, error.detail).about(name);
    return error.prefixed(name);
}

} // namespace

struct H5Service::Job {
    RequestId id = 0;
    H5Request request;
    std::optional<std::promise<H5Response>> promise; ///< submit(); otherwise finished() is emitted
};

struct H5Service::FileState {
    FileId id = 0;
    std::shared_ptr<const ImageBuffer> bytes; ///< the image, or a lazy file's block cache
    std::shared_ptr<BlockStore> lazy;
    QString name;
    std::deque<Job> queue; // guarded by State::mutex, like the flags below
    bool closing = false;
    RequestId running = 0;
    std::atomic_bool cancelRunning {false};
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    std::chrono::milliseconds budget {0}; ///< what `deadline` was set from, for its message
    std::atomic_bool overtime {false};    ///< the deadline stopped the file's work
    std::condition_variable wake;
    std::thread thread;

    // The supervisor thread's own state.
    std::unique_ptr<H5WorkerProcess> worker;
    std::atomic<qint64> workerPid {-1};
    std::atomic_int workerStarts {0};
    QString taintedBy;              ///< the object whose error the current worker saw; it serves no other
    std::optional<Error> fileError; ///< opening the file itself crashed or hung
    QHash<QString, Error> unreadable;
};

struct H5Service::State {
    mutable std::mutex mutex;
    QHash<FileId, std::shared_ptr<FileState>> files;
    std::vector<std::shared_ptr<FileState>> closed; ///< joined when the service goes
    QSet<RequestId> cancelled;
    FileId nextFile = 1;
    RequestId nextRequest = 1;
    std::chrono::milliseconds timeout {10'000};
    H5WorkerLimits limits;
    QString program = defaultWorkerProgram();
    /// Workers fork from this template (started with the first worker); null: spawn each one.
    std::shared_ptr<H5WorkerZygote> zygote;
    QString zygoteProgram; ///< the program the template was tried for
};

H5Service::H5Service(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<State>())
{
    qRegisterMetaType<H5Response>();
    ignoreSigpipe();
}

H5Service::~H5Service()
{
    std::vector<std::shared_ptr<FileState>> all;
    {
        std::lock_guard lock(d->mutex);
        for (const auto& f : std::as_const(d->files))
            all.push_back(f);
        all.insert(all.end(), d->closed.begin(), d->closed.end());
        for (const auto& f : all) {
            f->closing = true;
            f->cancelRunning = true;
            for (Job& job : f->queue)
                job.id = 0; // nobody listens for these any more
        }
    }
    for (const auto& f : all) {
        f->wake.notify_all();
        if (f->thread.joinable())
            f->thread.join();
    }
}

void H5Service::setRequestTimeout(std::chrono::milliseconds timeout)
{
    std::lock_guard lock(d->mutex);
    d->timeout = timeout;
}

void H5Service::setWorkerLimits(const H5WorkerLimits& limits)
{
    std::lock_guard lock(d->mutex);
    d->limits = limits;
}

void H5Service::setWorkerProgram(const QString& program)
{
    std::lock_guard lock(d->mutex);
    d->program = program;
}

H5Service::FileId H5Service::addImage(std::shared_ptr<const ImageBuffer> bytes, const QString& displayName)
{
    auto file = std::make_shared<FileState>();
    file->bytes = std::move(bytes);
    return addFile(std::move(file), displayName);
}

H5Service::FileId H5Service::addLazyFile(std::shared_ptr<BlockStore> store, const QString& displayName)
{
    auto file = std::make_shared<FileState>();
    file->bytes = store->slots();
    file->lazy = std::move(store);
    return addFile(std::move(file), displayName);
}

std::shared_ptr<BlockStore> H5Service::lazyStore(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file ? file->lazy : nullptr;
}

H5Service::FileId H5Service::addFile(std::shared_ptr<FileState> file, const QString& displayName)
{
    file->name = displayName;
    {
        std::lock_guard lock(d->mutex);
        file->id = d->nextFile++;
        d->files.insert(file->id, file);
    }
    file->thread = std::thread([this, file] { supervise(file); });
    return file->id;
}

void H5Service::setFileDeadline(FileId id, std::chrono::milliseconds budget)
{
    std::lock_guard lock(d->mutex);
    if (const auto file = d->files.value(id)) {
        file->budget = budget;
        file->deadline = std::chrono::steady_clock::now() + budget;
    }
}

Error H5Service::overtimeError(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file && file->overtime ? overtimeOf(file->name, file->budget) : Error();
}

void H5Service::closeFile(FileId id)
{
    std::shared_ptr<FileState> file;
    {
        std::lock_guard lock(d->mutex);
        file = d->files.take(id);
        if (!file)
            return;
        file->closing = true;
        d->closed.push_back(file);
    }
    file->wake.notify_all();
}

QString H5Service::displayName(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file ? file->name : QString();
}

std::shared_ptr<const ImageBuffer> H5Service::image(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file && !file->lazy ? file->bytes : nullptr;
}

qint64 H5Service::workerPid(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file ? file->workerPid.load() : -1;
}

int H5Service::workerStarts(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file ? file->workerStarts.load() : 0;
}

H5Service::RequestId H5Service::post(FileId file, const H5Request& request)
{
    Job job;
    job.request = request;
    {
        std::lock_guard lock(d->mutex);
        job.id = d->nextRequest++;
    }
    const RequestId id = job.id;
    enqueue(file, std::move(job));
    return id;
}

std::future<H5Response> H5Service::submit(FileId file, const H5Request& request)
{
    Job job;
    job.request = request;
    job.promise.emplace();
    auto future = job.promise->get_future();
    {
        std::lock_guard lock(d->mutex);
        job.id = d->nextRequest++;
    }
    enqueue(file, std::move(job));
    return future;
}

void H5Service::cancel(RequestId request)
{
    std::lock_guard lock(d->mutex);
    d->cancelled.insert(request);
    for (const auto& file : std::as_const(d->files)) {
        if (file->running == request)
            file->cancelRunning = true;
    }
}

void H5Service::enqueue(FileId id, Job job)
{
    std::shared_ptr<FileState> file;
    {
        std::lock_guard lock(d->mutex);
        file = d->files.value(id);
        if (file)
            file->queue.push_back(std::move(job));
    }
    if (file) {
        file->wake.notify_one();
    } else {
        H5Response notOpen;
        notOpen.error = Error(Error::Code::NotFound, QStringLiteral("The file is not open"));
        answer(job, std::move(notOpen));
    }
}

void H5Service::answer(Job& job, H5Response response)
{
    if (job.promise) {
        job.promise->set_value(std::move(response));
    } else if (job.id != 0) {
        QMetaObject::invokeMethod(
            this, [this, id = job.id, r = std::move(response)] { Q_EMIT finished(id, r); },
            Qt::QueuedConnection);
    }
}

void H5Service::supervise(const std::shared_ptr<FileState>& file)
{
    for (;;) {
        Job job;
        bool wasCancelled = false;
        {
            std::unique_lock lock(d->mutex);
            file->wake.wait(lock, [&] { return file->closing || !file->queue.empty(); });
            if (file->queue.empty())
                break; // closing, and nothing left to answer
            job = std::move(file->queue.front());
            file->queue.pop_front();
            wasCancelled = d->cancelled.remove(job.id) || job.id == 0;
            file->running = job.id;
            file->cancelRunning = wasCancelled;
        }
        H5Response response;
        if (wasCancelled)
            response.error = cancelled();
        else
            response = serve(*file, job.request);
        {
            std::lock_guard lock(d->mutex);
            file->running = 0;
            d->cancelled.remove(job.id);
        }
        answer(job, std::move(response));
    }
    file->worker.reset(); // ends the process; the image goes with the last reference
    file->workerPid = -1;
}

H5Response H5Service::serve(FileState& file, const H5Request& request)
{
    H5Response response;
    if (file.fileError) {
        response.error = *file.fileError;
        return response;
    }
    if (const auto it = file.unreadable.constFind(request.path); it != file.unreadable.cend()) {
        response.error = *it;
        return response;
    }
    std::chrono::milliseconds timeout;
    H5WorkerLimits limits;
    QString program;
    std::shared_ptr<H5WorkerZygote> zygote;
    std::chrono::steady_clock::time_point deadline;
    std::chrono::milliseconds budget;
    {
        std::lock_guard lock(d->mutex);
        deadline = file.deadline;
        budget = file.budget;
        timeout = d->timeout;
        limits = d->limits;
        program = d->program;
        if (!file.worker && d->zygoteProgram != program && qEnvironmentVariableIsEmpty("H5HDFS_NO_ZYGOTE")) {
            d->zygoteProgram = program;
            d->zygote = H5WorkerZygote::start(program);
        }
        zygote = d->zygote;
    }
    // Past the file's deadline nothing more is asked: the whole file counts as failed.
    auto overtime = [&] {
        file.fileError = overtimeOf(file.name, budget);
        file.overtime = true;
        file.worker.reset();
        file.workerPid = -1;
        response.error = *file.fileError;
        return response;
    };
    if (std::chrono::steady_clock::now() >= deadline)
        return overtime();
    // A worker that saw an error on another object is replaced: its library state may be poisoned.
    if (file.worker
        && ((!file.taintedBy.isNull() && file.taintedBy != request.path) || !file.worker->isAlive()))
        file.worker.reset();

    // Each names the file first: its subject.
    auto failure = [&](H5WorkerProcess::Outcome outcome, const QString& what, const QString& detail) {
        const bool crashed = outcome == H5WorkerProcess::Outcome::Crashed;
        // Allocations over the address-space limit inside Qt abort (Qt is built without exceptions).
        if (crashed && detail.contains(QStringLiteral("std::bad_alloc")))
            return Error(Error::Code::TooLarge,
                QStringLiteral(
                    "%1: %2 needs more memory than the HDF5 worker may use (%3 MiB beyond the image)")
                    .arg(file.name, what)
                    .arg(limits.memoryBudget >> 20),
                detail)
                .about(file.name);
        // The worker's sandbox names a system call it refused ("forbidden system call openat (257)")
        // before it dies by SIGSYS: a file that makes the parser do that is hostile, not merely corrupt.
        static const QRegularExpression kForbidden(QStringLiteral("forbidden system call (\\w+)"));
        if (const auto forbidden = kForbidden.match(detail); crashed && forbidden.hasMatch())
            return Error(Error::Code::WorkerCrashed,
                QStringLiteral("%1: %2 tried a forbidden operation (%3); the file may be malicious")
                    .arg(file.name, what, forbidden.captured(1)),
                detail)
                .about(file.name);
        return Error(crashed ? Error::Code::WorkerCrashed : Error::Code::WorkerHung,
            crashed
                ? QStringLiteral("%1: %2 crashed the HDF5 library; the file is probably corrupt")
                      .arg(file.name, what)
                : QStringLiteral(
                    "%1: %2 did not finish within %3 s; the HDF5 library is probably stuck on corrupt data")
                      .arg(file.name, what)
                      .arg(double(timeout.count()) / 1000.0),
            detail)
            .about(file.name);
    };

    if (!file.worker) {
        auto started = H5WorkerProcess::start(
            program, *file.bytes, limits, zygote.get(), QFileInfo(file.name).fileName());
        if (!started) {
            response.error = started.error();
            return response;
        }
        file.worker = std::move(started).value();
        if (file.lazy) {
            const std::shared_ptr<BlockStore> store = file.lazy;
            file.worker->beginLazy(store->openParameters(),
                [store](const LazyProtocol::BlockRequest& wanted, const FetchLimits& fetchLimits) {
                    return store->serve(wanted, fetchLimits);
                });
        }
        file.workerPid = file.worker->pid();
        ++file.workerStarts;
        file.taintedBy = QString();
        // Open first, on its own: if opening is what kills the library, the whole file is unreadable.
        auto opened = file.worker->execute(H5Request::open(), timeout, &file.cancelRunning, deadline);
        if (opened.outcome == H5WorkerProcess::Outcome::Hung && std::chrono::steady_clock::now() >= deadline)
            return overtime();
        if (opened.outcome == H5WorkerProcess::Outcome::Cancelled) {
            file.worker.reset();
            response.error = cancelled();
            return response;
        }
        if (opened.outcome == H5WorkerProcess::Outcome::Answered && opened.response.error.isError()) {
            // Not an HDF5 file, truncated, corrupt superblock: every request would fail the same way.
            file.fileError = opened.response.error.prefixed(file.name);
            file.worker.reset();
            file.workerPid = -1;
            response.error = *file.fileError;
            return response;
        }
        if (opened.outcome != H5WorkerProcess::Outcome::Answered) {
            file.fileError = failure(opened.outcome, QStringLiteral("opening the file"), opened.detail);
            file.worker.reset();
            file.workerPid = -1;
            response.error = *file.fileError;
            return response;
        }
        if (request.kind == H5Request::Kind::Open)
            return opened.response;
    }

    auto reply = file.worker->execute(request, timeout, &file.cancelRunning, deadline);
    if (reply.outcome == H5WorkerProcess::Outcome::Hung && std::chrono::steady_clock::now() >= deadline)
        return overtime();
    switch (reply.outcome) {
    case H5WorkerProcess::Outcome::Answered:
        // Our own refusals (a page out of range, an object that is not a named table) leave the
        // library untouched; any other error may have poisoned it.
        if (reply.response.error.isError() && reply.response.error.code != Error::Code::OutOfRange
            && reply.response.error.code != Error::Code::NotATable)
            file.taintedBy = request.path;
        if (reply.response.error.isError()) // with several files open, say which one
            reply.response.error = inFile(reply.response.error, file.name);
        return reply.response;
    case H5WorkerProcess::Outcome::Cancelled: response.error = cancelled(); break;
    case H5WorkerProcess::Outcome::Crashed:
    case H5WorkerProcess::Outcome::Hung:
        response.error = failure(reply.outcome, request.describe(), reply.detail);
        // A crash or hang would happen again: the object is not asked again. A smaller read of
        // an object that ran out of memory may well work.
        if (response.error.code != Error::Code::TooLarge)
            file.unreadable.insert(request.path, response.error);
        qCInfo(lcH5) << response.error.toString();
        break;
    }
    file.worker.reset();
    file.workerPid = -1;
    return response;
}

} // namespace H5Hdfs

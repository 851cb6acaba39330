// SPDX-License-Identifier: MIT
#include "h5service.h"

#include "filesupervisor.h"
#include "installlayout.h"
#include "lazy/blockstore.h"
#include "spareworkers.h"

#include <QHash>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <thread>

namespace H5Hdfs {

namespace {

// A worker that dies turns our next write to its pipe into SIGPIPE, which would end this process;
// the failed write is handled instead.
void ignoreSigpipe()
{
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

} // namespace

struct H5Service::Job {
    quint64 id = 0;
    H5Request request;
    std::function<void(H5Response&&)> reply; ///< to an asker's context, or to a future
    Progress progress {};                    ///< to an asker's context; none for a future
    bool cancelled = false;                  ///< answered Cancelled without running
};

struct H5Service::FileState {
    FileState(QString name, std::shared_ptr<const ImageBuffer> bytes, std::shared_ptr<BlockStore> lazy)
        : supervisor(std::move(name), std::move(bytes), std::move(lazy))
    {
    }

    FileId id = 0;
    FileSupervisor supervisor; ///< used by the file's thread only, but for its diagnostics
    // Guarded by State::mutex.
    std::deque<Job> queue;
    bool closing = false;
    quint64 running = 0;
    FileSupervisor::Clock::time_point deadline = FileSupervisor::Clock::time_point::max();
    std::chrono::milliseconds budget {0}; ///< what `deadline` was set from, for its message
    // Shared with the file's thread without the lock.
    std::atomic_bool cancelRunning {false};
    std::atomic_int requestsQueued {0};
    std::atomic_int requestsRun {0};
    std::condition_variable wake;
    std::thread thread;
};

struct H5Service::State {
    mutable std::mutex mutex;
    QHash<FileId, std::shared_ptr<FileState>> files;
    std::vector<std::shared_ptr<FileState>> closed; ///< joined when the service goes
    FileId nextFile = 1;
    quint64 nextRequest = 1;
    std::chrono::milliseconds timeout {10'000};
    H5WorkerLimits limits;
    QString program = InstallLayout::workerProgram();
    /// Workers fork from this template (started with the first worker); null: spawn each one.
    std::shared_ptr<H5WorkerZygote> zygote;
    QString zygoteProgram; ///< the program the template was tried for
    int spareCount = 0;
    std::shared_ptr<SpareWorkers> spares; ///< forked from `zygote` ahead of need; null: none kept
    /// False once the service is going: answers already posted are not called.
    std::shared_ptr<std::atomic_bool> open = std::make_shared<std::atomic_bool>(true);

    quint64 nextId()
    {
        std::lock_guard lock(mutex);
        return nextRequest++;
    }

    /// The settings for the file's next run; the workers' template starts with the first worker.
    FileSupervisor::Settings settingsFor(const FileState& file)
    {
        std::lock_guard lock(mutex);
        FileSupervisor::Settings settings;
        settings.timeout = timeout;
        settings.limits = limits;
        settings.program = program;
        settings.deadline = file.deadline;
        settings.budget = file.budget;
        if (file.supervisor.needsWorker())
            startTemplate();
        settings.zygote = zygote;
        settings.spares = spares;
        return settings;
    }

    /// The workers' template for the current program (once per program), and the spares forked
    /// from it. Under `mutex`.
    void startTemplate()
    {
        if (zygoteProgram != program && qEnvironmentVariableIsEmpty("H5HDFS_NO_ZYGOTE")) {
            zygoteProgram = program;
            spares.reset();
            zygote = H5WorkerZygote::start(program);
        }
        if (zygote && spareCount > 0 && !spares)
            spares = std::make_shared<SpareWorkers>(zygote, spareCount);
    }

    [[nodiscard]] std::shared_ptr<FileState> openOrClosed(FileId id) const
    {
        if (auto file = files.value(id))
            return file;
        const auto it
            = std::find_if(closed.begin(), closed.end(), [id](const auto& f) { return f->id == id; });
        return it == closed.end() ? nullptr : *it;
    }
};

H5Service::H5Service(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<State>())
{
    ignoreSigpipe();
}

H5Service::~H5Service()
{
    *d->open = false;
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
                job.cancelled = true; // futures still get their answer: Cancelled
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

void H5Service::keepSpareWorkers(int count)
{
    std::lock_guard lock(d->mutex);
    d->spareCount = qMax(0, count);
    d->spares.reset();
    if (d->spareCount > 0)
        d->startTemplate(); // the spares fork while the first files download
}

H5Service::FileId H5Service::addImage(std::shared_ptr<const ImageBuffer> bytes, const QString& displayName)
{
    return addFile(std::make_shared<FileState>(displayName, std::move(bytes), nullptr));
}

H5Service::FileId H5Service::addLazyFile(std::shared_ptr<BlockStore> store, const QString& displayName)
{
    auto slots = store->slots();
    return addFile(std::make_shared<FileState>(displayName, std::move(slots), std::move(store)));
}

H5Service::FileId H5Service::addFile(std::shared_ptr<FileState> file)
{
    {
        std::lock_guard lock(d->mutex);
        file->id = d->nextFile++;
        d->files.insert(file->id, file);
    }
    file->thread = std::thread([this, file] { supervise(file); });
    return file->id;
}

std::shared_ptr<H5Service::FileState> H5Service::fileOf(FileId id) const
{
    std::lock_guard lock(d->mutex);
    return d->files.value(id);
}

std::shared_ptr<BlockStore> H5Service::lazyStore(FileId id) const
{
    const auto file = fileOf(id);
    return file ? file->supervisor.lazyStore() : nullptr;
}

void H5Service::setFileDeadline(FileId id, std::chrono::milliseconds budget)
{
    std::lock_guard lock(d->mutex);
    if (const auto file = d->files.value(id)) {
        file->budget = budget;
        file->deadline = FileSupervisor::Clock::now() + budget;
    }
}

Error H5Service::overtimeError(FileId id) const
{
    std::lock_guard lock(d->mutex);
    const auto file = d->files.value(id);
    return file && file->supervisor.isOvertime()
        ? FileSupervisor::overtimeError(file->supervisor.name(), file->budget)
        : Error();
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
    const auto file = fileOf(id);
    return file ? file->supervisor.name() : QString();
}

std::shared_ptr<const ImageBuffer> H5Service::image(FileId id) const
{
    const auto file = fileOf(id);
    return file && !file->supervisor.lazyStore() ? file->supervisor.bytes() : nullptr;
}

qint64 H5Service::workerPid(FileId id) const
{
    const auto file = fileOf(id);
    return file ? file->supervisor.workerPid() : -1;
}

int H5Service::workerStarts(FileId id) const
{
    const auto file = fileOf(id);
    return file ? file->supervisor.workerStarts() : 0;
}

int H5Service::requestsQueued(FileId id) const
{
    const auto file = fileOf(id);
    return file ? file->requestsQueued.load() : 0;
}

int H5Service::requestsRun(FileId id) const
{
    const auto file = fileOf(id);
    return file ? file->requestsRun.load() : 0;
}

H5Service::Ticket H5Service::ask(FileId file, H5Request request, QObject* context, Answer answer, Progress progress)
{
    Q_ASSERT(context);
    // Nothing is answered once the service is gone.
    const std::shared_ptr<const std::atomic_bool> open = d->open;
    Progress guardedProgress;
    if (progress)
        guardedProgress = [open, progress = std::move(progress)](qint64 done, qint64 total) {
            if (*open)
                progress(done, total);
        };
    Ticket ticket;
    ticket.m_id = d->nextId();
    ticket.m_file = file;
    // Watched before it is queued: a context that dies from now on takes its request with it.
    const auto asker = Asker::create(
        context,
        [open, answer = std::move(answer)](H5Response&& r) {
            if (*open)
                answer(std::move(r));
        },
        std::move(guardedProgress), {this, [this, file, id = ticket.m_id] { stop(file, id); }});
    ticket.m_asker = asker;
    Job job {ticket.m_id, std::move(request), [asker](H5Response&& r) { asker->post(std::move(r)); }};
    if (asker->wantsProgress())
        job.progress = [asker](qint64 done, qint64 total) { asker->postProgress(done, total); };
    enqueue(file, std::move(job));
    return ticket;
}

std::future<H5Response> H5Service::submit(FileId file, H5Request request)
{
    auto promise = std::make_shared<std::promise<H5Response>>();
    auto future = promise->get_future();
    enqueue(file,
        {d->nextId(), std::move(request), [promise](H5Response&& r) { promise->set_value(std::move(r)); }});
    return future;
}

void H5Service::cancel(const Ticket& ticket)
{
    if (!ticket)
        return;
    ticket.m_asker->withdraw();
    stop(ticket.m_file, ticket.m_id);
}

bool H5Service::cancelIfQueued(const Ticket& ticket)
{
    if (!ticket || !dropIfQueued(ticket.m_file, ticket.m_id))
        return false;
    // Marked before it is withdrawn: it cannot start in between, and its Cancelled reply is not called.
    ticket.m_asker->withdraw();
    return true;
}

void H5Service::enqueue(FileId id, Job job)
{
    std::shared_ptr<FileState> file;
    {
        std::lock_guard lock(d->mutex);
        file = d->files.value(id);
        if (file) {
            file->queue.push_back(std::move(job));
            ++file->requestsQueued; // before it can run: never fewer queued than run
        }
    }
    if (!file) {
        H5Response notOpen;
        notOpen.error = Error(Error::Code::NotFound, QStringLiteral("The file is not open"));
        job.reply(std::move(notOpen));
        return;
    }
    file->wake.notify_one();
}

void H5Service::stop(FileId id, quint64 request)
{
    std::lock_guard lock(d->mutex);
    const auto file = d->openOrClosed(id);
    if (!file)
        return;
    if (file->running == request) {
        file->cancelRunning = true;
        return;
    }
    for (Job& job : file->queue) {
        if (job.id == request)
            job.cancelled = true;
    }
}

bool H5Service::dropIfQueued(FileId id, quint64 request)
{
    std::lock_guard lock(d->mutex);
    const auto file = d->openOrClosed(id);
    if (!file)
        return false;
    for (Job& job : file->queue) {
        if (job.id == request) {
            job.cancelled = true;
            return true;
        }
    }
    return false;
}

void H5Service::supervise(const std::shared_ptr<FileState>& file)
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(d->mutex);
            file->wake.wait(lock, [&] { return file->closing || !file->queue.empty(); });
            if (file->queue.empty())
                break; // closing, and nothing left to answer
            job = std::move(file->queue.front());
            file->queue.pop_front();
            file->running = job.id;
            file->cancelRunning = job.cancelled;
        }
        H5Response response = job.cancelled ? FileSupervisor::cancelled() : run(*file, job);
        {
            std::lock_guard lock(d->mutex);
            file->running = 0;
        }
        job.reply(std::move(response));
    }
    file->supervisor.stopWorker(); // the image goes with the last reference
}

H5Response H5Service::run(FileState& file, const Job& job)
{
    ++file.requestsRun;
    return file.supervisor.run(job.request, d->settingsFor(file), file.cancelRunning, job.progress);
}

} // namespace H5Hdfs

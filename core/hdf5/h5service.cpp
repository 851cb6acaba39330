// SPDX-License-Identifier: MIT
#include "h5service.h"

#include "h5engine.h"

#include <QHash>
#include <QSet>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

struct H5Service::Job {
    enum class Kind { Request, Close };
    Kind kind = Kind::Request;
    RequestId id = 0;
    FileId file = 0;
    H5Request request;
    std::optional<std::promise<H5Response>> promise; ///< submit(); otherwise finished() is emitted
};

struct H5Service::State {
    struct File {
        std::shared_ptr<const ImageBuffer> bytes;
        QString name;
    };

    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> queue;
    QSet<RequestId> cancelled;
    QHash<FileId, File> files; ///< registered and not yet closed
    FileId nextFile = 1;
    RequestId nextRequest = 1;
    bool stopping = false;
    std::thread thread;

    // Worker thread only.
    QHash<FileId, std::shared_ptr<H5Engine>> engines;
};

H5Service::H5Service(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<State>())
{
    qRegisterMetaType<H5Response>();
    d->thread = std::thread([this] { run(); });
}

H5Service::~H5Service()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->wake.notify_all();
    d->thread.join();
}

H5Service::FileId H5Service::addImage(std::shared_ptr<const ImageBuffer> bytes, const QString& displayName)
{
    std::lock_guard lock(d->mutex);
    const FileId id = d->nextFile++;
    d->files.insert(id, {std::move(bytes), displayName});
    return id;
}

void H5Service::closeFile(FileId file)
{
    Job job;
    job.kind = Job::Kind::Close;
    job.file = file;
    enqueue(std::move(job));
}

QString H5Service::displayName(FileId file) const
{
    std::lock_guard lock(d->mutex);
    return d->files.value(file).name;
}

H5Service::RequestId H5Service::post(FileId file, const H5Request& request)
{
    Job job;
    job.file = file;
    job.request = request;
    {
        std::lock_guard lock(d->mutex);
        job.id = d->nextRequest++;
    }
    const RequestId id = job.id;
    enqueue(std::move(job));
    return id;
}

std::future<H5Response> H5Service::submit(FileId file, const H5Request& request)
{
    Job job;
    job.file = file;
    job.request = request;
    job.promise.emplace();
    auto future = job.promise->get_future();
    {
        std::lock_guard lock(d->mutex);
        job.id = d->nextRequest++;
    }
    enqueue(std::move(job));
    return future;
}

void H5Service::cancel(RequestId request)
{
    std::lock_guard lock(d->mutex);
    d->cancelled.insert(request);
}

void H5Service::enqueue(Job job)
{
    {
        std::lock_guard lock(d->mutex);
        d->queue.push_back(std::move(job));
    }
    d->wake.notify_one();
}

void H5Service::run()
{
    for (;;) {
        Job job;
        bool cancelled = false;
        std::shared_ptr<const ImageBuffer> bytes;
        {
            std::unique_lock lock(d->mutex);
            d->wake.wait(lock, [this] { return d->stopping || !d->queue.empty(); });
            if (d->stopping)
                break;
            job = std::move(d->queue.front());
            d->queue.pop_front();
            cancelled = d->cancelled.remove(job.id);
            if (job.kind == Job::Kind::Close)
                d->files.remove(job.file);
            else if (!d->engines.contains(job.file))
                bytes = d->files.value(job.file).bytes;
        }
        if (job.kind == Job::Kind::Close) {
            d->engines.remove(job.file);
            continue;
        }
        H5Response response;
        if (cancelled) {
            response.error = Error(Error::Code::Cancelled, QStringLiteral("Cancelled"));
        } else if (!d->engines.contains(job.file) && !bytes) {
            response.error = Error(Error::Code::NotFound, QStringLiteral("The file is not open"));
        } else {
            auto& engine = d->engines[job.file];
            if (!engine)
                engine = std::make_shared<H5Engine>(std::move(bytes));
            response = engine->execute(job.request);
        }
        if (job.promise) {
            job.promise->set_value(std::move(response));
        } else {
            QMetaObject::invokeMethod(
                this, [this, id = job.id, r = std::move(response)] { Q_EMIT finished(id, r); },
                Qt::QueuedConnection);
        }
    }
    // Whoever still waits on a future gets an answer; HDF5 objects are closed on this thread.
    std::lock_guard lock(d->mutex);
    for (Job& job : d->queue) {
        if (job.promise)
            job.promise->set_value(H5Response {
                Error(Error::Code::Cancelled, QStringLiteral("The service stopped")), {}, {}, {}});
    }
    d->queue.clear();
    d->engines.clear();
}

// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <functional>
#include <memory>
#include <mutex>

namespace H5Hdfs {

/// How far long work has come: `done` of `total`, in the unit it works in (rows, bytes, elements).
using ProgressCallback = std::function<void(qint64 done, qint64 total)>;

/// What else a context's death stops, besides its callbacks: `run` (in the context's thread,
/// in place of the answer), unless `owner` (the object `run` belongs to) died first.
struct OnContextDeath {
    QObject* owner = nullptr;
    std::function<void()> run;
};

/// The answering end of work done on another thread, for H5Service::ask's answers and
/// BackgroundJob's callbacks (WebHdfsClient answers in the same shape from its own thread): the
/// answer and the progress reports run in the thread of a context QObject, as through a queued
/// connection to it, and never once the context is destroyed or the asker withdrew. The answer
/// runs at most once; progress never runs after it, and reports that come faster than the
/// context's thread takes them are merged (at most one call is pending, with the newest numbers),
/// so fast work cannot flood the event loop.
template <typename Outcome> class ContextReply : public std::enable_shared_from_this<ContextReply<Outcome>> {
public:
    using Answer = std::function<void(Outcome&&)>;

    static std::shared_ptr<ContextReply> create(
        QObject* context, Answer answer, ProgressCallback progress = {}, OnContextDeath onDeath = {})
    {
        std::shared_ptr<ContextReply> reply(new ContextReply(context, std::move(answer), std::move(progress)));
        // Watched from the start: a context that dies from now on takes its answer with it.
        reply->m_watch = QObject::connect(
            context, &QObject::destroyed, onDeath.owner ? onDeath.owner : context,
            [weak = std::weak_ptr(reply), stop = std::move(onDeath.run)] {
                if (const auto self = weak.lock())
                    self->withdraw();
                if (stop)
                    stop();
            },
            Qt::DirectConnection);
        return reply;
    }

    ~ContextReply() { QObject::disconnect(m_watch); }

    [[nodiscard]] bool wantsProgress() const { return bool(m_progress); }

    /// From any thread.
    void postProgress(qint64 done, qint64 total)
    {
        std::lock_guard lock(m_mutex);
        if (!m_context || !m_progress)
            return;
        m_done = done;
        m_total = total;
        if (m_progressPending)
            return; // the call already posted takes these numbers
        m_progressPending = true;
        QMetaObject::invokeMethod(
            m_context, [self = this->shared_from_this()] { self->deliverProgress(); }, Qt::QueuedConnection);
    }

    /// From any thread; the first outcome posted is the one answered.
    void post(Outcome&& outcome)
    {
        std::lock_guard lock(m_mutex);
        if (!m_context || m_answerPosted)
            return;
        m_answerPosted = true;
        QMetaObject::invokeMethod(
            m_context,
            [self = this->shared_from_this(), o = std::move(outcome)]() mutable { self->deliver(std::move(o)); },
            Qt::QueuedConnection);
    }

    /// From then on no callback runs (when called in the context's thread; from another thread,
    /// one already running finishes). The callbacks' captures are released here.
    void withdraw()
    {
        Answer dropped; // released outside the lock: a capture's destructor may take locks of its own
        ProgressCallback droppedProgress;
        {
            std::lock_guard lock(m_mutex);
            m_context = nullptr;
            dropped = std::move(m_answer);
            droppedProgress = std::move(m_progress);
        }
        QObject::disconnect(m_watch);
    }

    /// False once answered or withdrawn.
    [[nodiscard]] bool isPending() const
    {
        std::lock_guard lock(m_mutex);
        return m_context != nullptr;
    }

private:
    ContextReply(QObject* context, Answer answer, ProgressCallback progress)
        : m_context(context)
        , m_answer(std::move(answer))
        , m_progress(std::move(progress))
    {
    }

    void deliverProgress()
    {
        ProgressCallback call; // a copy: called outside the lock, and it may withdraw its own work
        qint64 done = 0, total = 0;
        {
            std::lock_guard lock(m_mutex);
            m_progressPending = false;
            if (!m_context || !m_progress)
                return;
            call = m_progress;
            done = m_done;
            total = m_total;
        }
        call(done, total);
    }

    void deliver(Outcome&& outcome)
    {
        Answer once;
        {
            std::lock_guard lock(m_mutex);
            if (!m_context)
                return;
            m_context = nullptr;
            once = std::move(m_answer);
            m_progress = nullptr;
        }
        QObject::disconnect(m_watch);
        once(std::move(outcome));
    }

    mutable std::mutex m_mutex;
    QObject* m_context; ///< null once answered or withdrawn
    Answer m_answer;
    ProgressCallback m_progress;
    qint64 m_done = 0, m_total = 0; ///< the newest report, for the progress call pending
    bool m_progressPending = false;
    bool m_answerPosted = false;
    QMetaObject::Connection m_watch; ///< the context's destroyed()
};

} // namespace H5Hdfs

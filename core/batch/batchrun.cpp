// SPDX-License-Identifier: MIT
#include "batch/batchrun.h"

#include "lazy/blockstore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QLocale>

namespace H5Hdfs {

namespace {

/// A file this small (its length known from a listing) may download while `jobs` others are
/// processed: the next files' round trips to the NameNode and DataNodes overlap the work.
constexpr qint64 kDownloadAheadBytes = 64 << 20;

FileOutcome failed(const Error& error)
{
    return FileOutcome {error, 0, {}};
}

// A batch's actions read their file front to back (export, check): a lazy file reads ahead.
std::shared_ptr<BlockStore> readingAhead(std::shared_ptr<BlockStore> store)
{
    store->setSequentialReadAhead(true);
    return store;
}

} // namespace

/// A file ready for its worker: its bytes in memory, or the store it is read through lazily, or
/// neither (a local file, read on the pool thread).
struct BatchRun::Opened {
    std::shared_ptr<const ImageBuffer> bytes;
    std::shared_ptr<BlockStore> store;
};

QString BatchTotals::summary() const
{
    const QLocale locale = QLocale::system();
    const int files = ok + failed;
    return QStringLiteral("%1 %2: %3 ok, %4 failed, %5 in %6 s (%7 files/s)")
        .arg(locale.toString(files), files == 1 ? QStringLiteral("file") : QStringLiteral("files"),
            locale.toString(ok), locale.toString(failed),
            locale.formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat))
        .arg(seconds, 0, 'f', 2)
        .arg(seconds > 0 ? files / seconds : 0.0, 0, 'f', 1);
}

BatchRun::BatchRun(
    QList<BatchFile> files, BatchLimits limits, BatchSource source, FileAction action,
    BatchCallbacks callbacks)
    : m_files(std::move(files))
    , m_limits(limits)
    , m_source(std::move(source))
    , m_action(std::move(action))
    , m_callbacks(std::move(callbacks))
{
    m_pool.setMaxThreadCount(qMax(1, m_limits.jobs));
    // A worker per running file forked ahead: a file whose bytes arrive finds its worker ready.
    m_service.keepSpareWorkers(int(qMin<qsizetype>(qMax(1, m_limits.jobs), m_files.size())));
}

BatchRun::~BatchRun()
{
    m_pool.waitForDone();
}

void BatchRun::start()
{
    m_timer.start();
    // The progress moves while files take long, not only when one ends.
    if (m_callbacks.progress && !isFinished()) {
        QObject::connect(&m_tick, &QTimer::timeout, &m_context, [this] { m_callbacks.progress(progress()); });
        m_tick.start(m_callbacks.progressEvery);
    }
    startNext();
}

BatchTotals BatchRun::wait()
{
    QEventLoop loop;
    while (!isFinished())
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    m_pool.waitForDone();
    BatchTotals totals = m_totals;
    totals.seconds = double(m_timer.elapsed()) / 1000.0;
    return totals;
}

BatchProgress BatchRun::progress() const
{
    BatchProgress p {m_finished, int(m_files.size()), m_totals, {}};
    p.totals.seconds = double(m_timer.elapsed()) / 1000.0;
    std::lock_guard lock(m_activityMutex);
    if (!m_activity.isEmpty()) {
        const auto it = m_activity.constBegin();
        p.activity = QFileInfo(it.key()).fileName() + QStringLiteral(": ") + it.value();
    }
    return p;
}

// `jobs` files at once, and as many again downloading ahead of them when they are small; the pool
// runs `jobs` actions and queues the files that arrive early.
bool BatchRun::mayStart(const BatchFile& input) const
{
    const int jobs = qMax(1, m_limits.jobs);
    const qint64 length = input.knownLength();
    return m_running < jobs || (m_running < 2 * jobs && length >= 0 && length <= kDownloadAheadBytes);
}

void BatchRun::startNext()
{
    m_starting = true; // a file that ends at once (a bad input) is counted without starting more here
    while (m_next < m_files.size() && mayStart(m_files[m_next])) {
        const BatchFile& input = m_files[m_next++];
        ++m_running;
        if (input.error.isError())
            finish(input, failed(input.error));
        else if (!input.localPath.isEmpty())
            process(input, Opened {});
        else
            fetch(input);
    }
    m_starting = false;
}

// A listed file's length decides at once; another's status is asked first (the request a whole
// download would make itself), unless every file is read whole anyway.
void BatchRun::fetch(const BatchFile& input)
{
    if (input.listed)
        return fetchWithStatus(input, *input.listed);
    if (m_source.mode == LazyFiles::Mode::Whole)
        return download(input, -1);
    m_source.client->fileStatus(input.hdfsPath, &m_context, [this, &input](Result<HdfsFileStatus> status) {
        if (!status)
            return finish(input, failed(status.error()));
        fetchWithStatus(input, *status);
    });
}

// Whole or lazily, by the rule that opens one file.
void BatchRun::fetchWithStatus(const BatchFile& input, const HdfsFileStatus& status)
{
    if (status.isDirectory())
        return finish(input,
            failed(Error(Error::Code::Unsupported,
                QStringLiteral("%1 is a directory, not a file").arg(input.hdfsPath))));
    const WebHdfsConfig& config = m_source.client->config();
    if (!LazyFiles::opensLazily(m_source.mode, status.length, config.memoryBudget))
        return download(input, status.length);
    auto store = LazyFiles::overWebHdfs(config, input.hdfsPath, status);
    if (!store)
        return finish(input, failed(store.error()));
    process(input, Opened {nullptr, readingAhead(std::move(store).value())});
}

// Downloads an HDFS file into memory, then processes it.
void BatchRun::download(const BatchFile& input, qint64 knownLength)
{
    WebHdfsClient::DownloadOptions options = m_source.download;
    options.knownLength = knownLength; // from the listing or a status just asked: not asked again
    // No handle kept: the run's context ends what it started.
    m_source.client->download(
        input.hdfsPath, options, &m_context, [this, &input](Result<DownloadedBytes> got) {
            if (!got)
                finish(input, failed(got.error()));
            else
                process(input, Opened {std::move(got->buffer), nullptr});
        });
}

// The file's work runs on the pool; its outcome comes back to this thread.
void BatchRun::process(const BatchFile& input, Opened opened)
{
    m_pool.start([this, &input, opened = std::move(opened)] {
        QMetaObject::invokeMethod(
            &m_context, [this, &input, outcome = processFile(input, opened)] { finish(input, outcome); },
            Qt::QueuedConnection);
    });
}

// On a pool thread: registers the file with the service, runs the action under the file's
// deadline, and closes the file.
FileOutcome BatchRun::processFile(const BatchFile& input, const Opened& opened)
{
    auto added = addFile(input, opened);
    if (!added)
        return failed(added.error());
    const auto [id, size] = *added;
    m_service.setFileDeadline(id, m_limits.perFile);
    const FileWork work {m_service, id, input,
        [this, &input](const QString& activity) { setActivity(input.name, activity); }};
    FileOutcome outcome = m_action(work);
    setActivity(input.name, {});
    outcome.bytes = size;
    // Whatever the action made of the errors past the deadline, the file failed for it.
    if (const Error e = m_service.overtimeError(id); e.isError())
        outcome = FileOutcome {e, outcome.bytes, {}};
    if (const auto store = m_service.lazyStore(id))
        outcome.lazy = store->stats();
    m_service.closeFile(id);
    return outcome;
}

// The file in the service, and its size: its bytes, its lazy store, or a local file, read whole or
// lazily by the rule that opens one local file.
Result<std::pair<H5Service::FileId, qint64>> BatchRun::addFile(const BatchFile& input, const Opened& opened)
{
    if (opened.store)
        return std::pair {m_service.addLazyFile(opened.store, input.name), opened.store->fileSize()};
    if (opened.bytes)
        return std::pair {m_service.addImage(opened.bytes, input.name), opened.bytes->size()};
    const qint64 budget = WebHdfsConfig().memoryBudget;
    if (LazyFiles::localOpensLazily(m_source.mode, QFileInfo(input.localPath).size(), budget)) {
        auto store = LazyFiles::overLocalFile(input.localPath, budget);
        if (!store)
            return store.error();
        return addFile(input, Opened {nullptr, readingAhead(std::move(store).value())});
    }
    auto bytes = ImageBuffer::readFile(input.localPath);
    if (!bytes)
        return bytes.error();
    return addFile(input, Opened {std::move(bytes).value(), nullptr});
}

void BatchRun::finish(const BatchFile& input, const FileOutcome& outcome)
{
    --m_running;
    ++m_finished;
    outcome.error.isError() ? ++m_totals.failed : ++m_totals.ok;
    m_totals.bytes += outcome.bytes;
    if (isFinished())
        m_tick.stop();
    if (m_callbacks.fileDone)
        m_callbacks.fileDone(input, outcome, progress());
    if (!m_starting)
        startNext();
}

void BatchRun::setActivity(const QString& file, const QString& activity)
{
    std::lock_guard lock(m_activityMutex);
    if (activity.isNull())
        m_activity.remove(file);
    else
        m_activity.insert(file, activity);
}

BatchTotals runBatch(const QList<BatchFile>& files, const BatchLimits& limits, const BatchSource& source,
    const FileAction& action, const BatchCallbacks& callbacks)
{
    BatchRun run(files, limits, source, action, callbacks);
    run.start();
    return run.wait();
}

} // namespace H5Hdfs

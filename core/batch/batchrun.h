// SPDX-License-Identifier: MIT
#pragma once

// Work over many files at once: each file downloaded (or read) into memory, or opened lazily,
// opened in its own HDF5 worker, and handed to an action on a pool thread, `jobs` files at once.
// What `h5hdfs export` and `check` run over globs and path lists; values in, callbacks out.

#include "lazy/lazyfiles.h"
#include "service/h5service.h"
#include "webhdfs/hdfsfilestatus.h"
#include "webhdfs/webhdfsclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace H5Hdfs {

/// One input of a batch: a local file or an HDFS path.
struct BatchFile {
    QString name;       ///< as reported: the HDFS path, or the local path
    QString hdfsPath;   ///< empty for a local file
    QString localPath;  ///< empty for an HDFS file
    std::optional<HdfsFileStatus> listed {}; ///< from the HDFS listing a glob was matched against
    Error error {};     ///< the input could not be resolved (a bad --paths-from line): it fails with this

    /// The file's length when a listing gave it, else -1.
    [[nodiscard]] qint64 knownLength() const { return listed ? listed->length : -1; }
};

/// How one file of a batch ended.
struct FileOutcome {
    Error error;      ///< the file failed (it could not be read, or its action failed)
    qint64 bytes = 0; ///< the file's size
    std::any found;   ///< what the action found, of the action's own type (empty when it found nothing)
    /// Set when the file was read lazily (range reads through a block cache): what that cost.
    std::optional<BlockStore::Stats> lazy {};
};

/// What an action works on: the file open in `service`, and where it says what it is doing now
/// ("/data: row 40,000 of 1,000,000"), so that a long file is seen to move. Cheap; call per page.
struct FileWork {
    H5Service& service;
    H5Service::FileId file;
    const BatchFile& input;
    std::function<void(const QString& activity)> reportActivity;
};
/// Runs on a pool thread; blocks on the service as long as it needs.
using FileAction = std::function<FileOutcome(const FileWork& work)>;

struct BatchTotals {
    int ok = 0;
    int failed = 0;
    qint64 bytes = 0;
    double seconds = 0;
    [[nodiscard]] QString
    summary() const; ///< "1,000 files: 998 ok, 2 failed, 97.7 MiB in 3.2 s (312 files/s)"
};

/// Where the batch stands: files ended of all, the totals so far (seconds: since the start), and
/// what one of the running files is doing ("x.h5: /data: row 40,000 of 1,000,000"; may be empty).
struct BatchProgress {
    int done = 0;
    int total = 0;
    BatchTotals totals;
    QString activity;
};

/// How many files at once, and how long one may take.
struct BatchLimits {
    int jobs = 4;
    std::chrono::milliseconds perFile {600'000};
};

/// Where HDFS inputs come from, and how each file is read.
struct BatchSource {
    WebHdfsClient* client = nullptr;        ///< for HDFS inputs (null when every input is local)
    WebHdfsClient::DownloadOptions download; ///< for whole-file downloads (allowOverBudget)
    LazyFiles::Mode mode = LazyFiles::Mode::Auto; ///< whole or lazy, decided per file as for one file
};

/// The batch's reports, in the thread that runs it.
struct BatchCallbacks {
    /// As each file ends, in completion order; `progress` counts it already.
    std::function<void(const BatchFile& input, const FileOutcome& outcome, const BatchProgress& progress)>
        fileDone;
    /// Every `progressEvery` while files run (none when null): a long file is seen to move.
    std::function<void(const BatchProgress& progress)> progress;
    std::chrono::milliseconds progressEvery {100};
};

/// Processes the files, `limits.jobs` at once; as many small files more (64 MiB at most, their
/// length known from a listing) download meanwhile, so that the next files' round trips overlap the
/// work on the current ones. A file whose action runs past `limits.perFile` fails with "took longer
/// than N s", and the batch goes on. Each file is read whole or lazily by the rule that opens one
/// file (LazyFiles). Lives in a thread with an event loop; callbacks come in that thread.
class BatchRun {
public:
    BatchRun(QList<BatchFile> files, BatchLimits limits, BatchSource source, FileAction action,
        BatchCallbacks callbacks);
    /// Waits for the actions running on the pool.
    ~BatchRun();
    BatchRun(const BatchRun&) = delete;
    BatchRun& operator=(const BatchRun&) = delete;

    /// Starts the first files; the rest start as files end. Never blocks.
    void start();
    [[nodiscard]] bool isFinished() const { return m_finished == m_files.size(); }
    /// Processes events until every file has ended (the CLI, tests).
    BatchTotals wait();
    [[nodiscard]] BatchProgress progress() const;

private:
    struct Opened;
    void startNext();
    [[nodiscard]] bool mayStart(const BatchFile& input) const;
    void fetch(const BatchFile& input);
    void fetchWithStatus(const BatchFile& input, const HdfsFileStatus& status);
    void download(const BatchFile& input, qint64 knownLength);
    void process(const BatchFile& input, Opened opened);
    FileOutcome processFile(const BatchFile& input, const Opened& opened);
    Result<std::pair<H5Service::FileId, qint64>> addFile(const BatchFile& input, const Opened& opened);
    void finish(const BatchFile& input, const FileOutcome& outcome);
    void setActivity(const QString& file, const QString& activity);

    const QList<BatchFile> m_files;
    const BatchLimits m_limits;
    const BatchSource m_source;
    const FileAction m_action;
    const BatchCallbacks m_callbacks;
    H5Service m_service;
    QThreadPool m_pool;
    QObject m_context; ///< answers from the pool and the network come back to this thread through it
    QTimer m_tick;
    QElapsedTimer m_timer;
    BatchTotals m_totals;
    qsizetype m_next = 0;
    int m_running = 0;
    int m_finished = 0;
    bool m_starting = false; ///< in startNext(): a file that ends there does not start more
    mutable std::mutex m_activityMutex;
    QHash<QString, QString> m_activity; ///< what each running file's action reported last, by name
};

/// Runs a batch to its end (BatchRun::start, then wait).
BatchTotals runBatch(const QList<BatchFile>& files, const BatchLimits& limits, const BatchSource& source,
    const FileAction& action, const BatchCallbacks& callbacks);

} // namespace H5Hdfs

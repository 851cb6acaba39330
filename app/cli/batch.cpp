// SPDX-License-Identifier: MIT
#include "batch.h"

#include "clicommon.h"
#include "pathlist.h"
#include "text/h5describe.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <cstdio>
#include <mutex>
#include <unistd.h>

namespace H5Hdfs {

namespace Cli {

namespace {

bool isGlob(const QString& segment)
{
    return segment.contains(QLatin1Char('*')) || segment.contains(QLatin1Char('?'))
        || segment.contains(QLatin1Char('['));
}

// Expands one WebHDFS path segment by segment; only the segments with wildcards are listed.
// A file matched in a listing keeps the length the listing gave.
Status expandPath(Connection& connection, const QString& path, QList<BatchFile>& files)
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QList<BatchFile> current {BatchFile {{}, QStringLiteral("/"), {}}};
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const bool last = i == segments.size() - 1;
        QList<BatchFile> next;
        for (const BatchFile& dir : current) {
            if (!isGlob(segments[i])) {
                next << BatchFile {{}, WebHdfsPath::child(dir.hdfsPath, segments[i]), {}};
                continue;
            }
            auto entries = connection.list(dir.hdfsPath);
            if (!entries)
                return entries.error();
            for (const HdfsFileStatus& e : *entries) {
                if (globMatches(segments[i], e.name) && e.isDirectory() != last)
                    next << BatchFile {{}, WebHdfsPath::child(dir.hdfsPath, e.name), {}, e.length};
            }
        }
        std::sort(next.begin(), next.end(),
            [](const BatchFile& a, const BatchFile& b) { return a.hdfsPath < b.hdfsPath; });
        current = next;
    }
    for (BatchFile& f : current)
        f.name = f.hdfsPath;
    files << current;
    return {};
}

constexpr int kProgressTickMs = 100;
/// A file this small (its length known from a listing) may download while `jobs` others are
/// processed: the next files' round trips to the NameNode and DataNodes overlap the work.
constexpr qint64 kReadAheadBytes = 64 << 20;
constexpr qsizetype kMaxActivityChars = 70;

/// What each running file's action reported last, by file; written from pool threads.
struct Activities {
    std::mutex mutex;
    QHash<QString, QString> now;
};
Activities activities;
thread_local QString currentFile; ///< the file the calling pool thread works on

// "NAME: what", from one of the running files, short enough for one terminal line.
QString someActivity()
{
    std::lock_guard lock(activities.mutex);
    if (activities.now.isEmpty())
        return {};
    const auto it = activities.now.constBegin();
    const QString text = QFileInfo(it.key()).fileName() + QStringLiteral(": ") + it.value();
    return text.size() > kMaxActivityChars ? text.left(kMaxActivityChars - 1) + QStringLiteral("…") : text;
}

void progressLine(int done, int total, const BatchTotals& t, double seconds)
{
    std::fprintf(stderr, "\r[%d/%d] %d ok, %d failed, %s, %.0f files/s  %s\033[K", done, total, t.ok,
        t.failed, qPrintable(QLocale::system().formattedDataSize(t.bytes, 1, QLocale::DataSizeIecFormat)),
        seconds > 0 ? done / seconds : 0.0, someActivity().toLocal8Bit().constData());
}

// On a pool thread: reads a local file (a download is in memory already), opens it in `service`
// for the action, and closes it.
FileOutcome processFile(H5Service& service, const BatchFile& input, std::shared_ptr<const ImageBuffer> bytes,
    const BatchLimits& limits, const FileAction& action)
{
    if (!bytes) {
        auto read = ImageBuffer::readFile(input.localPath);
        if (!read)
            return FileOutcome {read.error(), 0, {}, {}};
        bytes = std::move(read).value();
    }
    const H5Service::FileId id = service.addImage(bytes, input.name);
    service.setFileDeadline(id, limits.perFile);
    currentFile = input.name;
    FileOutcome outcome = action(service, id, input);
    currentFile.clear();
    {
        std::lock_guard lock(activities.mutex);
        activities.now.remove(input.name);
    }
    outcome.bytes = bytes->size();
    // Whatever the action made of the errors past the deadline, the file failed for it.
    if (const Error e = service.overtimeError(id); e.isError())
        outcome = FileOutcome {e, outcome.bytes, {}, {}};
    service.closeFile(id);
    return outcome;
}

// Downloads an HDFS file into memory; `done` gets the error or the bytes on `context`'s thread.
void download(Connection& connection, const BatchFile& input, QObject* context,
    std::function<void(const Error&, std::shared_ptr<const ImageBuffer>)> done)
{
    WebHdfsClient::DownloadOptions options = connection.downloadOptions();
    options.knownLength = input.length; // from the listing: no second status request
    WebHdfsDownload* download = connection.client().download(input.hdfsPath, options);
    QObject::connect(download, &WebHdfsDownload::finished, context,
        [download, done = std::move(done)](const Error& e) {
            download->deleteLater();
            done(e, e.isError() ? nullptr : download->buffer());
        });
}

} // namespace

bool globMatches(const QString& pattern, const QString& name)
{
    // Path-style conversion is right here: a segment's name never holds a '/'.
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
    return re.match(name).hasMatch();
}

namespace {

// The batch's connection for a remote input: opened for the first one; a later one must name the
// same cluster. The input's location on it.
Result<WebHdfsLocation> connectionFor(
    const QString& input, const QCommandLineParser& parser, std::unique_ptr<Connection>& connection)
{
    auto located = HadoopConfig::locate(input);
    if (!located)
        return located.error().prefixed(input);
    const WebHdfsLocation& location = located->location;
    if (!connection) {
        auto opened = Connection::open(parser, input);
        if (!opened)
            return opened.error().prefixed(input);
        connection = std::move(opened).value();
    } else if (connection->location().roots != location.roots) {
        return Error(Error::Code::InvalidArgument,
            QStringLiteral("%1 is on another cluster than %2; run one batch per cluster")
                .arg(input, connection->location().toDisplayString()));
    }
    return location;
}

} // namespace

Result<QList<BatchFile>> expandTargets(
    const QStringList& arguments, const QCommandLineParser& parser, std::unique_ptr<Connection>& connection)
{
    QList<BatchFile> files;
    for (const QString& argument : arguments) {
        if (!HadoopConfig::isRemote(argument)) {
            files << BatchFile {argument, {}, argument};
            continue;
        }
        auto connected = connectionFor(argument, parser, connection);
        if (!connected)
            return connected.error();
        const WebHdfsLocation& location = *connected;
        QList<BatchFile> matched;
        if (const Status s = expandPath(*connection, location.path, matched); s.isError())
            return s.prefixed(argument);
        if (matched.isEmpty() && isGlob(location.path))
            return Error(Error::Code::NotFound, QStringLiteral("%1 matches no file").arg(argument));
        files << matched;
    }
    return files;
}

Result<QList<BatchFile>> batchInputs(const QCommandLineParser& parser, std::unique_ptr<Connection>& connection)
{
    auto files = expandTargets(parser.positionalArguments(), parser, connection);
    if (!files || !parser.isSet(QStringLiteral("paths-from")))
        return files;
    auto listed = readPathList(parser.value(QStringLiteral("paths-from")));
    if (!listed)
        return listed.error();
    for (const ListedPath& path : *listed) {
        if (!HadoopConfig::isRemote(path.text)) {
            *files << BatchFile {path.text, {}, path.text};
            continue;
        }
        auto connected = connectionFor(path.text, parser, connection);
        if (!connected) {
            BatchFile bad {path.text, {}, {}};
            bad.error = connected.error().prefixed(QStringLiteral("line %1").arg(path.line));
            *files << bad;
            continue;
        }
        *files << BatchFile {connected->path, connected->path, {}};
    }
    return files;
}

void reportActivity(const QString& activity)
{
    if (currentFile.isEmpty())
        return;
    std::lock_guard lock(activities.mutex);
    activities.now.insert(currentFile, activity);
}

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

void addBatchOptions(QCommandLineParser& parser, const QString& jobsHelp)
{
    parser.addOption({QStringLiteral("jobs"), jobsHelp, QStringLiteral("N"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("file-timeout"),
        QStringLiteral(
            "Seconds one file may take; a file past it fails and the batch goes on (default 600)."),
        QStringLiteral("SECONDS"), QStringLiteral("600")});
}

BatchLimits limitsOf(const QCommandLineParser& parser)
{
    BatchLimits limits;
    limits.jobs = parser.value(QStringLiteral("jobs")).toInt();
    const double seconds = parser.value(QStringLiteral("file-timeout")).toDouble();
    limits.perFile = std::chrono::milliseconds(qint64(1000 * qMax(0.001, seconds)));
    return limits;
}

BatchTotals runBatch(const QList<BatchFile>& files, Connection* connection, const BatchLimits& limits,
    const FileAction& action, const FileReport& report)
{
    const int jobs = limits.jobs;
    QElapsedTimer timer;
    timer.start();
    H5Service service;
    QThreadPool pool;
    pool.setMaxThreadCount(qMax(1, jobs));
    QObject context;
    BatchTotals totals;
    const bool terminal = isatty(STDERR_FILENO);
    qsizetype nextFile = 0;
    int running = 0;
    int finished = 0;

    auto finish = [&](const BatchFile& input, const FileOutcome& outcome) {
        --running;
        ++finished;
        outcome.error.isError() ? ++totals.failed : ++totals.ok;
        totals.bytes += outcome.bytes;
        if (terminal) // the report starts on a clean line, the progress line follows it
            std::fputs("\r\033[K", stderr);
        report(input, outcome);
        if (terminal)
            progressLine(finished, int(files.size()), totals, double(timer.elapsed()) / 1000.0);
    };
    // The file's work runs on the pool; its outcome comes back to this thread.
    auto process = [&](const BatchFile& input, std::shared_ptr<const ImageBuffer> downloaded) {
        pool.start([&, input, downloaded] {
            const FileOutcome outcome = processFile(service, input, downloaded, limits, action);
            QMetaObject::invokeMethod(
                &context, [&, input, outcome] { finish(input, outcome); }, Qt::QueuedConnection);
        });
    };
    // `jobs` files at once, and as many again downloading ahead of them when they are small; the
    // pool runs `jobs` actions and queues the files that arrive early.
    auto mayStart = [&](const BatchFile& input) {
        return running < qMax(1, jobs)
            || (running < 2 * qMax(1, jobs) && input.length >= 0 && input.length <= kReadAheadBytes);
    };
    auto startNext = [&] {
        while (nextFile < files.size() && mayStart(files[nextFile])) {
            const BatchFile input = files[nextFile++];
            ++running;
            if (input.error.isError())
                finish(input, FileOutcome {input.error, 0, {}, {}});
            else if (!input.localPath.isEmpty())
                process(input, nullptr);
            else
                download(*connection, input, &context,
                    [&, input](const Error& e, std::shared_ptr<const ImageBuffer> bytes) {
                        if (e.isError())
                            finish(input, FileOutcome {e, 0, {}, {}});
                        else
                            process(input, std::move(bytes));
                    });
        }
    };
    // The line moves while files take long, not only when one ends.
    QTimer tick;
    if (terminal) {
        QObject::connect(&tick, &QTimer::timeout, &context, [&] {
            progressLine(finished, int(files.size()), totals, double(timer.elapsed()) / 1000.0);
        });
        tick.start(kProgressTickMs);
    }
    QEventLoop loop;
    while (finished < files.size()) {
        startNext();
        if (finished < files.size())
            loop.processEvents(QEventLoop::WaitForMoreEvents);
    }
    pool.waitForDone();
    if (terminal)
        std::fputs("\r\033[K", stderr);
    totals.seconds = double(timer.elapsed()) / 1000.0;
    return totals;
}

} // namespace Cli

} // namespace H5Hdfs

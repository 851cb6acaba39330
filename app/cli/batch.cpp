// SPDX-License-Identifier: MIT
#include "batch.h"

#include "clicommon.h"
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

} // namespace

bool globMatches(const QString& pattern, const QString& name)
{
    // Path-style conversion is right here: a segment's name never holds a '/'.
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
    return re.match(name).hasMatch();
}

Result<QList<BatchFile>> expandTargets(
    const QStringList& arguments, const QCommandLineParser& parser, std::unique_ptr<Connection>& connection)
{
    QList<BatchFile> files;
    for (const QString& argument : arguments) {
        if (!HadoopConfig::isRemote(argument)) {
            files << BatchFile {argument, {}, argument};
            continue;
        }
        auto located = HadoopConfig::locate(argument);
        if (!located)
            return located.error().prefixed(argument);
        const WebHdfsLocation& location = located->location;
        if (!connection) {
            auto opened = Connection::open(parser, argument);
            if (!opened)
                return opened.error().prefixed(argument);
            connection = std::move(opened).value();
        } else if (connection->location().roots != location.roots) {
            return Error(Error::Code::InvalidArgument,
                QStringLiteral("%1 is on another cluster than %2; run one batch per cluster")
                    .arg(argument, connection->location().toDisplayString()));
        }
        QList<BatchFile> matched;
        if (const Status s = expandPath(*connection, location.path, matched); s.isError())
            return s.prefixed(argument);
        if (matched.isEmpty() && isGlob(location.path))
            return Error(Error::Code::NotFound, QStringLiteral("%1 matches no file").arg(argument));
        files << matched;
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
    // On the pool: a local file is read there (a download arrives in memory), then the action
    // runs; the outcome comes back to this thread.
    auto process = [&](const BatchFile& input, std::shared_ptr<const ImageBuffer> downloaded) {
        pool.start([&, input, downloaded] {
            FileOutcome outcome;
            std::shared_ptr<const ImageBuffer> bytes = downloaded;
            if (!bytes) {
                auto read = ImageBuffer::readFile(input.localPath);
                if (read)
                    bytes = std::move(read).value();
                else
                    outcome.error = read.error();
            }
            if (bytes) {
                const H5Service::FileId id = service.addImage(bytes, input.name);
                service.setFileDeadline(id, limits.perFile);
                currentFile = input.name;
                outcome = action(service, id, input);
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
            }
            QMetaObject::invokeMethod(
                &context, [&, input, outcome] { finish(input, outcome); }, Qt::QueuedConnection);
        });
    };
    auto startNext = [&] {
        while (running < qMax(1, jobs) && nextFile < files.size()) {
            const BatchFile input = files[nextFile++];
            ++running;
            if (!input.localPath.isEmpty()) {
                process(input, nullptr);
                continue;
            }
            WebHdfsClient::DownloadOptions options = connection->downloadOptions();
            options.knownLength = input.length;
            WebHdfsDownload* download = connection->client().download(input.hdfsPath, options);
            QObject::connect(
                download, &WebHdfsDownload::finished, &context, [&, input, download](const Error& e) {
                    download->deleteLater();
                    if (e.isError())
                        finish(input, FileOutcome {e, 0, {}, {}});
                    else
                        process(input, download->buffer());
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

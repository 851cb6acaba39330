// SPDX-License-Identifier: MIT
#include "batch.h"

#include "clicommon.h"
#include "hdf5/h5describe.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QThreadPool>
#include <cstdio>
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

void progressLine(int done, int total, const BatchTotals& t, double seconds)
{
    std::fprintf(stderr, "\r[%d/%d] %d ok, %d failed, %s, %.0f files/s   ", done, total, t.ok, t.failed,
        qPrintable(QLocale::system().formattedDataSize(t.bytes, 1, QLocale::DataSizeIecFormat)),
        seconds > 0 ? done / seconds : 0.0);
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

QString BatchTotals::summary() const
{
    const QLocale locale = QLocale::system();
    const int files = ok + failed;
    return QStringLiteral("%1 files: %2 ok, %3 failed, %4 in %5 s (%6 files/s)")
        .arg(locale.toString(files), locale.toString(ok), locale.toString(failed),
            locale.formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat))
        .arg(seconds, 0, 'f', 2)
        .arg(seconds > 0 ? files / seconds : 0.0, 0, 'f', 1);
}

BatchTotals runBatch(const QList<BatchFile>& files, Connection* connection, int jobs,
    const FileAction& action, const FileReport& report)
{
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
                outcome = action(service, id, input);
                outcome.bytes = bytes->size();
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

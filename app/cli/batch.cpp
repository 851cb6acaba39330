// SPDX-License-Identifier: MIT
#include "batch.h"

#include "clicommon.h"
#include "pathlist.h"
#include "webhdfs/hadoopconfig.h"

#include <QCommandLineParser>
#include <QLocale>
#include <QRegularExpression>
#include <cstdio>
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
// A file matched in a listing keeps the status the listing gave (its length decides how it is read).
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
                    next << BatchFile {{}, WebHdfsPath::child(dir.hdfsPath, e.name), {}, e};
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

namespace {

constexpr qsizetype kMaxActivityChars = 70;

void progressLine(const BatchProgress& p)
{
    QString activity = p.activity;
    if (activity.size() > kMaxActivityChars)
        activity = activity.left(kMaxActivityChars - 1) + QStringLiteral("…");
    const BatchTotals& t = p.totals;
    std::fprintf(stderr, "\r[%d/%d] %d ok, %d failed, %s, %.0f files/s  %s\033[K", p.done, p.total, t.ok,
        t.failed, qPrintable(QLocale::system().formattedDataSize(t.bytes, 1, QLocale::DataSizeIecFormat)),
        t.seconds > 0 ? p.done / t.seconds : 0.0, activity.toLocal8Bit().constData());
}

BatchSource sourceOf(Connection* connection, const QCommandLineParser& parser)
{
    BatchSource source;
    if (connection) {
        source.client = &connection->client();
        source.download = connection->downloadOptions();
    }
    source.mode = openMode(parser);
    return source;
}

} // namespace

BatchTotals runBatch(const QList<BatchFile>& files, Connection* connection, const QCommandLineParser& parser,
    const FileAction& action, const FileReport& report)
{
    const bool terminal = isatty(STDERR_FILENO);
    BatchCallbacks callbacks;
    callbacks.fileDone
        = [&](const BatchFile& input, const FileOutcome& outcome, const BatchProgress& progress) {
            if (terminal) // the report starts on a clean line, the progress line follows it
                std::fputs("\r\033[K", stderr);
            report(input, outcome);
            if (terminal)
                progressLine(progress);
        };
    if (terminal)
        callbacks.progress = progressLine;
    const BatchTotals totals
        = H5Hdfs::runBatch(files, limitsOf(parser), sourceOf(connection, parser), action, callbacks);
    if (terminal)
        std::fputs("\r\033[K", stderr);
    return totals;
}

} // namespace Cli

} // namespace H5Hdfs

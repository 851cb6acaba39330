// SPDX-License-Identifier: MIT
#pragma once

// Many files at once: expanding HDFS globs, downloading N files concurrently, and running a
// per-file action (export, check) on its own thread as soon as the file is in memory.

#include "connection.h"
#include "service/h5service.h"

#include <QJsonObject>
#include <chrono>
#include <functional>
#include <memory>

class QCommandLineParser;

namespace H5Hdfs {

namespace Cli {

struct BatchFile {
    QString name;       ///< as reported: the HDFS path, or the local path
    QString hdfsPath;   ///< empty for a local file
    QString localPath;  ///< empty for an HDFS file
    qint64 length = -1; ///< from the HDFS listing a glob was matched against (-1: not listed)
    Error error {};     ///< the input could not be resolved (a bad --paths-from line): it fails with this
};

/// The inputs of a batch: local files as given, WebHDFS URLs with *, ? and [..] in any path segment
/// expanded against directory listings (files only). All URLs must name the same cluster; its
/// connection is returned in `connection`. A pattern that matches nothing is an error.
Result<QList<BatchFile>> expandTargets(
    const QStringList& arguments, const QCommandLineParser& parser, std::unique_ptr<Connection>& connection);

/// The inputs of a batch command: its arguments (expandTargets) and the lines of --paths-from, each
/// taken as written. A line that cannot be resolved (a malformed URL, another cluster) is an input
/// that fails with that error; the batch goes on. Errors are the arguments' errors, or an
/// unreadable list, or no input at all.
Result<QList<BatchFile>> batchInputs(const QCommandLineParser& parser, std::unique_ptr<Connection>& connection);

/// Whether `name` (one path segment) matches a glob segment (* ? [..]).
bool globMatches(const QString& pattern, const QString& name);

struct FileOutcome {
    Error error;        ///< the file failed (it could not be read, or its action failed)
    qint64 bytes = 0;   ///< the file's size
    QJsonObject report; ///< what the action found, for --json
    QStringList lines;  ///< what the action found, for people
};

/// Runs on a pool thread with the file open in `service`.
using FileAction
    = std::function<FileOutcome(H5Service& service, H5Service::FileId file, const BatchFile& input)>;
/// Runs in the calling thread as each file finishes, in completion order.
using FileReport = std::function<void(const BatchFile& input, const FileOutcome& outcome)>;

struct BatchTotals {
    int ok = 0;
    int failed = 0;
    qint64 bytes = 0;
    double seconds = 0;
    [[nodiscard]] QString
    summary() const; ///< "1,000 files: 998 ok, 2 failed, 97.7 MiB in 3.2 s (312 files/s)"
};

/// How many files at once, and how long one may take.
struct BatchLimits {
    int jobs = 4;
    std::chrono::milliseconds perFile {600'000};
};

/// Called from a FileAction: what it is doing now ("/data: row 40,000 of 1,000,000"). The progress
/// line shows it while the file takes long, so a long file is seen to move. Cheap; call per page.
void reportActivity(const QString& activity);

/// Adds --jobs and --file-timeout; limitsOf() reads them back.
void addBatchOptions(QCommandLineParser& parser, const QString& jobsHelp);
BatchLimits limitsOf(const QCommandLineParser& parser);

/// Processes the files, `limits.jobs` at once; as many small files more (64 MiB at most, their
/// length known from a listing) download meanwhile, so that the next files' round trips overlap the
/// work on the current ones. A file whose action runs past `limits.perFile` fails with "took longer than N s",
/// and the batch goes on. A progress line goes to stderr when it is a terminal.
BatchTotals runBatch(const QList<BatchFile>& files, Connection* connection, const BatchLimits& limits,
    const FileAction& action, const FileReport& report);

} // namespace Cli

} // namespace H5Hdfs

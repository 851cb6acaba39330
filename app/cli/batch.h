// SPDX-License-Identifier: MIT
#pragma once

// A batch command's side of many files at once: its inputs (HDFS globs expanded, --paths-from),
// its options (--jobs, --file-timeout), and core's BatchRun driven with a progress line on a
// terminal.

#include "connection.h"
#include "batch/batchrun.h"

#include <functional>
#include <memory>

class QCommandLineParser;

namespace H5Hdfs {

namespace Cli {

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

/// Adds --jobs and --file-timeout; limitsOf() reads them back.
void addBatchOptions(QCommandLineParser& parser, const QString& jobsHelp);
BatchLimits limitsOf(const QCommandLineParser& parser);

/// Runs in the calling thread as each file finishes, in completion order.
using FileReport = std::function<void(const BatchFile& input, const FileOutcome& outcome)>;

/// Runs the batch (BatchRun) with the command's limits, --lazy/--whole and connection: `report`
/// gets each file as it ends. A progress line goes to stderr when it is a terminal.
BatchTotals runBatch(const QList<BatchFile>& files, Connection* connection, const QCommandLineParser& parser,
    const FileAction& action, const FileReport& report);

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// --paths-from: a batch's inputs as a list, one path or URL per line, so that h5hdfs can run as a
// Hadoop Streaming mapper or under Spark's RDD.pipe over a listing of paths.

#include "result.h"

#include <QList>
#include <QString>

class QCommandLineParser;

namespace H5Hdfs {

namespace Cli {

/// One input named in a list, with the line it came from (for errors).
struct ListedPath {
    QString text;
    int line = 0;
};

/// Adds --paths-from FILE|- to a batch command.
void addPathsFromOption(QCommandLineParser& parser);

/// True when a batch command has inputs (arguments or --paths-from); else it says so on stderr.
bool hasInputs(const QCommandLineParser& parser);

/// The paths of `source` (a file, or "-" for standard input, read to its end): one path or URL
/// per line, taken as written (no globs), surrounding whitespace trimmed; blank lines and lines
/// starting with '#' are skipped. An error only when the list itself cannot be read.
Result<QList<ListedPath>> readPathList(const QString& source);

} // namespace Cli

} // namespace H5Hdfs

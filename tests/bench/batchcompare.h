// SPDX-License-Identifier: MIT
#pragma once

#include "benchtools.h"

#include <QString>
#include <QStringList>

/// h5hdfs's batch work beside the users' old Python approach (old_approach.py), against any
/// WebHDFS server: the local one (bench_batch) or a real HDFS (bench_realhdfs).
namespace BatchCompare {

struct Server {
    QString restRoot; ///< http://host:port/webhdfs/v1, for the old approach and curl
    QString webhdfs;  ///< webhdfs://host:port, for h5hdfs
};

/// The lake both batch benchmarks use, under `directory`: many/part-NNNNN.h5 (`files` of the users'
/// layout, 1600 x 8 float64 + names, ~104 KiB) and big/big.h5 (`bigMiB` of the same shape).
/// Returns the small files' names.
QStringList writeLake(const QString& directory, int files, qint64 bigMiB);

/// One mode's (check or export) files/s in one condition: the old approach (requests) and
/// h5hdfs's best, at the --jobs it had it; 0 for a tool that did not run.
struct Figures {
    QString mode;
    double oldFilesPerSecond = 0;
    double oursFilesPerSecond = 0;
    int oursJobs = 0;
};

/// check and export --jobs 4 over every *.h5 in `directory` (files of the users' layout), each
/// beside old_approach.py with requests and with urllib; prints a row per tool and the 10x verdict.
QList<Figures> printBatch(const Server& server, const QString& directory, int files, const QString& outDir);
/// The same work at each of `jobs` (by default 1, 2, 4, 8 and 16), beside the old approach
/// (requests) in the same conditions, run `oldRuns` times; and the best point against the 10x goal.
QList<Figures> printJobsCurve(const Server& server, const QString& directory, int files, const QString& outDir,
    const QList<int>& jobs = {1, 2, 4, 8, 16}, int oldRuns = BenchTools::runsFromEnvironment());
/// One row per latency and mode: the old approach's files/s, h5hdfs's best, their ratio, the 10x goal.
void printLatencySummary(const QList<std::pair<int, QList<Figures>>>& byLatencyMs);
/// One big file exported to CSV by h5hdfs and by the old approach, with peak RSS.
void printBigExport(const Server& server, const QString& hdfsPath, double fileMiB, const QString& outDir);

/// Each file's OPEN (with the NameNode's redirect) by curl, `parallel` at a time, to /dev/null: the
/// least a download of these files costs.
BenchTools::Timed curlEachFile(const Server& server, const QString& directory, const QStringList& names, int parallel);

} // namespace BatchCompare

// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// h5hdfs's batch work beside the users' old Python approach (old_approach.py), against any
/// WebHDFS server: the local one (bench_batch) or a real HDFS (bench_realhdfs).
namespace BatchCompare {

struct Server {
    QString restRoot; ///< http://host:port/webhdfs/v1, for the old approach and curl
    QString webhdfs;  ///< webhdfs://host:port, for h5hdfs
};

/// check and export --jobs 4 over every *.h5 in `directory` (files of the users' layout), each
/// beside old_approach.py with requests and with urllib; prints a row per tool and the 10x verdict.
void printBatch(const Server& server, const QString& directory, int files, const QString& outDir);
/// One big file exported to CSV by h5hdfs and by the old approach, with peak RSS.
void printBigExport(const Server& server, const QString& hdfsPath, double fileMiB, const QString& outDir);

} // namespace BatchCompare

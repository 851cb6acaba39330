// SPDX-License-Identifier: MIT
#pragma once

// A QA check of one open file: does it open, its groups, its datasets with shape and type, empty
// ones, missing compression filters, the statistics of its numbers (per column), the named tables
// (DataFrames) it holds; and a verdict. What `h5hdfs check` reports, as values. Blocks on the
// service: call from a background thread or the CLI.

#include "batch/batchrun.h"
#include "table/columnstats.h"

#include <optional>
#include <variant>

namespace H5Hdfs {

namespace FileCheck {

enum class Verdict { Ok, Warning, Failed };

/// One dataset as checked.
struct DatasetCheck {
    QString path;
    Error unreadable;       ///< its description could not be read: nothing below is known
    QList<qint64> shape;
    QString typeName;
    bool empty = false;     ///< no elements (a warning)
    QStringList missingFilters; ///< "name (id)" of each required filter that is not available (a problem)
    Error readError;        ///< its numbers could not be read (a problem)
    std::optional<NumericStats> stats; ///< per field; set when its numbers were read
};

/// One named table (a DataFrame) as checked: its statistics per named column. Its datasets are
/// checked on their own as well (an unreadable one is a problem there, not twice).
struct TableCheck {
    QString path;
    TableSummary summary;
    Error readError;
    std::optional<NumericStats> stats; ///< per named column; set when its rows were read
};

/// What the check found, in the order the file was walked. Hard links can make the groups a
/// cycle: each group is walked once.
struct Findings {
    int groups = 0;
    QList<std::variant<DatasetCheck, TableCheck>> objects;
    int problems = 0; ///< unreadable datasets, missing filters
    int warnings = 0; ///< empty datasets, infinities

    [[nodiscard]] Verdict verdict() const;
    [[nodiscard]] int datasetCount() const;
};

/// Told which object is read and how far, before each page ("/data", row 40,000 of 1,000,000).
using Progress = std::function<void(const QString& path, qint64 row, qint64 rows)>;

/// Walks the open file. An error when it cannot be opened or a group cannot be listed; problems
/// with single objects are findings.
Result<Findings> check(H5Service& service, H5Service::FileId file, const Progress& progress = {});

/// check() as a batch action: the outcome's `found` holds the Findings; a file with problems
/// fails with "N problem(s)" (Error::Code::Corrupt), one that cannot be walked with its error.
FileAction batchAction();

} // namespace FileCheck

} // namespace H5Hdfs

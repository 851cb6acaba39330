// SPDX-License-Identifier: MIT
#pragma once

// `h5hdfs check --previews DIR`: a small PNG of each numeric dataset and named table a file's check
// read, drawn as `h5hdfs plot` draws it. Rendering stays here, out of core (which has no GUI): it
// is a second pass over the check's findings, on the pool thread, while the file is still open.

#include "batch/filecheck.h"

#include <QHash>
#include <QSize>

namespace H5Hdfs {

namespace Cli {

namespace CheckPreviews {

/// At most this many previews per file: a file of thousands of datasets costs no more.
constexpr int kMaxPerFile = 8;
constexpr QSize kSize {480, 320};

/// A check's findings and the previews drawn of them, by object path. A preview that could not be
/// drawn is a warning on its object (and the file), not a failure.
struct Checked {
    FileCheck::Findings findings;
    QHash<QString, QString> previews;        ///< object path -> the PNG written (in DIR)
    QHash<QString, QString> previewWarnings; ///< object path -> why it has none
    int leftOut = 0; ///< numeric objects past kMaxPerFile, without a preview
};

/// The file name of an object's preview: readable (the file's and the object's names with every
/// character but letters, digits, '-' and '_' as '_', so no '/' and no "..") and unique (a hash of
/// the input's whole name and the object's path).
QString fileName(const QString& input, const QString& objectPath);

/// FileCheck::batchAction(), its outcome's `found` a Checked; with previews drawn into `dir` when
/// it is not empty.
FileAction batchAction(const QString& dir);

} // namespace CheckPreviews

} // namespace Cli

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace H5Hdfs {

/// Reads the datasets and their DATA values out of h5dump's DDL output (the corpus' *.ddl files).
namespace DdlParser {

struct Dataset {
    QString path;       ///< "/g1/dset"
    QString type;       ///< the DATATYPE text, all on one line
    QString space;      ///< the DATASPACE text
    QStringList values; ///< every value in order, with index prefixes, brackets and braces removed
};

QList<Dataset> parse(const QString& ddlText);
/// Splits a value text like "[ 1, 2 ]" or "{ 3, 4 }" into its scalar parts.
QStringList scalars(const QString& text);

} // namespace DdlParser

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// Reading the two pickle shapes pandas leaves in HDF5 files, without ever executing anything:
// protocol-0 text pickles of metadata (lists, tuples, dicts, strings, ints, None) in attributes,
// and binary pickles of one numpy object array (the strings of a fixed-format string block).
// Anything outside those shapes is an error, never a call.

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>
#include <memory>

namespace H5Hdfs {

/// A value of the metadata subset. Globals and reduce calls (e.g. a pickled frequency object)
/// are kept as opaque values naming what they would have called.
struct PickleValue {
    enum class Kind : quint8 { None, Bool, Int, Float, Text, List, Tuple, Dict, Opaque };
    Kind kind = Kind::None;
    qint64 integer = 0;
    double real = 0;
    QString text;             ///< Text; for Opaque, "module.name"
    QList<PickleValue> items; ///< List, Tuple; Dict as key, value, key, value, ...
    int nesting = 0; ///< 0 for a scalar or an empty container; else 1 + its deepest item's (bounded)

    [[nodiscard]] bool isNone() const { return kind == Kind::None; }
    [[nodiscard]] bool isSequence() const { return kind == Kind::List || kind == Kind::Tuple; }
    /// The value under `key` of a Dict (None when absent or not a dict).
    [[nodiscard]] PickleValue value(const QString& key) const;
    /// Text items of a list or tuple; None items become "".
    [[nodiscard]] QStringList texts() const;
};

namespace Pickle {

/// Parses a protocol-0 text pickle such as "(lp0\nVid\np1\na.".
Result<PickleValue> parseText(const QByteArray& bytes);

/// One cell of a decoded object array: text, a number, or missing (None or NaN).
struct ObjectCell {
    enum class Kind : quint8 { Missing, Text, Number } kind = Kind::Missing;
    QString text;
    double number = 0;
};

/// A decoded numpy object array: its shape, and its items in memory order.
struct ObjectArray {
    QList<qint64> shape;
    bool fortranOrder = false;
    QList<ObjectCell> cells;

    /// The item at (i, j) of a 2-D array, or at i of a 1-D one (j = 0).
    [[nodiscard]] const ObjectCell& at(qint64 i, qint64 j) const
    {
        if (shape.size() < 2)
            return cells[i];
        return cells[fortranOrder ? j * shape[0] + i : i * shape[1] + j];
    }
};

/// Decodes a binary pickle (protocol 2 to 5) of one numpy array of dtype 'O' (1-D or 2-D) whose
/// items are str, None, float, int or bool; anything else is "cannot decode this column safely".
Result<ObjectArray> decodeObjectArray(const QByteArray& bytes);

} // namespace Pickle

} // namespace H5Hdfs

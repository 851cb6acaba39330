// SPDX-License-Identifier: MIT
#pragma once

#include "h5request.h"

#include <QByteArrayList>
#include <functional>

namespace H5Hdfs {

/// What the viewer would show of a file, as one comparable transcript: every group listed, every
/// object's metadata and attributes, the first page of every dataset and of every named table
/// (DataFrames), each answer encoded as it crosses the worker's pipe. Two ways of opening a file
/// that give the same transcript show the same thing.
namespace FileWalk {

using Call = std::function<H5Response(const H5Request&)>;

/// Answers that failed are kept as their error code only (messages may name the way in).
QByteArrayList transcript(const Call& call);

} // namespace FileWalk

} // namespace H5Hdfs

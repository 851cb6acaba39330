// SPDX-License-Identifier: MIT
#pragma once

#include "table/tableref.h"

namespace H5Hdfs {

/// How an object is to be read as a table: the viewer's Raw and dimension picker, the CLI's --raw
/// and --slice.
struct TableOptions {
    bool raw = false; ///< as stored: never a named table, a netCDF variable's numbers not unpacked
    DimView view;     ///< a dataset's 2-D view; empty: the default one
    /// `view` was asked for (--slice): the dataset itself, even when it holds a named table.
    bool slice = false;
    bool everyElement = false; ///< a dataset of rank 3 and up whole, one row per element (cat, export)
    /// What the engine said of the object in its group's listing (H5Node::tableSummary), when the
    /// caller has that listing (the viewer's tree). Empty there, the engine has decided already that
    /// it is no named table, and nothing is asked again. Unset: the engine is asked.
    std::optional<TableSummary> listed;

    /// What `cat` and `export` write: the dataset through `slice` ("3,:,:") when it is given, else
    /// the whole object. A bad slice, or a slice of something that is no dataset, is InvalidArgument.
    static Result<TableOptions> ofCommandLine(const ObjectInfo& info, const QString& slice, bool raw);
};

/// Decides what table an object is. The engine alone says whether an object is a named table (its
/// answer to H5Request::describeTable, the frame readers' decision); the client never guesses from
/// kinds or shapes. Used by the viewer (asynchronously: question(), then answer()), and through
/// resolveTable by `cat`, `export`, `plot` and `check`.
namespace TableResolver {

/// What to ask the engine about `info` before answering, or nothing when the options leave no
/// doubt (raw, an explicit slice, a listing that says it is no named table).
std::optional<H5Request> question(const ObjectInfo& info, const TableOptions& options);

/// The table `info`'s object reads as, given the engine's answer to question() (null when nothing
/// was asked, or while the answer is still on its way: then a dataset reads as itself). Errors:
/// the engine's, when the object is a named table it cannot read (a broken DataFrame), and
/// NotATable when the object is neither a named table nor a dataset (a group).
Result<TableRef> answer(
    H5Service::FileId file, const ObjectInfo& info, const H5Response* described, const TableOptions& options);

} // namespace TableResolver

/// question() asked and answer() given in one blocking call: not for the GUI thread.
Result<TableRef> resolveTable(
    H5Service& service, H5Service::FileId file, const ObjectInfo& info, const TableOptions& options = {});

} // namespace H5Hdfs

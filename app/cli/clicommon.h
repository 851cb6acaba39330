// SPDX-License-Identifier: MIT
#pragma once

#include "lazy/lazyfiles.h"
#include "service/h5service.h"
#include "table/tablesource.h"

#include <QStringList>

class QCommandLineParser;

namespace H5Hdfs {

/// What every CLI command shares: argument splitting, opening files, and reporting.
namespace Cli {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

/// "FILE:/path" into the file and the object path ("/" when absent).
struct Target {
    QString file;
    QString object;
};
Target splitTarget(const QString& argument);

/// --lazy, --whole or neither (addConnectionOptions): how a file is read, for one file or a batch.
LazyFiles::Mode openMode(const QCommandLineParser& parser);

/// Reads a local file, or downloads a WebHDFS URL, into memory and registers it with the service.
/// `parser` carries the connection options (addConnectionOptions) for URLs.
Result<H5Service::FileId> openFile(
    H5Service& service, const QString& fileOrUrl, const QCommandLineParser& parser);

/// An object of an opened file, and what the engine knows about it.
struct OpenedObject {
    H5Service::FileId file = 0;
    ObjectInfo info;
};
/// Opens the target's file and inspects its object; errors carry the file name as context.
Result<OpenedObject> openObject(H5Service& service, const Target& target, const QCommandLineParser& parser);

/// --slice, for `cat` and `export`, with the help text that says what N-D datasets become without it.
void addSliceOption(QCommandLineParser& parser);
/// --raw, for `cat` and `export`: the object as stored, as the viewer's Raw shows it.
void addRawOption(QCommandLineParser& parser);
/// What `cat` and `export` write of an object: the --slice view of the dataset when `slice` is set
/// (the dataset as stored), else the whole object, datasets of rank 3 and up as one row per element.
/// Unless `raw`, a DataFrame is read as one and a netCDF variable's numbers are unpacked (CF
/// scale_factor and add_offset; _FillValue, missing_value and valid_* as missing).
/// A bad `slice` is an InvalidArgument error.
Result<TableSourceFactory> tableOf(H5Service& service, H5Service::FileId file, const ObjectInfo& info,
    const QString& slice, bool raw = false);

/// Prints "h5hdfs: <context>: <error>" on stderr, or "h5hdfs: <error>" when the error's subject is
/// the context (or its file name): its message names it already.
void printError(const QString& context, const Error& error);
void printLine(const QString& line);
/// Parses a sub-command's arguments; prints usage and returns false when they do not fit.
bool parse(QCommandLineParser& parser, const QStringList& arguments, int minPositional, int maxPositional);

int runTree(const QStringList& arguments);
int runInfo(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runCat(const QStringList& arguments);
int runCheck(const QStringList& arguments);
int runServe(const QStringList& arguments);
int runLs(const QStringList& arguments);
int runStat(const QStringList& arguments);
int runGet(const QStringList& arguments);
int runToken(const QStringList& arguments);
/// Needs a QGuiApplication (offscreen is enough): it draws text.
int runPlot(const QStringList& arguments);

} // namespace Cli

} // namespace H5Hdfs

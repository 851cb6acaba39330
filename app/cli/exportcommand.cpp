// SPDX-License-Identifier: MIT
// h5hdfs export: a dataset or DataFrame as CSV, streamed page by page; one file, or a batch.
#include "batch.h"
#include "clicommon.h"
#include "connection.h"
#include "pathlist.h"

#include "export/csvwriter.h"
#include "table/datasettablesource.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <cstdio>
#include <unistd.h>

namespace H5Hdfs {

namespace Cli {
namespace {

Result<char> parseDelimiter(const QString& text)
{
    if (text == QLatin1String("tab") || text == QLatin1String("\\t"))
        return '\t';
    if (text.size() == 1 && text[0].unicode() < 128 && text[0] != QLatin1Char('"')
        && text[0] != QLatin1Char('\n'))
        return char(text[0].unicode());
    return Error(
        Error::Code::InvalidArgument, QStringLiteral("the delimiter must be one ASCII character or 'tab'"));
}

/// The object's table (a DataFrame when it is one, an N-D dataset whole or its `slice`) written to `out`.
Result<CsvStats> exportObject(H5Service& service, H5Service::FileId file, const QString& object,
    const QString& slice, bool raw, const QString& out, const CsvOptions& options,
    const CsvWriter::Progress& progress = {})
{
    H5Response info = service.call(file, H5Request::info(object));
    if (!info.ok())
        return info.error;
    auto factory = tableOf(service, file, info.info, slice, raw);
    if (!factory)
        return factory.error();
    const std::unique_ptr<TableSource> source = (*factory)();
    return CsvWriter::write(*source, out, options, progress);
}

int exportOne(const QCommandLineParser& parser, const CsvOptions& options)
{
    const Target target = splitTarget(parser.positionalArguments().first());
    H5Service service;
    auto file = openFile(service, target.file, parser);
    if (!file) {
        printError(target.file, file.error());
        return kFailed;
    }
    const bool showProgress = isatty(STDERR_FILENO);
    QElapsedTimer timer;
    timer.start();
    const QString out = parser.value(QStringLiteral("output"));
    const QString slice = parser.value(QStringLiteral("slice"));
    const auto progress = [&](qint64 done, qint64 total) {
        if (showProgress)
            std::fprintf(
                stderr, "\r%lld / %lld rows", static_cast<long long>(done), static_cast<long long>(total));
    };
    const bool raw = parser.isSet(QStringLiteral("raw"));
    auto stats = exportObject(service, *file, target.object, slice, raw, out, options, progress);
    if (showProgress)
        std::fputc('\n', stderr);
    if (!stats) {
        printError(target.file, stats.error());
        return stats.error().code == Error::Code::InvalidArgument ? kUsage : kFailed;
    }
    if (showProgress)
        std::fprintf(stderr, "%lld rows, %lld bytes in %.2f s\n", static_cast<long long>(stats->rows),
            static_cast<long long>(stats->bytes), double(timer.elapsed()) / 1000.0);
    return kOk;
}

// Output names: each input's path below the inputs' common directory, '/' as '_', ".csv" for the
// extension: /data/2026-11-23/a.h5 and /data/2026-11-24/a.h5 → 2026-11-23_a.csv, 2026-11-24_a.csv.
QStringList csvNames(const QList<BatchFile>& files)
{
    QString common = files.isEmpty() ? QString() : QFileInfo(files[0].name).path() + QLatin1Char('/');
    for (const BatchFile& f : files) {
        while (!common.isEmpty() && !f.name.startsWith(common))
            common = common.left(common.lastIndexOf(QLatin1Char('/'), common.size() - 2) + 1);
    }
    QStringList names;
    for (const BatchFile& f : files) {
        const QString relative = f.name.mid(common.size());
        const QFileInfo info(relative);
        const QString base = info.path() == QLatin1String(".")
            ? info.completeBaseName()
            : info.path() + QLatin1Char('/') + info.completeBaseName();
        names << QString(base).replace(QLatin1Char('/'), QLatin1Char('_')) + QStringLiteral(".csv");
    }
    return names;
}

int exportMany(const QCommandLineParser& parser, const CsvOptions& options)
{
    std::unique_ptr<Connection> connection;
    auto files = batchInputs(parser, connection);
    if (!files) {
        printError(QStringLiteral("export"), files.error());
        return kFailed;
    }
    const QDir outDir(parser.value(QStringLiteral("out-dir")));
    if (!outDir.exists() && !QDir().mkpath(outDir.path())) {
        printError(
            outDir.path(), Error(Error::Code::Io, QStringLiteral("Cannot create the output directory")));
        return kFailed;
    }
    const QStringList outputs = csvNames(*files);
    if (QSet<QString>(outputs.begin(), outputs.end()).size() != outputs.size()) {
        printError(QStringLiteral("export"),
            Error(Error::Code::InvalidArgument, QStringLiteral("two inputs would write the same CSV file")));
        return kUsage;
    }
    QHash<QString, QString> outputOf;
    for (qsizetype i = 0; i < files->size(); ++i)
        outputOf.insert(files->at(i).name, outDir.filePath(outputs[i]));
    const QString dataset = parser.value(QStringLiteral("dataset"));
    const QString slice = parser.value(QStringLiteral("slice"));
    const bool raw = parser.isSet(QStringLiteral("raw"));
    const BatchTotals totals = runBatch(
        *files, connection.get(), parser,
        [&](const FileWork& work) {
            FileOutcome outcome;
            auto stats = exportObject(
                work.service, work.file, dataset, slice, raw, outputOf.value(work.input.name), options);
            if (!stats)
                outcome.error = stats.error();
            return outcome;
        },
        [](const BatchFile& input, const FileOutcome& outcome) {
            if (outcome.error.isError())
                printError(input.name, outcome.error);
        });
    printLine(totals.summary());
    return totals.failed > 0 ? kFailed : kOk;
}

} // namespace

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a dataset or a pandas DataFrame as CSV (UTF-8, RFC 4180 quoting), as pandas' to_csv "
        "writes frames.\n"
        "  One file:  h5hdfs export FILE:/dataset -o OUT.csv\n"
        "  A batch:   h5hdfs export 'webhdfs://nn:9870/data/2026-*/*.h5' --dataset /df --out-dir DIR"));
    parser.addPositionalArgument(QStringLiteral("target"),
        QStringLiteral("FILE:/dataset, or files and URL globs with --out-dir"), QStringLiteral("TARGET..."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("CSV file to write (- for standard output)."), QStringLiteral("OUT")});
    parser.addOption({QStringLiteral("out-dir"),
        QStringLiteral("Batch: write NAME.csv here for each input file."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("dataset"), QStringLiteral("Batch: the dataset or DataFrame to export."),
        QStringLiteral("PATH")});
    addPathsFromOption(parser);
    addBatchOptions(parser, QStringLiteral("Batch: files downloaded and written at once."));
    parser.addOption({QStringLiteral("delimiter"), QStringLiteral("Field delimiter (default ',', or 'tab')."),
        QStringLiteral("D"), QStringLiteral(",")});
    parser.addOption({QStringLiteral("no-header"), QStringLiteral("Leave out the header row.")});
    parser.addOption({QStringLiteral("index"), QStringLiteral("Write the row number as the first column.")});
    addSliceOption(parser);
    addRawOption(parser);
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 0, 1 << 20) || !hasInputs(parser))
        return kUsage;
    const bool batch = parser.isSet(QStringLiteral("out-dir")) || parser.isSet(QStringLiteral("paths-from"));
    if (batch ? !parser.isSet(QStringLiteral("dataset")) || !parser.isSet(QStringLiteral("out-dir"))
              : (!parser.isSet(QStringLiteral("output")) || parser.positionalArguments().size() != 1)) {
        std::fputs(batch ? "h5hdfs export: a batch (--out-dir, --paths-from) needs --dataset PATH and --out-dir DIR\n"
                         : "h5hdfs export: one FILE:/dataset with -o OUT.csv, or inputs with --out-dir DIR "
                           "--dataset PATH\n",
            stderr);
        return kUsage;
    }
    const auto delimiter = parseDelimiter(parser.value(QStringLiteral("delimiter")));
    if (!delimiter) {
        printError(QStringLiteral("export"), delimiter.error());
        return kUsage;
    }
    CsvOptions options;
    options.delimiter = *delimiter;
    options.header = !parser.isSet(QStringLiteral("no-header"));
    options.indexColumn = parser.isSet(QStringLiteral("index"));
    return batch ? exportMany(parser, options) : exportOne(parser, options);
}

} // namespace Cli

} // namespace H5Hdfs

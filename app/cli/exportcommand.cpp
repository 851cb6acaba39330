// SPDX-License-Identifier: MIT
// h5hdfs export FILE:/dataset -o out.csv: a dataset as CSV, streamed page by page.
#include "clicommon.h"
#include "connection.h"

#include "export/csvwriter.h"
#include "table/datasettablesource.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <cstdio>
#include <unistd.h>

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

} // namespace

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write a dataset as CSV (UTF-8, RFC 4180 quoting)."));
    parser.addPositionalArgument(
        QStringLiteral("target"), QStringLiteral("FILE:/dataset"), QStringLiteral("FILE:/dataset"));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("CSV file to write (- for standard output)."), QStringLiteral("OUT")});
    parser.addOption({QStringLiteral("delimiter"), QStringLiteral("Field delimiter (default ',', or 'tab')."),
        QStringLiteral("D"), QStringLiteral(",")});
    parser.addOption({QStringLiteral("no-header"), QStringLiteral("Leave out the header row.")});
    parser.addOption({QStringLiteral("index"), QStringLiteral("Write the row number as the first column.")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    if (!parser.isSet(QStringLiteral("output"))) {
        std::fputs("h5hdfs export: -o OUT.csv is required\n", stderr);
        return kUsage;
    }
    const auto delimiter = parseDelimiter(parser.value(QStringLiteral("delimiter")));
    if (!delimiter) {
        printError(QStringLiteral("export"), delimiter.error());
        return kUsage;
    }
    const Target target = splitTarget(parser.positionalArguments().first());
    H5Service service;
    const auto object = openObject(service, target, parser);
    if (!object) {
        printError(target.file, object.error());
        return kFailed;
    }
    if (object->info.kind != NodeKind::Dataset) {
        printError(target.file,
            Error(Error::Code::Unsupported,
                QStringLiteral("%1 is a %2, not a dataset")
                    .arg(target.object, nodeKindName(object->info.kind))));
        return kFailed;
    }
    CsvOptions options;
    options.delimiter = *delimiter;
    options.header = !parser.isSet(QStringLiteral("no-header"));
    options.indexColumn = parser.isSet(QStringLiteral("index"));
    DatasetTableSource source(service, object->file, target.object, object->info.dataset);
    const bool showProgress = isatty(STDERR_FILENO);
    QElapsedTimer timer;
    timer.start();
    const QString out = parser.value(QStringLiteral("output"));
    auto stats = CsvWriter::write(source, out, options, [&](qint64 done, qint64 total) {
        if (showProgress)
            std::fprintf(
                stderr, "\r%lld / %lld rows", static_cast<long long>(done), static_cast<long long>(total));
    });
    if (showProgress)
        std::fputc('\n', stderr);
    if (!stats) {
        printError(out, stats.error());
        return kFailed;
    }
    if (showProgress)
        std::fprintf(stderr, "%lld rows, %lld bytes in %.2f s\n", static_cast<long long>(stats->rows),
            static_cast<long long>(stats->bytes), double(timer.elapsed()) / 1000.0);
    return kOk;
}

} // namespace Cli

// SPDX-License-Identifier: MIT
#include "clicommon.h"
#include "installlayout.h"
#include "memorytuning.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

using namespace H5Hdfs;

namespace {

const char* const kUsageText
    = "usage: h5hdfs COMMAND [OPTIONS] ARGS\n"
      "\n"
      "commands:\n"
      "  tree [--read] FILE...  every object with kind, shape and type\n"
      "  info FILE:/path        metadata and attributes of one object\n"
      "  export FILE:/dataset -o OUT.csv [--delimiter D] [--no-header] [--index]\n"
      "                         write a dataset or DataFrame as CSV\n"
      "  export URL_OR_GLOB... --dataset PATH --out-dir DIR [--jobs N]\n"
      "                         export the same table from many files\n"
      "  check URL_OR_GLOB... [--json | --json-lines] [--paths-from FILE|-]\n"
      "                         QA report per file: opens?, datasets, NaN/Inf, min/max, filters\n"
      "  cat FILE:/path [--head N]\n"
      "                         print a table (DataFrames with names and index)\n"
      "  ls [-l] [--json] URL   list an HDFS directory\n"
      "  stat URL               status of an HDFS file or directory\n"
      "  get URL -o FILE        download an HDFS file\n"
      "  token URL [--renewer NAME]\n"
      "                         print a delegation token from the NameNode (use with --kerberos)\n"
      "  plot FILE:/path -o OUT.png [--kind line|image|hist] [--column NAME] [--frame I]\n"
      "       [--colormap NAME] [--log]\n"
      "                         draw a dataset or column offscreen (PNG or SVG)\n"
      "  serve DIR [--port N] [--httpfs]\n"
      "                         serve a local directory as WebHDFS on 127.0.0.1\n"
      "\n"
      "FILE may be a local path or a WebHDFS URL (webhdfs://, swebhdfs://, http(s)://, Knox);\n"
      "URLs are downloaded into memory and opened there, never written to disk.\n"
      "Run 'h5hdfs COMMAND --help' for a command's options.\n";

} // namespace

int main(int argc, char* argv[])
{
    MemoryTuning::reuseLargeBlocks();
    // Plots draw text, which needs Qt GUI's fonts; offscreen, so that no display is needed.
    const bool plot = argc > 1 && std::strcmp(argv[1], "plot") == 0;
    const bool previews = argc > 1 && std::strcmp(argv[1], "check") == 0
        && std::any_of(argv + 2, argv + argc, [](const char* a) { return std::strncmp(a, "--previews", 10) == 0; });
    const bool draws = plot || previews;
    if (draws && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> app
        = draws ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("h5hdfs"));
    QCoreApplication::setApplicationVersion(QStringLiteral(H5HDFS_VERSION));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        std::fputs(kUsageText, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? Cli::kUsage : Cli::kOk;
    }
    if (args[1] == QLatin1String("--version")) {
        // The HDF5 version and filter plugins come from the worker: this program does not link libhdf5.
        std::fputs(qPrintable(InstallLayout::versionReport(QStringLiteral("h5hdfs"), QStringLiteral(H5HDFS_VERSION))), stdout);
        return Cli::kOk;
    }
    const QString command = args.takeAt(1);
    args[0] = QStringLiteral("h5hdfs ") + command;
    if (command == QLatin1String("tree"))
        return Cli::runTree(args);
    if (command == QLatin1String("info"))
        return Cli::runInfo(args);
    if (command == QLatin1String("export"))
        return Cli::runExport(args);
    if (command == QLatin1String("check"))
        return Cli::runCheck(args);
    if (command == QLatin1String("cat"))
        return Cli::runCat(args);
    if (command == QLatin1String("serve"))
        return Cli::runServe(args);
    if (command == QLatin1String("ls"))
        return Cli::runLs(args);
    if (command == QLatin1String("stat"))
        return Cli::runStat(args);
    if (command == QLatin1String("get"))
        return Cli::runGet(args);
    if (command == QLatin1String("token"))
        return Cli::runToken(args);
    if (command == QLatin1String("plot"))
        return Cli::runPlot(args);
    std::fprintf(stderr, "h5hdfs: unknown command '%s'\n\n%s", qPrintable(command), kUsageText);
    return Cli::kUsage;
}

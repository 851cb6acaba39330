// SPDX-License-Identifier: MIT
#include "batchcompare.h"

#include "benchtools.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QDir>
#include <cstdio>

using namespace H5Hdfs;

using namespace BenchTools;

namespace BatchCompare {
namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString oldApproach()
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/bench/old_approach.py");
}

void printBatchRow(const QString& tool, const Timed& t, int files, double baselineSeconds)
{
    if (!t.ran) {
        std::printf("  %-40s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-40s %7.2f s %8.1f files/s  %5.2f ms CPU/file  %5.1fx the old approach%s\n",
        qPrintable(tool), t.seconds, files / t.seconds, t.cpuSeconds * 1000 / files,
        baselineSeconds > 0 ? baselineSeconds / t.seconds : 0.0, qPrintable(spread(t)));
    std::fflush(stdout);
}

void printBigRow(const QString& tool, const Timed& t, double fileMiB)
{
    if (!t.ran) {
        std::printf("  %-36s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-36s %8.2f s   peak RSS %7.0f MiB = %.2f x the file%s\n", qPrintable(tool), t.seconds,
        t.peakRssMiB, t.peakRssMiB / fileMiB, qPrintable(spread(t)));
    std::fflush(stdout);
}

// h5hdfs's arguments for `mode` (check or export) over every *.h5 of `directory`, `jobs` at once.
QStringList ourBatch(const Server& server, const QString& mode, const QString& directory, int jobs, const QString& outDir)
{
    QStringList arguments {mode, server.webhdfs + directory + QStringLiteral("/*.h5"), QStringLiteral("--jobs"),
        QString::number(jobs)};
    if (mode == QLatin1String("export"))
        arguments << QStringLiteral("--dataset") << QStringLiteral("/data_f") << QStringLiteral("--out-dir") << outDir;
    return arguments;
}

} // namespace

QList<Figures> printJobsCurve(const Server& server, const QString& directory, int files, const QString& outDir,
    const QList<int>& jobsToTry, int oldRuns)
{
    const bool python = pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("requests")});
    const QString h5hdfs = TestPaths::binDir() + QStringLiteral("/h5hdfs");
    QList<Figures> figures;
    for (const QString& mode : {QStringLiteral("check"), QStringLiteral("export")}) {
        const Timed old = python ? runRepeated(kPython, {oldApproach(), mode, server.restRoot, directory, outDir}, oldRuns)
                                 : Timed {false, 0, QStringLiteral("python3-h5py, python3-pandas or python3-requests is missing")};
        const double baseline = old.ran ? old.seconds : 0;
        printBatchRow(QStringLiteral("old approach (%1, requests)").arg(mode), old, files, baseline);
        Figures f {mode, old.ran ? files / old.seconds : 0};
        for (int jobs : jobsToTry) {
            const Timed t = runRepeated(h5hdfs, ourBatch(server, mode, directory, jobs, outDir));
            printBatchRow(QStringLiteral("h5hdfs %1 --jobs %2").arg(mode).arg(jobs), t, files, baseline);
            if (t.ran && files / t.seconds > f.oursFilesPerSecond)
                f.oursFilesPerSecond = files / t.seconds, f.oursJobs = jobs;
        }
        if (old.ran && f.oursFilesPerSecond > 0)
            std::printf("  goal: 10x the old approach's files/s (%.0f files/s): %s (best %.0f files/s = %.1fx, --jobs %d)\n",
                10 * f.oldFilesPerSecond, f.oursFilesPerSecond >= 10 * f.oldFilesPerSecond ? "met" : "NOT met",
                f.oursFilesPerSecond, f.oursFilesPerSecond / f.oldFilesPerSecond, f.oursJobs);
        figures << f;
    }
    return figures;
}

void printLatencySummary(const QList<std::pair<int, QList<Figures>>>& byLatencyMs)
{
    std::printf("Files/s by added latency (old approach with requests; h5hdfs at its best --jobs), goal 10x:\n");
    std::printf("  %-8s %-7s %12s %12s %6s %7s  %s\n", "latency", "mode", "old files/s", "h5hdfs", "--jobs", "ratio", "10x");
    for (const auto& [latency, figures] : byLatencyMs) {
        for (const Figures& f : figures) {
            const double ratio = f.oldFilesPerSecond > 0 ? f.oursFilesPerSecond / f.oldFilesPerSecond : 0;
            std::printf("  %5d ms %-7s %12.1f %12.1f %6d %6.1fx  %s\n", latency, qPrintable(f.mode),
                f.oldFilesPerSecond, f.oursFilesPerSecond, f.oursJobs, ratio,
                ratio <= 0 ? "not run" : ratio >= 10 ? "met" : "NOT met");
        }
    }
    std::fflush(stdout);
}

QList<Figures> printBatch(const Server& server, const QString& directory, int files, const QString& outDir)
{
    const bool python
        = pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("requests")});
    const Timed missing {
        false, 0, QStringLiteral("python3-h5py, python3-pandas or python3-requests is missing")};
    const QString h5hdfs = TestPaths::binDir() + QStringLiteral("/h5hdfs");
    QList<Figures> figures;
    for (const QString& mode : {QStringLiteral("check"), QStringLiteral("export")}) {
        // The old approach as the users ran it (requests), and with the cheaper urllib.
        const Timed old
            = python ? runRepeated(kPython, {oldApproach(), mode, server.restRoot, directory, outDir}) : missing;
        const Timed urllib = python
            ? runRepeated(kPython, {oldApproach(), QStringLiteral("--urllib"), mode, server.restRoot, directory, outDir})
            : missing;
        const Timed t = runRepeated(h5hdfs, ourBatch(server, mode, directory, 4, outDir));
        const double baseline = old.ran ? old.seconds : 0;
        printBatchRow(QStringLiteral("h5hdfs %1 --jobs 4").arg(mode), t, files, baseline);
        printBatchRow(QStringLiteral("old approach (%1, requests)").arg(mode), old, files, baseline);
        printBatchRow(QStringLiteral("old approach (%1, urllib)").arg(mode), urllib, files, baseline);
        if (old.ran && t.ran)
            std::printf("  goal: 10x the old approach's files/s (%.0f files/s): %s\n",
                10 * files / old.seconds, old.seconds / t.seconds >= 10 ? "met" : "NOT met");
        figures << Figures {mode, old.ran ? files / old.seconds : 0, t.ran ? files / t.seconds : 0, 4};
    }
    return figures;
}

void printBigExport(const Server& server, const QString& hdfsPath, double fileMiB, const QString& outDir)
{
    const bool python = pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("requests")});
    const QString directory = hdfsPath.section(QLatin1Char('/'), 0, -2);
    const Timed oldBig = python ? runRepeated(kPython, {oldApproach(), QStringLiteral("export"), server.restRoot, directory, outDir})
                                : Timed {false, 0, QStringLiteral("python3-h5py or python3-pandas is missing")};
    const Timed ourBig = runRepeated(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
        {QStringLiteral("export"), server.webhdfs + hdfsPath + QStringLiteral(":/data_f"), QStringLiteral("-o"),
            outDir + QStringLiteral("/ours.csv")});
    printBigRow(QStringLiteral("h5hdfs export"), ourBig, fileMiB);
    printBigRow(QStringLiteral("old approach"), oldBig, fileMiB);
    if (oldBig.ran && ourBig.ran)
        std::printf(
            "  h5hdfs takes %.2f x the old approach's time; goals: faster, peak RSS under 1.2 x the file\n",
            ourBig.seconds / oldBig.seconds);
    std::printf("  (peak RSS of the h5hdfs process; its HDF5 worker maps the same pages of the image)\n");
}

QStringList writeLake(const QString& directory, int files, qint64 bigMiB)
{
    QDir().mkpath(directory + QStringLiteral("/many"));
    QDir().mkpath(directory + QStringLiteral("/big"));
    QStringList names;
    for (int i = 0; i < files; ++i) {
        names << QStringLiteral("part-%1.h5").arg(i, 5, 10, QLatin1Char('0'));
        H5Fixtures::writeUsersTable(directory + QStringLiteral("/many/") + names.last(), 1600, 8);
    }
    if (bigMiB > 0)
        H5Fixtures::writeUsersTable(directory + QStringLiteral("/big/big.h5"), (bigMiB << 20) / 64, 8);
    return names;
}

Timed curlEachFile(const Server& server, const QString& directory, const QStringList& names, int parallel)
{
    QStringList arguments {QStringLiteral("-sfL"), QStringLiteral("--no-progress-meter")};
    if (parallel > 1)
        arguments << QStringLiteral("--parallel") << QStringLiteral("--parallel-max") << QString::number(parallel);
    for (const QString& name : names)
        arguments << server.restRoot + directory + QLatin1Char('/') + name + QStringLiteral("?op=OPEN&user.name=bench")
                  << QStringLiteral("-o") << QStringLiteral("/dev/null");
    return run(QStringLiteral("curl"), arguments);
}

} // namespace BatchCompare

// SPDX-License-Identifier: MIT
// Batch work over the local WebHDFS server: 1,000 files of ~100 KiB (1600 x 8 float64 "data_f" with
// "f_axis0" names) checked and exported by h5hdfs, beside the users' old Python approach
// (old_approach.py); then one 1 GiB file of the same shape exported by both, with peak RSS.
//   bench_batch [FILES] [BIG_MIB]
#include "benchtools.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <cstdio>

using namespace BenchTools;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

void printBatchRow(const QString& tool, const Timed& t, int files, double baselineSeconds)
{
    if (!t.ran) {
        std::printf("  %-36s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-36s %8.2f s %9.1f files/s   %6.1fx the files/s of the old approach\n", qPrintable(tool),
        t.seconds, files / t.seconds, baselineSeconds > 0 ? baselineSeconds / t.seconds : 0.0);
    std::fflush(stdout);
}

void printBigRow(const QString& tool, const Timed& t, double fileMiB)
{
    if (!t.ran) {
        std::printf("  %-36s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-36s %8.2f s   peak RSS %7.0f MiB = %.2f x the file\n", qPrintable(tool), t.seconds,
        t.peakRssMiB, t.peakRssMiB / fileMiB);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int files = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const qint64 bigMiB = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1024;
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("lake/many"));
    QDir(dir.path()).mkpath(QStringLiteral("lake/big"));
    for (int i = 0; i < files; ++i)
        H5Fixtures::writeUsersTable(
            dir.filePath(QStringLiteral("lake/many/part-%1.h5").arg(i, 5, 10, QLatin1Char('0'))), 1600, 8);
    const QString big = H5Fixtures::writeUsersTable(
        dir.filePath(QStringLiteral("lake/big/big.h5")), (bigMiB << 20) / 64, 8);
    const double smallKiB
        = double(QFileInfo(dir.filePath(QStringLiteral("lake/many/part-00000.h5"))).size()) / 1024;

    QProcess serve;
    serve.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
        {QStringLiteral("serve"), dir.filePath(QStringLiteral("lake"))});
    if (!serve.waitForReadyRead(10000)) {
        std::printf("  cannot start h5hdfs serve\n");
        return 1;
    }
    const QString line = QString::fromUtf8(serve.readLine());
    const QString root = line.mid(line.indexOf(QStringLiteral("http://"))).trimmed();
    const QString webhdfs = QStringLiteral("webhdfs://") + QUrl(root).authority();
    const QString h5hdfs = TestPaths::binDir() + QStringLiteral("/h5hdfs");
    const QString script = TestPaths::sourceDir() + QStringLiteral("/tests/bench/old_approach.py");
    const bool python = pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas")});

    std::printf(
        "%d files of %.0f KiB (1600 x 8 float64 + names) on the local WebHDFS server\n", files, smallKiB);
    QTemporaryDir out;
    for (const QString& mode : {QStringLiteral("check"), QStringLiteral("export")}) {
        const Timed old = python
            ? run(kPython, {script, mode, root, QStringLiteral("/many"), out.path()})
            : Timed {false, 0, QStringLiteral("python3-h5py or python3-pandas is missing")};
        QStringList ours {
            mode, webhdfs + QStringLiteral("/many/*.h5"), QStringLiteral("--jobs"), QStringLiteral("4")};
        if (mode == QLatin1String("export"))
            ours << QStringLiteral("--dataset") << QStringLiteral("/data_f") << QStringLiteral("--out-dir")
                 << out.path();
        const Timed t = run(h5hdfs, ours);
        printBatchRow(QStringLiteral("h5hdfs %1 --jobs 4").arg(mode), t, files, old.ran ? old.seconds : 0);
        printBatchRow(QStringLiteral("old approach (%1)").arg(mode), old, files, old.seconds);
        if (old.ran && t.ran)
            std::printf("  goal: 10x the old approach's files/s: %s\n",
                old.seconds / t.seconds >= 10 ? "met" : "NOT met");
    }

    const double bigFileMiB = fileMiB(big);
    std::printf("One %.0f MiB file of the same shape, exported to CSV\n", bigFileMiB);
    const Timed oldBig = python
        ? run(kPython, {script, QStringLiteral("export"), root, QStringLiteral("/big"), out.path()})
        : Timed {false, 0, QStringLiteral("python3-h5py or python3-pandas is missing")};
    const Timed ourBig = run(h5hdfs,
        {QStringLiteral("export"), webhdfs + QStringLiteral("/big/big.h5:/data_f"), QStringLiteral("-o"),
            out.filePath(QStringLiteral("ours.csv"))});
    printBigRow(QStringLiteral("h5hdfs export"), ourBig, bigFileMiB);
    printBigRow(QStringLiteral("old approach"), oldBig, bigFileMiB);
    if (oldBig.ran && ourBig.ran)
        std::printf(
            "  h5hdfs takes %.2f x the old approach's time; goals: faster, peak RSS under 1.2 x the file\n",
            ourBig.seconds / oldBig.seconds);
    std::printf("  (peak RSS of the h5hdfs process; its HDF5 worker maps the same pages of the image)\n");
    serve.kill();
    serve.waitForFinished();
    return 0;
}

// SPDX-License-Identifier: MIT
// Against a real Apache HDFS (tests/hadoop/minihdfs.sh, simple mode: a NameNode and two DataNodes on
// this machine): a 1 GiB file downloaded and opened by h5hdfs beside curl, 1,000 files of ~100 KiB
// checked and exported beside the users' old approach (and at --jobs 1 to 16), and what one file
// costs on a real NameNode.
//   bench_realhdfs [FILES] [BIG_MIB]     (BIG_MIB 0: no big file, the batch figures alone)
#include "batchcompare.h"
#include "benchtools.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUrl>
#include <cstdio>

using namespace H5Hdfs;

using namespace BenchTools;

namespace {

QHash<QString, QString> readEnv(const QString& path)
{
    QHash<QString, QString> values;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (const qsizetype eq = line.indexOf(QLatin1Char('=')); eq > 0)
                values.insert(line.left(eq), line.mid(eq + 1).remove(QLatin1Char('\'')));
        }
    }
    return values;
}

void printTransferRow(const QString& tool, const Timed& t, double fileMiB)
{
    if (!t.ran) {
        std::printf("  %-52s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-52s %7.2f s %8.1f MiB/s  peak RSS %.2f x the file\n", qPrintable(tool), t.seconds,
        fileMiB / t.seconds, t.peakRssMiB / fileMiB);
    std::fflush(stdout);
}

void printPerFileFloor(const BatchCompare::Server& server, const QStringList& names, int parallel)
{
    const Timed t = BatchCompare::curlEachFile(server, QStringLiteral("/data/many"), names, parallel);
    if (t.ran)
        std::printf("  %-64s %.3f ms/file\n",
            qPrintable(QStringLiteral("curl OPEN (NameNode 307 + DataNode), %1 at a time").arg(parallel)),
            t.seconds * 1000 / double(names.size()));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    printMachine();
    const int files = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const qint64 bigMiB = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1024;
    QTemporaryDir dir;
    const QString lake = dir.filePath(QStringLiteral("lake"));
    const QStringList names = BatchCompare::writeLake(lake, files, bigMiB);
    const QString big = lake + QStringLiteral("/big/big.h5");
    const double bigFileMiB = fileMiB(big);

    const QString script = TestPaths::sourceDir() + QStringLiteral("/tests/hadoop/minihdfs.sh");
    const QString clusterDir = dir.filePath(QStringLiteral("cluster"));
    const Timed start = run(QStringLiteral("bash"), {script, QStringLiteral("start"), QStringLiteral("--mode"),
        QStringLiteral("simple"), QStringLiteral("--import"), lake, QStringLiteral("--out"), clusterDir}, 1800);
    if (!start.ran) {
        std::printf("cannot start the real HDFS: %s\n", qPrintable(start.note));
        return 1;
    }
    const auto env = readEnv(clusterDir + QStringLiteral("/cluster.env"));
    const QString webhdfs = env.value(QStringLiteral("WEBHDFS_URL"));
    const QString root = QStringLiteral("http://") + QUrl(webhdfs).authority() + QStringLiteral("/webhdfs/v1");
    std::printf("A real HDFS (MiniDFSCluster 3.5.0: NameNode + 2 DataNodes, replication 2) on this machine;\n"
                "started and loaded with %d files + %.0f MiB in %.1f s\n",
        files, bigFileMiB, start.seconds);

    if (bigMiB > 0) {
        std::printf("One %.0f MiB file: download and open\n", bigFileMiB);
        printTransferRow(QStringLiteral("curl -L of the OPEN URL (to /dev/null)"),
            run(QStringLiteral("curl"), {QStringLiteral("-sfL"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                root + QStringLiteral("/data/big/big.h5?op=OPEN&user.name=bench")}),
            bigFileMiB);
        printTransferRow(QStringLiteral("h5hdfs tree (download into memory, open, list)"),
            run(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
                {QStringLiteral("tree"), webhdfs + QStringLiteral("/data/big/big.h5")}),
            bigFileMiB);
    }

    const BatchCompare::Server server {root, webhdfs};
    QTemporaryDir out;
    std::printf("%d files of ~100 KiB (1600 x 8 float64 + names)\n", files);
    BatchCompare::printBatch(server, QStringLiteral("/data/many"), files, out.path());
    std::printf("The same %d files at --jobs 1 to 16\n", files);
    BatchCompare::printJobsCurve(server, QStringLiteral("/data/many"), files, out.path());
    if (bigMiB > 0) {
        std::printf("One %.0f MiB file of the same shape, exported to CSV\n", bigFileMiB);
        BatchCompare::printBigExport(server, QStringLiteral("/data/big/big.h5"), bigFileMiB, out.path());
    }
    std::printf("Per file on a real NameNode (what any client pays):\n");
    printPerFileFloor(server, names, 1);
    printPerFileFloor(server, names, 4);

    run(QStringLiteral("bash"), {script, QStringLiteral("stop"), QStringLiteral("--out"), clusterDir});
    return 0;
}

// SPDX-License-Identifier: MIT
// Writes the directory that tests/hadoop/minihdfs.sh imports into a real HDFS under /data, so the
// real-cluster tests know every byte the cluster holds. Usage: make_import_dir DIR simple|ha|kerberos
#include "h5fixtures.h"
#include "realcluster.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <cstdio>

using namespace H5Hdfs;

namespace {

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    rng.fillRange(reinterpret_cast<quint32*>(bytes.data()), size / qsizetype(sizeof(quint32)));
    return bytes;
}

// batch/part-000.h5 ... part-199.h5: the files a batch runs over, all the same small users table
// but the corrupt one, cut to a third (when `corrupt` >= 0).
bool writeBatch(const QDir& dir, int corrupt)
{
    dir.mkpath(QStringLiteral("batch"));
    bool ok = !H5Fixtures::writeUsersTable(dir.filePath(RealCluster::batchName(0)), 100, 8).isEmpty();
    const QByteArray part = H5Fixtures::readAll(dir.filePath(RealCluster::batchName(0)));
    for (int i = 1; i < RealCluster::kBatchCount; ++i)
        ok = ok && writeBytes(dir.filePath(RealCluster::batchName(i)), i == corrupt ? part.left(part.size() / 3) : part);
    return ok;
}

// Everything a listing, read and error test looks at, in the simple (and kerberos) cluster.
bool writeSimple(const QDir& dir)
{
    bool ok = !H5Fixtures::writeEverything(dir.filePath(RealCluster::kEverything)).isEmpty()
        && !H5Fixtures::writeMatrix(dir.filePath(RealCluster::kMultiBlock), RealCluster::kMultiBlockRows, 4)
                .isEmpty()
        && writeBytes(dir.filePath(RealCluster::kStream), randomBytes(RealCluster::kStreamSize, 7))
        && QFile::copy(TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/edges.h5"),
            dir.filePath(RealCluster::kFrames));
    const QByteArray small = H5Fixtures::readAll(dir.filePath(RealCluster::kEverything));
    dir.mkpath(QStringLiteral("odd"));
    for (const QString& name : RealCluster::oddNames())
        ok = ok && writeBytes(dir.filePath(QStringLiteral("odd/") + name), small);
    dir.mkpath(QStringLiteral("empty"));
    dir.mkpath(QStringLiteral("many"));
    for (int i = 0; i < RealCluster::kManyCount; ++i)
        ok = ok && writeBytes(dir.filePath(RealCluster::manyName(i)), QByteArray::number(i));
    ok = ok && QFile::link(RealCluster::kEverything, dir.filePath(QStringLiteral("link.h5")));
    return ok && writeBatch(dir, RealCluster::kCorruptBatchFile);
}

// The files a batch runs over in the HA cluster (all good), and one that is not HDF5.
bool writeHa(const QDir& dir)
{
    return writeBatch(dir, -1) && writeBytes(dir.filePath(RealCluster::kStream), randomBytes(RealCluster::kStreamSize, 7));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fputs("usage: make_import_dir DIR simple|ha|kerberos\n", stderr);
        return 2;
    }
    QDir dir(args[1]);
    dir.removeRecursively();
    if (!QDir().mkpath(dir.path())) {
        std::fprintf(stderr, "make_import_dir: cannot create %s\n", qPrintable(dir.path()));
        return 1;
    }
    const QString mode = args[2];
    const bool ok = mode == QLatin1String("ha") ? writeHa(dir)
        : mode == QLatin1String("kerberos")
        ? !H5Fixtures::writeEverything(dir.filePath(RealCluster::kEverything)).isEmpty()
        : writeSimple(dir);
    if (!ok)
        std::fprintf(stderr, "make_import_dir: cannot write the files in %s\n", qPrintable(dir.path()));
    return ok ? 0 : 1;
}

// SPDX-License-Identifier: MIT
// The WebHDFS client and the CLI against a real Apache HDFS (MiniDFSCluster: one NameNode, two
// DataNodes, replication 2, 1 MiB blocks, small listing pages) and a real HttpFS in front of it,
// started by the cluster_simple CTest fixture. Every expected value comes from the imported files.
#include "clientwaits.h"
#include "clirun.h"
#include "realcluster.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSet>
#include <QTest>

using namespace H5Hdfs;

using namespace ClientWaits;

namespace {

// QVERIFY2 evaluates its message even when the check passes: no error() of a good Result there.
template <typename T> QString why(const Result<T>& result)
{
    return result ? QString() : result.error().toString();
}

QByteArray localBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_RealHdfs : public QObject {
    Q_OBJECT
private:
    RealCluster::Env m_cluster;
    QNetworkAccessManager m_network;

    std::unique_ptr<WebHdfsClient> client(const QString& urlKey = QStringLiteral("WEBHDFS_URL"),
        const QString& user = QStringLiteral("analyst"))
    {
        auto location = WebHdfsLocation::parse(m_cluster.value(urlKey) + QLatin1Char('/'));
        if (!location)
            qFatal("%s is not a WebHDFS URL: %s", qPrintable(urlKey), qPrintable(location.error().toString()));
        WebHdfsConfig config;
        config.roots = location->roots;
        config.user = user;
        config.retryDelayMs = 50;
        return std::make_unique<WebHdfsClient>(config, &m_network);
    }

    QString local(const QString& relative) const { return m_cluster.importDir() + QLatin1Char('/') + relative; }
    QString url(const QString& hdfsPath) const { return m_cluster.value(QStringLiteral("WEBHDFS_URL")) + hdfsPath; }

    void checkManyEntries(const QString& urlKey, int minimumPages);
    void checkOddNames(const QString& urlKey);
    void checkRanges(const QString& urlKey);
    void checkErrors(const QString& urlKey);

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error())); }

    // Listing
    void listsThousandsOfEntriesThroughPages() { checkManyEntries(QStringLiteral("WEBHDFS_URL"), 2); }
    void listsAndReadsOddNames() { checkOddNames(QStringLiteral("WEBHDFS_URL")); }
    void reportsFileStatusAsHdfsDoes();
    void showsSymlinksAndEmptyDirectories();

    // Reading
    void readsWholeFilesByteForByte();
    void readsRangesAcrossBlocks() { checkRanges(QStringLiteral("WEBHDFS_URL")); }
    void cliTreeAndExportMatchTheLocalFile();

    // Errors
    void reportsEachErrorSpecifically() { checkErrors(QStringLiteral("WEBHDFS_URL")); }

    // Faults
    void survivesADataNodeStoppedMidDownload();
    void readsInSafeMode();

    // The same through HttpFS
    void httpFsListsEverythingInOneBatch() { checkManyEntries(QStringLiteral("HTTPFS_URL"), 1); }
    void httpFsOddNames() { checkOddNames(QStringLiteral("HTTPFS_URL")); }
    void httpFsRanges() { checkRanges(QStringLiteral("HTTPFS_URL")); }
    void httpFsErrors() { checkErrors(QStringLiteral("HTTPFS_URL")); }
};

void tst_RealHdfs::checkManyEntries(const QString& urlKey, int minimumPages)
{
    auto c = client(urlKey);
    const Listed l = listAll(*c, QStringLiteral("/data/many"), 60000);
    QVERIFY(l.finished);
    QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
    QStringList expected;
    for (int i = 0; i < RealCluster::kManyCount; ++i)
        expected << RealCluster::manyName(i).section(QLatin1Char('/'), 1);
    QCOMPARE(l.names, expected); // HDFS lists in byte order; each name once, none left out
    QVERIFY2(l.pages >= minimumPages, qPrintable(QStringLiteral("%1 pages").arg(l.pages)));
}

void tst_RealHdfs::checkOddNames(const QString& urlKey)
{
    auto c = client(urlKey);
    const Listed l = listAll(*c, QStringLiteral("/data/odd"));
    QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
    const QStringList odd = RealCluster::oddNames();
    QCOMPARE(QSet<QString>(l.names.begin(), l.names.end()), QSet<QString>(odd.begin(), odd.end()));
    const QByteArray expected = localBytes(local(RealCluster::kEverything));
    for (const QString& name : odd) {
        const Downloaded d = fetch(*c, QStringLiteral("/data/odd/") + name);
        QVERIFY2(!d.error.isError(), qPrintable(name + QStringLiteral(": ") + d.error.toString()));
        QVERIFY2(d.bytes == expected, qPrintable(name));
        const auto fileStatus = status(*c, QStringLiteral("/data/odd/") + name);
        QVERIFY2(fileStatus, qPrintable(name + QStringLiteral(": ") + why(fileStatus)));
        QCOMPARE(fileStatus->length, qint64(expected.size()));
    }
}

void tst_RealHdfs::reportsFileStatusAsHdfsDoes()
{
    auto c = client();
    const auto file = status(*c, QStringLiteral("/data/") + RealCluster::kMultiBlock);
    QVERIFY2(file, qPrintable(why(file)));
    QCOMPARE(file->type, HdfsFileStatus::Type::File);
    QCOMPARE(file->owner, QStringLiteral("analyst"));
    QCOMPARE(file->group, QStringLiteral("analysts"));
    QCOMPARE(file->permission, quint16(0644));
    QCOMPARE(file->replication, 2);
    QCOMPARE(file->blockSize, qint64(1) << 20);
    QCOMPARE(file->length, QFileInfo(local(RealCluster::kMultiBlock)).size());
    QVERIFY(file->fileId > 0);
    // Times are the cluster's, in ms since the epoch: the import ran minutes ago at most.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(file->modificationTime > now - 3'600'000 && file->modificationTime <= now + 60'000,
        qPrintable(QString::number(file->modificationTime)));
    QVERIFY(file->accessTime >= 0 && file->accessTime <= now + 60'000);

    const auto dir = status(*c, QStringLiteral("/data/private"));
    QVERIFY2(dir, qPrintable(why(dir)));
    QCOMPARE(dir->type, HdfsFileStatus::Type::Directory);
    QCOMPARE(dir->permission, quint16(0700));
    QCOMPARE(dir->permissionText(), QStringLiteral("rwx------"));
    QCOMPARE(dir->length, qint64(0));
    QCOMPARE(dir->replication, 0);
}

void tst_RealHdfs::showsSymlinksAndEmptyDirectories()
{
    auto c = client();
    const Listed empty = listAll(*c, QStringLiteral("/data/empty"));
    QVERIFY(empty.finished);
    QVERIFY2(!empty.error.isError(), qPrintable(empty.error.toString()));
    QVERIFY(empty.names.isEmpty());

    const Listed data = listAll(*c, QStringLiteral("/data"));
    QVERIFY2(!data.error.isError(), qPrintable(data.error.toString()));
    const qsizetype at = data.names.indexOf(QStringLiteral("link.h5"));
    QVERIFY2(at >= 0, qPrintable(data.names.join(QLatin1Char(','))));
    QCOMPARE(data.entries[at].type, HdfsFileStatus::Type::Symlink);
    QVERIFY2(data.entries[at].symlink.endsWith(RealCluster::kEverything), qPrintable(data.entries[at].symlink));
}

void tst_RealHdfs::readsWholeFilesByteForByte()
{
    auto c = client();
    for (const QString& name : {RealCluster::kEverything, RealCluster::kMultiBlock, RealCluster::kStream}) {
        const Downloaded d = fetch(*c, QStringLiteral("/data/") + name, {}, 60000);
        QVERIFY2(!d.error.isError(), qPrintable(name + QStringLiteral(": ") + d.error.toString()));
        QVERIFY2(d.bytes == localBytes(local(name)), qPrintable(name));
    }
}

void tst_RealHdfs::checkRanges(const QString& urlKey)
{
    auto c = client(urlKey);
    const QByteArray whole = localBytes(local(RealCluster::kMultiBlock));
    const qint64 block = qint64(1) << 20;
    const qint64 size = whole.size();
    // Inside a block, across one and several block boundaries, the last bytes, one byte.
    const QList<std::pair<qint64, qint64>> ranges {{0, 100}, {block - 10, 20}, {3 * block + 5, 2 * block},
        {size - 7, 7}, {size - 1, 1}, {5 * block, block}};
    for (const auto& [offset, length] : ranges) {
        WebHdfsClient::DownloadOptions options;
        options.offset = offset;
        options.length = length;
        const Downloaded d = fetch(*c, QStringLiteral("/data/") + RealCluster::kMultiBlock, options);
        const QString what = QStringLiteral("offset %1, length %2").arg(offset).arg(length);
        QVERIFY2(!d.error.isError(), qPrintable(what + QStringLiteral(": ") + d.error.toString()));
        QVERIFY2(d.bytes == whole.mid(offset, length), qPrintable(what));
    }
}

void tst_RealHdfs::cliTreeAndExportMatchTheLocalFile()
{
    const QString remote = url(QStringLiteral("/data/") + RealCluster::kMultiBlock);
    const CliRun::Run localTree = CliRun::cli({QStringLiteral("tree"), local(RealCluster::kMultiBlock)});
    const CliRun::Run remoteTree = CliRun::cli({QStringLiteral("tree"), remote, QStringLiteral("--user"), QStringLiteral("analyst")});
    QVERIFY2(localTree.ok() && remoteTree.ok(), qPrintable(localTree.err + remoteTree.err));
    QVERIFY(!remoteTree.out.isEmpty());
    QCOMPARE(remoteTree.out, localTree.out);

    QTemporaryDir out;
    const CliRun::Run exported = CliRun::cli({QStringLiteral("export"), remote + QStringLiteral(":/values"),
        QStringLiteral("-o"), out.filePath(QStringLiteral("remote.csv")), QStringLiteral("--user"),
        QStringLiteral("analyst")});
    const CliRun::Run reference = CliRun::cli({QStringLiteral("export"),
        local(RealCluster::kMultiBlock) + QStringLiteral(":/values"), QStringLiteral("-o"),
        out.filePath(QStringLiteral("local.csv"))});
    QVERIFY2(exported.ok() && reference.ok(), qPrintable(exported.err + reference.err));
    const QByteArray csv = localBytes(out.filePath(QStringLiteral("remote.csv")));
    QCOMPARE(csv.count('\n'), RealCluster::kMultiBlockRows + 1);
    QVERIFY(csv == localBytes(out.filePath(QStringLiteral("local.csv"))));
}

void tst_RealHdfs::checkErrors(const QString& urlKey)
{
    auto c = client(urlKey);
    const Downloaded missing = fetch(*c, QStringLiteral("/data/nothing-here.h5"));
    QCOMPARE(missing.error.code, Error::Code::NotFound);
    QVERIFY2(missing.error.message.contains(QStringLiteral("/data/nothing-here.h5")), qPrintable(missing.error.message));

    const Listed missingDir = listAll(*c, QStringLiteral("/data/no-dir"));
    QCOMPARE(missingDir.error.code, Error::Code::NotFound);
    QVERIFY2(missingDir.error.message.contains(QStringLiteral("/data/no-dir")), qPrintable(missingDir.error.message));

    // Not the owner, and not the superuser the cluster runs as.
    auto mallory = client(urlKey, QStringLiteral("mallory"));
    const Listed denied = listAll(*mallory, QStringLiteral("/data/private"));
    QCOMPARE(denied.error.code, Error::Code::PermissionDenied);
    QVERIFY2(denied.error.message.contains(QStringLiteral("/data/private")), qPrintable(denied.error.message));
    QVERIFY2(denied.error.detail.contains(QStringLiteral("user=mallory")), qPrintable(denied.error.detail));
    const Downloaded deniedRead = fetch(*mallory, QStringLiteral("/data/private/secret.txt"));
    QCOMPARE(deniedRead.error.code, Error::Code::PermissionDenied);

    const Downloaded directory = fetch(*c, QStringLiteral("/data/empty"));
    QVERIFY(directory.error.isError());
    QVERIFY2(directory.error.message.contains(QStringLiteral("/data/empty"))
            && directory.error.message.contains(QStringLiteral("directory")),
        qPrintable(directory.error.toString()));

    const Downloaded link = fetch(*c, QStringLiteral("/data/link.h5"));
    if (urlKey == QLatin1String("WEBHDFS_URL")) { // HttpFS says "Symlink resolution is disabled"
        QCOMPARE(link.error.code, Error::Code::Unsupported);
        QVERIFY2(link.error.message.contains(QStringLiteral("symbolic link"))
                && link.error.message.contains(QStringLiteral("/data/") + RealCluster::kEverything),
            qPrintable(link.error.toString()));
    } else {
        QVERIFY2(link.error.isError() && link.error.message.contains(QStringLiteral("/data/link.h5")),
            qPrintable(link.error.toString()));
    }

    WebHdfsClient::DownloadOptions pastEnd;
    pastEnd.offset = QFileInfo(local(RealCluster::kEverything)).size() + 10;
    pastEnd.length = 5;
    const Downloaded beyond = fetch(*c, QStringLiteral("/data/") + RealCluster::kEverything, pastEnd);
    QCOMPARE(beyond.error.code, Error::Code::OutOfRange);
    QVERIFY2(beyond.error.message.contains(RealCluster::kEverything), qPrintable(beyond.error.toString()));
}

void tst_RealHdfs::survivesADataNodeStoppedMidDownload()
{
    auto c = client();
    bool stopped = false;
    qint64 receivedAtStop = 0;
    QByteArray said;
    // The DataNode is stopped while the client is inside a progress report: the rest of the body
    // is still in the socket or not sent yet, so the transfer breaks mid-way.
    const Downloaded d = fetch(*c, QStringLiteral("/data/") + RealCluster::kStream, {}, 180000,
        [&](qint64 received) {
            if (!stopped && received > 0) {
                stopped = true;
                receivedAtStop = received;
                bool ok = false;
                said = m_cluster.control(QStringLiteral("/datanode/stop?index=0"), &ok);
                QVERIFY2(ok, said.constData());
            }
        });
    QVERIFY(stopped);
    // Far from the end: what socket buffers can hold is a few MiB of the 48.
    QVERIFY2(receivedAtStop < RealCluster::kStreamSize / 2, qPrintable(QString::number(receivedAtStop)));
    bool restarted = false;
    const QByteArray back = m_cluster.control(QStringLiteral("/datanode/restart?index=0"), &restarted);
    QVERIFY2(restarted, back.constData());
    if (d.error.isError()) {
        // Allowed only if it names the DataNode it could not read from.
        QVERIFY2(d.error.message.contains(QStringLiteral("DataNode")), qPrintable(d.error.toString()));
    } else {
        QVERIFY(d.bytes == localBytes(local(RealCluster::kStream)));
    }
}

void tst_RealHdfs::readsInSafeMode()
{
    bool ok = false;
    QByteArray said = m_cluster.control(QStringLiteral("/safemode?action=enter"), &ok);
    QVERIFY2(ok, said.constData());
    auto c = client();
    const Listed l = listAll(*c, QStringLiteral("/data/odd"));
    const Downloaded d = fetch(*c, QStringLiteral("/data/") + RealCluster::kEverything);
    said = m_cluster.control(QStringLiteral("/safemode?action=leave"), &ok);
    QVERIFY2(ok, said.constData());
    QVERIFY2(!l.error.isError(), qPrintable(l.error.toString()));
    QVERIFY2(!d.error.isError(), qPrintable(d.error.toString()));
    QVERIFY(d.bytes == localBytes(local(RealCluster::kEverything)));
}

QTEST_GUILESS_MAIN(tst_RealHdfs)
#include "tst_realhdfs.moc"

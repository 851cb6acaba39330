// SPDX-License-Identifier: MIT
// Lazy files against a real Apache HDFS (the simple cluster: a NameNode, two DataNodes,
// replication 2, 1 MiB blocks): files of many HDFS blocks opened lazily show the same tree,
// attributes, table pages and DataFrame pages as the whole file downloaded, with sequential
// read-ahead too, and export the same CSV from the CLI with --lazy as with --whole.
#include "clientwaits.h"
#include "clirun.h"
#include "filewalk.h"
#include "lazy/lazyfiles.h"
#include "realcluster.h"
#include "service/h5service.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

class tst_RealHdfsLazy : public QObject {
    Q_OBJECT

    RealCluster::Env m_cluster;
    QNetworkAccessManager m_network;

    WebHdfsConfig config() const
    {
        auto location = WebHdfsLocation::parse(m_cluster.value(QStringLiteral("WEBHDFS_URL")) + QLatin1Char('/'));
        WebHdfsConfig c;
        if (location)
            c.roots = location->roots;
        c.user = QStringLiteral("analyst");
        c.retryDelayMs = 50;
        return c;
    }

    QString url(const QString& name) const
    {
        return m_cluster.value(QStringLiteral("WEBHDFS_URL")) + QStringLiteral("/data/") + name;
    }

    /// The file walked as the viewer shows it, opened lazily (with or without read-ahead).
    QByteArrayList lazyTranscript(const QString& path, const HdfsFileStatus& status, bool sequential)
    {
        auto store = LazyFiles::overWebHdfs(config(), path, status);
        if (!store)
            return {"cannot open lazily: " + store.error().toString().toUtf8()};
        (*store)->setSequentialReadAhead(sequential);
        H5Service service;
        const auto file = service.addLazyFile(*store, path.section(QLatin1Char('/'), -1));
        const QByteArrayList walked = FileWalk::transcript([&](const H5Request& r) { return service.call(file, r); });
        qInfo("%s, read-ahead %s: %lld of %lld bytes in %d requests", qPrintable(path), sequential ? "on" : "off",
            (*store)->stats().bytesFetched, status.length, (*store)->stats().fetches);
        return walked;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error())); }

    void lazyEqualsWholeOnManyBlocks_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("a 2-D table, 13 blocks") << RealCluster::kMultiBlock;
        QTest::newRow("pandas frames, 4 blocks") << RealCluster::kFrames;
    }

    void lazyEqualsWholeOnManyBlocks()
    {
        QFETCH(QString, name);
        const QString path = QStringLiteral("/data/") + name;
        WebHdfsClient client(config(), &m_network);
        const auto status = ClientWaits::status(client, path);
        QVERIFY2(status, qPrintable(status ? QString() : status.error().toString()));
        QVERIFY2(status->length > 3 * status->blockSize && status->blockSize > 0,
            qPrintable(QStringLiteral("%1 bytes in blocks of %2").arg(status->length).arg(status->blockSize)));

        const ClientWaits::Downloaded whole = ClientWaits::fetch(client, path);
        QVERIFY2(!whole.error.isError(), qPrintable(whole.error.toString()));
        H5Service service;
        const auto file = service.addImage(whole.buffer, name);
        const QByteArrayList expected = FileWalk::transcript([&](const H5Request& r) { return service.call(file, r); });
        QVERIFY(expected.size() > 3);
        QVERIFY(!expected.value(0).startsWith("error"));
        for (const bool sequential : {false, true})
            QCOMPARE(lazyTranscript(path, *status, sequential), expected);
    }

    void cliExportsTheSameLazilyAndWhole_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<qsizetype>("lines");
        QTest::newRow("table") << RealCluster::kMultiBlock + QStringLiteral(":/values") << qsizetype(RealCluster::kMultiBlockRows + 1);
        QTest::newRow("DataFrame") << RealCluster::kFrames + QStringLiteral(":/") + RealCluster::kFramesLargest
                                   << qsizetype(RealCluster::kFramesLargestRows + 1);
    }

    void cliExportsTheSameLazilyAndWhole()
    {
        QFETCH(QString, target);
        QFETCH(qsizetype, lines);
        QTemporaryDir out;
        QList<QByteArray> csv;
        for (const QString& mode : {QStringLiteral("--whole"), QStringLiteral("--lazy")}) {
            const QString written = out.filePath(mode.mid(2) + QStringLiteral(".csv"));
            const CliRun::Run run = CliRun::cli({QStringLiteral("export"), mode, url(target), QStringLiteral("-o"), written,
                QStringLiteral("--user"), QStringLiteral("analyst")});
            QVERIFY2(run.ok(), qPrintable(mode + QStringLiteral(": ") + run.err));
            QFile file(written);
            QVERIFY(file.open(QIODevice::ReadOnly));
            csv.append(file.readAll());
        }
        QCOMPARE(csv[0].count('\n'), lines);
        QVERIFY(csv[1] == csv[0]);
    }
};

QTEST_GUILESS_MAIN(tst_RealHdfsLazy)
#include "tst_realhdfs_lazy.moc"

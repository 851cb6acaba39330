// SPDX-License-Identifier: MIT
// Lazy files over the local WebHDFS server, how ranges are fetched: independent ranges go out
// together (up to WebHdfsRangeSource::kParallelReads requests in flight, the NameNode still asked
// once), adjacent missing blocks as one request, the file's last blocks with the first request,
// and sequential read-ahead (export, check) reading whole datasets in fewer, larger requests; the
// bytes always the file's.
#include "clientwaits.h"
#include "h5fixtures.h"
#include "lazy/blockstore.h"
#include "lazy/rangereader.h"
#include "service/h5service.h"
#include "webhdfs/server/localwebhdfsserver.h"

#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <future>
#include <thread>

using namespace H5Hdfs;

namespace {

constexpr qint64 kBlock = 64 << 10;

QList<QByteArray> dataNodeReads(const LocalWebHdfsServer& server)
{
    QList<QByteArray> reads;
    for (const QByteArray& line : server.requestLog()) {
        if (line.startsWith("DN ") && line.contains("op=OPEN"))
            reads.append(line);
    }
    return reads;
}

int nameNodeOpens(const LocalWebHdfsServer& server)
{
    const QList<QByteArray> log = server.requestLog();
    return int(std::count_if(
        log.cbegin(), log.cend(), [](const QByteArray& l) { return l.startsWith("NN ") && l.contains("op=OPEN"); }));
}

/// The value of `name=` in a logged request target.
qint64 parameter(const QByteArray& line, const char* name)
{
    const QRegularExpression re(QStringLiteral("[?&]%1=(\\d+)").arg(QLatin1String(name)));
    return re.match(QString::fromLatin1(line)).captured(1).toLongLong();
}

LocalWebHdfsServer::Options serving(const QString& dir)
{
    LocalWebHdfsServer::Options options;
    options.rootDir = dir;
    return options;
}

/// Runs `work` on its own thread while this one serves the local server; its result.
template <typename T> T whileServing(const std::function<T()>& work)
{
    auto future = std::async(std::launch::async, work);
    ClientWaits::waitUntil(
        [&future] { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 120000);
    return future.get();
}

} // namespace

class tst_LazyParallel : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray m_bytes; ///< random.bin
    QNetworkAccessManager m_network;

    std::shared_ptr<WebHdfsRangeSource> sourceFor(const LocalWebHdfsServer& server, const QString& path)
    {
        WebHdfsConfig config;
        config.roots = {server.rootUrl()};
        config.user = QStringLiteral("analyst");
        WebHdfsClient client(config, &m_network);
        const auto status = ClientWaits::status(client, path);
        if (!status)
            qFatal("%s", qPrintable(status.error().toString()));
        return std::make_shared<WebHdfsRangeSource>(config, path, *status);
    }

    /// The bytes of `blocks` as the store's slots hold them, in order.
    static QByteArray slotBytes(const BlockStore& store, const LazyProtocol::BlockReply& reply, qint64 firstBlock)
    {
        QByteArray out;
        for (qsizetype i = 0; i < reply.slots.size(); ++i) {
            const qint64 length = std::min(kBlock, store.fileSize() - (firstBlock + i) * kBlock);
            out.append(store.slots()->constData() + qint64(reply.slots[i]) * kBlock, length);
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_bytes.resize(8 << 20);
        QRandomGenerator generator(14);
        generator.fillRange(reinterpret_cast<quint32*>(m_bytes.data()), m_bytes.size() / 4);
        QFile file(m_dir.filePath(QStringLiteral("random.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(m_bytes) == m_bytes.size());
    }

    void independentRangesAreInFlightTogether()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        const auto source = sourceFor(server, QStringLiteral("/random.bin"));
        // Every DataNode body trickles one byte and stalls: a request that is answered never ends,
        // so the requests the server sees were all in flight at once.
        server.faults().dripBytes = 1;
        server.faults().dripIntervalMs = 600000;
        QList<QByteArray> into(6, QByteArray(1000, '\0'));
        const Status read = whileServing<Status>([&] {
            QList<RangeRead> ranges;
            for (qsizetype i = 0; i < into.size(); ++i)
                ranges.append({qint64(i) * (1 << 20), 1000, into[i].data()});
            FetchLimits limits;
            limits.stall = std::chrono::milliseconds(1500);
            return source->readRanges(ranges, limits);
        });
        QCOMPARE(read.code, Error::Code::Network); // the stall, said as such
        QVERIFY2(read.message.contains(QLatin1String("no data from the server")), qPrintable(read.toString()));
        QCOMPARE(nameNodeOpens(server), 1);                                // once per file ...
        QCOMPARE(dataNodeReads(server).size(), WebHdfsRangeSource::kParallelReads); // ... 4 at once, no more
        QCOMPARE(source->stats().peakInFlight, WebHdfsRangeSource::kParallelReads);
    }

    void rangesReadTogetherAreTheFilesBytes()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        server.faults().latencyMs = 20; // a round trip, so the requests overlap
        const auto source = sourceFor(server, QStringLiteral("/random.bin"));
        const QList<std::pair<qint64, qint64>> wanted {{0, 4096}, {100, 70000}, {3 << 20, 1 << 20},
            {(8 << 20) - 10, 10}, {12345, 1}, {5 << 20, 300000}, {1 << 20, 65536}, {7 << 20, 999}};
        QList<QByteArray> into;
        for (const auto& [offset, length] : wanted)
            into.append(QByteArray(length, '\0'));
        const Status read = whileServing<Status>([&] {
            QList<RangeRead> ranges;
            for (qsizetype i = 0; i < wanted.size(); ++i)
                ranges.append({wanted[i].first, wanted[i].second, into[i].data()});
            return source->readRanges(ranges, FetchLimits {});
        });
        QVERIFY2(!read.isError(), qPrintable(read.toString()));
        for (qsizetype i = 0; i < wanted.size(); ++i)
            QVERIFY2(into[i] == m_bytes.mid(wanted[i].first, wanted[i].second), qPrintable(QString::number(i)));
        QCOMPARE(nameNodeOpens(server), 1);
        QCOMPARE(dataNodeReads(server).size(), wanted.size());
        QCOMPARE(source->stats().peakInFlight, WebHdfsRangeSource::kParallelReads);
    }

    void missingRunsAreOneRequestEachFetchedTogether()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        const auto store = BlockStore::create(sourceFor(server, QStringLiteral("/random.bin")),
            QStringLiteral("random.bin"), 64 * kBlock, kBlock, 0, 0);
        QVERIFY(store.ok());
        const auto serve = [&](qint64 first, qint32 count) {
            return whileServing<LazyProtocol::BlockReply>(
                [&] { return (*store)->serve({first, count}, FetchLimits {}); });
        };
        QVERIFY(!serve(0, 2).error.isError());
        QVERIFY(!serve(4, 2).error.isError());
        server.clearRequestLog();
        // Blocks 0-7 with 0, 1, 4 and 5 here: 2-3 and 6-7 are missing, two requests of two blocks.
        const LazyProtocol::BlockReply reply = serve(0, 8);
        QVERIFY2(!reply.error.isError(), qPrintable(reply.error.toString()));
        QCOMPARE(slotBytes(**store, reply, 0), m_bytes.left(8 * kBlock));
        const QList<QByteArray> reads = dataNodeReads(server);
        QCOMPARE(reads.size(), 2);
        QCOMPARE(parameter(reads[0], "length") + parameter(reads[1], "length"), 4 * kBlock);
        QCOMPARE(std::min(parameter(reads[0], "offset"), parameter(reads[1], "offset")), 2 * kBlock);
        QCOMPARE(std::max(parameter(reads[0], "offset"), parameter(reads[1], "offset")), 6 * kBlock);
        QCOMPARE((*store)->stats().fetches, 4);
    }

    void firstRequestAlsoBringsTheFilesEnd()
    {
        LocalWebHdfsServer server(serving(m_dir.path()));
        QVERIFY(server.start());
        const qint64 tail = 2 * kBlock;
        const auto store = BlockStore::create(sourceFor(server, QStringLiteral("/random.bin")),
            QStringLiteral("random.bin"), 64 * kBlock, kBlock, 4 * kBlock, tail);
        QVERIFY(store.ok());
        const qint64 blocks = m_bytes.size() / kBlock;
        const LazyProtocol::BlockReply first = whileServing<LazyProtocol::BlockReply>(
            [&] { return (*store)->serve({0, 4}, FetchLimits {}); });
        QVERIFY(!first.error.isError());
        QCOMPARE(first.slots.size(), 4); // the worker is told of what it asked for only
        QList<QByteArray> reads = dataNodeReads(server);
        QCOMPARE(reads.size(), 2);
        QSet<qint64> offsets {parameter(reads[0], "offset"), parameter(reads[1], "offset")};
        QCOMPARE(offsets, (QSet<qint64> {0, m_bytes.size() - tail}));
        // Asked for later, the end is here already, and is the file's.
        server.clearRequestLog();
        const LazyProtocol::BlockReply last = whileServing<LazyProtocol::BlockReply>(
            [&] { return (*store)->serve({blocks - 2, 2}, FetchLimits {}); });
        QVERIFY(!last.error.isError());
        QCOMPARE(slotBytes(**store, last, blocks - 2), m_bytes.right(tail));
        QCOMPARE(dataNodeReads(server).size(), 0);
        QCOMPARE((*store)->stats().hits, 2);
    }

    void sequentialReadAheadReadsInFewerLargerRequests()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 600000, 8); // 38 MB
        LocalWebHdfsServer server(serving(dir.path()));
        QVERIFY(server.start());
        QList<QByteArray> answers[2];
        int requests[2] = {0, 0};
        qint64 largest[2] = {0, 0};
        for (const bool sequential : {false, true}) {
            H5Service service;
            const auto store = BlockStore::create(sourceFor(server, QStringLiteral("/m.h5")), QStringLiteral("m.h5"),
                qint64(256) << 20);
            QVERIFY(store.ok());
            (*store)->setSequentialReadAhead(sequential);
            const auto file = service.addLazyFile(*store, QStringLiteral("m.h5"));
            server.clearRequestLog();
            // As export reads a dataset: page after page, front to back.
            for (qint64 row = 0; row < 600000; row += 20000) {
                const H5Response page = whileServing<H5Response>([&] {
                    return service.call(file, H5Request::readPage(QStringLiteral("/values"),
                        {DimView::defaultFor(2), row, 20000, 0, 8}));
                });
                QVERIFY2(page.ok(), qPrintable(page.error.toString()));
                QByteArray encoded;
                QDataStream stream(&encoded, QIODevice::WriteOnly);
                stream << page;
                answers[sequential].append(encoded);
            }
            for (const QByteArray& read : dataNodeReads(server))
                largest[sequential] = std::max(largest[sequential], parameter(read, "length"));
            requests[sequential] = int(dataNodeReads(server).size());
            if (sequential)
                QVERIFY((*store)->stats().readAheadBlocks > 0);
            qInfo("%s: %d requests, the largest %lld bytes", sequential ? "sequential" : "default",
                requests[sequential], largest[sequential]);
        }
        QCOMPARE(answers[1], answers[0]);
        QVERIFY(requests[1] < requests[0]);
        QVERIFY(largest[1] >= largest[0]);
    }
};

QTEST_GUILESS_MAIN(tst_LazyParallel)
#include "tst_lazyparallel.moc"

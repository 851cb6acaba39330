// SPDX-License-Identifier: MIT
#pragma once

#include "lazy/rangesource.h"
#include "webhdfs/hdfsfilestatus.h"
#include "webhdfs/webhdfsconfig.h"

#include <QString>
#include <QThread>
#include <atomic>
#include <memory>

namespace H5Hdfs {

class RangeFetcher;

/// Byte ranges of one WebHDFS file, for a lazily opened file (BlockStore). Reads use
/// OPEN&offset=&length=. The first asks the NameNode; its redirect names a DataNode whose WebHDFS
/// serves any offset of the file, so later reads go straight there with a new offset and length
/// (one NameNode request per file, not per block), over a kept-alive connection where the server
/// allows it. When that DataNode fails, or its token is refused, the NameNode is asked again
/// (excluding an unreachable DataNode). HttpFS and Knox answer the NameNode request with the bytes.
/// A file whose length or modification time differ from the ones seen at open fails every read
/// with "x.h5 changed on HDFS since it was opened".
///
/// Independent ranges asked for together (readRanges) are fetched at the same time, up to
/// kParallelReads requests in flight, each on its own connection; ranges asked for from several
/// threads share that bound. The network runs on the source's own thread with its own client
/// (same configuration), so the threads that read never depend on another thread's event loop.
class WebHdfsRangeSource : public RangeSource {
public:
    struct Options {
        /// How often the file's status is checked again during reads (a NameNode request); a
        /// length that differs from the expected one is checked at once.
        std::chrono::milliseconds revalidateEvery {30'000};
    };
    /// Requests in flight at most: a few connections, as the issue asks (browsers allow 6 per
    /// host, Qt as many); more would compete for the same link and the DataNode's threads.
    static constexpr int kParallelReads = 4;

    struct Stats {
        int nameNodeOpens = 0; ///< OPEN requests to the NameNode (or HttpFS/Knox)
        int dataNodeReads = 0; ///< reads straight from a remembered DataNode
        int statusChecks = 0;  ///< GETFILESTATUS during reads
        qint64 bytes = 0;      ///< body bytes received
        int peakInFlight = 0;  ///< the most ranges fetched at the same time
    };

    /// `status` is the file as seen when it was opened (GETFILESTATUS or a listing).
    WebHdfsRangeSource(
        WebHdfsConfig config, QString path, const HdfsFileStatus& status, Options options);
    WebHdfsRangeSource(WebHdfsConfig config, QString path, const HdfsFileStatus& status)
        : WebHdfsRangeSource(std::move(config), std::move(path), status, Options {})
    {
    }
    ~WebHdfsRangeSource() override;
    WebHdfsRangeSource(const WebHdfsRangeSource&) = delete;
    WebHdfsRangeSource& operator=(const WebHdfsRangeSource&) = delete;

    [[nodiscard]] qint64 size() const override { return m_length; }
    Status read(qint64 offset, qint64 length, char* into, const FetchLimits& limits) override;
    Status readRanges(const QList<RangeRead>& ranges, const FetchLimits& limits) override;
    [[nodiscard]] Stats stats() const;

private:
    QString m_name;
    qint64 m_length = 0;
    QThread m_thread;
    RangeFetcher* m_fetcher = nullptr; ///< lives in m_thread
};

} // namespace H5Hdfs

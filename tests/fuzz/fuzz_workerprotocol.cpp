// SPDX-License-Identifier: MIT
// The worker protocol (core/shared/h5workerprotocol.*) on arbitrary bytes, on both sides of the pipe:
// readFrame() on a pipe holding the bytes (the service reading a worker's reply, the worker reading
// a request), then the payload decoded as an H5Request (engine/worker/h5workerserver.cpp) and as an
// H5Response (service/h5workerprocess.cpp). A crashed or compromised worker controls every byte the
// service reads. Invariants: no crash, no hang, no unbounded allocation; a frame read is exactly what
// its header announced; whatever decodes re-encodes to bytes that decode to the same encoding again.
//
// `fuzz_workerprotocol --write-seeds=DIR` writes well-formed frames to start from.
#include "fuzzcheck.h"
#include "h5request.h"
#include "h5workerprotocol.h"
#include "lazyprotocol.h"

#include <fcntl.h>
#include <new>
#include <unistd.h>

using namespace H5Hdfs;

using namespace H5WorkerProtocol;

namespace {

QByteArray frameBytes(FrameType type, const QByteArray& payload)
{
    int fds[2];
    if (::pipe(fds) != 0)
        std::abort();
    FUZZ_CHECK(writeFrame(fds[1], type, payload));
    ::close(fds[1]);
    QByteArray out;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
        out.append(buffer, n);
    ::close(fds[0]);
    return out;
}

template <typename T> void roundTrip(const QByteArray& payload)
{
    T value;
    // By default an allocation over -rss_limit_mb is reported as a crash before this could catch it.
    // Run with ASAN_OPTIONS=allocator_may_return_null=1 -malloc_limit_mb=1000000 to look past it.
    try {
        if (!decode(payload, value))
            return;
    } catch (const std::bad_alloc&) {
        return;
    }
    const QByteArray once = encode(value);
    T again;
    FUZZ_CHECK(decode(once, again));
    FUZZ_CHECK(encode(again) == once);
}

void writeSeeds(const QString& dir)
{
    PageRequest page;
    page.rowStart = 10;
    page.rowCount = 100;
    page.colCount = 3;
    const H5Request requests[] = {H5Request::open(), H5Request::listChildren(QStringLiteral("/group")),
        H5Request::info(QStringLiteral("/data/x")), H5Request::readPage(QStringLiteral("/d"), page),
        H5Request::find(QStringLiteral("*ü?")), H5Request::describeTable(QStringLiteral("/df")),
        H5Request::readTable(QStringLiteral("/df"), page), H5Request::plotOf(QStringLiteral("/img"), PlotRequest {})};
    int i = 0;
    for (const H5Request& r : requests)
        Fuzz::writeSeed(dir, QStringLiteral("request-%1").arg(i++), frameBytes(FrameType::Request, encode(r)));

    H5Response error;
    error.error = Error(Error::Code::NotFound, QStringLiteral("Not found: /x"), QStringLiteral("detail"));
    Fuzz::writeSeed(dir, QStringLiteral("response-error"), frameBytes(FrameType::Response, encode(error)));

    H5Response children;
    H5Node node;
    node.name = QStringLiteral("x");
    node.path = QStringLiteral("/x");
    node.kind = NodeKind::Dataset;
    node.shape = {3, 4};
    node.typeName = QStringLiteral("float64");
    children.children = {node, node};
    Fuzz::writeSeed(dir, QStringLiteral("response-children"), frameBytes(FrameType::Response, encode(children)));

    H5Response info;
    info.info.path = QStringLiteral("/x");
    info.info.kind = NodeKind::Dataset;
    info.info.dataset.shape = {3};
    info.info.attributes = {Attribute {QStringLiteral("a"), QStringLiteral("int32"), {1}, QStringLiteral("7")}};
    Fuzz::writeSeed(dir, QStringLiteral("response-info"), frameBytes(FrameType::Response, encode(info)));

    H5Response slice;
    slice.page.rowCount = 2;
    slice.page.colCount = 3;
    ColumnData ints, reals, texts;
    ints.kind = CellKind::Int;
    ints.ints = {1, -2};
    reals.kind = CellKind::Float64;
    reals.reals = {0.5, 1e300};
    texts.kind = CellKind::Text;
    texts.texts = {QStringLiteral("a"), QStringLiteral("b,c")};
    slice.page.columns = {ints, reals, texts};
    Fuzz::writeSeed(dir, QStringLiteral("response-slice"), frameBytes(FrameType::Response, encode(slice)));

    H5Response table;
    table.table.kind = QStringLiteral("DataFrame");
    table.table.layout = QStringLiteral("fixed");
    table.table.rows = 2;
    table.table.columns = {ColumnSpec {QStringLiteral("a"), CellKind::Int, QStringLiteral("int64")}};
    Fuzz::writeSeed(dir, QStringLiteral("response-table"), frameBytes(FrameType::Response, encode(table)));

    H5Response plot;
    plot.plot.kind = PlotRequest::Kind::Image;
    plot.plot.imageRows = 1;
    plot.plot.imageCols = 2;
    plot.plot.pixels = {0.5, -1};
    plot.plot.counts = {3, 4};
    Fuzz::writeSeed(dir, QStringLiteral("response-plot"), frameBytes(FrameType::Response, encode(plot)));

    Fuzz::writeSeed(dir, QStringLiteral("progress"),
        frameBytes(FrameType::Progress, encode(QList<qint64> {5, 10})));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    if (const QString dir = Fuzz::seedDirectory(*argc, *argv); !dir.isEmpty()) {
        writeSeeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // A pipe holds 64 KiB without a reader; larger inputs are not more interesting.
    if (size > 60000)
        return 0;
    int fds[2];
    if (::pipe(fds) != 0)
        std::abort();
    FUZZ_CHECK(::write(fds[1], data, size) == ssize_t(size));
    ::close(fds[1]);
    Frame frame;
    const ReadStatus status
        = readFrame(fds[0], frame, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    ::close(fds[0]);
    FUZZ_CHECK(status == ReadStatus::Ok || status == ReadStatus::Closed || status == ReadStatus::Corrupt);

    if (status == ReadStatus::Ok) {
        FUZZ_CHECK(quint8(frame.type) >= 1 && quint8(frame.type) <= kLastFrameType);
        FUZZ_CHECK(size >= 11 && frame.payload.size() <= qsizetype(size - 11));
        FUZZ_CHECK(frame.payload == Fuzz::bytes(data + 11, size_t(frame.payload.size())));
    }
    // Both decoders on the payload if a frame was read, else on the raw bytes.
    const QByteArray payload = status == ReadStatus::Ok ? frame.payload : Fuzz::bytes(data, size);
    roundTrip<H5Request>(payload);
    roundTrip<H5Response>(payload);
    roundTrip<LazyProtocol::LazyOpen>(payload); // lazy files: what each side decodes
    roundTrip<LazyProtocol::BlockRequest>(payload);
    roundTrip<LazyProtocol::BlockReply>(payload);
    // Progress payloads (QList<qint64>) are never decoded: the service only notes that one came.
    return 0;
}

// SPDX-License-Identifier: MIT
#pragma once

// The wire between H5Service and h5hdfs-worker: frames over a pipe, each a small header and a
// QDataStream payload. Versioned, so a stale worker binary is detected instead of misread.

#include "result.h"

#include <QByteArray>
#include <QDataStream>
#include <QIODevice>
#include <atomic>
#include <chrono>

namespace H5Hdfs {

namespace H5WorkerProtocol {

constexpr quint32 kMagic = 0x48355757; // "H5WW"
// 5: attributes say whether their dataspace is null; 6: netCDF dimensions, CF unpacking, page labels;
// 7: lazy files (LazyOpen, BlockRequest, BlockReply) and plot reductions (H5Request::Plot);
// 8: a text column travels as one block (lengths, then UTF-16 units), not as a QStringList;
// 9: a listing's table summary is values (TableSummary), not text;
// 10: lines along a column (PlotRequest::xColumn, xMin, xMax; PlotData::byX, xTime, xMin, xMax)
constexpr quint16 kVersion = 10;
/// The largest payload either side accepts; a page is at most 64 MiB of elements plus its text.
constexpr quint32 kMaxPayload = 512u << 20;

enum class FrameType : quint8 {
    Request = 1,  ///< client -> worker: an H5Request
    Response = 2, ///< worker -> client: an H5Response
    Progress = 3, ///< worker -> client: qint64 done, qint64 total; extends the request's deadline
    // Lazy files (lazyprotocol.h): the worker reads blocks its supervisor fetches into shared memory.
    LazyOpen = 4,     ///< client -> worker, first frame: LazyProtocol::LazyOpen
    BlockRequest = 5, ///< worker -> client: LazyProtocol::BlockRequest; the worker waits for the reply
    BlockReply = 6,   ///< client -> worker: LazyProtocol::BlockReply
};
constexpr quint8 kLastFrameType = quint8(FrameType::BlockReply);

struct Frame {
    FrameType type = FrameType::Request;
    QByteArray payload;
};

/// How a blocking read of one frame ended.
enum class ReadStatus { Ok, Closed, TimedOut, Corrupt, Cancelled };

/// Writes one frame; false when the other side is gone.
bool writeFrame(int fd, FrameType type, const QByteArray& payload);
/// Reads one frame, waiting at most until `deadline` (polling `cancel`, if given, every 50 ms).
ReadStatus readFrame(int fd, Frame& frame, std::chrono::steady_clock::time_point deadline,
    const std::atomic_bool* cancel = nullptr);

/// What the service asks of the template worker on their socket (H5WorkerZygote::fork), beside the
/// new worker's stdin, stdout, stderr and image descriptors: one message of this fixed size.
struct ForkRequest {
    qint64 imageSize = 0;
    qint64 memoryBudget = 0;
    char fileName[240] = {}; ///< for the worker's process title; NUL-terminated, cut to fit
    /// A spare worker, forked before its file is known: its fourth descriptor is a socket on which
    /// one more ForkRequest comes later, with the image descriptor (SpareWorkers). Until then it
    /// has read no file; if the socket closes first, it exits.
    qint32 awaitsImage = 0;
};

/// Encodes `value` into `bytes`, replacing what they held but keeping their memory: the worker
/// encodes every reply into the same buffer, because a page's reply is tens of MiB and fresh memory
/// costs a page fault per 4 KiB plus a copy at each doubling (issue 18). libhdf5 never reads it.
template <typename T> void encodeInto(QByteArray& bytes, const T& value)
{
    bytes.resize(0); // keeps the capacity
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << value;
}

template <typename T> QByteArray encode(const T& value)
{
    QByteArray bytes;
    encodeInto(bytes, value);
    return bytes;
}

template <typename T> bool decode(const QByteArray& bytes, T& value)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    in >> value;
    return in.status() == QDataStream::Ok && in.atEnd();
}

} // namespace H5WorkerProtocol

} // namespace H5Hdfs

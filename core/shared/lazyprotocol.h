// SPDX-License-Identifier: MIT
#pragma once

// The lazy-file part of the worker protocol: a worker serving a file it does not hold reads its
// bytes from a block cache in shared memory that its supervisor fills. The worker asks for blocks
// it is missing (BlockRequest) and waits; the supervisor fetches them, writes them into slots of
// the shared cache and answers where they are (BlockReply). The frames are H5WorkerProtocol's
// LazyOpen, BlockRequest and BlockReply.

#include "error.h"

#include <QDataStream>
#include <QList>
#include <QString>

namespace H5Hdfs {

namespace LazyProtocol {

/// The first frame to a lazy worker: what the file is and how the shared cache is cut. The worker
/// maps the cache (slotCount * blockSize bytes) where it would map a whole image.
struct LazyOpen {
    qint64 fileSize = 0;
    qint64 blockSize = 0;
    qint32 slotCount = 0;
    qint64 firstFetchBytes = 0; ///< what the first request brings at least (the file's start)
    QString name;               ///< for messages
};

/// Worker -> supervisor: blocks firstBlock .. firstBlock + count - 1 are wanted (consecutive).
struct BlockRequest {
    qint64 firstBlock = 0;
    qint32 count = 0;
};

/// Supervisor -> worker: where each wanted block now is (slot index, in order), and the blocks
/// whose slots were reused for them (the worker forgets those). On error, no slots.
struct BlockReply {
    Error error;
    QList<qint32> slots;
    QList<qint64> evicted;
};

QDataStream& operator<<(QDataStream& out, const LazyOpen& v);
QDataStream& operator>>(QDataStream& in, LazyOpen& v);
QDataStream& operator<<(QDataStream& out, const BlockRequest& v);
QDataStream& operator>>(QDataStream& in, BlockRequest& v);
QDataStream& operator<<(QDataStream& out, const BlockReply& v);
QDataStream& operator>>(QDataStream& in, BlockReply& v);

/// Whether the parameters describe a cache a worker can use (sizes positive, slots fit in memory).
bool isValid(const LazyOpen& open);

} // namespace LazyProtocol

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "lazyprotocol.h"

#include "h5types.h"

namespace H5Hdfs {

namespace LazyProtocol {

QDataStream& operator<<(QDataStream& out, const LazyOpen& v)
{
    return out << v.fileSize << v.blockSize << v.slotCount << v.firstFetchBytes << v.name;
}

QDataStream& operator>>(QDataStream& in, LazyOpen& v)
{
    return in >> v.fileSize >> v.blockSize >> v.slotCount >> v.firstFetchBytes >> v.name;
}

QDataStream& operator<<(QDataStream& out, const BlockRequest& v)
{
    return out << v.firstBlock << v.count;
}

QDataStream& operator>>(QDataStream& in, BlockRequest& v)
{
    return in >> v.firstBlock >> v.count;
}

QDataStream& operator<<(QDataStream& out, const BlockReply& v)
{
    return out << v.error << v.slots << v.evicted;
}

QDataStream& operator>>(QDataStream& in, BlockReply& v)
{
    // Lists item by item (H5Stream::readList): Qt's operator>> reserves the count it reads first,
    // and a corrupt count made it allocate gigabytes (found by fuzz_workerprotocol).
    in >> v.error;
    H5Stream::readList(in, v.slots);
    return H5Stream::readList(in, v.evicted);
}

bool isValid(const LazyOpen& open)
{
    constexpr qint64 kMaxBlock = 64LL << 20;
    return open.fileSize >= 0 && open.firstFetchBytes >= 0 && open.blockSize > 0 && open.blockSize <= kMaxBlock && open.slotCount > 0
        && open.blockSize * open.slotCount <= (qint64(1) << 40);
}

} // namespace LazyProtocol

} // namespace H5Hdfs

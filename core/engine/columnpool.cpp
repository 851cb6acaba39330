// SPDX-License-Identifier: MIT
#include "columnpool.h"

#include <QMutex>
#include <algorithm>
#include <vector>

namespace H5Hdfs {

namespace ColumnPool {

namespace {

struct Kept {
    std::vector<std::vector<qint64>> ints;
    std::vector<std::vector<quint64>> uints;
    std::vector<std::vector<double>> reals;
    qint64 bytes = 0;
};

QMutex g_mutex;
Kept g_kept;

template <typename T> void keep(std::vector<std::vector<T>>& kept, std::vector<T>& v, qint64& bytes)
{
    const qint64 size = qint64(v.capacity() * sizeof(T));
    if (size == 0 || bytes + size > kMaxKeptBytes)
        return; // freed with the page
    v.clear();
    kept.push_back(std::move(v));
    v = {};
    bytes += size;
}

// The largest kept vector, emptied (pages come one after another, so all are usually the same size).
template <typename T> std::vector<T> take(std::vector<std::vector<T>>& kept, qint64& bytes)
{
    if (kept.empty())
        return {};
    const auto largest = std::max_element(kept.begin(), kept.end(),
        [](const std::vector<T>& a, const std::vector<T>& b) { return a.capacity() < b.capacity(); });
    std::vector<T> v = std::move(*largest);
    kept.erase(largest);
    bytes -= qint64(v.capacity() * sizeof(T));
    return v;
}

} // namespace

void giveBack(Page& page)
{
    Kept next;
    for (ColumnData& column : page.columns) {
        keep(next.ints, column.ints, next.bytes);
        keep(next.uints, column.uints, next.bytes);
        keep(next.reals, column.reals, next.bytes);
    }
    if (next.bytes == 0)
        return; // a reply without numbers (an info, a listing) leaves the kept memory for the next page
    Kept old;
    {
        const QMutexLocker lock(&g_mutex);
        std::swap(old, g_kept);
        g_kept = std::move(next);
    }
    // `old` is freed here, outside the lock.
}

void reserve(ColumnData& column, qint64 n)
{
    {
        const QMutexLocker lock(&g_mutex);
        switch (column.kind) {
        case CellKind::Int: column.ints = take(g_kept.ints, g_kept.bytes); break;
        case CellKind::UInt: column.uints = take(g_kept.uints, g_kept.bytes); break;
        case CellKind::Float32:
        case CellKind::Float64: column.reals = take(g_kept.reals, g_kept.bytes); break;
        case CellKind::Text: break;
        }
    }
    column.reserve(n);
}

} // namespace ColumnPool

} // namespace H5Hdfs

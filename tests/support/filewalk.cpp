// SPDX-License-Identifier: MIT
#include "filewalk.h"

#include "h5workerprotocol.h"

#include <QSet>

namespace H5Hdfs {

namespace FileWalk {
namespace {

constexpr qint64 kPageRows = 200;
constexpr qint64 kPageColumns = 50;

QByteArray recorded(const H5Response& response)
{
    if (response.error.isError())
        return "error " + Error::codeName(response.error.code).toUtf8();
    return H5WorkerProtocol::encode(response);
}

void walk(const Call& call, const QString& group, QSet<quint64>& seen, QByteArrayList& out)
{
    const H5Response listing = call(H5Request::listChildren(group));
    out << recorded(listing);
    for (const H5Node& node : listing.children) {
        const H5Response info = call(H5Request::info(node.path));
        out << recorded(info);
        if (node.kind == NodeKind::Group && !seen.contains(node.address)) {
            seen.insert(node.address);
            walk(call, node.path, seen, out);
        } else if (node.kind == NodeKind::Dataset && info.ok()) {
            const DimView view = DimView::defaultFor(info.info.dataset.rank());
            const TableGeometry g = TableGeometry::of(info.info.dataset, view);
            out << recorded(call(H5Request::readPage(
                node.path, {view, 0, qMin(g.rows, kPageRows), 0, qMin(g.cols, kPageColumns)})));
        }
        if (!node.tableSummary.isEmpty()) {
            const H5Response table = call(H5Request::describeTable(node.path));
            out << recorded(table);
            if (table.ok())
                out << recorded(call(H5Request::readTable(node.path,
                    {{}, 0, qMin(table.table.rows, kPageRows), 0, qMin<qint64>(table.table.columns.size(), kPageColumns)})));
        }
    }
}

} // namespace

QByteArrayList transcript(const Call& call)
{
    QByteArrayList out;
    const H5Response root = call(H5Request::open());
    out << recorded(root);
    if (!root.ok())
        return out;
    out << recorded(call(H5Request::info(QStringLiteral("/"))));
    QSet<quint64> seen;
    walk(call, QStringLiteral("/"), seen, out);
    return out;
}

} // namespace FileWalk

} // namespace H5Hdfs

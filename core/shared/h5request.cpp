// SPDX-License-Identifier: MIT
#include "h5request.h"

#include <QDataStream>

namespace H5Hdfs {

QString H5Request::describe() const
{
    switch (kind) {
    case Kind::Open: return QStringLiteral("opening the file");
    case Kind::ListChildren: return QStringLiteral("listing %1").arg(path);
    case Kind::Info: return QStringLiteral("inspecting %1").arg(path);
    case Kind::ReadPage: return QStringLiteral("reading %1").arg(path);
    case Kind::Find: return QStringLiteral("searching for %1").arg(path);
    case Kind::DescribeTable: return QStringLiteral("reading the table layout of %1").arg(path);
    case Kind::ReadTable: return QStringLiteral("reading the table %1").arg(path);
    case Kind::Plot: return QStringLiteral("plotting %1").arg(path);
    }
    return path;
}

QDataStream& operator<<(QDataStream& out, const H5Request& v)
{
    return out << quint8(v.kind) << v.path << v.page << v.plot;
}

QDataStream& operator>>(QDataStream& in, H5Request& v)
{
    quint8 kind = 0;
    in >> kind >> v.path >> v.page >> v.plot;
    if (kind > quint8(H5Request::Kind::Plot))
        in.setStatus(QDataStream::ReadCorruptData);
    v.kind = H5Request::Kind(kind);
    return in;
}

QDataStream& operator<<(QDataStream& out, const H5Response& v)
{
    return out << v.error << v.children << v.info << v.page << v.table << v.plot;
}

QDataStream& operator>>(QDataStream& in, H5Response& v)
{
    in >> v.error;
    H5Stream::readList(in, v.children);
    return in >> v.info >> v.page >> v.table >> v.plot;
}

} // namespace H5Hdfs

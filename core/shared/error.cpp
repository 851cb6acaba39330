// SPDX-License-Identifier: MIT
#include "error.h"

#include <QDataStream>

namespace H5Hdfs {

QString Error::toString() const
{
    if (detail.isEmpty() || detail == message)
        return message;
    QString oneLine = detail;
    oneLine.replace(QLatin1Char('\n'), QLatin1String("; "));
    return message + QLatin1String(" (") + oneLine + QLatin1Char(')');
}

Error Error::prefixed(const QString& context) const
{
    Error e = *this;
    e.message = context + QLatin1String(": ") + message;
    e.subject = context;
    return e;
}

Error Error::about(const QString& what) const
{
    Error e = *this;
    e.subject = what;
    return e;
}

QString Error::codeName(Code c)
{
    switch (c) {
    case Code::None: return QStringLiteral("none");
    case Code::Cancelled: return QStringLiteral("cancelled");
    case Code::NotHdf5: return QStringLiteral("not-hdf5");
    case Code::Truncated: return QStringLiteral("truncated");
    case Code::Corrupt: return QStringLiteral("corrupt");
    case Code::FilterMissing: return QStringLiteral("filter-missing");
    case Code::NotFound: return QStringLiteral("not-found");
    case Code::OutOfRange: return QStringLiteral("out-of-range");
    case Code::NotATable: return QStringLiteral("not-a-table");
    case Code::TooLarge: return QStringLiteral("too-large");
    case Code::Unsupported: return QStringLiteral("unsupported");
    case Code::Io: return QStringLiteral("io");
    case Code::Hdf5: return QStringLiteral("hdf5");
    case Code::WorkerCrashed: return QStringLiteral("worker-crashed");
    case Code::WorkerHung: return QStringLiteral("worker-hung");
    case Code::Internal: return QStringLiteral("internal");
    case Code::PermissionDenied: return QStringLiteral("permission-denied");
    case Code::AuthenticationFailed: return QStringLiteral("authentication-failed");
    case Code::Network: return QStringLiteral("network");
    case Code::Tls: return QStringLiteral("tls");
    case Code::ServerError: return QStringLiteral("server-error");
    case Code::Protocol: return QStringLiteral("protocol");
    case Code::Standby: return QStringLiteral("standby");
    case Code::Retriable: return QStringLiteral("retriable");
    case Code::InvalidArgument: return QStringLiteral("invalid-argument");
    }
    return QStringLiteral("unknown");
}

QDataStream& operator<<(QDataStream& out, const Error& e)
{
    return out << quint8(e.code) << e.message << e.detail;
}

QDataStream& operator>>(QDataStream& in, Error& e)
{
    quint8 code = 0;
    in >> code >> e.message >> e.detail;
    e.code = code <= Error::kLastCode ? Error::Code(code) : Error::Code::Internal;
    return in;
}

} // namespace H5Hdfs

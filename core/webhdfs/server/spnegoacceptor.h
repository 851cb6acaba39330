// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace H5Hdfs {

/// The server side, for the local test server: accepts one client token with the keytab's keys.
namespace SpnegoAcceptor {

struct Accepted {
    QString principal;   ///< the client, e.g. alice@EXAMPLE.COM
    QByteArray response; ///< "Negotiate <base64>" for the mutual-authentication reply, or empty
};
/// `authorization` is the request's Authorization header; `keytab` empty: $KRB5_KTNAME.
Result<Accepted> accept(const QByteArray& authorization, const QString& keytab);

} // namespace SpnegoAcceptor

} // namespace H5Hdfs

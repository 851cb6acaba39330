// SPDX-License-Identifier: MIT
#pragma once

// Internal to core/webhdfs and its local server: GSSAPI's status codes and buffers as Qt values, for
// the SPNEGO client (spnego.cpp) and the local server's acceptor (server/spnegoacceptor.cpp).

#include <QByteArray>
#include <QString>
#include <gssapi/gssapi.h>

namespace H5Hdfs {

namespace GssText {

/// The GSSAPI major and minor status in words, for Error::detail.
QString detail(OM_uint32 major, OM_uint32 minor);
/// The buffer's bytes; the buffer is released.
QByteArray take(gss_buffer_desc& buffer);

} // namespace GssText

} // namespace H5Hdfs

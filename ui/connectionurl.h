// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace H5Hdfs {

/// The connection bar's text as the user typed it, split into the part that names the server
/// (scheme, NameNodes, a Knox gateway's /webhdfs/v1 prefix) and the HDFS path after it, so the
/// bar can follow the browser in the user's own form (hdfs://prod/..., not the REST URL).
namespace ConnectionUrl {

/// Everything before the HDFS path: "webhdfs://nn:9870" for "webhdfs://nn:9870/data",
/// "https://knox:8443/gateway/default/webhdfs/v1" for a Knox URL, "" for a bare path.
QString server(const QString& typed);
/// True when the text names a path, "/" included; false for a bare "webhdfs://nn:9870".
bool namesPath(const QString& typed);
/// `server` followed by `path`, percent-encoded where a URL needs it.
QString withPath(const QString& server, const QString& path);

} // namespace ConnectionUrl

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "webhdfs/hdfsfilestatus.h"

namespace H5Hdfs {

QString HdfsFileStatus::permissionText() const
{
    QString text;
    for (int shift : {6, 3, 0}) {
        const int bits = (permission >> shift) & 7;
        text += QLatin1Char(bits & 4 ? 'r' : '-');
        text += QLatin1Char(bits & 2 ? 'w' : '-');
        text += QLatin1Char(bits & 1 ? 'x' : '-');
    }
    if (permission & 01000)
        text[8] = (permission & 1) ? QLatin1Char('t') : QLatin1Char('T');
    return aclBit ? text + QLatin1Char('+') : text;
}

} // namespace H5Hdfs

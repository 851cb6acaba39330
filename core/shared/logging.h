// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace H5Hdfs {

Q_DECLARE_LOGGING_CATEGORY(lcH5)
Q_DECLARE_LOGGING_CATEGORY(lcCsv)
Q_DECLARE_LOGGING_CATEGORY(lcWebHdfs)

} // namespace H5Hdfs

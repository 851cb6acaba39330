// SPDX-License-Identifier: MIT
#include "logging.h"

namespace H5Hdfs {

Q_LOGGING_CATEGORY(lcH5, "h5hdfs.hdf5", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCsv, "h5hdfs.csv", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWebHdfs, "h5hdfs.webhdfs", QtWarningMsg)

} // namespace H5Hdfs

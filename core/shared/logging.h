// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcH5)
Q_DECLARE_LOGGING_CATEGORY(lcCsv)
Q_DECLARE_LOGGING_CATEGORY(lcWebHdfs)

// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>

/// Every size the viewer shows, in one style: "120.2 KiB", in the user's locale.
inline QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

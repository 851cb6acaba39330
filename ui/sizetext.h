// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>

/// The sizes the browser, its properties and the downloads show: "120.2 KiB", in the user's locale.
/// (The Metadata tab and the status bar use H5Describe::bytes, as the CLI does.)
inline QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

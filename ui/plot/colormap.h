// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QRgb>
#include <QStringList>

namespace H5Hdfs {

/// A colour table of 256 entries, loaded from the tables in resources/colormaps (generated from
/// their published definitions by tools/make_colormaps.py).
class Colormap {
public:
    /// viridis, inferno, gray, coolwarm (diverging), in that order.
    static QStringList names();
    /// The table by name; an unknown name gives an empty (invalid) map.
    static Colormap byName(const QString& name);

    [[nodiscard]] bool isValid() const { return m_colors.size() == 256; }
    [[nodiscard]] const QString& name() const { return m_name; }
    /// The colour at t in [0, 1] (clamped); NaN gives transparent.
    [[nodiscard]] QRgb at(double t) const;

private:
    QString m_name;
    QList<QRgb> m_colors;
};

} // namespace H5Hdfs

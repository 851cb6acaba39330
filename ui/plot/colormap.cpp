// SPDX-License-Identifier: MIT
#include "colormap.h"

#include <QFile>
#include <QHash>
#include <QMutex>
#include <cmath>

namespace H5Hdfs {

QStringList Colormap::names()
{
    return {QStringLiteral("viridis"), QStringLiteral("inferno"), QStringLiteral("gray"), QStringLiteral("coolwarm")};
}

Colormap Colormap::byName(const QString& name)
{
    // Each table is read once from the resources; maps are small values, copied freely.
    static QMutex mutex;
    static QHash<QString, Colormap> loaded;
    const QMutexLocker lock(&mutex);
    if (const auto it = loaded.constFind(name); it != loaded.cend())
        return *it;
    Colormap map;
    QFile file(QStringLiteral(":/colormaps/%1.txt").arg(name));
    if (!names().contains(name) || !file.open(QIODevice::ReadOnly | QIODevice::Text))
        return map;
    map.m_name = name;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> rgb = line.split(' ');
        if (rgb.size() == 3)
            map.m_colors.append(qRgb(rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt()));
    }
    if (map.isValid())
        loaded.insert(name, map);
    return map;
}

QRgb Colormap::at(double t) const
{
    if (std::isnan(t) || m_colors.isEmpty())
        return qRgba(0, 0, 0, 0);
    const auto i = qsizetype(std::lround(std::clamp(t, 0.0, 1.0) * double(m_colors.size() - 1)));
    return m_colors[i];
}

} // namespace H5Hdfs

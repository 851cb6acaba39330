// SPDX-License-Identifier: MIT
#include "timezones.h"

#include <QDir>
#include <QDirIterator>
#include <QHash>
#include <mutex>

namespace H5Hdfs {

namespace TimeZones {
namespace {

struct Loaded {
    std::once_flag once;
    QHash<QByteArray, QTimeZone> zones;
};

Loaded& loaded()
{
    static Loaded instance;
    return instance;
}

// Qt lists only the zones of zone.tab, without the aliases and legacy names pandas files also
// carry ("CET", "US/Eastern", "EST5EDT", "Etc/GMT-2"): those are the other files of the zone
// database. posix/ and right/ repeat the database; lowercase names are its tables.
QList<QByteArray> zoneFileIds()
{
    QList<QByteArray> ids;
    const QString root = qEnvironmentVariable("TZDIR", QStringLiteral("/usr/share/zoneinfo"));
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString id = QDir(root).relativeFilePath(it.next());
        if (id.startsWith(QLatin1String("posix/")) || id.startsWith(QLatin1String("right/"))
            || id.contains(QLatin1Char('.')) || !id.front().isUpper())
            continue;
        ids << id.toUtf8();
    }
    return ids;
}

void load(Loaded& l)
{
    std::call_once(l.once, [&l] {
        for (const QList<QByteArray>& ids : {QTimeZone::availableTimeZoneIds(), zoneFileIds()}) {
            for (const QByteArray& id : ids) {
                if (l.zones.contains(id))
                    continue;
                QTimeZone zone(id);
                if (zone.isValid())
                    l.zones.insert(id, zone);
            }
        }
    });
}

} // namespace

void preloadAll()
{
    load(loaded());
}

std::optional<QTimeZone> find(const QByteArray& ianaId)
{
    Loaded& l = loaded();
    load(l);
    const auto it = l.zones.constFind(ianaId);
    if (it == l.zones.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace TimeZones

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "netcdfattributes.h"

#include <algorithm>

namespace H5Hdfs {

namespace NetCdfAttributes {
namespace {

bool isDimensionScale(const QList<Attribute>& attributes)
{
    return std::any_of(attributes.begin(), attributes.end(), [](const Attribute& a) {
        return a.name == QLatin1String("CLASS") && a.value == QLatin1String("DIMENSION_SCALE");
    });
}

} // namespace

bool isInternal(const Attribute& attribute, const QList<Attribute>& siblings)
{
    // Written by libnetcdf (names starting with "_Netcdf4" or "_nc3", and the file's _NCProperties)
    // and by the Dimension Scales API; a user's own attribute cannot take these names in netCDF.
    static const QStringList internal {QStringLiteral("_NCProperties"), QStringLiteral("_nc3_strict"),
        QStringLiteral("DIMENSION_LIST"), QStringLiteral("REFERENCE_LIST")};
    const QString& name = attribute.name;
    if (internal.contains(name) || name.startsWith(QLatin1String("_Netcdf4")))
        return true;
    return (name == QLatin1String("CLASS") || name == QLatin1String("NAME")) && isDimensionScale(siblings);
}

QList<Attribute> shown(const QList<Attribute>& attributes, bool raw)
{
    if (raw)
        return attributes;
    QList<Attribute> kept;
    for (const Attribute& a : attributes) {
        if (!isInternal(a, attributes))
            kept.append(a);
    }
    return kept;
}

} // namespace NetCdfAttributes

} // namespace H5Hdfs

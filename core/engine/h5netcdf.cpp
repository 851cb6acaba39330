// SPDX-License-Identifier: MIT
#include "h5netcdf.h"

#include "h5fileimage.h"
#include "h5objectinfo.h"
#include "h5reader.h"
#include "numberformat.h"

#include <hdf5.h>

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace H5Hdfs {

namespace H5NetCdf {
namespace {

// netCDF-4 writes this NAME on the scale of a dimension that has no variable; its values are
// meaningless fill, so such a dimension is named by its dataset and labelled by position.
constexpr char kDimensionWithoutVariable[] = "This is a netCDF dimension but not a netCDF variable";
// Attribute values are a handful of numbers; anything longer is not CF metadata.
constexpr hssize_t kMaxAttributeValues = 16;
constexpr size_t kMaxStringAttribute = 4096;

QString stringAttribute(hid_t object, const char* name)
{
    if (H5Aexists(object, name) <= 0)
        return {};
    H5Handle attribute(H5Aopen(object, name, H5P_DEFAULT));
    H5Handle type(attribute ? H5Aget_type(attribute.id()) : -1);
    H5Handle space(attribute ? H5Aget_space(attribute.id()) : -1);
    if (!type || !space || H5Tget_class(type.id()) != H5T_STRING || H5Sget_select_npoints(space.id()) != 1)
        return {};
    if (H5Tis_variable_str(type.id()) > 0) {
        H5Handle memType(H5Tcopy(H5T_C_S1));
        H5Tset_size(memType.id(), H5T_VARIABLE);
        char* text = nullptr;
        if (H5Aread(attribute.id(), memType.id(), &text) < 0 || !text)
            return {};
        const QString value = QString::fromUtf8(text);
        H5free_memory(text);
        return value;
    }
    const size_t size = H5Tget_size(type.id());
    if (size == 0 || size > kMaxStringAttribute)
        return {};
    QByteArray buffer(qsizetype(size), '\0');
    if (H5Aread(attribute.id(), type.id(), buffer.data()) < 0)
        return {};
    return QString::fromUtf8(buffer.constData(), qsizetype(strnlen(buffer.constData(), size)));
}

/// A numeric attribute: its values as doubles, and whether its type is the dataset's stored type.
struct Numbers {
    QList<double> values;
    bool storedType = false;
    bool float32 = false;
};

Numbers numberAttribute(hid_t object, const char* name, hid_t storedType)
{
    Numbers numbers;
    if (H5Aexists(object, name) <= 0)
        return numbers;
    H5Handle attribute(H5Aopen(object, name, H5P_DEFAULT));
    H5Handle type(attribute ? H5Aget_type(attribute.id()) : -1);
    H5Handle space(attribute ? H5Aget_space(attribute.id()) : -1);
    if (!type || !space)
        return numbers;
    const H5T_class_t typeClass = H5Tget_class(type.id());
    const hssize_t n = H5Sget_select_npoints(space.id());
    if ((typeClass != H5T_INTEGER && typeClass != H5T_FLOAT) || n <= 0 || n > kMaxAttributeValues)
        return numbers;
    std::vector<double> values(static_cast<size_t>(n));
    if (H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, values.data()) < 0)
        return numbers;
    numbers.values = QList<double>(values.begin(), values.end());
    numbers.storedType
        = typeClass == H5Tget_class(storedType) && H5Tget_size(type.id()) == H5Tget_size(storedType);
    numbers.float32 = typeClass == H5T_FLOAT && H5Tget_size(type.id()) == 4;
    return numbers;
}

QString numbersText(const QList<double>& values)
{
    QStringList parts;
    for (double v : values)
        parts << NumberFormat::fromDouble(v);
    return parts.join(QStringLiteral(", "));
}

QString searchedPath(hid_t object);

QString objectPath(const H5FileImage& image, hid_t object)
{
    H5O_info_t info;
    const bool known = H5Oget_info2(object, &info, H5O_INFO_BASIC) >= 0;
    if (known) {
        if (const auto it = image.referencedPaths().constFind(quint64(info.addr));
            it != image.referencedPaths().cend())
            return *it;
    }
    const QString path = searchedPath(object);
    if (known)
        image.referencedPaths().insert(quint64(info.addr), path);
    return path;
}

// The library's name for an object: cheap for one opened by name, a visit of the whole file for
// one reached through a reference.
QString searchedPath(hid_t object)
{
    const ssize_t length = H5Iget_name(object, nullptr, 0);
    if (length <= 0)
        return {};
    QByteArray name(qsizetype(length) + 1, '\0');
    H5Iget_name(object, name.data(), size_t(name.size()));
    return QString::fromUtf8(name.constData(), qsizetype(length));
}

Dimension dimensionOf(const H5FileImage& image, hid_t dataset, const hvl_t& references)
{
    Dimension dimension;
    if (references.len == 0 || !references.p)
        return dimension;
    hobj_ref_t reference = 0;
    std::memcpy(&reference, references.p, sizeof reference); // the first scale attached
    H5Handle scale(H5Rdereference2(dataset, H5P_DEFAULT, H5R_OBJECT, &reference));
    if (!scale)
        return dimension;
    const QString path = objectPath(image, scale.id());
    const QString name = stringAttribute(scale.id(), "NAME");
    const QString leaf = path.section(QLatin1Char('/'), -1);
    if (name.startsWith(QLatin1String(kDimensionWithoutVariable))) {
        dimension.name = leaf;
        return dimension;
    }
    dimension.name = name.isEmpty() ? leaf : name;
    dimension.scalePath = path;
    return dimension;
}

QList<qint64> datasetShape(const H5Reader& reader, const QString& path)
{
    const QByteArray name = path.toUtf8();
    H5Handle dataset(H5Dopen2(reader.image().file(), name.constData(), reader.image().datasetAccess()));
    H5Handle space(dataset ? H5Dget_space(dataset.id()) : -1);
    const QList<qint64> shape = space ? H5ObjectInfo::shapeOf(space.id()) : QList<qint64> {};
    H5Errors::takeStack();
    return shape;
}

} // namespace

QList<Dimension> dimensions(const H5FileImage& image, HdfId dataset, int rank)
{
    if (rank == 1 && stringAttribute(dataset, "CLASS") == QLatin1String("DIMENSION_SCALE")) {
        // A coordinate variable (or a dimension without one) is its own dimension: lat(lat).
        const QString name = stringAttribute(dataset, "NAME");
        const bool named = !name.isEmpty() && !name.startsWith(QLatin1String(kDimensionWithoutVariable));
        const QString shown = named ? name : objectPath(image, dataset).section(QLatin1Char('/'), -1);
        H5Errors::takeStack();
        return {Dimension {shown, {}}};
    }
    if (rank <= 0 || H5Aexists(dataset, "DIMENSION_LIST") <= 0) {
        H5Errors::takeStack();
        return {};
    }
    H5Handle attribute(H5Aopen(dataset, "DIMENSION_LIST", H5P_DEFAULT));
    H5Handle type(attribute ? H5Aget_type(attribute.id()) : -1);
    H5Handle space(attribute ? H5Aget_space(attribute.id()) : -1);
    H5Handle base(type ? H5Tget_super(type.id()) : -1);
    // The layout the Dimension Scales specification prescribes, or nothing: one vlen of object
    // references per dimension.
    if (!base || H5Tget_class(type.id()) != H5T_VLEN || H5Tget_class(base.id()) != H5T_REFERENCE
        || H5Sget_select_npoints(space.id()) != rank) {
        H5Errors::takeStack();
        return {};
    }
    H5Handle memType(H5Tvlen_create(H5T_STD_REF_OBJ));
    std::vector<hvl_t> lists(static_cast<size_t>(rank), hvl_t {0, nullptr});
    if (H5Aread(attribute.id(), memType.id(), lists.data()) < 0) {
        H5Errors::takeStack();
        return {};
    }
    QList<Dimension> result;
    for (const hvl_t& references : lists)
        result.append(dimensionOf(image, dataset, references));
    H5Dvlen_reclaim(memType.id(), space.id(), H5P_DEFAULT, lists.data());
    H5Errors::takeStack();
    return result;
}

void describe(const H5FileImage& image, HdfId dataset, DatasetInfo& info)
{
    const QList<Dimension> dims = dimensions(image, dataset, info.rank());
    for (const Dimension& d : dims) {
        info.dimensions.append(d.name);
        info.dimensionScales.append(d.scalePath);
    }
    if (std::all_of(dims.begin(), dims.end(), [](const Dimension& d) { return d.scalePath.isEmpty(); }))
        info.dimensionScales.clear();
    const Packing p = packing(dataset);
    info.packing = p.text;
    info.unpackedKind = p.kind;
}

Packing packing(HdfId dataset)
{
    Packing p;
    H5Handle type(H5Dget_type(dataset));
    const H5T_class_t typeClass = type ? H5Tget_class(type.id()) : H5T_NO_CLASS;
    if (typeClass != H5T_INTEGER && typeClass != H5T_FLOAT) {
        H5Errors::takeStack();
        return p;
    }
    const hid_t stored = type.id();
    const Numbers scale = numberAttribute(dataset, "scale_factor", stored);
    const Numbers offset = numberAttribute(dataset, "add_offset", stored);
    const Numbers fill = numberAttribute(dataset, "_FillValue", stored);
    const Numbers missing = numberAttribute(dataset, "missing_value", stored);
    const Numbers validMin = numberAttribute(dataset, "valid_min", stored);
    const Numbers validMax = numberAttribute(dataset, "valid_max", stored);
    const Numbers validRange = numberAttribute(dataset, "valid_range", stored);
    H5Errors::takeStack();

    QStringList parts;
    p.scaled = !scale.values.isEmpty() || !offset.values.isEmpty();
    p.scale = scale.values.value(0, 1.0);
    p.offset = offset.values.value(0, 0.0);
    if (p.scaled) {
        parts << QStringLiteral("× %1 + %2")
                     .arg(NumberFormat::fromDouble(p.scale), NumberFormat::fromDouble(p.offset));
        // float32 scale and offset make float32 values, as netCDF4-python and xarray give them.
        const bool narrow
            = (scale.values.isEmpty() || scale.float32) && (offset.values.isEmpty() || offset.float32);
        p.kind = narrow ? CellKind::Float32 : CellKind::Float64;
    } else {
        p.kind = typeClass == H5T_FLOAT && H5Tget_size(stored) == 4 ? CellKind::Float32 : CellKind::Float64;
    }
    QStringList missingParts;
    if (!fill.values.isEmpty()) {
        p.missing << fill.values[0];
        missingParts << QStringLiteral("_FillValue %1").arg(NumberFormat::fromDouble(fill.values[0]));
    }
    if (!missing.values.isEmpty()) {
        p.missing << missing.values;
        missingParts << QStringLiteral("missing_value %1").arg(numbersText(missing.values));
    }
    if (validRange.values.size() == 2) {
        p.validMin = validRange.values[0];
        p.validMax = validRange.values[1];
        p.validInStoredUnits = validRange.storedType;
        missingParts << QStringLiteral("outside valid_range [%1]").arg(numbersText(validRange.values));
    } else {
        if (!validMin.values.isEmpty()) {
            p.validMin = validMin.values[0];
            p.validInStoredUnits = validMin.storedType;
            missingParts << QStringLiteral("below valid_min %1").arg(NumberFormat::fromDouble(p.validMin));
        }
        if (!validMax.values.isEmpty()) {
            p.validMax = validMax.values[0];
            p.validInStoredUnits = validMax.storedType;
            missingParts << QStringLiteral("above valid_max %1").arg(NumberFormat::fromDouble(p.validMax));
        }
    }
    if (!missingParts.isEmpty())
        parts << QStringLiteral("missing: ") + missingParts.join(QStringLiteral(", "));
    p.text = parts.join(QStringLiteral("; "));
    return p;
}

void unpack(const Packing& p, ColumnData& column)
{
    if (!p.changesValues() || column.kind == CellKind::Text)
        return;
    const qint64 n = column.size();
    std::vector<double> values(static_cast<size_t>(n));
    for (qint64 i = 0; i < n; ++i) {
        const auto at = size_t(i);
        const double stored = column.kind == CellKind::Int ? double(column.ints[at])
            : column.kind == CellKind::UInt                ? double(column.uints[at])
                                                           : column.reals[at];
        const double value = p.scaled ? stored * p.scale + p.offset : stored;
        const double checked = p.validInStoredUnits ? stored : value;
        const bool missing = p.missing.contains(stored) || checked < p.validMin || checked > p.validMax;
        values[at] = missing ? std::nan("")
            : p.kind == CellKind::Float32 ? double(float(value))
                                           : value;
    }
    column.ints.clear();
    column.uints.clear();
    column.reals = std::move(values);
    column.kind = p.kind;
}

QStringList scaleLabels(
    const H5Reader& reader, const QString& scalePath, qint64 start, qint64 count, bool unpack)
{
    QStringList labels;
    const QList<qint64> shape = datasetShape(reader, scalePath);
    if (shape.size() != 1)
        return labels;
    const qint64 length = shape[0];
    // An unlimited dimension may run past its coordinate variable: those positions have no label.
    const qint64 available = qBound<qint64>(0, length - start, count);
    PageRequest request;
    request.view = DimView::defaultFor(1);
    request.rowStart = start;
    request.rowCount = available;
    request.colCount = 1;
    request.unpack = unpack;
    if (available > 0) {
        auto page = reader.readPage(scalePath, request);
        if (!page)
            return {};
        for (qint64 r = 0; r < available; ++r)
            labels << page->text(r, 0);
    }
    while (labels.size() < count)
        labels << QString();
    return labels;
}

} // namespace H5NetCdf

} // namespace H5Hdfs

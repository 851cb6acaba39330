// SPDX-License-Identifier: MIT
#include "frames/framelayout.h"

#include "h5fileimage.h"
#include "h5handle.h"
#include "h5reader.h"

#include <hdf5.h>

namespace H5Hdfs {

namespace FrameLayout {

Error notATable(const QString& path, const QString& why)
{
    return Error(Error::Code::NotATable, QStringLiteral("%1 is not a named table: %2").arg(path, why));
}

Error badLayout(const QString& path, const QString& why)
{
    return Error(Error::Code::Corrupt, QStringLiteral("%1 looks like a pandas object but %2").arg(path, why));
}

std::optional<QByteArray> rawAttribute(const H5FileImage& image, const QString& path, const char* name)
{
    H5Errors::silence();
    const QByteArray objectName = path.toUtf8();
    if (H5Aexists_by_name(image.file(), objectName.constData(), name, H5P_DEFAULT) <= 0) {
        H5Errors::takeStack();
        return std::nullopt;
    }
    H5Handle attribute(H5Aopen_by_name(image.file(), objectName.constData(), name, H5P_DEFAULT, H5P_DEFAULT));
    H5Handle type(attribute ? H5Aget_type(attribute.id()) : H5I_INVALID_HID);
    H5Handle space(attribute ? H5Aget_space(attribute.id()) : H5I_INVALID_HID);
    if (!type || !space) {
        H5Errors::takeStack();
        return std::nullopt;
    }
    if (H5Sget_simple_extent_type(space.id()) == H5S_NULL)
        return QByteArray();
    const H5T_class_t cls = H5Tget_class(type.id());
    if (cls == H5T_STRING && !H5Tis_variable_str(type.id())) {
        const size_t size = H5Tget_size(type.id());
        if (size == 0 || size > size_t(H5Reader::kMaxAttributeBytes)
            || H5Sget_simple_extent_npoints(space.id()) != 1)
            return std::nullopt;
        QByteArray bytes(qsizetype(size), '\0');
        if (H5Aread(attribute.id(), type.id(), bytes.data()) < 0) {
            H5Errors::takeStack();
            return std::nullopt;
        }
        const qsizetype end = bytes.indexOf('\0');
        return end < 0 ? bytes : bytes.left(end);
    }
    if (cls == H5T_INTEGER || cls == H5T_BITFIELD) {
        long long value = 0;
        if (H5Sget_simple_extent_npoints(space.id()) != 1
            || H5Aread(attribute.id(), H5T_NATIVE_LLONG, &value) < 0) {
            H5Errors::takeStack();
            return std::nullopt;
        }
        return QByteArray::number(value);
    }
    return std::nullopt;
}

QString textAttribute(
    const H5FileImage& image, const QString& path, const char* name, const QString& fallback)
{
    const auto raw = rawAttribute(image, path, name);
    return raw ? QString::fromUtf8(*raw) : fallback;
}

Result<PickleValue> pickledAttribute(const H5FileImage& image, const QString& path, const char* name)
{
    const auto raw = rawAttribute(image, path, name);
    if (!raw)
        return Error(
            Error::Code::Corrupt, QStringLiteral("attribute %1 is missing").arg(QLatin1String(name)));
    auto value = Pickle::parseText(*raw);
    if (!value)
        return value.error().prefixed(QStringLiteral("attribute %1").arg(QLatin1String(name)));
    return value;
}

} // namespace FrameLayout

} // namespace H5Hdfs

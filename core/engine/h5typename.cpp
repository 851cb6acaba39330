// SPDX-License-Identifier: MIT
// Readable names for HDF5 datatypes.
#include "h5datatype.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <QStringList>

namespace H5Hdfs {

namespace {

constexpr int kMaxEnumNamesShown = 16;
constexpr int kMaxMembersShown = 64;

QString byteOrderSuffix(hid_t type)
{
    const H5T_order_t order = H5Tget_order(type);
    const H5T_order_t native = H5Tget_order(H5T_NATIVE_INT);
    return (order == H5T_ORDER_BE || order == H5T_ORDER_LE) && order != native
        ? (order == H5T_ORDER_BE ? QStringLiteral(" BE") : QStringLiteral(" LE"))
        : QString();
}

QString takeName(char* name)
{
    QString s = QString::fromUtf8(name ? name : "?");
    if (name)
        H5free_memory(name);
    return s;
}

QString integerName(hid_t type)
{
    const bool isSigned = H5Tget_sign(type) == H5T_SGN_2;
    return (isSigned ? QStringLiteral("int") : QStringLiteral("uint"))
        + QString::number(H5Tget_size(type) * 8) + byteOrderSuffix(type);
}

QString floatName(hid_t type)
{
    return QStringLiteral("float") + QString::number(H5Tget_size(type) * 8) + byteOrderSuffix(type);
}

QString stringName(hid_t type)
{
    const QString cset
        = H5Tget_cset(type) == H5T_CSET_UTF8 ? QStringLiteral("UTF-8") : QStringLiteral("ASCII");
    if (H5Tis_variable_str(type) > 0)
        return QStringLiteral("string (vlen, %1)").arg(cset);
    QString pad;
    switch (H5Tget_strpad(type)) {
    case H5T_STR_NULLTERM: pad = QStringLiteral("null-terminated"); break;
    case H5T_STR_NULLPAD: pad = QStringLiteral("null-padded"); break;
    case H5T_STR_SPACEPAD: pad = QStringLiteral("space-padded"); break;
    default: pad = QStringLiteral("padding?"); break;
    }
    return QStringLiteral("string (fixed %1, %2, %3)").arg(H5Tget_size(type)).arg(cset, pad);
}

QString compoundName(hid_t type)
{
    const int n = H5Tget_nmembers(type);
    QStringList members;
    for (int i = 0; i < n && i < kMaxMembersShown; ++i) {
        const QString name = takeName(H5Tget_member_name(type, unsigned(i)));
        H5Handle member(H5Tget_member_type(type, unsigned(i)));
        members << name + QStringLiteral(": ") + readableTypeName(member.id());
    }
    if (n > kMaxMembersShown)
        members << QStringLiteral("… %1 more").arg(n - kMaxMembersShown);
    return QStringLiteral("compound {%1}").arg(members.join(QStringLiteral(", ")));
}

QString enumName(hid_t type)
{
    H5Handle base(H5Tget_super(type));
    QStringList members;
    const auto all = enumMembers(type);
    for (qsizetype i = 0; i < all.size() && i < kMaxEnumNamesShown; ++i)
        members << all[i].second + QLatin1Char('=') + QString::number(all[i].first);
    if (all.size() > kMaxEnumNamesShown)
        members << QStringLiteral("…");
    return QStringLiteral("enum %1 {%2}")
        .arg(readableTypeName(base.id()), members.join(QStringLiteral(", ")));
}

QString arrayName(hid_t type)
{
    const int rank = H5Tget_array_ndims(type);
    QList<hsize_t> dims(qMax(rank, 0));
    if (rank > 0)
        H5Tget_array_dims2(type, dims.data());
    QStringList parts;
    for (hsize_t d : dims)
        parts << QString::number(d);
    H5Handle base(H5Tget_super(type));
    return QStringLiteral("array[%1] of %2").arg(parts.join(QLatin1Char('x')), readableTypeName(base.id()));
}

QString opaqueName(hid_t type)
{
    char* tag = H5Tget_tag(type);
    QString text = tag && *tag ? QString::fromUtf8(tag) : QStringLiteral("%1 bytes").arg(H5Tget_size(type));
    if (tag)
        H5free_memory(tag);
    return QStringLiteral("opaque (%1)").arg(text);
}

} // namespace

QString readableTypeName(HdfId type)
{
    switch (H5Tget_class(type)) {
    case H5T_INTEGER: return integerName(type);
    case H5T_FLOAT: return floatName(type);
    case H5T_STRING: return stringName(type);
    case H5T_BITFIELD: return QStringLiteral("bitfield%1").arg(H5Tget_size(type) * 8) + byteOrderSuffix(type);
    case H5T_OPAQUE: return opaqueName(type);
    case H5T_COMPOUND: return compoundName(type);
    case H5T_REFERENCE:
        return H5Tequal(type, H5T_STD_REF_DSETREG) > 0 ? QStringLiteral("reference (region)")
                                                       : QStringLiteral("reference (object)");
    case H5T_ENUM: return enumName(type);
    case H5T_VLEN: {
        H5Handle base(H5Tget_super(type));
        return QStringLiteral("vlen sequence of %1").arg(readableTypeName(base.id()));
    }
    case H5T_ARRAY: return arrayName(type);
    case H5T_TIME: return QStringLiteral("time");
    default: break;
    }
    return QStringLiteral("unknown type");
}

QString typeDdl(HdfId type)
{
    size_t length = 0;
    if (H5LTdtype_to_text(type, nullptr, H5LT_DDL, &length) < 0 || length == 0) {
        H5Errors::takeStack();
        return {};
    }
    QByteArray text(qsizetype(length), '\0');
    if (H5LTdtype_to_text(type, text.data(), H5LT_DDL, &length) < 0) {
        H5Errors::takeStack();
        return {};
    }
    return QString::fromUtf8(text.constData());
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// Building the native memory type of a file datatype, and decoding elements of it into cells.
#include "h5datatype.h"

#include "numberformat.h"

#include <hdf5.h>

#include <QStringList>
#include <cstring>

namespace H5Hdfs {

namespace {

constexpr qint64 kMaxFlattenedLeaves = 16384; // leaves one element may flatten into (a wide DataFrame block)
constexpr size_t kMaxTextBytes = 1 << 20;    // longest string shown in one cell
constexpr qint64 kMaxListedElements = 64;    // elements of a vlen or large array shown as text
constexpr size_t kMaxOpaqueBytesShown = 64;

struct Built {
    H5Handle type;
    std::vector<Leaf> leaves;
    bool hasVlen = false;
};

QString joinName(const QString& prefix, const QString& name)
{
    if (prefix.isEmpty())
        return name;
    if (name.isEmpty() || name.startsWith(QLatin1Char('[')))
        return prefix + name;
    return prefix + QLatin1Char('.') + name;
}

template <typename T> T load(const char* p)
{
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

qint64 loadSigned(const char* p, size_t size)
{
    switch (size) {
    case 1: return load<qint8>(p);
    case 2: return load<qint16>(p);
    case 4: return load<qint32>(p);
    default: return load<qint64>(p);
    }
}

quint64 loadUnsigned(const char* p, size_t size)
{
    quint64 v = 0;
    std::memcpy(&v, p, qMin<size_t>(size, 8)); // little-endian host: the low bytes come first
    return v;
}

Result<Built> build(hid_t fileType);

Built single(hid_t memType, Leaf::Kind kind, hid_t fileType, bool copy = true)
{
    Built b;
    b.type = H5Handle(copy ? H5Tcopy(memType) : memType);
    Leaf leaf;
    leaf.kind = kind;
    leaf.size = H5Tget_size(b.type.id());
    leaf.typeName = readableTypeName(fileType);
    b.leaves.push_back(std::move(leaf));
    return b;
}

Result<Built> buildInteger(hid_t ft)
{
    const bool isSigned = H5Tget_sign(ft) == H5T_SGN_2;
    Built b = single(
        isSigned ? H5T_NATIVE_LLONG : H5T_NATIVE_ULLONG, isSigned ? Leaf::Kind::Int : Leaf::Kind::UInt, ft);
    b.leaves[0].isSigned = isSigned;
    return b;
}

Result<Built> buildFloat(hid_t ft)
{
    const bool small = H5Tget_size(ft) <= 4;
    return single(
        small ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, small ? Leaf::Kind::Float32 : Leaf::Kind::Float64, ft);
}

Result<Built> buildString(hid_t ft)
{
    if (H5Tis_variable_str(ft) > 0) {
        Built b = single(H5T_C_S1, Leaf::Kind::VlenString, ft);
        H5Tset_size(b.type.id(), H5T_VARIABLE);
        H5Tset_cset(b.type.id(), H5Tget_cset(ft));
        b.leaves[0].size = sizeof(char*);
        b.hasVlen = true;
        return b;
    }
    // An identical copy: the library converts nothing, and we apply the padding rules ourselves.
    Built b = single(ft, Leaf::Kind::FixedString, ft);
    b.leaves[0].stringPad = int(H5Tget_strpad(ft));
    return b;
}

Result<Built> buildEnum(hid_t ft)
{
    Built b = single(H5Tget_native_type(ft, H5T_DIR_DEFAULT), Leaf::Kind::Enum, ft, false);
    if (!b.type)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("Cannot read an enum type"));
    H5Handle base(H5Tget_super(b.type.id()));
    Leaf& leaf = b.leaves[0];
    leaf.isSigned = H5Tget_sign(base.id()) == H5T_SGN_2;
    for (const auto& [value, name] : enumMembers(b.type.id()))
        leaf.enumNames.insert(value, name);
    return b;
}

Result<Built> buildCompound(hid_t ft)
{
    const int n = H5Tget_nmembers(ft);
    if (n <= 0)
        return Error(Error::Code::Unsupported, QStringLiteral("A compound type without members"));
    std::vector<std::pair<QByteArray, Built>> members;
    size_t total = 0;
    for (int i = 0; i < n; ++i) {
        char* rawName = H5Tget_member_name(ft, unsigned(i));
        QByteArray name(rawName ? rawName : "");
        if (rawName)
            H5free_memory(rawName);
        H5Handle memberType(H5Tget_member_type(ft, unsigned(i)));
        if (!memberType)
            return H5Errors::fromStack(
                Error::Code::Corrupt, QStringLiteral("Cannot read compound member %1").arg(i));
        auto sub = build(memberType.id());
        if (!sub)
            return sub.error();
        total += H5Tget_size(sub->type.id());
        members.emplace_back(std::move(name), std::move(sub).value());
    }
    Built b;
    b.type = H5Handle(H5Tcreate(H5T_COMPOUND, total));
    size_t offset = 0;
    for (auto& [name, sub] : members) {
        if (H5Tinsert(b.type.id(), name.constData(), offset, sub.type.id()) < 0)
            return H5Errors::fromStack(
                Error::Code::Hdf5, QStringLiteral("Cannot build a compound memory type"));
        for (Leaf& leaf : sub.leaves) {
            leaf.name = joinName(QString::fromUtf8(name), leaf.name);
            leaf.offset += offset;
            b.leaves.push_back(std::move(leaf));
        }
        b.hasVlen = b.hasVlen || sub.hasVlen;
        offset += H5Tget_size(sub.type.id());
    }
    if (qint64(b.leaves.size()) > kMaxFlattenedLeaves)
        return Error(Error::Code::Unsupported,
            QStringLiteral("A compound type with more than %1 fields").arg(kMaxFlattenedLeaves));
    return b;
}

// Element `flat` (C order) of an array of `dims` as "[i][j][k]", the way h5py and NumPy index it.
QString arrayIndexName(qint64 flat, const std::vector<hsize_t>& dims)
{
    QString name;
    for (auto d = dims.rbegin(); d != dims.rend(); ++d) {
        name.prepend(QStringLiteral("[%1]").arg(flat % qint64(*d)));
        flat /= qint64(*d);
    }
    return name;
}

Result<Built> buildArray(hid_t ft)
{
    const int rank = H5Tget_array_ndims(ft);
    if (rank <= 0 || rank > H5S_MAX_RANK)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("An array type with rank %1").arg(rank));
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Tget_array_dims2(ft, dims.data());
    qint64 count = 1;
    for (hsize_t d : dims)
        count = d > 0 && count <= (qint64(1) << 40) / qint64(d) ? count * qint64(d) : (qint64(1) << 40);
    H5Handle base(H5Tget_super(ft));
    auto sub = build(base.id());
    if (!sub)
        return sub.error();
    const size_t elementSize = H5Tget_size(sub->type.id());
    Built b;
    b.type = H5Handle(H5Tarray_create2(sub->type.id(), unsigned(rank), dims.data()));
    if (!b.type)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("Cannot build an array memory type"));
    b.hasVlen = sub->hasVlen;
    if (count <= MemoryType::kMaxFlattenedArray
        && count * qint64(sub->leaves.size()) <= kMaxFlattenedLeaves) {
        for (qint64 i = 0; i < count; ++i) {
            for (const Leaf& baseLeaf : sub->leaves) {
                Leaf leaf = baseLeaf;
                leaf.name = joinName(arrayIndexName(i, dims), baseLeaf.name);
                leaf.offset += size_t(i) * elementSize;
                b.leaves.push_back(std::move(leaf));
            }
        }
        return b;
    }
    Leaf leaf;
    leaf.kind = Leaf::Kind::ArrayText;
    leaf.size = H5Tget_size(b.type.id());
    leaf.arrayCount = count;
    leaf.typeName = readableTypeName(ft);
    leaf.element = std::make_shared<MemoryType>(
        std::move(sub->type), elementSize, std::move(sub->leaves), sub->hasVlen);
    b.leaves.push_back(std::move(leaf));
    return b;
}

Result<Built> buildVlenSequence(hid_t ft)
{
    H5Handle base(H5Tget_super(ft));
    auto sub = build(base.id());
    if (!sub)
        return sub.error();
    Built b;
    b.type = H5Handle(H5Tvlen_create(sub->type.id()));
    if (!b.type)
        return H5Errors::fromStack(Error::Code::Hdf5, QStringLiteral("Cannot build a vlen memory type"));
    b.hasVlen = true;
    Leaf leaf;
    leaf.kind = Leaf::Kind::VlenSequence;
    leaf.size = sizeof(hvl_t);
    leaf.typeName = readableTypeName(ft);
    const size_t elementSize = H5Tget_size(sub->type.id());
    leaf.element = std::make_shared<MemoryType>(
        std::move(sub->type), elementSize, std::move(sub->leaves), sub->hasVlen);
    b.leaves.push_back(std::move(leaf));
    return b;
}

Result<Built> build(hid_t ft)
{
    switch (H5Tget_class(ft)) {
    case H5T_INTEGER: return buildInteger(ft);
    case H5T_FLOAT: return buildFloat(ft);
    case H5T_STRING: return buildString(ft);
    case H5T_BITFIELD: {
        Built b = single(H5Tget_native_type(ft, H5T_DIR_DEFAULT), Leaf::Kind::Bitfield, ft, false);
        if (!b.type || b.leaves[0].size > 8)
            return Error(Error::Code::Unsupported, QStringLiteral("A bitfield wider than 64 bits"));
        return b;
    }
    case H5T_ENUM: return buildEnum(ft);
    case H5T_COMPOUND: return buildCompound(ft);
    case H5T_ARRAY: return buildArray(ft);
    case H5T_VLEN: return buildVlenSequence(ft);
    case H5T_REFERENCE:
        if (H5Tequal(ft, H5T_STD_REF_DSETREG) > 0)
            return single(H5T_STD_REF_DSETREG, Leaf::Kind::RegionRef, ft);
        return single(H5T_STD_REF_OBJ, Leaf::Kind::ObjectRef, ft);
    case H5T_OPAQUE:
    case H5T_TIME:
        // Read as stored (no conversion exists) and shown as bytes.
        return single(ft, Leaf::Kind::Opaque, ft);
    default: break;
    }
    return H5Errors::fromStack(Error::Code::Corrupt, QStringLiteral("An unknown datatype class"));
}

QString decodeUtf8(const char* p, size_t length)
{
    const bool cut = length > kMaxTextBytes;
    QString s = QString::fromUtf8(p, qsizetype(cut ? kMaxTextBytes : length));
    return cut ? s + QStringLiteral("…") : s;
}

QString fixedString(const char* p, const Leaf& leaf)
{
    size_t length = leaf.size;
    if (leaf.stringPad == H5T_STR_SPACEPAD) {
        while (length > 0 && (p[length - 1] == ' ' || p[length - 1] == '\0'))
            --length;
    } else {
        length = strnlen(p, leaf.size); // null-terminated and null-padded both end at the first NUL
    }
    return decodeUtf8(p, length);
}

QString hexBytes(const char* p, size_t size)
{
    const size_t shown = qMin(size, kMaxOpaqueBytesShown);
    QString s = QStringLiteral("0x") + QString::fromLatin1(QByteArray(p, qsizetype(shown)).toHex());
    return size > shown ? s + QStringLiteral("…") : s;
}

QString referenceText(hid_t location, H5R_type_t type, const char* p)
{
    if (type == H5R_OBJECT && load<hobj_ref_t>(p) == 0)
        return QStringLiteral("NULL");
    char name[1024] = {0};
    const ssize_t n = H5Rget_name(location, type, p, name, sizeof name);
    if (n <= 0) {
        H5Errors::takeStack();
        return QStringLiteral("<unresolvable reference>");
    }
    const QString path = QString::fromUtf8(name);
    return type == H5R_DATASET_REGION ? path + QStringLiteral(" (region)") : path;
}

QString listText(const MemoryType& element, const char* data, qint64 count, hid_t refLocation)
{
    QStringList parts;
    for (qint64 i = 0; i < count && i < kMaxListedElements; ++i)
        parts << element.elementText(data + size_t(i) * element.size(), refLocation);
    if (count > kMaxListedElements)
        parts << QStringLiteral("… %1 more").arg(count - kMaxListedElements);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

QList<QPair<qint64, QString>> enumMembers(HdfId enumType)
{
    QList<QPair<qint64, QString>> members;
    H5Handle native(H5Tget_native_type(enumType, H5T_DIR_DEFAULT));
    H5Handle base(H5Tget_super(native.id()));
    const bool isSigned = H5Tget_sign(base.id()) == H5T_SGN_2;
    const size_t size = H5Tget_size(native.id());
    const int n = H5Tget_nmembers(native.id());
    for (int i = 0; i < n && size <= 8; ++i) {
        char* name = H5Tget_member_name(native.id(), unsigned(i));
        char raw[16] = {0};
        if (name && H5Tget_member_value(native.id(), unsigned(i), raw) >= 0)
            members.append({isSigned ? loadSigned(raw, size) : qint64(loadUnsigned(raw, size)),
                QString::fromUtf8(name)});
        if (name)
            H5free_memory(name);
    }
    return members;
}

CellKind Leaf::cellKind() const
{
    switch (kind) {
    case Kind::Int: return CellKind::Int;
    case Kind::UInt:
    case Kind::Bitfield: return CellKind::UInt;
    case Kind::Float32: return CellKind::Float32;
    case Kind::Float64: return CellKind::Float64;
    default: return CellKind::Text;
    }
}

MemoryType::MemoryType(H5Handle type, size_t size, std::vector<Leaf> leaves, bool hasVlen)
    : m_type(std::move(type))
    , m_size(size)
    , m_leaves(std::move(leaves))
    , m_hasVlen(hasVlen)
{
}

Result<std::shared_ptr<const MemoryType>> MemoryType::of(HdfId fileType)
{
    auto b = build(fileType);
    if (!b)
        return b.error();
    const size_t size = H5Tget_size(b->type.id());
    if (size == 0)
        return H5Errors::fromStack(Error::Code::Corrupt, QStringLiteral("A datatype of size 0"));
    return std::shared_ptr<const MemoryType>(
        std::make_shared<MemoryType>(std::move(b->type), size, std::move(b->leaves), b->hasVlen));
}

QList<ColumnSpec> MemoryType::columns() const
{
    QList<ColumnSpec> specs;
    specs.reserve(qsizetype(m_leaves.size()));
    for (const Leaf& leaf : m_leaves)
        specs.append({leaf.name, leaf.cellKind(), leaf.typeName});
    return specs;
}

void MemoryType::decode(const Leaf& leaf, const char* element, HdfId refLocation, ColumnData& out) const
{
    const char* p = element + leaf.offset;
    switch (leaf.kind) {
    case Leaf::Kind::Int: out.ints.push_back(load<qint64>(p)); return;
    case Leaf::Kind::UInt: out.uints.push_back(load<quint64>(p)); return;
    case Leaf::Kind::Bitfield: out.uints.push_back(loadUnsigned(p, leaf.size)); return;
    case Leaf::Kind::Float32: out.reals.push_back(double(load<float>(p))); return;
    case Leaf::Kind::Float64: out.reals.push_back(load<double>(p)); return;
    default: out.texts.append(leafText(leaf, element, refLocation)); return;
    }
}

namespace {

// Appends `count` values of type T, read `stride` bytes apart from `p`, converted to V.
template <typename T, typename V>
void appendRun(std::vector<V>& out, const char* p, size_t stride, qint64 count)
{
    const size_t at = out.size();
    out.resize(at + size_t(count));
    V* dst = out.data() + at;
    for (qint64 i = 0; i < count; ++i, p += stride)
        dst[i] = V(load<T>(p));
}

} // namespace

void MemoryType::decodeRun(const Leaf& leaf, const char* first, size_t stride, qint64 count,
    HdfId refLocation, ColumnData& out) const
{
    const char* p = first + leaf.offset;
    switch (leaf.kind) {
    case Leaf::Kind::Int: appendRun<qint64>(out.ints, p, stride, count); return;
    case Leaf::Kind::UInt: appendRun<quint64>(out.uints, p, stride, count); return;
    case Leaf::Kind::Float32: appendRun<float>(out.reals, p, stride, count); return;
    case Leaf::Kind::Float64: appendRun<double>(out.reals, p, stride, count); return;
    default:
        for (qint64 i = 0; i < count; ++i, first += stride)
            decode(leaf, first, refLocation, out);
        return;
    }
}

QString MemoryType::leafText(const Leaf& leaf, const char* element, HdfId refLocation) const
{
    const char* p = element + leaf.offset;
    switch (leaf.kind) {
    case Leaf::Kind::Int: return NumberFormat::fromInt(load<qint64>(p));
    case Leaf::Kind::UInt: return NumberFormat::fromUInt(load<quint64>(p));
    case Leaf::Kind::Bitfield: return NumberFormat::fromUInt(loadUnsigned(p, leaf.size));
    case Leaf::Kind::Float32: return NumberFormat::fromFloat(load<float>(p));
    case Leaf::Kind::Float64: return NumberFormat::fromDouble(load<double>(p));
    case Leaf::Kind::Enum: {
        const qint64 value = leaf.isSigned ? loadSigned(p, leaf.size) : qint64(loadUnsigned(p, leaf.size));
        return leaf.enumNames.value(value, QString::number(value));
    }
    case Leaf::Kind::FixedString: return fixedString(p, leaf);
    case Leaf::Kind::VlenString: {
        const char* s = load<const char*>(p);
        return s ? decodeUtf8(s, strnlen(s, kMaxTextBytes + 1)) : QString();
    }
    case Leaf::Kind::Opaque: return hexBytes(p, leaf.size);
    case Leaf::Kind::ObjectRef: return referenceText(refLocation, H5R_OBJECT, p);
    case Leaf::Kind::RegionRef: return referenceText(refLocation, H5R_DATASET_REGION, p);
    case Leaf::Kind::VlenSequence: {
        const auto seq = load<hvl_t>(p);
        if (!seq.p)
            return QStringLiteral("[]");
        return listText(*leaf.element, static_cast<const char*>(seq.p), qint64(seq.len), refLocation);
    }
    case Leaf::Kind::ArrayText: return listText(*leaf.element, p, leaf.arrayCount, refLocation);
    }
    return {};
}

QString MemoryType::elementText(const char* element, HdfId refLocation) const
{
    if (m_leaves.size() == 1 && m_leaves[0].name.isEmpty())
        return leafText(m_leaves[0], element, refLocation);
    QStringList parts;
    for (const Leaf& leaf : m_leaves)
        parts << leafText(leaf, element, refLocation);
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

} // namespace H5Hdfs

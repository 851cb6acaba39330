// SPDX-License-Identifier: MIT
#include "h5objectinfo.h"

#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5reader.h"

#include <hdf5.h>

#include <QStringList>
#include <limits>

namespace H5Hdfs {

namespace H5ObjectInfo {
namespace {

constexpr int kMaxFilterParams = 32;
// H5Dget_chunk_info finds chunk i by walking the index from the start: listing n chunks costs n^2/2.
constexpr hsize_t kMaxListedChunks = 256;

Layout layoutOf(H5D_layout_t layout)
{
    switch (layout) {
    case H5D_COMPACT: return Layout::Compact;
    case H5D_CONTIGUOUS: return Layout::Contiguous;
    case H5D_CHUNKED: return Layout::Chunked;
    case H5D_VIRTUAL: return Layout::Virtual;
    default: return Layout::Unknown;
    }
}

QString fillValueOf(hid_t dcpl, hid_t fileType)
{
    H5D_fill_value_t status;
    if (H5Pfill_value_defined(dcpl, &status) < 0)
        return {};
    if (status == H5D_FILL_VALUE_UNDEFINED)
        return QStringLiteral("undefined");
    auto memType = MemoryType::of(fileType);
    if (!memType || (*memType)->hasVlen())
        return QStringLiteral("(not shown)"); // a vlen fill value would need library-allocated memory
    QByteArray buffer(qsizetype((*memType)->size()), '\0');
    if (H5Pget_fill_value(dcpl, (*memType)->id(), buffer.data()) < 0) {
        H5Errors::takeStack();
        return {};
    }
    QString text = (*memType)->elementText(buffer.constData(), -1);
    if (text.isEmpty())
        text = QStringLiteral("\"\""); // an empty string, not a missing value
    return status == H5D_FILL_VALUE_DEFAULT ? text + QStringLiteral(" (default)") : text;
}

// Reads one attribute's value fully, within the size cap.
QString attributeValue(hid_t attribute, hid_t type, hid_t space, const QList<qint64>& shape)
{
    auto memType = MemoryType::of(type);
    if (!memType)
        return QStringLiteral("<%1>").arg(memType.error().message);
    const hssize_t count = H5Sget_select_npoints(space);
    if (count < 0)
        return QStringLiteral("<unreadable>");
    if (count == 0)
        return QStringLiteral("[]");
    qint64 bytes = 0;
    if (__builtin_mul_overflow(qint64(count), qint64((*memType)->size()), &bytes)
        || bytes > H5Reader::kMaxAttributeBytes)
        return QStringLiteral("<%1 values, %2 bytes: not shown>").arg(count).arg(bytes);
    QByteArray buffer(qsizetype(bytes), '\0');
    if (H5Aread(attribute, (*memType)->id(), buffer.data()) < 0)
        return QStringLiteral("<unreadable: %1>").arg(H5Errors::takeStack().section(QLatin1Char('\n'), -1));
    QStringList parts;
    for (hssize_t i = 0; i < count; ++i)
        parts << (*memType)->elementText(buffer.constData() + size_t(i) * (*memType)->size(), attribute);
    if ((*memType)->hasVlen()) {
        H5Dvlen_reclaim((*memType)->id(), space, H5P_DEFAULT, buffer.data());
        H5Errors::takeStack();
    }
    if (shape.isEmpty())
        return parts.value(0);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// The offsets of the allocated chunks of a partly allocated dataset, when there are few.
QList<QList<qint64>> allocatedChunks(hid_t dataset, hid_t space, int rank)
{
    hsize_t n = 0;
    // The whole extent is selected in `space` (1.10 refuses H5S_ALL here).
    if (H5Dget_num_chunks(dataset, space, &n) < 0 || n > kMaxListedChunks)
        return {};
    QList<QList<qint64>> chunks;
    std::vector<hsize_t> offset(static_cast<size_t>(rank));
    for (hsize_t i = 0; i < n; ++i) {
        unsigned mask = 0;
        haddr_t address = 0;
        hsize_t size = 0;
        if (H5Dget_chunk_info(dataset, space, i, offset.data(), &mask, &address, &size) < 0)
            return {};
        chunks.append(QList<qint64>(offset.begin(), offset.end()));
    }
    return chunks;
}

herr_t collectAttribute(hid_t object, const char* name, const H5A_info_t*, void* data)
{
    auto* out = static_cast<QList<Attribute>*>(data);
    Attribute a;
    a.name = QString::fromUtf8(name);
    H5Handle attribute(H5Aopen(object, name, H5P_DEFAULT));
    if (!attribute) {
        a.value
            = QStringLiteral("<unreadable: %1>").arg(H5Errors::takeStack().section(QLatin1Char('\n'), -1));
        out->append(a);
        return 0;
    }
    H5Handle type(H5Aget_type(attribute.id()));
    H5Handle space(H5Aget_space(attribute.id()));
    a.typeName = readableTypeName(type.id());
    a.shape = shapeOf(space.id());
    a.nullSpace = H5Sget_simple_extent_type(space.id()) == H5S_NULL;
    if (!a.nullSpace) // it has no value to read, not an empty array: "[]" would say otherwise
        a.value = attributeValue(attribute.id(), type.id(), space.id(), a.shape);
    out->append(std::move(a));
    return 0;
}

} // namespace

QList<FilterInfo> filters(HdfId dcpl)
{
    QList<FilterInfo> filters;
    const int n = H5Pget_nfilters(dcpl);
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0, config = 0;
        size_t count = kMaxFilterParams;
        unsigned values[kMaxFilterParams] = {0};
        char name[256] = {0};
        const H5Z_filter_t id
            = H5Pget_filter2(dcpl, unsigned(i), &flags, &count, values, sizeof name, name, &config);
        if (id < 0)
            continue;
        FilterInfo f;
        f.id = int(id);
        f.name = QString::fromUtf8(name);
        if (f.name.isEmpty() || f.name.startsWith(QLatin1Char('~')))
            f.name = filterName(f.id);
        for (size_t k = 0; k < qMin<size_t>(count, kMaxFilterParams); ++k)
            f.params.append(values[k]);
        f.optional = flags & H5Z_FLAG_OPTIONAL;
        f.available = H5Zfilter_avail(id) > 0;
        filters.append(std::move(f));
    }
    H5Errors::takeStack(); // a failed plugin search leaves a stack behind
    return filters;
}

QList<qint64> shapeOf(HdfId space)
{
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank <= 0)
        return {};
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    QList<qint64> shape;
    for (hsize_t d : dims)
        shape.append(qint64(d));
    return shape;
}

QString linkTarget(const H5FileImage& image, HdfId parent, const QByteArray& name)
{
    H5L_info_t info;
    if (H5Lget_info(parent, name.constData(), &info, image.linkAccess()) < 0 || info.u.val_size == 0
        || info.u.val_size > (1 << 20)) {
        H5Errors::takeStack();
        return {};
    }
    QByteArray value(qsizetype(info.u.val_size), '\0');
    if (H5Lget_val(parent, name.constData(), value.data(), size_t(value.size()), image.linkAccess()) < 0) {
        H5Errors::takeStack();
        return {};
    }
    if (info.type == H5L_TYPE_SOFT)
        return QString::fromUtf8(
            value.constData(), qsizetype(strnlen(value.constData(), size_t(value.size()))));
    const char* file = nullptr;
    const char* object = nullptr;
    if (H5Lunpack_elink_val(value.data(), size_t(value.size()), nullptr, &file, &object) < 0) {
        H5Errors::takeStack();
        return {};
    }
    return QString::fromUtf8(file) + QLatin1Char(':') + QString::fromUtf8(object);
}

Result<DatasetInfo> dataset(HdfId dataset)
{
    DatasetInfo info;
    H5Handle type(H5Dget_type(dataset));
    H5Handle space(H5Dget_space(dataset));
    H5Handle dcpl(H5Dget_create_plist(dataset));
    if (!type || !space || !dcpl)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot read the dataset's metadata"));

    info.nullSpace = H5Sget_simple_extent_type(space.id()) == H5S_NULL;
    info.shape = shapeOf(space.id());
    const int rank = info.rank();
    if (rank > 0) {
        std::vector<hsize_t> maxDims(static_cast<size_t>(rank));
        H5Sget_simple_extent_dims(space.id(), nullptr, maxDims.data());
        for (hsize_t d : maxDims)
            info.maxShape.append(d == H5S_UNLIMITED ? -1 : qint64(d));
    }
    info.typeName = readableTypeName(type.id());
    info.typeDetail = typeDdl(type.id());
    info.layout = layoutOf(H5Pget_layout(dcpl.id()));
    if (info.layout == Layout::Chunked && rank > 0) {
        std::vector<hsize_t> chunk(static_cast<size_t>(rank));
        if (H5Pget_chunk(dcpl.id(), rank, chunk.data()) == rank) {
            for (hsize_t c : chunk)
                info.chunk.append(qint64(c));
        }
    }
    info.filters = filters(dcpl.id());
    info.externalStorage = H5Pget_external_count(dcpl.id()) > 0;
    info.storageSize = qint64(H5Dget_storage_size(dataset));
    H5D_space_status_t status = H5D_SPACE_STATUS_ERROR;
    info.partlyAllocated
        = H5Dget_space_status(dataset, &status) >= 0 && status == H5D_SPACE_STATUS_PART_ALLOCATED;
    if (info.partlyAllocated && info.layout == Layout::Chunked && rank > 0)
        info.allocatedChunks = allocatedChunks(dataset, space.id(), rank);
    if (__builtin_mul_overflow(info.elementCount(), qint64(H5Tget_size(type.id())), &info.logicalSize))
        info.logicalSize = std::numeric_limits<qint64>::max();
    info.fillValue = fillValueOf(dcpl.id(), type.id());
    auto memType = MemoryType::of(type.id());
    if (memType)
        info.fields = (*memType)->columns();
    H5Errors::takeStack();
    return info;
}

QList<Attribute> attributes(HdfId object)
{
    QList<Attribute> result;
    hsize_t index = 0;
    if (H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collectAttribute, &result) < 0)
        H5Errors::takeStack(); // keep what was read before the failure
    return result;
}

QString filterName(int id)
{
    switch (id) {
    case 1: return QStringLiteral("deflate");
    case 2: return QStringLiteral("shuffle");
    case 3: return QStringLiteral("fletcher32");
    case 4: return QStringLiteral("szip");
    case 5: return QStringLiteral("nbit");
    case 6: return QStringLiteral("scaleoffset");
    case 305: return QStringLiteral("lzo");
    case 307: return QStringLiteral("bzip2");
    case 32000: return QStringLiteral("lzf");
    case 32001: return QStringLiteral("blosc");
    case 32004: return QStringLiteral("lz4");
    case 32008: return QStringLiteral("bitshuffle");
    case 32013: return QStringLiteral("zfp");
    case 32015: return QStringLiteral("zstd");
    case 32026: return QStringLiteral("blosc2");
    default: return QStringLiteral("filter %1").arg(id);
    }
}

} // namespace H5ObjectInfo

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "h5types.h"

#include "numberformat.h"

#include <QDataStream>
#include <limits>

namespace H5Hdfs {

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Group: return QStringLiteral("group");
    case NodeKind::Dataset: return QStringLiteral("dataset");
    case NodeKind::NamedType: return QStringLiteral("datatype");
    case NodeKind::SoftLink: return QStringLiteral("soft link");
    case NodeKind::ExternalLink: return QStringLiteral("external link");
    case NodeKind::DanglingLink: return QStringLiteral("dangling link");
    case NodeKind::Other: break;
    }
    return QStringLiteral("other");
}

QString childPath(const QString& parent, const QString& name)
{
    return parent.endsWith(QLatin1Char('/')) ? parent + name : parent + QLatin1Char('/') + name;
}

QString layoutName(Layout layout)
{
    switch (layout) {
    case Layout::Compact: return QStringLiteral("compact");
    case Layout::Contiguous: return QStringLiteral("contiguous");
    case Layout::Chunked: return QStringLiteral("chunked");
    case Layout::Virtual: return QStringLiteral("virtual");
    case Layout::Unknown: break;
    }
    return QStringLiteral("unknown");
}

qint64 DatasetInfo::elementCount() const
{
    if (nullSpace)
        return 0;
    // Saturates: a crafted or huge extent must not overflow (tbigdims.h5 has 2^61 elements).
    qint64 n = 1;
    for (qint64 d : shape) {
        if (__builtin_mul_overflow(n, d, &n))
            return std::numeric_limits<qint64>::max();
    }
    return n;
}

DatasetInfo DatasetInfo::cfShown() const
{
    if ((packing.isEmpty() && dimensionScales.isEmpty()) || cfView)
        return *this;
    DatasetInfo shown = *this;
    shown.cfView = true;
    if (packing.isEmpty() || fields.size() != 1)
        return shown;
    ColumnSpec& field = shown.fields[0];
    field.typeName = QStringLiteral("%1 (unpacked from %2)")
                         .arg(unpackedKind == CellKind::Float32 ? QStringLiteral("float32")
                                                                : QStringLiteral("float64"),
                             field.typeName);
    field.kind = unpackedKind;
    return shown;
}

DimView DimView::defaultFor(int rank)
{
    // Tables show the first two dimensions; stacks of 3 or more show their last two (an image
    // per index of the leading dimensions), as image viewers do.
    DimView v;
    v.rowDim = rank >= 3 ? rank - 2 : (rank >= 1 ? 0 : -1);
    v.colDim = rank >= 3 ? rank - 1 : (rank >= 2 ? 1 : -1);
    v.index = QList<qint64>(rank, 0);
    return v;
}

Status DimView::validate(const DatasetInfo& info) const
{
    const int rank = info.rank();
    auto bad = [](const QString& why) {
        return Error(Error::Code::OutOfRange, why);
    };
    if (rowDim < -1 || rowDim >= rank || colDim < -1 || colDim >= rank)
        return bad(QStringLiteral("dimension choice (%1, %2) does not fit a rank-%3 dataset")
                       .arg(rowDim)
                       .arg(colDim)
                       .arg(rank));
    if (colDim >= 0 && (rowDim < 0 || colDim == rowDim))
        return bad(QStringLiteral("rows and columns need two different dimensions"));
    if (rank > 0 && rowDim < 0)
        return bad(QStringLiteral("a dataset of rank %1 needs a row dimension").arg(rank));
    if (!index.isEmpty() && index.size() != rank)
        return bad(
            QStringLiteral("%1 fixed indices given for a rank-%2 dataset").arg(index.size()).arg(rank));
    for (int d = 0; d < index.size(); ++d) {
        if (d == rowDim || d == colDim)
            continue;
        if (index[d] < 0 || index[d] >= info.shape[d])
            return bad(QStringLiteral("index %1 is outside dimension %2 of length %3")
                           .arg(index[d])
                           .arg(d)
                           .arg(info.shape[d]));
    }
    return {};
}

TableGeometry TableGeometry::of(const DatasetInfo& info, const DimView& view)
{
    TableGeometry g;
    g.fields = info.fields;
    if (info.nullSpace)
        g.rows = 0;
    else
        g.rows = view.rowDim >= 0 ? info.shape[view.rowDim] : 1;
    g.colDimLength = view.colDim >= 0 ? info.shape[view.colDim] : 1;
    if (__builtin_mul_overflow(g.colDimLength, qMax<qint64>(1, info.fields.size()), &g.cols))
        g.cols = std::numeric_limits<qint64>::max();
    return g;
}

ColumnSpec TableGeometry::column(qint64 col) const
{
    const qint64 nFields = qMax<qint64>(1, fields.size());
    ColumnSpec spec = fields.isEmpty() ? ColumnSpec {} : fields[col % nFields];
    if (colDimLength > 1 || (fields.size() == 1 && spec.name.isEmpty())) {
        const QString position = QString::number(col / nFields);
        spec.name = spec.name.isEmpty() ? position : position + QLatin1Char('.') + spec.name;
    }
    return spec;
}

qint64 ColumnData::size() const
{
    switch (kind) {
    case CellKind::Int: return qint64(ints.size());
    case CellKind::UInt: return qint64(uints.size());
    case CellKind::Float32:
    case CellKind::Float64: return qint64(reals.size());
    case CellKind::Text: return texts.size();
    }
    return 0;
}

void ColumnData::reserve(qint64 n)
{
    switch (kind) {
    case CellKind::Int: ints.reserve(size_t(n)); break;
    case CellKind::UInt: uints.reserve(size_t(n)); break;
    case CellKind::Float32:
    case CellKind::Float64: reals.reserve(size_t(n)); break;
    case CellKind::Text: texts.reserve(n); break;
    }
}

QVariant ColumnData::value(qint64 row) const
{
    const auto i = size_t(row);
    switch (kind) {
    case CellKind::Int: return QVariant::fromValue(ints[i]);
    case CellKind::UInt: return QVariant::fromValue(uints[i]);
    case CellKind::Float32:
    case CellKind::Float64: return reals[i];
    case CellKind::Text: return texts[row];
    }
    return {};
}

QString ColumnData::text(qint64 row) const
{
    const auto i = size_t(row);
    switch (kind) {
    case CellKind::Int: return NumberFormat::fromInt(ints[i]);
    case CellKind::UInt: return NumberFormat::fromUInt(uints[i]);
    case CellKind::Float32: return NumberFormat::fromFloat(float(reals[i]));
    case CellKind::Float64: return NumberFormat::fromDouble(reals[i]);
    case CellKind::Text: return texts[row];
    }
    return {};
}

// ---- QDataStream ---------------------------------------------------------------------------------

namespace {

template <typename T> void writeVector(QDataStream& out, const std::vector<T>& v)
{
    out << quint64(v.size());
    out.writeRawData(reinterpret_cast<const char*>(v.data()), int(v.size() * sizeof(T)));
}

template <typename T> void readVector(QDataStream& in, std::vector<T>& v)
{
    quint64 n = 0;
    in >> n;
    // A corrupt stream must not make us allocate without bound: the payload has to be there.
    if (in.status() != QDataStream::Ok || n > quint64(std::numeric_limits<int>::max()) / sizeof(T)) {
        in.setStatus(QDataStream::ReadCorruptData);
        return;
    }
    // Nor may it make us allocate (and zero) what the payload cannot hold.
    if (!in.device() || qint64(n * sizeof(T)) > in.device()->bytesAvailable()) {
        in.setStatus(QDataStream::ReadCorruptData);
        return;
    }
    v.resize(size_t(n));
    if (in.readRawData(reinterpret_cast<char*>(v.data()), int(n * sizeof(T))) != int(n * sizeof(T)))
        in.setStatus(QDataStream::ReadPastEnd);
}

// A text column travels as one block: each string's length in UTF-16 units (kNullText for a null
// string), then all their units, in this machine's byte order like the numbers (both ends of the
// pipe are this machine). As a QStringList it cost a device call and a byte swap per string at
// each end: a DataFrame page holds hundreds of thousands of strings.
constexpr quint32 kNullText = 0xFFFFFFFF;

void writeTexts(QDataStream& out, const QStringList& texts)
{
    std::vector<quint32> lengths;
    lengths.reserve(size_t(texts.size()));
    size_t units = 0;
    for (const QString& text : texts) {
        lengths.push_back(text.isNull() ? kNullText : quint32(text.size()));
        units += size_t(text.size());
    }
    std::vector<char16_t> chars;
    chars.reserve(units);
    for (const QString& text : texts)
        chars.insert(chars.end(), text.utf16(), text.utf16() + text.size());
    writeVector(out, lengths);
    writeVector(out, chars);
}

void readTexts(QDataStream& in, QStringList& texts)
{
    std::vector<quint32> lengths;
    std::vector<char16_t> chars;
    readVector(in, lengths);
    readVector(in, chars);
    texts.clear();
    if (in.status() != QDataStream::Ok)
        return;
    texts.reserve(qsizetype(lengths.size()));
    size_t at = 0;
    for (const quint32 length : lengths) {
        if (length == kNullText) {
            texts.append(QString());
            continue;
        }
        if (length > chars.size() - at) {
            in.setStatus(QDataStream::ReadCorruptData);
            texts.clear();
            return;
        }
        texts.append(QString(reinterpret_cast<const QChar*>(chars.data() + at), qsizetype(length)));
        at += length;
    }
    if (at != chars.size())
        in.setStatus(QDataStream::ReadCorruptData);
}

template <typename E> QDataStream& writeEnum(QDataStream& out, E e)
{
    return out << quint8(e);
}

template <typename E> QDataStream& readEnum(QDataStream& in, E& e)
{
    quint8 v = 0;
    in >> v;
    e = E(v);
    return in;
}

} // namespace

QDataStream& operator<<(QDataStream& out, const TableSummary& v)
{
    return out << v.kind << v.layout << v.rows << v.columns;
}

QDataStream& operator>>(QDataStream& in, TableSummary& v)
{
    return in >> v.kind >> v.layout >> v.rows >> v.columns;
}

QDataStream& operator<<(QDataStream& out, const H5Node& v)
{
    out << v.name << v.path;
    writeEnum(out, v.kind);
    out << v.linkTarget;
    writeEnum(out, v.targetKind);
    return out << v.shape << v.typeName << v.childCount << v.address << v.tableSummary << v.dimensions;
}

QDataStream& operator>>(QDataStream& in, H5Node& v)
{
    in >> v.name >> v.path;
    readEnum(in, v.kind);
    in >> v.linkTarget;
    readEnum(in, v.targetKind);
    H5Stream::readList(in, v.shape);
    in >> v.typeName >> v.childCount >> v.address >> v.tableSummary;
    return H5Stream::readList(in, v.dimensions);
}

QDataStream& operator<<(QDataStream& out, const ColumnSpec& v)
{
    out << v.name;
    writeEnum(out, v.kind);
    return out << v.typeName;
}

QDataStream& operator>>(QDataStream& in, ColumnSpec& v)
{
    in >> v.name;
    readEnum(in, v.kind);
    return in >> v.typeName;
}

QDataStream& operator<<(QDataStream& out, const FilterInfo& v)
{
    return out << v.id << v.name << v.params << v.available << v.optional;
}

QDataStream& operator>>(QDataStream& in, FilterInfo& v)
{
    in >> v.id >> v.name;
    H5Stream::readList(in, v.params);
    return in >> v.available >> v.optional;
}

QDataStream& operator<<(QDataStream& out, const DatasetInfo& v)
{
    out << v.shape << v.maxShape << v.nullSpace << v.typeName << v.typeDetail;
    writeEnum(out, v.layout);
    return out << v.chunk << v.filters << v.externalStorage << v.storageSize << v.logicalSize << v.fillValue
               << v.fields << v.partlyAllocated << v.allocatedChunks << v.dimensions << v.dimensionScales
               << v.packing << quint8(v.unpackedKind);
}

QDataStream& operator>>(QDataStream& in, DatasetInfo& v)
{
    H5Stream::readList(in, v.shape);
    H5Stream::readList(in, v.maxShape);
    in >> v.nullSpace >> v.typeName >> v.typeDetail;
    readEnum(in, v.layout);
    H5Stream::readList(in, v.chunk);
    H5Stream::readList(in, v.filters);
    in >> v.externalStorage >> v.storageSize >> v.logicalSize >> v.fillValue;
    H5Stream::readList(in, v.fields);
    in >> v.partlyAllocated;
    H5Stream::readList(in, v.allocatedChunks);
    H5Stream::readList(in, v.dimensions);
    H5Stream::readList(in, v.dimensionScales);
    in >> v.packing;
    return readEnum(in, v.unpackedKind);
}

QDataStream& operator<<(QDataStream& out, const Attribute& v)
{
    return out << v.name << v.typeName << v.shape << v.value << v.nullSpace;
}

QDataStream& operator>>(QDataStream& in, Attribute& v)
{
    in >> v.name >> v.typeName;
    H5Stream::readList(in, v.shape);
    return in >> v.value >> v.nullSpace;
}

QDataStream& operator<<(QDataStream& out, const ObjectInfo& v)
{
    out << v.path;
    writeEnum(out, v.kind);
    return out << v.linkTarget << v.typeName << v.childCount << v.address << v.dataset << v.attributes;
}

QDataStream& operator>>(QDataStream& in, ObjectInfo& v)
{
    in >> v.path;
    readEnum(in, v.kind);
    in >> v.linkTarget >> v.typeName >> v.childCount >> v.address >> v.dataset;
    return H5Stream::readList(in, v.attributes);
}

QDataStream& operator<<(QDataStream& out, const DimView& v)
{
    return out << qint32(v.rowDim) << qint32(v.colDim) << v.index;
}

QDataStream& operator>>(QDataStream& in, DimView& v)
{
    qint32 r = -1, c = -1;
    in >> r >> c;
    H5Stream::readList(in, v.index);
    v.rowDim = r;
    v.colDim = c;
    return in;
}

QDataStream& operator<<(QDataStream& out, const PageRequest& v)
{
    return out << v.view << v.rowStart << v.rowCount << v.colStart << v.colCount << v.unpack << v.labels;
}

QDataStream& operator>>(QDataStream& in, PageRequest& v)
{
    return in >> v.view >> v.rowStart >> v.rowCount >> v.colStart >> v.colCount >> v.unpack >> v.labels;
}

QDataStream& operator<<(QDataStream& out, const ColumnData& v)
{
    writeEnum(out, v.kind);
    switch (v.kind) {
    case CellKind::Int: writeVector(out, v.ints); break;
    case CellKind::UInt: writeVector(out, v.uints); break;
    case CellKind::Float32:
    case CellKind::Float64: writeVector(out, v.reals); break;
    case CellKind::Text: writeTexts(out, v.texts); break;
    }
    return out;
}

QDataStream& operator>>(QDataStream& in, ColumnData& v)
{
    readEnum(in, v.kind);
    switch (v.kind) {
    case CellKind::Int: readVector(in, v.ints); break;
    case CellKind::UInt: readVector(in, v.uints); break;
    case CellKind::Float32:
    case CellKind::Float64: readVector(in, v.reals); break;
    case CellKind::Text: readTexts(in, v.texts); break;
    default: in.setStatus(QDataStream::ReadCorruptData);
    }
    return in;
}

QDataStream& operator<<(QDataStream& out, const Page& v)
{
    return out << v.rowStart << v.colStart << v.rowCount << v.colCount << v.columns << v.rowLabels
               << v.columnLabels;
}

QDataStream& operator>>(QDataStream& in, Page& v)
{
    in >> v.rowStart >> v.colStart >> v.rowCount >> v.colCount;
    H5Stream::readList(in, v.columns);
    H5Stream::readList(in, v.rowLabels);
    return H5Stream::readList(in, v.columnLabels);
}

TableSummary TableDescription::summary() const
{
    return {kind, layout, rows, columns.size() - indexColumns};
}

QDataStream& operator<<(QDataStream& out, const TableDescription& v)
{
    return out << v.kind << v.layout << v.rows << v.columns << v.indexColumns << v.hiddenChildren;
}

QDataStream& operator>>(QDataStream& in, TableDescription& v)
{
    in >> v.kind >> v.layout >> v.rows;
    H5Stream::readList(in, v.columns);
    in >> v.indexColumns;
    return H5Stream::readList(in, v.hiddenChildren);
}

} // namespace H5Hdfs

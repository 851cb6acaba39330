// SPDX-License-Identifier: MIT
#pragma once

// Internal to the engine: how a file datatype is read into memory and decoded into cells.

#include "h5handle.h"
#include "h5types.h"
#include "result.h"

#include <QHash>
#include <memory>
#include <vector>

namespace H5Hdfs {

class MemoryType;

/// One decodable piece of an element: a number, a string, an enum, ... at a byte offset.
struct Leaf {
    enum class Kind : quint8 {
        Int,
        UInt,
        Float32,
        Float64,
        Enum,
        Bitfield,
        FixedString,
        VlenString,
        Opaque,
        ObjectRef,
        RegionRef,
        VlenSequence,
        ArrayText
    };
    QString name; ///< "" for a plain element, "x", "pos.y", "values[2]" inside compounds and arrays
    Kind kind = Kind::Opaque;
    size_t offset = 0;
    size_t size = 0;
    bool isSigned = false;
    int stringPad = 0; ///< H5T_str_t of fixed strings
    QHash<qint64, QString> enumNames;
    std::shared_ptr<const MemoryType> element; ///< VlenSequence and ArrayText: the inner element
    qint64 arrayCount = 0;                     ///< ArrayText: elements in the array
    QString typeName;

    [[nodiscard]] CellKind cellKind() const;
};

/// The native in-memory form of a file datatype (numbers widened to 64 bits or float/double,
/// strings and enums kept, compounds packed) plus the leaves that decode one element of it.
class MemoryType {
public:
    /// Arrays up to kMaxFlattenedArray elements become one leaf per element, i.e. one table
    /// column each (a pandas value block holds one column per element); larger ones stay one
    /// text leaf.
    static constexpr qint64 kMaxFlattenedArray = 16384;
    static Result<std::shared_ptr<const MemoryType>> of(HdfId fileType);

    [[nodiscard]] HdfId id() const { return m_type.id(); }
    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] const std::vector<Leaf>& leaves() const { return m_leaves; }
    [[nodiscard]] bool hasVlen() const { return m_hasVlen; }
    [[nodiscard]] QList<ColumnSpec> columns() const;

    /// Appends the leaf's value in `element` to `out` (whose kind is leaf.cellKind()).
    /// `refLocation` is any object of the file, used to name references.
    void decode(const Leaf& leaf, const char* element, HdfId refLocation, ColumnData& out) const;
    /// Appends the leaf's values in `count` elements, the first at `first` and each `stride` bytes
    /// after the one before, as decode() would one by one; numbers in one pass without a per-cell
    /// dispatch or growth check (a float64 page is millions of cells).
    void decodeRun(const Leaf& leaf, const char* first, size_t stride, qint64 count, HdfId refLocation,
        ColumnData& out) const;
    [[nodiscard]] QString leafText(const Leaf& leaf, const char* element, HdfId refLocation) const;
    /// The whole element as text: a single value, or "{a, b, ...}" for several leaves.
    [[nodiscard]] QString elementText(const char* element, HdfId refLocation) const;

    MemoryType(H5Handle type, size_t size, std::vector<Leaf> leaves, bool hasVlen);

private:
    H5Handle m_type;
    size_t m_size = 0;
    std::vector<Leaf> m_leaves;
    bool m_hasVlen = false;
};

/// The members of an enum type as (value, name), in declaration order.
QList<QPair<qint64, QString>> enumMembers(HdfId enumType);
/// "float64", "int16 BE", "string (vlen, UTF-8)", "compound {x: int32, y: float64}", ...
QString readableTypeName(HdfId type);
/// The library's DDL text of the type (what h5dump prints), for experts.
QString typeDdl(HdfId type);

} // namespace H5Hdfs

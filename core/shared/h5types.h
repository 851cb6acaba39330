// SPDX-License-Identifier: MIT
#pragma once

// Plain value types describing an HDF5 file. They carry no HDF5 handle, can cross threads and
// processes (QDataStream), and are all the UI, the CLI and the exporters ever see of HDF5.

#include "result.h"

#include <QDataStream>
#include <QIODevice>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <vector>

class QDataStream;

namespace H5Hdfs {

enum class NodeKind : quint8 { Group, Dataset, NamedType, SoftLink, ExternalLink, DanglingLink, Other };
QString nodeKindName(NodeKind kind);
/// "/a" + "b" → "/a/b"; "/" + "b" → "/b".
QString childPath(const QString& parent, const QString& name);

/// What a listing tells about an object that reads as a named table (a pandas frame, a matrix with
/// column names): values the client formats (H5Describe::table), never text it has to take apart.
struct TableSummary {
    QString kind;       ///< "DataFrame", "Series" or "Table"; empty when the object is no named table
    QString layout;     ///< "table format", "fixed format", "column names from /f_axis0"
    qint64 rows = 0;
    qint64 columns = 0; ///< data columns (index columns not counted)

    [[nodiscard]] bool isEmpty() const { return kind.isEmpty(); }
};

/// One entry of a group listing. Links are listed as links; nothing is followed to build it.
struct H5Node {
    QString name;
    QString path;
    NodeKind kind = NodeKind::Other;
    QString linkTarget;                    ///< soft link path, or "file.h5:/path" for external links
    NodeKind targetKind = NodeKind::Other; ///< what a resolving soft link points at
    QList<qint64> shape;                   ///< datasets only
    QString typeName;                      ///< datasets and named types
    qint64 childCount = -1;                ///< groups only
    quint64 address = 0;                   ///< object header address: equal addresses are one object
    TableSummary tableSummary;             ///< set when the object reads as a named table
    /// Datasets with dimension scales attached (netCDF-4 variables): each dimension's name, "" where
    /// none is attached; empty for other objects.
    QStringList dimensions;
};

/// How a table cell is stored; everything that is not a number is decoded to text in the worker.
enum class CellKind : quint8 { Int, UInt, Float32, Float64, Text };

/// One leaf of a dataset's element type, e.g. "pos.x" of a nested compound.
struct ColumnSpec {
    QString name;
    CellKind kind = CellKind::Text;
    QString typeName;
};

struct FilterInfo {
    int id = 0;
    QString name;
    QList<quint32> params;
    bool available = false;
    bool optional = false;
};

enum class Layout : quint8 { Compact, Contiguous, Chunked, Virtual, Unknown };
QString layoutName(Layout layout);

struct DatasetInfo {
    QList<qint64> shape;    ///< empty for a scalar dataset
    QList<qint64> maxShape; ///< -1 marks an unlimited dimension
    bool nullSpace = false; ///< H5S_NULL: no elements at all
    QString typeName;       ///< readable: "float64", "compound {x: int32, y: float64}"
    QString typeDetail;     ///< DDL form from the library, for experts
    Layout layout = Layout::Unknown;
    QList<qint64> chunk;
    QList<FilterInfo> filters;
    bool externalStorage = false;
    qint64 storageSize = 0;
    qint64 logicalSize = 0;
    QString fillValue;
    QList<ColumnSpec> fields; ///< the flattened leaves of one element
    /// Storage only partly written (H5D_SPACE_STATUS_PART_ALLOCATED): the rest reads as the fill value.
    bool partlyAllocated = false;
    /// Partly allocated chunked datasets with few chunks: each allocated chunk's offset, so that a
    /// reader can visit what was written instead of 2^32 fill values (tbigdims.h5). Else empty.
    QList<QList<qint64>> allocatedChunks;
    /// As H5Node::dimensions: each dimension's name from its attached dimension scale, or empty.
    QStringList dimensions;
    /// Per dimension, the scale dataset whose values label its positions (a netCDF coordinate
    /// variable); "" where none is attached or the scale holds no values (a netCDF dimension
    /// without a variable). Empty when no dimension has one.
    QStringList dimensionScales;
    /// CF conventions (netCDF): how unpacking changes the stored numbers, e.g. "× 0.01 + 273.15;
    /// _FillValue -32767 and missing_value -32766 are missing". Empty when values show as stored.
    QString packing;
    CellKind unpackedKind = CellKind::Float64; ///< the numbers' kind once unpacked
    /// Set by cfShown(), on the client side only (never sent): tables made of this info ask the
    /// engine for unpacked pages (and the viewer for dimension labels), so that a table, its
    /// export and its statistics all see the same values. Raw views leave it unset.
    bool cfView = false;

    [[nodiscard]] int rank() const { return int(shape.size()); }
    [[nodiscard]] qint64 elementCount() const;
    /// This dataset as the CF conventions show it (cfView set; when packed, its one field of kind
    /// unpackedKind); itself when it has neither packing nor dimension scales.
    [[nodiscard]] DatasetInfo cfShown() const;
    /// As stored when `raw` (the viewer's Raw, the CLI's --raw), else cfShown().
    [[nodiscard]] DatasetInfo shown(bool raw) const { return raw ? *this : cfShown(); }
};

struct Attribute {
    QString name;
    QString typeName;
    QList<qint64> shape;
    QString value;          ///< the value as text; arrays as "[a, b, ...]"
    bool nullSpace = false; ///< H5S_NULL: no value at all (shape is empty, yet not a scalar)
};

/// Everything shown about one object: its kind, dataset metadata and attributes.
struct ObjectInfo {
    QString path;
    NodeKind kind = NodeKind::Other;
    QString linkTarget;
    QString typeName;       ///< named datatypes
    qint64 childCount = -1; ///< groups
    quint64 address = 0;    ///< object header address, as in H5Node
    DatasetInfo dataset;    ///< datasets
    QList<Attribute> attributes;
};

/// Which two dimensions of an N-D dataset become table rows and columns; the rest are fixed.
struct DimView {
    int rowDim = -1;     ///< -1: a single row (0-D dataset)
    int colDim = -1;     ///< -1: columns are the element's fields only
    QList<qint64> index; ///< per dimension; used for the dimensions that are neither rows nor columns

    /// Rows and columns are dimensions 0 and 1 up to rank 2, and the last two from rank 3 on.
    static DimView defaultFor(int rank);
    /// This view, or the default one when it names no row dimension (an empty DimView{}).
    [[nodiscard]] DimView orDefaultFor(int rank) const
    {
        return rowDim < 0 && rank > 0 ? defaultFor(rank) : *this;
    }
    [[nodiscard]] Status validate(const DatasetInfo& info) const;
};

/// The shape of the 2-D table a DimView makes of a dataset: rows, and one column per
/// (position along colDim) x (leaf of the element type).
struct TableGeometry {
    qint64 rows = 0;
    qint64 cols = 0;
    qint64 colDimLength = 1; ///< positions along colDim (1 without one)
    QList<ColumnSpec> fields;

    static TableGeometry of(const DatasetInfo& info, const DimView& view);
    [[nodiscard]] ColumnSpec column(qint64 col) const;
};

/// What a group or dataset is when read as a table with named columns: a pandas DataFrame or
/// Series (table or fixed format), or a matrix with a sibling dataset of column names.
struct TableDescription {
    QString kind;   ///< "DataFrame", "Series" or "Table"
    QString layout; ///< "table format", "fixed format", "column names from /f_axis0"
    qint64 rows = 0;
    QList<ColumnSpec> columns; ///< the index columns first
    int indexColumns = 0;
    QStringList hiddenChildren; ///< bookkeeping children a viewer need not show (PyTables' "_i_table")

    /// Kind, layout, rows and data columns (index columns not counted).
    [[nodiscard]] TableSummary summary() const;
};

/// A rectangular page of a table: rows [rowStart, rowStart+rowCount), same for columns.
struct PageRequest {
    /// The most one page read may allocate for its element buffer (the worker refuses more, so
    /// clients size their pages below it).
    static constexpr qint64 kMaxBytes = 64LL << 20;

    DimView view;
    qint64 rowStart = 0;
    qint64 rowCount = 0;
    qint64 colStart = 0;
    qint64 colCount = 0;
    /// CF conventions, for datasets that carry their attributes (netCDF variables); ignored by others.
    /// scale_factor and add_offset applied; _FillValue, missing_value and valid_* missing (NaN)
    bool unpack = false;
    bool labels = false; ///< the Page's rowLabels and columnLabels hold the dimension scales' values
};

/// One column of a page, stored compactly by kind.
struct ColumnData {
    CellKind kind = CellKind::Text;
    std::vector<qint64> ints;
    std::vector<quint64> uints;
    std::vector<double> reals; ///< float32 values are stored exactly as double
    QStringList texts;

    [[nodiscard]] qint64 size() const;
    [[nodiscard]] QVariant value(qint64 row) const;
    [[nodiscard]] QString text(qint64 row) const;
    void reserve(qint64 n);
};

/// A page of cells read from a dataset, column-major.
struct Page {
    qint64 rowStart = 0;
    qint64 colStart = 0;
    qint64 rowCount = 0;
    qint64 colCount = 0;
    QList<ColumnData> columns;
    /// PageRequest::labels: the values of the row and the column dimension's scales at the page's
    /// rows and columns (empty for a dimension without a scale, or a table with several fields).
    QStringList rowLabels;
    QStringList columnLabels;

    [[nodiscard]] QVariant value(qint64 row, qint64 col) const { return columns[col].value(row); }
    [[nodiscard]] QString text(qint64 row, qint64 col) const { return columns[col].text(row); }
};

namespace H5Stream {

template <typename T> QDataStream& readList(QDataStream& in, QList<T>& list);
template <typename T> void readItem(QDataStream& in, T& item) { in >> item; }
template <typename T> void readItem(QDataStream& in, QList<T>& item) { readList(in, item); }

/// Reads a QList written by operator<<, like Qt's operator>>, except that a count the rest of the
/// payload cannot hold (every item takes a byte at least) is corrupt data, not an allocation: Qt
/// reserves the count it reads first, so a corrupt 2^32 would allocate up to hundreds of GiB.
template <typename T> QDataStream& readList(QDataStream& in, QList<T>& list)
{
    list.clear();
    quint32 n = 0;
    in >> n;
    if (in.status() != QDataStream::Ok || !in.device() || qint64(n) > in.device()->bytesAvailable()) {
        in.setStatus(QDataStream::ReadCorruptData);
        return in;
    }
    list.reserve(qsizetype(n));
    for (quint32 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        T item;
        readItem(in, item);
        list.append(std::move(item));
    }
    return in;
}

} // namespace H5Stream

QDataStream& operator<<(QDataStream& out, const TableSummary& v);
QDataStream& operator>>(QDataStream& in, TableSummary& v);
QDataStream& operator<<(QDataStream& out, const H5Node& v);
QDataStream& operator>>(QDataStream& in, H5Node& v);
QDataStream& operator<<(QDataStream& out, const ColumnSpec& v);
QDataStream& operator>>(QDataStream& in, ColumnSpec& v);
QDataStream& operator<<(QDataStream& out, const FilterInfo& v);
QDataStream& operator>>(QDataStream& in, FilterInfo& v);
QDataStream& operator<<(QDataStream& out, const DatasetInfo& v);
QDataStream& operator>>(QDataStream& in, DatasetInfo& v);
QDataStream& operator<<(QDataStream& out, const Attribute& v);
QDataStream& operator>>(QDataStream& in, Attribute& v);
QDataStream& operator<<(QDataStream& out, const ObjectInfo& v);
QDataStream& operator>>(QDataStream& in, ObjectInfo& v);
QDataStream& operator<<(QDataStream& out, const DimView& v);
QDataStream& operator>>(QDataStream& in, DimView& v);
QDataStream& operator<<(QDataStream& out, const PageRequest& v);
QDataStream& operator>>(QDataStream& in, PageRequest& v);
QDataStream& operator<<(QDataStream& out, const ColumnData& v);
QDataStream& operator>>(QDataStream& in, ColumnData& v);
QDataStream& operator<<(QDataStream& out, const TableDescription& v);
QDataStream& operator>>(QDataStream& in, TableDescription& v);
QDataStream& operator<<(QDataStream& out, const Page& v);
QDataStream& operator>>(QDataStream& in, Page& v);

} // namespace H5Hdfs

Q_DECLARE_METATYPE(H5Hdfs::H5Node)
Q_DECLARE_METATYPE(H5Hdfs::ObjectInfo)
Q_DECLARE_METATYPE(H5Hdfs::Page)
Q_DECLARE_METATYPE(H5Hdfs::PageRequest)
Q_DECLARE_METATYPE(H5Hdfs::TableDescription)

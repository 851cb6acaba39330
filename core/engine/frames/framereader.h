// SPDX-License-Identifier: MIT
#pragma once

// Worker side of named tables: recognises pandas HDFStore frames (table and fixed format) and the
// "matrix + column names" layout, and reads their pages with pandas' own presentation (timestamps,
// booleans, categories, decoded string blocks). Runs on the HDF5 thread of the worker only.

#include "frames/framecells.h"
#include "frames/pickle.h"
#include "h5types.h"
#include "result.h"

#include <QHash>
#include <QTimeZone>
#include <functional>
#include <memory>
#include <optional>

namespace H5Hdfs {

class H5FileImage;

/// Where one column of a named table lives, and how its stored cells become what pandas shows.
struct FrameColumn {
    enum class Convert : quint8 {
        None,
        Bool,
        DateTime,
        TimeDelta,
        Codes,
        NanText,
        Objects,
        Period,
        RowNumber,
    };
    QString dataset;
    DimView view;      ///< how `dataset` is seen as a table
    qint64 column = 0; ///< which column of that table
    Convert convert = Convert::None;
    qint64 unitNanos = 1;              ///< DateTime, TimeDelta: nanoseconds per stored tick
    std::optional<QTimeZone> timeZone; ///< DateTime: aware timestamps, shown in this zone
    FrameCells::PeriodUnit periodUnit = FrameCells::PeriodUnit::Day; ///< Period: an ordinal's unit
    QStringList labels;                ///< Codes: the text of code i (categories, index levels)
    QString nanRep;                    ///< NanText: the stored text pandas reads as missing
    bool objectsTransposed = false;    ///< Objects: the pickled array is rows x columns
    struct Decoded {                   ///< Objects: the pickled block, decoded on first use
        std::optional<Result<Pickle::ObjectArray>> array;
    };
    std::shared_ptr<Decoded> objects;

    static FrameColumn at(QString dataset, DimView view, qint64 column, Convert convert = Convert::None)
    {
        FrameColumn c;
        c.dataset = std::move(dataset);
        c.view = std::move(view);
        c.column = column;
        c.convert = convert;
        return c;
    }
};

/// How to read an object as a named table: the description shown, and where each column is.
struct FramePlan {
    TableDescription description;
    QList<FrameColumn> columns;
};

class FrameReader {
public:
    explicit FrameReader(const H5FileImage& image)
        : m_image(image)
    {
    }

    /// The object at `path` as a named table; NotATable when it is none of the known layouts.
    [[nodiscard]] Result<FramePlan> plan(const QString& path) const;
    /// Reads rows and columns of a planned table.
    [[nodiscard]] Result<Page> read(const FramePlan& plan, const PageRequest& page,
        const std::function<void(qint64, qint64)>& progress = {}) const;
    /// Marks the children of a listing that read as named tables (their tableSummary), and drops
    /// bookkeeping children of a pandas group (PyTables' "_i_table" index). Returns the plans made
    /// on the way, by path, so that reading those tables later does not plan them again.
    QHash<QString, FramePlan> annotate(const QString& groupPath, QList<H5Node>& children) const;

private:
    using PlannedColumn = std::pair<FrameColumn, ColumnSpec>;
    [[nodiscard]] Result<FramePlan> tableFormat(const QString& path) const;
    // tableFormat's steps (framepandas.cpp): the group's attributes, one column, the stored
    // columns, the index.
    struct TableFormat;
    [[nodiscard]] Result<TableFormat> readTableFormat(const QString& path) const;
    [[nodiscard]] Result<PlannedColumn> tableColumn(const TableFormat& t, const QString& leaf,
        const QString& name, const QString& kind, const QString& meta, const QString& tz) const;
    [[nodiscard]] Status readStoredColumns(TableFormat& t) const;
    [[nodiscard]] Result<PlannedColumn> tableIndex(const TableFormat& t) const;
    [[nodiscard]] Result<FramePlan> fixedFormat(const QString& path) const;
    [[nodiscard]] Result<FramePlan> fixedSeries(const QString& path) const;
    /// A PyTables table pandas did not write (pandas' "generic_table"): a 0..n-1 index, its fields.
    [[nodiscard]] Result<FramePlan> nativeTable(const QString& path) const;
    /// `siblings`: the path's group listing when the caller has it (a listing of 10^4 matrices
    /// would otherwise list its group 10^4 times).
    [[nodiscard]] Result<FramePlan> matrixWithNames(const QString& path, const QList<H5Node>* siblings) const;
    [[nodiscard]] Result<FramePlan> planWith(const QString& path, const QList<H5Node>* siblings) const;
    [[nodiscard]] Result<QStringList> texts(
        const QString& dataset, const DimView& view = {}, qint64 column = 0) const;
    [[nodiscard]] Result<FrameColumn> fixedAxisColumn(const QString& dataset, ColumnSpec& spec) const;
    [[nodiscard]] Result<QStringList> levelLabels(const QString& dataset) const;
    /// Every value of one column of a dataset, as shown (converted like a page of the table).
    [[nodiscard]] Result<QStringList> shownTexts(const FrameColumn& column) const;
    [[nodiscard]] qint64 axisLength(const QString& dataset) const;
    [[nodiscard]] Result<ColumnData> readColumn(
        const FrameColumn& column, const ColumnData& stored, qint64 rowStart, qint64 rowCount) const;

    const H5FileImage& m_image;
};

} // namespace H5Hdfs

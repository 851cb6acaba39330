// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"

#include <QHash>

namespace H5Hdfs {

/// The labels of a table's rows and columns from its dataset's dimension scales (a netCDF
/// variable's coordinates: latitudes down the side, longitudes across the top), kept per block as
/// pages bring them: the engine reads the coordinates of the rows and columns it reads, never a
/// whole coordinate variable. Bounded: a long scroll forgets the oldest blocks.
class DimensionLabels {
public:
    /// A table of `info` through `view` has labels when one of its two dimensions has a scale.
    DimensionLabels(const DatasetInfo& info, const DimView& view);
    [[nodiscard]] bool wanted() const { return !m_rowName.isEmpty() || !m_columnName.isEmpty(); }

    /// Keeps the labels of a page read at block (blockRow, blockColumn).
    void keep(qint64 blockRow, qint64 blockColumn, const Page& page);
    /// The label of table row `row` or column `column`; "" when not (yet) known.
    [[nodiscard]] QString row(qint64 row) const;
    [[nodiscard]] QString column(qint64 column) const;
    /// "lat = 15 (row 2)", for a header's tooltip; "" when not known.
    [[nodiscard]] QString rowTip(qint64 row) const;
    [[nodiscard]] QString columnTip(qint64 column) const;

    static constexpr int kBlockRows = 256;
    static constexpr int kBlockColumns = 32;
    static constexpr int kMaxBlocks = 1024;

private:
    QString m_rowName;    ///< the row dimension's name, when it has a scale
    QString m_columnName; ///< the column dimension's name, when it has a scale (one field only)
    QHash<qint64, QStringList> m_rows;    ///< block row -> labels of its rows
    QHash<qint64, QStringList> m_columns; ///< block column -> labels of its columns
};

} // namespace H5Hdfs

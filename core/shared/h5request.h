// SPDX-License-Identifier: MIT
#pragma once

#include "h5types.h"
#include "plottypes.h"

namespace H5Hdfs {

/// One question to the HDF5 engine about an open file. Plain data, so it can cross a process.
struct H5Request {
    enum class Kind : quint8 { Open, ListChildren, Info, ReadPage, Find, DescribeTable, ReadTable, Plot };
    Kind kind = Kind::Open;
    QString path;     ///< the object asked about ("/" for Open)
    PageRequest page; ///< ReadPage only
    PlotRequest plot; ///< Plot only

    static H5Request open() { return {Kind::Open, QStringLiteral("/"), {}, {}}; }
    static H5Request listChildren(const QString& group) { return {Kind::ListChildren, group, {}, {}}; }
    static H5Request info(const QString& path) { return {Kind::Info, path, {}, {}}; }
    static H5Request readPage(const QString& dataset, const PageRequest& page)
    {
        return {Kind::ReadPage, dataset, page, {}};
    }
    /// Objects anywhere in the file whose name contains `pattern`, or with wildcards (* ? [..]) matches it
    /// whole.
    static H5Request find(const QString& pattern) { return {Kind::Find, pattern, {}, {}}; }
    /// The object as a table with named columns (a pandas frame, a matrix with names), or an error.
    static H5Request describeTable(const QString& path) { return {Kind::DescribeTable, path, {}, {}}; }
    /// A page of that table (rows and columns of page; its view is unused).
    static H5Request readTable(const QString& path, const PageRequest& page)
    {
        return {Kind::ReadTable, path, page, {}};
    }

    /// Reduced data for a plot of a dataset or a named table's column (plot.table), read in blocks.
    static H5Request plotOf(const QString& path, const PlotRequest& plot) { return {Kind::Plot, path, {}, plot}; }

    /// "reading /run1/labels", "listing /group", for error messages.
    [[nodiscard]] QString describe() const;
};

/// The answer: an error, or the part that matches the request's kind.
struct H5Response {
    Error error;
    QList<H5Node> children; ///< ListChildren
    ObjectInfo info;        ///< Info, and Open (the root group)
    Page page;            ///< ReadPage, ReadTable
    TableDescription table; ///< DescribeTable
    PlotData plot;          ///< Plot

    [[nodiscard]] bool ok() const { return !error.isError(); }
};

QDataStream& operator<<(QDataStream& out, const H5Request& v);
QDataStream& operator>>(QDataStream& in, H5Request& v);
QDataStream& operator<<(QDataStream& out, const H5Response& v);
QDataStream& operator>>(QDataStream& in, H5Response& v);

} // namespace H5Hdfs

Q_DECLARE_METATYPE(H5Hdfs::H5Response)

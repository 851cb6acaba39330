// SPDX-License-Identifier: MIT
#pragma once

// HDF5 files written at test time with the HDF5 C++ API, whose contents the tests know exactly.

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace H5Hdfs {

namespace H5Fixtures {

/// Values the "everything" fixture holds, for assertions.
constexpr int kIntCount = 5;
constexpr int kMatrixRows = 3;
constexpr int kMatrixCols = 4;
/// A filter id that is registered only while the fixture is written, so readers lack it.
constexpr int kMissingFilterId = 32100;

/// One file with every datatype, layout and link kind the engine supports:
///   /ints/{i8,i16be,i32,i64,u8,u16,u32,u64}   5 values each: -2..2 (unsigned: 0..4), 1-D
///   /floats/{f16,f32,f64,f64be}               [0.5, -1.25, 0.1, NaN, Inf] (f16: 0.5, -1.25, 2, -0, 65504)
///   /strings/{nullterm,nullpad,spacepad,utf8_fixed,vlen_ascii,vlen_utf8}
///   /enum  enum int8 {RED=0, GREEN=1, BLUE=2} = [RED, GREEN, BLUE, GREEN]
///   /bool  enum int8 {FALSE=0, TRUE=1}; /bits bitfield8 = [1, 2, 255]
///   /compound {x: int32, y: float64} x3; /nested {id, pos{x,y}}; /with_array {id, v: array[3] of float32}
///   /complex {r, i} float64; /array_elements array[3] of int16 x2; /vlen_ints vlen sequence of int32
///   /opaque (tag "raw bytes") 2 x 4 bytes; /refs object references to /ints and /matrix
///   /scalar int32 42; /matrix 3x4 float64 r*10+c; /cube 2x3x4 int32 = 100i+10j+k; /empty 0 rows; /null
///   /layouts/{compact,contiguous,chunked_deflate,unlimited}  int32 0..9
///   /links/{soft -> /matrix, dangling -> /nowhere, external -> other.h5:/data}; /links/loop -> / (hard)
///   /named_type committed compound; attributes on / and /matrix of several kinds
///   /refused/{external_raw, virtual}; /filters/missing (filter kMissingFilterId)
QString writeEverything(const QString& path);

/// A file with one lzf-compressed and one blosc-compressed 1000-value float64 dataset (/lzf, /blosc;
/// value i*0.5), through the Debian filter plugins.
QString writePluginCompressed(const QString& path);

enum class Values { Counting, Random };
/// A contiguous float64 dataset /values of rows x cols: value row*cols+col (Counting), or
/// normally distributed values with a fixed seed (Random, for realistic CSV sizes).
QString writeMatrix(const QString& path, qint64 rows, qint64 cols, Values values = Values::Counting,
    const char* dataset = "/values");
/// A chunked 1-D float64 dataset /values of `rows` elements (any number, 3e9 too) that costs
/// nothing on disk: only its last chunk (kSparseChunk elements) is written, each element its row
/// number; all the others read as the fill value `fill`.
constexpr qint64 kSparseChunk = 4096;
QString writeSparse(const QString& path, qint64 rows, double fill);
/// An int64 dataset /values of any shape, each element its position in C order (small sizes only).
QString writeCounting(const QString& path, const QList<qint64>& shape);
/// The users' own layout: a random rows x cols float64 "/data_f" and its column names "/f_axis0"
/// ("sensor_0", ...), as their writer made them.
QString writeUsersTable(const QString& path, qint64 rows, qint64 cols);

/// The bytes of a file.
QByteArray readAll(const QString& path);

} // namespace H5Fixtures

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "h5fixtures.h"

#include "h5plugins.h"

#include <H5Cpp.h>
#include <hdf5.h>

#include <QFile>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace H5Hdfs {

using namespace H5;

namespace H5Fixtures {
namespace {

DataSpace space1(hsize_t n)
{
    const hsize_t dims[1] = {n};
    return DataSpace(1, dims);
}

template <typename T>
void write1(Group& parent, const char* name, const DataType& fileType, const PredType& memType,
    const std::vector<T>& v)
{
    DataSet ds = parent.createDataSet(name, fileType, space1(v.size()));
    ds.write(v.data(), memType);
}

void writeInts(H5File& f)
{
    Group g = f.createGroup("/ints");
    const std::vector<long long> s = {-2, -1, 0, 1, 2};
    const std::vector<unsigned long long> u = {0, 1, 2, 3, 4};
    write1(g, "i8", PredType::STD_I8LE, PredType::NATIVE_LLONG, s);
    write1(g, "i16be", PredType::STD_I16BE, PredType::NATIVE_LLONG, s);
    write1(g, "i32", PredType::STD_I32LE, PredType::NATIVE_LLONG, s);
    write1(g, "i64", PredType::STD_I64LE, PredType::NATIVE_LLONG, s);
    write1(g, "u8", PredType::STD_U8LE, PredType::NATIVE_ULLONG, u);
    write1(g, "u16", PredType::STD_U16LE, PredType::NATIVE_ULLONG, u);
    write1(g, "u32", PredType::STD_U32BE, PredType::NATIVE_ULLONG, u);
    write1(g, "u64", PredType::STD_U64LE, PredType::NATIVE_ULLONG, u);
}

void writeFloats(H5File& f)
{
    Group g = f.createGroup("/floats");
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> d = {0.5, -1.25, 0.1, std::nan(""), inf};
    const std::vector<float> s = {0.5f, -1.25f, 0.1f, std::nanf(""), float(inf)};
    write1(g, "f32", PredType::IEEE_F32LE, PredType::NATIVE_FLOAT, s);
    write1(g, "f64", PredType::IEEE_F64LE, PredType::NATIVE_DOUBLE, d);
    write1(g, "f64be", PredType::IEEE_F64BE, PredType::NATIVE_DOUBLE, d);
    // IEEE half precision, built the way h5py does.
    FloatType half(PredType::IEEE_F32LE);
    half.setFields(15, 10, 5, 0, 10);
    half.setSize(2);
    half.setEbias(15);
    const std::vector<float> h = {0.5f, -1.25f, 2.0f, -0.0f, 65504.0f};
    write1(g, "f16", half, PredType::NATIVE_FLOAT, h);
}

void writeFixedString(Group& g, const char* name, size_t size, H5T_str_t pad, H5T_cset_t cset,
    const std::vector<std::string>& values)
{
    StrType type(PredType::C_S1, size);
    type.setStrpad(pad);
    type.setCset(cset);
    std::vector<char> buffer(size * values.size(), pad == H5T_STR_SPACEPAD ? ' ' : '\0');
    for (size_t i = 0; i < values.size(); ++i)
        std::copy(values[i].begin(), values[i].end(), buffer.begin() + std::ptrdiff_t(i * size));
    DataSet ds = g.createDataSet(name, type, space1(values.size()));
    ds.write(buffer.data(), type);
}

void writeVlenStrings(Group& g, const char* name, H5T_cset_t cset, const std::vector<const char*>& values)
{
    StrType type(PredType::C_S1, H5T_VARIABLE);
    type.setCset(cset);
    DataSet ds = g.createDataSet(name, type, space1(values.size()));
    ds.write(values.data(), type);
}

void writeStrings(H5File& f)
{
    Group g = f.createGroup("/strings");
    // "full" fills the width exactly: no terminator follows it in the file.
    writeFixedString(g, "nullterm", 6, H5T_STR_NULLTERM, H5T_CSET_ASCII, {"ab", "", "full!"});
    writeFixedString(g, "nullpad", 5, H5T_STR_NULLPAD, H5T_CSET_ASCII, {"ab", "", "full!"});
    writeFixedString(g, "spacepad", 5, H5T_STR_SPACEPAD, H5T_CSET_ASCII, {"ab", "", "full!"});
    writeFixedString(g, "utf8_fixed", 8, H5T_STR_NULLPAD, H5T_CSET_UTF8, {"Zoë", "γάμ", "日本"});
    writeVlenStrings(g, "vlen_ascii", H5T_CSET_ASCII, {"one", "", "three, with comma"});
    writeVlenStrings(g, "vlen_utf8", H5T_CSET_UTF8, {"Zoë", "quote \" inside", "line\nbreak"});
}

void writeEnums(H5File& f)
{
    EnumType colors(PredType::NATIVE_INT8);
    for (auto [name, value] : {std::pair {"RED", 0}, {"GREEN", 1}, {"BLUE", 2}}) {
        signed char v = static_cast<signed char>(value);
        colors.insert(name, &v);
    }
    const std::vector<signed char> c = {0, 1, 2, 1};
    DataSet e = f.createDataSet("/enum", colors, space1(c.size()));
    e.write(c.data(), colors);

    EnumType boolean(PredType::NATIVE_INT8);
    for (auto [name, value] : {std::pair {"FALSE", 0}, {"TRUE", 1}}) {
        signed char v = static_cast<signed char>(value);
        boolean.insert(name, &v);
    }
    const std::vector<signed char> b = {1, 0, 1};
    DataSet bd = f.createDataSet("/bool", boolean, space1(b.size()));
    bd.write(b.data(), boolean);

    const std::vector<unsigned char> bits = {1, 2, 255};
    DataSet bf = f.createDataSet("/bits", PredType::STD_B8LE, space1(bits.size()));
    bf.write(bits.data(), PredType::NATIVE_B8);
}

struct Point {
    int x;
    double y;
};
struct Pos {
    double x;
    double y;
};
struct Nested {
    int id;
    Pos pos;
};
struct WithArray {
    int id;
    float v[3];
};
struct Complex {
    double r;
    double i;
};

void writeCompounds(H5File& f)
{
    CompType point(sizeof(Point));
    point.insertMember("x", HOFFSET(Point, x), PredType::NATIVE_INT);
    point.insertMember("y", HOFFSET(Point, y), PredType::NATIVE_DOUBLE);
    const std::vector<Point> p = {{1, 1.5}, {2, -2.5}, {3, 1e300}};
    f.createDataSet("/compound", point, space1(p.size())).write(p.data(), point);

    CompType pos(sizeof(Pos));
    pos.insertMember("x", HOFFSET(Pos, x), PredType::NATIVE_DOUBLE);
    pos.insertMember("y", HOFFSET(Pos, y), PredType::NATIVE_DOUBLE);
    CompType nested(sizeof(Nested));
    nested.insertMember("id", HOFFSET(Nested, id), PredType::NATIVE_INT);
    nested.insertMember("pos", HOFFSET(Nested, pos), pos);
    const std::vector<Nested> n = {{7, {0.25, 0.75}}, {8, {-1, 1}}};
    f.createDataSet("/nested", nested, space1(n.size())).write(n.data(), nested);

    const hsize_t three[1] = {3};
    ArrayType floats3(PredType::NATIVE_FLOAT, 1, three);
    CompType withArray(sizeof(WithArray));
    withArray.insertMember("id", HOFFSET(WithArray, id), PredType::NATIVE_INT);
    withArray.insertMember("v", HOFFSET(WithArray, v), floats3);
    const std::vector<WithArray> a = {{1, {0.5f, 1.5f, 2.5f}}, {2, {-1, -2, -3}}};
    f.createDataSet("/with_array", withArray, space1(a.size())).write(a.data(), withArray);

    CompType complex(sizeof(Complex));
    complex.insertMember("r", HOFFSET(Complex, r), PredType::NATIVE_DOUBLE);
    complex.insertMember("i", HOFFSET(Complex, i), PredType::NATIVE_DOUBLE);
    const std::vector<Complex> c = {{1, -1}, {0.5, 2}};
    f.createDataSet("/complex", complex, space1(c.size())).write(c.data(), complex);

    ArrayType shorts3(PredType::STD_I16LE, 1, three);
    const std::vector<short> arr = {1, 2, 3, 4, 5, 6};
    f.createDataSet("/array_elements", shorts3, space1(2))
        .write(arr.data(), ArrayType(PredType::NATIVE_SHORT, 1, three));

    VarLenType vlen(PredType::NATIVE_INT);
    std::vector<int> first = {1, 2, 3}, second = {};
    std::vector<hvl_t> seqs = {{first.size(), first.data()}, {0, nullptr}};
    f.createDataSet("/vlen_ints", vlen, space1(seqs.size())).write(seqs.data(), vlen);

    point.commit(f, "/named_type");
}

void writeOpaqueAndRefs(H5File& f)
{
    hid_t opaque = H5Tcreate(H5T_OPAQUE, 4);
    H5Tset_tag(opaque, "raw bytes");
    const unsigned char bytes[8] = {0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3};
    DataSet o = f.createDataSet("/opaque", DataType(opaque), space1(2));
    o.write(bytes, DataType(opaque));
    H5Tclose(opaque);

    hobj_ref_t refs[2];
    H5Rcreate(&refs[0], f.getId(), "/ints", H5R_OBJECT, -1);
    H5Rcreate(&refs[1], f.getId(), "/matrix", H5R_OBJECT, -1);
    DataSet r = f.createDataSet("/refs", PredType::STD_REF_OBJ, space1(2));
    r.write(refs, PredType::STD_REF_OBJ);
}

void writeShapes(H5File& f)
{
    DataSet scalar = f.createDataSet("/scalar", PredType::STD_I32LE, DataSpace(H5S_SCALAR));
    const int answer = 42;
    scalar.write(&answer, PredType::NATIVE_INT);

    std::vector<double> m(size_t(kMatrixRows * kMatrixCols));
    for (int r = 0; r < kMatrixRows; ++r)
        for (int c = 0; c < kMatrixCols; ++c)
            m[size_t(r * kMatrixCols + c)] = r * 10 + c;
    const hsize_t md[2] = {kMatrixRows, kMatrixCols};
    DataSet matrix = f.createDataSet("/matrix", PredType::IEEE_F64LE, DataSpace(2, md));
    matrix.write(m.data(), PredType::NATIVE_DOUBLE);

    std::vector<int> cube(24);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 4; ++k)
                cube[size_t(i * 12 + j * 4 + k)] = 100 * i + 10 * j + k;
    const hsize_t cd[3] = {2, 3, 4};
    f.createDataSet("/cube", PredType::STD_I32LE, DataSpace(3, cd)).write(cube.data(), PredType::NATIVE_INT);

    f.createDataSet("/empty", PredType::IEEE_F64LE, space1(0));
    f.createDataSet("/null", PredType::STD_I32LE, DataSpace(H5S_NULL));

    Attribute units = matrix.createAttribute("units", StrType(PredType::C_S1, 4), DataSpace(H5S_SCALAR));
    units.write(StrType(PredType::C_S1, 4), "m/s");
    const int range[2] = {0, 31};
    matrix.createAttribute("range", PredType::STD_I32LE, space1(2)).write(PredType::NATIVE_INT, range);
}

void writeLayouts(H5File& f)
{
    Group g = f.createGroup("/layouts");
    std::vector<int> v(10);
    for (int i = 0; i < 10; ++i)
        v[size_t(i)] = i;
    auto make = [&](const char* name, DSetCreatPropList& dcpl, const DataSpace& space) {
        g.createDataSet(name, PredType::STD_I32LE, space, dcpl).write(v.data(), PredType::NATIVE_INT);
    };
    DSetCreatPropList compact;
    compact.setLayout(H5D_COMPACT);
    make("compact", compact, space1(10));
    DSetCreatPropList contiguous;
    make("contiguous", contiguous, space1(10));
    DSetCreatPropList deflate;
    const hsize_t chunk[1] = {4};
    deflate.setChunk(1, chunk);
    deflate.setShuffle();
    deflate.setDeflate(6);
    make("chunked_deflate", deflate, space1(10));
    DSetCreatPropList unlimited;
    unlimited.setChunk(1, chunk);
    const hsize_t dims[1] = {10}, maxDims[1] = {H5S_UNLIMITED};
    make("unlimited", unlimited, DataSpace(1, dims, maxDims));
}

void writeLinks(H5File& f)
{
    Group g = f.createGroup("/links");
    H5Lcreate_soft("/matrix", g.getId(), "soft", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_soft("/nowhere", g.getId(), "dangling", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_external("other.h5", "/data", g.getId(), "external", H5P_DEFAULT, H5P_DEFAULT);
    H5Lcreate_hard(f.getId(), "/", g.getId(), "loop", H5P_DEFAULT, H5P_DEFAULT);
}

void writeAttributes(H5File& f)
{
    Group root = f.openGroup("/");
    StrType vlenUtf8(PredType::C_S1, H5T_VARIABLE);
    vlenUtf8.setCset(H5T_CSET_UTF8);
    const char* title = "Zoë's file";
    root.createAttribute("title", vlenUtf8, DataSpace(H5S_SCALAR)).write(vlenUtf8, &title);
    const int version = 3;
    root.createAttribute("version", PredType::STD_I32LE, DataSpace(H5S_SCALAR))
        .write(PredType::NATIVE_INT, &version);
    const double scale[2] = {1.5, 2.5};
    root.createAttribute("scale", PredType::IEEE_F64LE, space1(2)).write(PredType::NATIVE_DOUBLE, scale);
    StrType padded(PredType::C_S1, 8);
    padded.setStrpad(H5T_STR_NULLPAD);
    const char fixed[8] = {'a', 'b', 'c', 0, 0, 0, 0, 0};
    root.createAttribute("fixed", padded, DataSpace(H5S_SCALAR)).write(padded, fixed);
}

// A no-op filter registered only while writing, so that readers find it missing.
size_t passThrough(unsigned, size_t, const unsigned[], size_t nbytes, size_t*, void**)
{
    return nbytes;
}

void writeRefused(H5File& f)
{
    Group g = f.createGroup("/refused");
    DSetCreatPropList external;
    external.setExternal("raw.bin", 0, 40);
    g.createDataSet("external_raw", PredType::STD_I32LE, space1(10), external);

    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t dims[1] = {10};
    hid_t vspace = H5Screate_simple(1, dims, nullptr);
    hid_t sspace = H5Screate_simple(1, dims, nullptr);
    H5Pset_virtual(dcpl, vspace, "source.h5", "/data", sspace);
    hid_t vds = H5Dcreate2(g.getId(), "virtual", H5T_STD_I32LE, vspace, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dclose(vds);
    H5Sclose(sspace);
    H5Sclose(vspace);
    H5Pclose(dcpl);

    const H5Z_class2_t filter = {
        H5Z_CLASS_T_VERS, H5Z_filter_t(kMissingFilterId), 1, 1, "test-only", nullptr, nullptr, passThrough};
    H5Zregister(&filter);
    Group fg = f.createGroup("/filters");
    DSetCreatPropList dcplMissing;
    const hsize_t chunk[1] = {5};
    dcplMissing.setChunk(1, chunk);
    dcplMissing.setFilter(H5Z_filter_t(kMissingFilterId), H5Z_FLAG_MANDATORY);
    std::vector<int> v(10, 7);
    fg.createDataSet("missing", PredType::STD_I32LE, space1(10), dcplMissing)
        .write(v.data(), PredType::NATIVE_INT);
}

} // namespace

// Fixture writers report HDF5 C++ exceptions as a failed write (an empty path) with the reason.
template <typename Write> QString guarded(const QString& path, Write write)
{
    try {
        write();
        return path;
    } catch (const H5::Exception& e) {
        qCritical("writing fixture %s failed: %s: %s", qPrintable(path), e.getCFuncName(), e.getCDetailMsg());
        return {};
    }
}

QString writeEverything(const QString& path)
{
    return guarded(path, [&] {
        FileAccPropList fapl;
        fapl.setLibverBounds(H5F_LIBVER_EARLIEST, H5F_LIBVER_LATEST);
        H5File f(path.toStdString(), H5F_ACC_TRUNC, FileCreatPropList::DEFAULT, fapl);
        writeInts(f);
        writeFloats(f);
        writeStrings(f);
        writeEnums(f);
        writeShapes(f);
        writeCompounds(f);
        writeOpaqueAndRefs(f);
        writeLayouts(f);
        writeLinks(f);
        writeAttributes(f);
        writeRefused(f);
        f.close();
        H5Zunregister(H5Z_filter_t(kMissingFilterId));
    });
}

QString writePluginCompressed(const QString& path)
{
    return guarded(path, [&] {
        H5File f(path.toStdString(), H5F_ACC_TRUNC);
        std::vector<double> v(1000);
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = double(i) * 0.5;
        const hsize_t chunk[1] = {250};
        for (auto [name, id] : {std::pair {"/lzf", 32000}, {"/blosc", 32001}}) {
            DSetCreatPropList dcpl;
            dcpl.setChunk(1, chunk);
            dcpl.setFilter(H5Z_filter_t(id), H5Z_FLAG_MANDATORY);
            f.createDataSet(name, PredType::IEEE_F64LE, space1(v.size()), dcpl)
                .write(v.data(), PredType::NATIVE_DOUBLE);
        }
    });
}

QString writeMatrix(const QString& path, qint64 rows, qint64 cols, Values values, const char* dataset)
{
    return guarded(path, [&] {
        H5File f(path.toStdString(), H5F_ACC_TRUNC);
        const hsize_t dims[2] = {hsize_t(rows), hsize_t(cols)};
        DataSet ds = f.createDataSet(dataset, PredType::IEEE_F64LE, DataSpace(2, dims));
        // Written in slabs of rows so a large fixture never needs its whole size in memory.
        const qint64 slabRows = qMax<qint64>(1, (8 << 20) / qMax<qint64>(1, cols) / 8);
        std::vector<double> slab;
        std::mt19937_64 rng(20261124);
        std::normal_distribution<double> normal(100.0, 15.0);
        for (qint64 r0 = 0; r0 < rows; r0 += slabRows) {
            const qint64 n = qMin(slabRows, rows - r0);
            slab.resize(size_t(n * cols));
            for (qint64 i = 0; i < n * cols; ++i)
                slab[size_t(i)] = values == Values::Counting ? double(r0 * cols + i) : normal(rng);
            DataSpace fileSpace = ds.getSpace();
            const hsize_t start[2] = {hsize_t(r0), 0}, count[2] = {hsize_t(n), hsize_t(cols)};
            fileSpace.selectHyperslab(H5S_SELECT_SET, count, start);
            DataSpace memSpace(2, count);
            ds.write(slab.data(), PredType::NATIVE_DOUBLE, memSpace, fileSpace);
        }
    });
}

QString writeSparse(const QString& path, qint64 rows, double fill)
{
    return guarded(path, [&] {
        H5File f(path.toStdString(), H5F_ACC_TRUNC);
        DSetCreatPropList plist;
        const hsize_t chunk[1] = {hsize_t(kSparseChunk)};
        plist.setChunk(1, chunk);
        plist.setFillValue(PredType::NATIVE_DOUBLE, &fill);
        DataSet ds = f.createDataSet("/values", PredType::IEEE_F64LE, space1(hsize_t(rows)), plist);
        // The last chunk only, which may be partial: rows past the end are not the dataset's.
        const qint64 first = (rows - 1) / kSparseChunk * kSparseChunk;
        std::vector<double> last(size_t(rows - first));
        std::iota(last.begin(), last.end(), double(first));
        DataSpace fileSpace = ds.getSpace();
        const hsize_t start[1] = {hsize_t(first)}, count[1] = {hsize_t(last.size())};
        fileSpace.selectHyperslab(H5S_SELECT_SET, count, start);
        ds.write(last.data(), PredType::NATIVE_DOUBLE, space1(count[0]), fileSpace);
    });
}

QString writeCounting(const QString& path, const QList<qint64>& shape)
{
    return guarded(path, [&] {
        H5File f(path.toStdString(), H5F_ACC_TRUNC);
        std::vector<hsize_t> dims(shape.begin(), shape.end());
        const DataSpace space(int(dims.size()), dims.data());
        DataSet ds = f.createDataSet("/values", PredType::STD_I64LE, space);
        std::vector<qint64> values(size_t(std::accumulate(shape.begin(), shape.end(), qint64(1),
            std::multiplies<>())));
        std::iota(values.begin(), values.end(), qint64(0));
        ds.write(values.data(), PredType::NATIVE_INT64);
    });
}

QString writeUsersTable(const QString& path, qint64 rows, qint64 cols)
{
    if (writeMatrix(path, rows, cols, Values::Random, "/data_f").isEmpty())
        return {};
    return guarded(path, [&] {
        H5File f(path.toStdString(), H5F_ACC_RDWR);
        const int width = 16;
        std::string names(size_t(cols * width), '\0');
        for (qint64 c = 0; c < cols; ++c)
            std::snprintf(names.data() + c * width, width, "sensor_%lld", static_cast<long long>(c));
        const hsize_t n = hsize_t(cols);
        f.createDataSet("/f_axis0", StrType(PredType::C_S1, width), DataSpace(1, &n))
            .write(names.data(), StrType(PredType::C_S1, width));
    });
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace H5Fixtures

} // namespace H5Hdfs

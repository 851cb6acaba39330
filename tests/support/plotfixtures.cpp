// SPDX-License-Identifier: MIT
#include "plotfixtures.h"

#include <hdf5.h>

#include <QtGlobal>
#include <functional>
#include <limits>
#include <numbers>
#include <vector>

namespace H5Hdfs {

namespace PlotFixtures {

double signal(qint64 i)
{
    if ((i >= 5000 && i < 6000) || (i >= 70000 && i < 70003) || i == 99999)
        return std::nan("");
    return std::sin(2 * std::numbers::pi * double(i) / 1000.0);
}

double cube(qint64 f, qint64 r, qint64 c)
{
    return f == 1 && r == 50 && c == 100 ? std::nan("") : double(f) * 1e5 + double(r) * 1e3 + double(c);
}

double rgb(qint64 r, qint64 c, qint64 channel)
{
    return channel == 0 ? double(r * 10) : channel == 1 ? double(c * 8) : 128.0;
}

double waves(qint64 i)
{
    if (i % 997 == 0)
        return std::nan("");
    if (i % 1999 == 0)
        return std::numeric_limits<double>::infinity();
    if (i % 2503 == 0)
        return -std::numeric_limits<double>::infinity();
    return 3 * std::sin(double(i) * 0.37) + double(i % 7) * 0.25;
}

double tenths32(qint64 i)
{
    return double(float(double(i) * 0.1));
}

double xy(qint64 i, int column)
{
    const double x = 1000.0 * std::pow(double(i) / double(kXyRows), 2);
    switch (column) {
    case 0: return i % 1013 == 0 ? std::nan("") : x;
    case 1: return i >= 3000 && i < 3400 ? std::nan("") : i == 5000 ? std::numeric_limits<double>::infinity() : std::sin(x / 7);
    default: return x / 10;
    }
}

namespace {

// A dataset of `shape` whose element at C-order position (as indices) is value(indices).
void writeDataset(hid_t file, const char* name, const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk,
    hid_t fileType, const std::function<double(const std::vector<hsize_t>&)>& value)
{
    hsize_t n = 1;
    for (hsize_t d : shape)
        n *= d;
    std::vector<double> data(n);
    std::vector<hsize_t> at(shape.size(), 0);
    for (hsize_t i = 0; i < n; ++i) {
        data[i] = value(at);
        for (size_t d = shape.size(); d-- > 0;) {
            if (++at[d] < shape[d])
                break;
            at[d] = 0;
        }
    }
    const hid_t space = H5Screate_simple(int(shape.size()), shape.data(), nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (!chunk.empty())
        H5Pset_chunk(dcpl, int(chunk.size()), chunk.data());
    const hid_t set = H5Dcreate2(file, name, fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
    H5Dclose(set);
    H5Pclose(dcpl);
    H5Sclose(space);
}

} // namespace

QString write(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    using Index = std::vector<hsize_t>;
    writeDataset(file, "/signal", {hsize_t(kSignalRows)}, {4096}, H5T_IEEE_F64LE,
        [](const Index& i) { return signal(qint64(i[0])); });
    writeDataset(file, "/cube", {kFrames, kCubeRows, kCubeCols}, {1, 32, 32}, H5T_IEEE_F64LE,
        [](const Index& i) { return cube(qint64(i[0]), qint64(i[1]), qint64(i[2])); });
    writeDataset(file, "/rgb", {20, 30, 3}, {}, H5T_STD_U8LE,
        [](const Index& i) { return rgb(qint64(i[0]), qint64(i[1]), qint64(i[2])); });
    writeDataset(file, "/waves", {kWaves}, {1000}, H5T_IEEE_F64LE, [](const Index& i) { return waves(qint64(i[0])); });
    writeDataset(file, "/steps", {kSteps}, {}, H5T_STD_I32LE, [](const Index& i) { return double(i[0] % 11); });
    writeDataset(file, "/constant", {kConstant}, {}, H5T_IEEE_F64LE, [](const Index&) { return 4.25; });
    writeDataset(file, "/waves32", {kWaves}, {1000}, H5T_IEEE_F32LE,
        [](const Index& i) { return double(float(waves(qint64(i[0])))); });
    writeDataset(file, "/tenths32", {kTenths}, {}, H5T_IEEE_F32LE, [](const Index& i) { return tenths32(qint64(i[0])); });
    writeDataset(file, "/xy", {kXyRows, 3}, {4096, 3}, H5T_IEEE_F64LE,
        [](const Index& i) { return xy(qint64(i[0]), int(i[1])); });
    writeDataset(file, "/ramp", {64, 256}, {}, H5T_IEEE_F64LE, [](const Index& i) { return double(i[1]); });
    writeDataset(file, "/flat", {64, 256}, {}, H5T_IEEE_F64LE, [](const Index&) { return 7.0; });
    writeDataset(file, "/sine", {2000}, {}, H5T_IEEE_F64LE,
        [](const Index& i) { return std::sin(2 * std::numbers::pi * double(i[0]) / 1000.0); });
    H5Fclose(file);
    return path;
}

double big(qint64 i, bool bytes)
{
    return bytes ? double(i % 251) : double(i) * 1e-3;
}

QString writeBig(const QString& path, qint64 rows, qint64 side, bool bytes)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    // Written in slabs, so that writing 10^8 values does not hold them all.
    auto slabs = [file](const char* name, const std::vector<hsize_t>& shape, hid_t type, hid_t memType,
                     qint64 rowsPerSlab, const std::function<void(qint64 row, qint64 n, std::vector<float>&,
                                                  std::vector<double>&)>& fill) {
        const hid_t space = H5Screate_simple(int(shape.size()), shape.data(), nullptr);
        const hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t rowLength = shape.size() > 1 ? shape[1] : 1;
        std::vector<float> f;
        std::vector<double> d;
        for (qint64 row = 0; row < qint64(shape[0]); row += rowsPerSlab) {
            const qint64 n = qMin<qint64>(rowsPerSlab, qint64(shape[0]) - row);
            fill(row, n, f, d);
            std::vector<hsize_t> start(shape.size(), 0), count = shape;
            start[0] = hsize_t(row);
            count[0] = hsize_t(n);
            H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
            const hsize_t m[1] = {hsize_t(n) * rowLength};
            const hid_t mem = H5Screate_simple(1, m, nullptr);
            H5Dwrite(set, memType, mem, space, H5P_DEFAULT, memType == H5T_NATIVE_FLOAT ? (void*)f.data() : (void*)d.data());
            H5Sclose(mem);
        }
        H5Dclose(set);
        H5Sclose(space);
    };
    slabs("/big", {hsize_t(rows)}, bytes ? H5T_STD_U8LE : H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1 << 22,
        [bytes](qint64 row, qint64 n, std::vector<float>&, std::vector<double>& d) {
            d.resize(size_t(n));
            for (qint64 i = 0; i < n; ++i)
                d[size_t(i)] = big(row + i, bytes);
        });
    if (side > 0)
        slabs("/image", {hsize_t(side), hsize_t(side)}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, qMax<qint64>(1, (1 << 22) / side),
            [side](qint64 row, qint64 n, std::vector<float>& f, std::vector<double>&) {
                f.resize(size_t(n * side));
                for (qint64 r = 0; r < n; ++r)
                    for (qint64 c = 0; c < side; ++c)
                        f[size_t(r * side + c)] = float(row + r + c);
            });
    H5Fclose(file);
    return path;
}

} // namespace PlotFixtures

} // namespace H5Hdfs

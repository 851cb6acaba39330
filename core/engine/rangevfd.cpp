// SPDX-License-Identifier: MIT
#include "rangevfd.h"

#include "blockcache.h"

#include <cstdlib>
#include <mutex>

namespace H5Hdfs {

namespace {

struct Config {
    BlockCache* cache = nullptr;
};

/// An open file: the library's part first, as every driver's struct must begin.
struct RangeFile {
    H5FD_t pub;
    BlockCache* cache;
    haddr_t eoa;
};

constexpr haddr_t kMaxAddress = (haddr_t(1) << 62) - 1;

herr_t fail(const char* function, H5E_major_t major, H5E_minor_t minor, const char* message)
{
    // The file's name, not __FILE__: a shipped binary holds no build path (tests/install).
    H5Epush2(H5E_DEFAULT, "rangevfd.cpp", function, __LINE__, H5E_ERR_CLS, major, minor, "%s", message);
    return -1;
}

H5FD_t* openFile(const char*, unsigned flags, hid_t fapl, haddr_t maxaddr)
{
    if (flags & (H5F_ACC_RDWR | H5F_ACC_CREAT | H5F_ACC_TRUNC)) {
        fail(__func__, H5E_VFL, H5E_CANTOPENFILE, "lazily read files are read-only");
        return nullptr;
    }
    const auto* config = static_cast<const Config*>(H5Pget_driver_info(fapl));
    if (!config || !config->cache || maxaddr == 0 || maxaddr == HADDR_UNDEF) {
        fail(__func__, H5E_VFL, H5E_CANTOPENFILE, "no block cache for the lazy file driver");
        return nullptr;
    }
    auto* file = static_cast<RangeFile*>(std::calloc(1, sizeof(RangeFile)));
    if (!file) {
        fail(__func__, H5E_RESOURCE, H5E_NOSPACE, "cannot allocate the file");
        return nullptr;
    }
    file->cache = config->cache;
    return &file->pub;
}

herr_t closeFile(H5FD_t* file)
{
    std::free(file);
    return 0;
}

int compare(const H5FD_t* a, const H5FD_t* b)
{
    const auto* x = reinterpret_cast<const RangeFile*>(a)->cache;
    const auto* y = reinterpret_cast<const RangeFile*>(b)->cache;
    return x < y ? -1 : (x > y ? 1 : 0);
}

herr_t query(const H5FD_t*, unsigned long* flags)
{
    // As libhdf5's own read-only range driver (ROS3): raw data is sieved (small reads of a
    // contiguous dataset become one larger read), metadata is read as the library asks.
    if (flags)
        *flags = H5FD_FEAT_DATA_SIEVE;
    return 0;
}

haddr_t getEoa(const H5FD_t* file, H5FD_mem_t)
{
    return reinterpret_cast<const RangeFile*>(file)->eoa;
}

herr_t setEoa(H5FD_t* file, H5FD_mem_t, haddr_t address)
{
    reinterpret_cast<RangeFile*>(file)->eoa = address;
    return 0;
}

haddr_t getEof(const H5FD_t* file, H5FD_mem_t)
{
    return haddr_t(reinterpret_cast<const RangeFile*>(file)->cache->fileSize());
}

herr_t readRange(H5FD_t* pub, H5FD_mem_t, hid_t, haddr_t address, size_t size, void* buffer)
{
    auto* file = reinterpret_cast<RangeFile*>(pub);
    if (address > haddr_t(file->cache->fileSize()) || size > size_t(file->cache->fileSize()))
        return fail(__func__, H5E_IO, H5E_OVERFLOW, "read beyond the end of the file");
    if (!file->cache->read(qint64(address), qint64(size), static_cast<char*>(buffer)))
        return fail(__func__, H5E_IO, H5E_READERROR, qPrintable(file->cache->failure().message));
    return 0;
}

herr_t refuseWrite(H5FD_t*, H5FD_mem_t, hid_t, haddr_t, size_t, const void*)
{
    return fail(__func__, H5E_IO, H5E_WRITEERROR, "lazily read files are read-only");
}

H5FD_class_t makeClass()
{
    H5FD_class_t c {};
    c.name = "h5hdfs-range";
    c.maxaddr = kMaxAddress;
    c.fc_degree = H5F_CLOSE_WEAK;
    c.fapl_size = sizeof(Config); // copied and freed by the library
    c.open = openFile;
    c.close = closeFile;
    c.cmp = compare;
    c.query = query;
    c.get_eoa = getEoa;
    c.set_eoa = setEoa;
    c.get_eof = getEof;
    c.read = readRange;
    c.write = refuseWrite;
    for (auto& type : c.fl_map)
        type = H5FD_MEM_DEFAULT;
    return c;
}

hid_t driverId()
{
    static const H5FD_class_t kClass = makeClass();
    static hid_t id = H5I_INVALID_HID;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (id < 0 || H5Iis_valid(id) <= 0)
        id = H5FDregister(&kClass);
    return id;
}

} // namespace

namespace RangeVfd {

herr_t use(hid_t fapl, BlockCache* cache)
{
    const hid_t driver = driverId();
    if (driver < 0)
        return -1;
    const Config config {cache};
    return H5Pset_driver(fapl, driver, &config);
}

} // namespace RangeVfd

} // namespace H5Hdfs

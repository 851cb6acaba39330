// SPDX-License-Identifier: MIT
#include "h5fileimage.h"

#include "blockcache.h"
#include "h5plugins.h"
#include "rangevfd.h"
#include "logging.h"

#include <hdf5.h>

#include <QUuid>
#include <cstring>

namespace H5Hdfs {

// The library never owns, copies or frees the image: these callbacks hand the caller's buffer to
// the property list and the core driver as is (H5LT does the same for H5LT_FILE_IMAGE_DONT_COPY,
// but loses the error stack on failure, so we open with plain H5Fopen and read the stack ourselves).
struct H5FileImage::CallbackState {
    const void* image = nullptr;
    size_t size = 0;

    static void* allocate(size_t size, H5FD_file_image_op_t op, void* udata)
    {
        auto* self = static_cast<CallbackState*>(udata);
        switch (op) {
        case H5FD_FILE_IMAGE_OP_PROPERTY_LIST_SET:
        case H5FD_FILE_IMAGE_OP_PROPERTY_LIST_COPY:
        case H5FD_FILE_IMAGE_OP_FILE_OPEN:
            return size == self->size ? const_cast<void*>(self->image) : nullptr;
        default: return nullptr; // resizing or handing out a copy would need a real allocation
        }
    }
    static void* copy(void* dest, const void* src, size_t size, H5FD_file_image_op_t, void* udata)
    {
        auto* self = static_cast<CallbackState*>(udata);
        if (dest == src && dest == self->image && size == self->size)
            return dest;
        return nullptr;
    }
    static void* reallocate(void*, size_t, H5FD_file_image_op_t, void*) { return nullptr; }
    static herr_t release(void*, H5FD_file_image_op_t, void*) { return 0; }
    static void* copyUdata(void* udata) { return udata; }
    static herr_t releaseUdata(void*) { return 0; }
};

namespace {

// Refuses every external link traversal: an image must never make us open a local path.
herr_t refuseExternalLink(const char*, const char*, const char*, const char*, unsigned*, hid_t, void*)
{
    return -1;
}

constexpr const char* kUnreachablePrefix = "/dev/null/h5hdfs-refused/";
constexpr char kHdf5Signature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};

// Link, group and dataset access lists all derive from the link access class in libhdf5, so each
// can carry the refusal; every by-name call uses one of them.
H5Handle refusingAccessList(hid_t plistClass)
{
    H5Handle plist(H5Pcreate(plistClass));
    if (!plist || H5Pset_elink_cb(plist.id(), refuseExternalLink, nullptr) < 0
        || H5Pset_elink_prefix(plist.id(), kUnreachablePrefix) < 0)
        return {};
    return plist;
}

} // namespace

H5FileImage::H5FileImage(std::shared_ptr<const ImageBuffer> bytes)
    : m_bytes(std::move(bytes))
    , m_size(m_bytes ? m_bytes->size() : 0)
    , m_callbacks(std::make_unique<CallbackState>())
{
}

H5FileImage::~H5FileImage()
{
    // Close strongly before the bytes go: the fapl asked for H5F_CLOSE_STRONG, so every object
    // still open in this file is closed with it.
    m_file.reset();
    H5Errors::takeStack();
}

QString H5FileImage::uniqueImageName()
{
    return QStringLiteral("/dev/null/h5hdfs-image-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool H5FileImage::hasSignature(const char* data, qint64 size)
{
    for (qint64 offset = 0; offset + 8 <= size; offset = offset == 0 ? 512 : offset * 2) {
        if (std::memcmp(data + offset, kHdf5Signature, 8) == 0)
            return true;
    }
    return false;
}

bool H5FileImage::hasSignature(BlockCache& cache)
{
    char bytes[8];
    for (qint64 offset = 0; offset + 8 <= cache.fileSize(); offset = offset == 0 ? 512 : offset * 2) {
        if (!cache.read(offset, 8, bytes))
            return false;
        if (std::memcmp(bytes, kHdf5Signature, 8) == 0)
            return true;
    }
    return false;
}

Result<std::unique_ptr<H5FileImage>> H5FileImage::open(std::shared_ptr<const ImageBuffer> bytes)
{
    H5Errors::silence();
    H5Plugins::prepare();
    if (!bytes || bytes->size() == 0)
        return Error(Error::Code::NotHdf5, QStringLiteral("The file is empty"));
    if (!hasSignature(bytes->constData(), bytes->size()))
        return Error(Error::Code::NotHdf5, QStringLiteral("Not an HDF5 file (no HDF5 signature)"));

    std::unique_ptr<H5FileImage> self(new H5FileImage(std::move(bytes)));
    self->m_callbacks->image = self->m_bytes->constData();
    self->m_callbacks->size = size_t(self->m_bytes->size());

    H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
    H5FD_file_image_callbacks_t callbacks = {&CallbackState::allocate, &CallbackState::copy,
        &CallbackState::reallocate, &CallbackState::release, &CallbackState::copyUdata,
        &CallbackState::releaseUdata, self->m_callbacks.get()};
    if (!fapl || H5Pset_fapl_core(fapl.id(), 64 * 1024, false) < 0
        || H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG) < 0
        || H5Pset_file_image_callbacks(fapl.id(), &callbacks) < 0
        || H5Pset_file_image(
               fapl.id(), const_cast<char*>(self->m_bytes->constData()), size_t(self->m_bytes->size()))
            < 0)
        return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("Cannot prepare the file image"));

    const QByteArray name = uniqueImageName().toUtf8();
    self->m_file = H5Handle(H5Fopen(name.constData(), H5F_ACC_RDONLY, fapl.id()));
    if (!self->m_file)
        return H5Errors::fromStack(Error::Code::Corrupt, QStringLiteral("Cannot open the HDF5 file"));

    if (Status s = self->prepareAccessLists(); s.isError())
        return s;
    qCDebug(lcH5) << "opened image of" << self->size() << "bytes as" << name;
    return self;
}

Result<std::unique_ptr<H5FileImage>> H5FileImage::openLazy(std::shared_ptr<BlockCache> cache)
{
    H5Errors::silence();
    H5Plugins::prepare();
    if (!cache || cache->fileSize() == 0)
        return Error(Error::Code::NotHdf5, QStringLiteral("The file is empty"));
    if (!hasSignature(*cache))
        return cache->failure().isError()
            ? cache->failure()
            : Error(Error::Code::NotHdf5, QStringLiteral("Not an HDF5 file (no HDF5 signature)"));
    std::unique_ptr<H5FileImage> self(new H5FileImage(nullptr));
    self->m_cache = std::move(cache);
    self->m_size = self->m_cache->fileSize();
    H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
    if (!fapl || H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG) < 0
        || RangeVfd::use(fapl.id(), self->m_cache.get()) < 0)
        return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("Cannot prepare the lazy file"));
    const QByteArray name = uniqueImageName().toUtf8();
    self->m_file = H5Handle(H5Fopen(name.constData(), H5F_ACC_RDONLY, fapl.id()));
    if (!self->m_file) {
        Error error = H5Errors::fromStack(Error::Code::Corrupt, QStringLiteral("Cannot open the HDF5 file"));
        // A fetch that failed says more than the library's "unable to read superblock".
        if (self->m_cache->failure().isError())
            return self->m_cache->failure();
        return error;
    }
    if (Status s = self->prepareAccessLists(); s.isError())
        return s;
    qCDebug(lcH5) << "opened a lazy file of" << self->size() << "bytes as" << name;
    return self;
}

Status H5FileImage::prepareAccessLists()
{
    m_linkAccess = refusingAccessList(H5P_LINK_ACCESS);
    m_groupAccess = refusingAccessList(H5P_GROUP_ACCESS);
    m_datasetAccess = refusingAccessList(H5P_DATASET_ACCESS);
    if (!m_linkAccess || !m_groupAccess || !m_datasetAccess
        || H5Pset_efile_prefix(m_datasetAccess.id(), kUnreachablePrefix) < 0
        || H5Pset_virtual_prefix(m_datasetAccess.id(), kUnreachablePrefix) < 0)
        return H5Errors::fromStack(Error::Code::Internal, QStringLiteral("Cannot prepare access properties"));
    return {};
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
// h5hdfs-worker: the only process that runs libhdf5 on file images. It serves one image, mapped
// read-only from a descriptor it inherits, answering framed requests on stdin with frames on stdout.
// A crash, hang or memory blow-up here costs one error message in the program that started it.
#include "hdf5/h5engine.h"
#include "hdf5/h5plugins.h"
#include "hdf5/h5workerprotocol.h"

#include <QByteArray>
#include <cstdio>
#include <cstring>
#include <new>
#include <sys/resource.h>

namespace {

struct Options {
    int imageFd = -1;
    qint64 imageSize = 0;
    qint64 memoryBudget = 4LL << 30;
};

bool parse(int argc, char* argv[], Options& options)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        bool ok = false;
        const qint64 value = QByteArray(argv[i + 1]).toLongLong(&ok);
        if (!ok)
            return false;
        if (std::strcmp(argv[i], "--image-fd") == 0)
            options.imageFd = int(value);
        else if (std::strcmp(argv[i], "--image-size") == 0)
            options.imageSize = value;
        else if (std::strcmp(argv[i], "--memory-budget") == 0)
            options.memoryBudget = value;
        else
            return false;
    }
    return options.imageSize >= 0;
}

void applyLimits(const Options& options)
{
    const rlimit noCore {0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
#ifdef __SANITIZE_ADDRESS__
    // AddressSanitizer reserves terabytes of shadow address space; a cap would stop it from starting.
    Q_UNUSED(options);
#else
    // libhdf5 checks its allocations, so an address-space cap turns a blow-up into an error.
    const rlim_t cap = rlim_t(options.imageSize + options.memoryBudget);
    const rlimit memory {cap, cap};
    setrlimit(RLIMIT_AS, &memory);
#endif
}

std::shared_ptr<const ImageBuffer> mapImage(const Options& options)
{
    if (options.imageSize == 0 || options.imageFd < 0) {
        auto empty = ImageBuffer::allocate(0, QStringLiteral("empty"));
        return empty ? *empty : nullptr;
    }
    auto mapped = ImageBuffer::mapReadOnly(options.imageFd, options.imageSize);
    return mapped ? *mapped : nullptr;
}

} // namespace

int main(int argc, char* argv[])
{
    using namespace H5WorkerProtocol;
    Options options;
    if (!parse(argc, argv, options)) {
        std::fputs("usage: h5hdfs-worker --image-fd FD --image-size BYTES [--memory-budget BYTES]\n", stderr);
        return 2;
    }
    auto image = mapImage(options);
    if (!image) {
        std::fputs("h5hdfs-worker: cannot map the image\n", stderr);
        return 3;
    }
    // Everything the worker needs from the filesystem is loaded before the first request.
    H5Plugins::prepare();
    H5Plugins::loadAll();
    applyLimits(options);

    H5Engine engine(image);
    for (;;) {
        Frame frame;
        const ReadStatus status
            = readFrame(STDIN_FILENO, frame, std::chrono::steady_clock::time_point::max());
        if (status == ReadStatus::Closed)
            return 0; // the service closed the file
        H5Request request;
        if (status != ReadStatus::Ok || frame.type != FrameType::Request || !decode(frame.payload, request)) {
            std::fputs("h5hdfs-worker: malformed request\n", stderr);
            return 4;
        }
        const H5Response response = engine.execute(request, [](qint64 done, qint64 total) {
            writeFrame(STDOUT_FILENO, FrameType::Progress, encode(QList<qint64> {done, total}));
        });
        if (!writeFrame(STDOUT_FILENO, FrameType::Response, encode(response)))
            return 0;
    }
}

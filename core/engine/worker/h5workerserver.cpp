// SPDX-License-Identifier: MIT
#include "h5workerserver.h"

#include "blockcache.h"
#include "columnpool.h"
#include "frames/timezones.h"
#include "h5engine.h"
#include "h5objectinfo.h"
#include "h5plugins.h"
#include "h5workerprotocol.h"
#include "logging.h"
#include "workersandbox.h"
#include "workersanitizer.h"
#include "workertitle.h"

#include <hdf5.h>

#include <QByteArray>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <new>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace H5Hdfs {

namespace {

H5WorkerServer::RequestHook g_requestHook = nullptr;

struct Options {
    int imageFd = -1;
    qint64 imageSize = 0;
    qint64 memoryBudget = 4LL << 30;
    QByteArray fileName; ///< shown in ps and top
};

bool parse(int argc, char* argv[], Options& options)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--file-name") == 0) {
            options.fileName = argv[i + 1];
            continue;
        }
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
#ifdef H5HDFS_SANITIZE
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

/// A lazy file's missing blocks: asked of the supervisor over the pipe this worker already holds
/// (it has no other way out), answered when they are in the shared cache or cannot be had.
LazyProtocol::BlockReply askSupervisor(const LazyProtocol::BlockRequest& request)
{
    using namespace H5WorkerProtocol;
    LazyProtocol::BlockReply reply;
    Frame frame;
    if (!writeFrame(STDOUT_FILENO, FrameType::BlockRequest, encode(request))
        || readFrame(STDIN_FILENO, frame, std::chrono::steady_clock::time_point::max()) != ReadStatus::Ok
        || frame.type != FrameType::BlockReply || !decode(frame.payload, reply))
        reply.error = Error(Error::Code::Internal, QStringLiteral("The worker lost its supervisor"));
    return reply;
}

/// The engine for what the service sends first: LazyOpen makes the mapped image the block cache
/// of a file read lazily; anything else means the image is the whole file (the frame is kept).
std::unique_ptr<H5Engine> engineFor(
    const std::shared_ptr<const ImageBuffer>& image, H5WorkerProtocol::Frame& first, bool& firstUsed)
{
    using namespace H5WorkerProtocol;
    firstUsed = false;
    if (first.type != FrameType::LazyOpen)
        return std::make_unique<H5Engine>(image);
    firstUsed = true;
    LazyProtocol::LazyOpen params;
    if (!decode(first.payload, params) || !LazyProtocol::isValid(params)
        || params.blockSize * params.slotCount > image->size())
        return nullptr;
    // The cache keeps the mapping alive: the engine holds the cache, the cache's deleter the image.
    auto cache = std::shared_ptr<BlockCache>(new BlockCache(image->constData(), params, askSupervisor),
        [image](BlockCache* c) { delete c; });
    return std::make_unique<H5Engine>(std::move(cache));
}

/// The most reply memory kept between requests: a page of PageRequest::kMaxBytes of numbers and
/// the stream's framing. A larger reply (a page of long texts) is freed once sent.
constexpr qsizetype kKeptReplyBytes = qsizetype(PageRequest::kMaxBytes + (1 << 20));

/// Serves one image until the service closes the pipe. Plugins are loaded before this.
int serveImage(const Options& options)
{
    using namespace H5WorkerProtocol;
    auto image = mapImage(options);
    if (!image) {
        std::fputs("h5hdfs-worker: cannot map the image\n", stderr);
        return 3;
    }
    applyLimits(options);
    if (!WorkerSandbox::enterFileWorker())
        return 5; // never read untrusted bytes unconfined
    std::unique_ptr<H5Engine> engine;
    QByteArray reply; // each response's bytes, in the memory of the one before (encodeInto)
    for (;;) {
        Frame frame;
        const ReadStatus status
            = readFrame(STDIN_FILENO, frame, std::chrono::steady_clock::time_point::max());
        if (status == ReadStatus::Closed)
            return 0; // the service closed the file
        if (status == ReadStatus::Ok && !engine) {
            bool used = false;
            engine = engineFor(image, frame, used);
            if (!engine) {
                std::fputs("h5hdfs-worker: malformed lazy open\n", stderr);
                return 4;
            }
            if (used)
                continue; // the next frame is the first request
        }
        H5Request request;
        if (status != ReadStatus::Ok || frame.type != FrameType::Request || !decode(frame.payload, request)) {
            std::fputs("h5hdfs-worker: malformed request\n", stderr);
            return 4;
        }
        const H5WorkerServer::Progress progress = [](qint64 done, qint64 total) {
            writeFrame(STDOUT_FILENO, FrameType::Progress, encode(QList<qint64> {done, total}));
        };
        if (const auto answer = g_requestHook ? g_requestHook(request, progress) : std::nullopt) {
            writeFrame(STDOUT_FILENO, FrameType::Response, encode(*answer));
            continue;
        }
        H5Response response = engine->execute(request, progress);
        encodeInto(reply, response);
        if (!writeFrame(STDOUT_FILENO, FrameType::Response, reply))
            return 0;
        ColumnPool::giveBack(response.page); // the next page decodes into this one's memory
        if (reply.capacity() > kKeptReplyBytes)
            reply = QByteArray(); // an unusually large reply's memory goes back at once
    }
}

/// One ForkRequest message and the descriptors that came with it (-1 for those that did not).
bool receiveRequest(int control, H5WorkerProtocol::ForkRequest& request, int (&fds)[4])
{
    iovec data {&request, sizeof request};
    alignas(cmsghdr) char buffer[CMSG_SPACE(sizeof fds)] = {};
    msghdr message {};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = buffer;
    message.msg_controllen = sizeof buffer;
    ssize_t n = -1;
    while ((n = ::recvmsg(control, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) { }
    if (n != ssize_t(sizeof request))
        return false;
    request.fileName[sizeof request.fileName - 1] = '\0';
    std::fill(std::begin(fds), std::end(fds), -1);
    for (cmsghdr* h = CMSG_FIRSTHDR(&message); h; h = CMSG_NXTHDR(&message, h)) {
        if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
            std::memcpy(fds, CMSG_DATA(h), std::min(sizeof fds, size_t(h->cmsg_len - CMSG_LEN(0))));
    }
    return true;
}

/// One fork request (H5WorkerProtocol::ForkRequest), and the worker's stdin, stdout, stderr and
/// image (for a spare: the socket its image comes on).
bool receiveForkRequest(int control, H5WorkerProtocol::ForkRequest& request, int (&fds)[4])
{
    return receiveRequest(control, request, fds) && fds[0] >= 0 && fds[1] >= 0 && fds[2] >= 0;
}

/// A spare worker's file, when the service has one for it: its image descriptor, size, memory
/// budget and name replace the ones the spare was forked with. False when the service dropped
/// the spare (closed the socket) instead.
bool awaitImage(int handover, H5WorkerProtocol::ForkRequest& request, int& imageFd)
{
    int fds[4] = {-1, -1, -1, -1};
    const bool received = receiveRequest(handover, request, fds);
    ::close(handover);
    imageFd = fds[0];
    return received;
}

/// Forks a worker that is a child of the template's parent (the service's process), not of the
/// template: the service waits for it and sees how it ended. One raw clone, because glibc has no
/// fork() with CLONE_PARENT. That skips glibc's fork bookkeeping, which matters only with threads
/// (the template has none) and for the cached thread id, which glibc 2.34+ does not use to signal
/// the calling thread itself (abort() still kills the worker, as a test checks).
pid_t forkAsSibling()
{
    return pid_t(::syscall(SYS_clone, CLONE_PARENT | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
}

/// The template: libraries, plugins and libhdf5 are ready, and no file was ever opened here. Each
/// request forks a worker; the answer is the worker's pid. argv is the template's command line,
/// which each worker rewrites to show its file.
int runZygote(int control, int argc, char* argv[])
{
    if (!WorkerSandbox::enterTemplate())
        return 5;
    for (;;) {
        H5WorkerProtocol::ForkRequest request;
        int fds[4];
        if (!receiveForkRequest(control, request, fds))
            return 0; // the service is gone
        const pid_t worker = forkAsSibling();
        if (worker == 0) {
            ::close(control);
            for (int target = 0; target < 3; ++target)
                ::dup2(fds[target], target); // dup2 clears close-on-exec; nothing is exec'd anyway
            if (request.awaitsImage && !awaitImage(fds[3], request, fds[3]))
                std::_Exit(0); // an unused spare: it never had a file
            if (request.fileName[0])
                WorkerTitle::set(argc, argv, request.fileName);
            Options options;
            options.imageFd = fds[3];
            options.imageSize = request.imageSize;
            options.memoryBudget = request.memoryBudget;
            std::exit(serveImage(options));
        }
        for (int fd : fds)
            if (fd >= 0)
                ::close(fd);
        if (::send(control, &worker, sizeof worker, MSG_NOSIGNAL) != ssize_t(sizeof worker)) // -1: failed
            return 0;
    }
}

/// Everything the worker would otherwise read from the filesystem later, loaded before the sandbox
/// takes the filesystem away: the filter plugins (registering them initialises libhdf5), and Qt's
/// logging rules (qtlogging.ini, read at the first message).
void loadEverything()
{
    H5Plugins::prepare();
    H5Plugins::loadAll();
    // No plugin search after this: a filter that is not loaded now is missing (the search would
    // open the plugin directory, which the sandbox forbids).
    H5PLset_loading_state(0);
    (void)lcH5().isWarningEnabled();
    TimeZones::preloadAll(); // pandas' aware timestamps are shown in their zone
    // libhdf5 converts object times with mktime(), and glibc re-reads /etc/localtime for each one.
    // The worker shows no local times (clients do), so it runs in UTC, a zone that needs no file.
    ::setenv("TZ", "UTC0", 1);
    ::tzset();
    // Find's patterns run interpreted: PCRE2's JIT would need executable memory, which the sandbox
    // refuses so injected code can never be made runnable.
    ::setenv("QT_ENABLE_REGEXP_JIT", "0", 1);
    WorkerSanitizer::loadSymbolizer(); // sanitizer builds: reports inside the sandbox name lines

}

/// --version: this worker's version, the HDF5 library it runs and the filters it can use. The CLI
/// and the viewer print this (they do not link libhdf5 themselves).
int printVersion(const char* version)
{
    H5Plugins::prepare();
    H5Plugins::loadAll();
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    std::printf("h5hdfs-worker %s\nHDF5 %u.%u.%u\n", version, major, minor, release);
    const auto available = [](std::initializer_list<int> ids) {
        QStringList names;
        for (int id : ids) {
            if (H5Zfilter_avail(H5Z_filter_t(id)) > 0)
                names << QStringLiteral("%1 (%2)").arg(H5ObjectInfo::filterName(id)).arg(id);
        }
        H5Eclear2(H5E_DEFAULT);
        return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
    };
    std::printf("Built-in filters: %s\n", qPrintable(available({1, 2, 3, 4, 5, 6})));
    std::printf("Filter plugins: %s\n",
        qPrintable(available({305, 307, 32000, 32001, 32004, 32008, 32013, 32015, 32026})));
    std::printf("Plugin path: %s\n", qPrintable(H5Plugins::searchPath().join(QLatin1Char(':'))));
    return 0;
}

} // namespace

int H5WorkerServer::run(int argc, char* argv[], const char* version, RequestHook hook)
{
    g_requestHook = hook;
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0)
        return printVersion(version);
    if (argc == 3 && std::strcmp(argv[1], "--zygote") == 0) {
        loadEverything();
        return runZygote(std::atoi(argv[2]), argc, argv);
    }
    Options options;
    if (!parse(argc, argv, options)) {
        std::fputs("usage: h5hdfs-worker --image-fd FD --image-size BYTES [--memory-budget BYTES]\n"
                   "                     [--file-name NAME]\n"
                   "       h5hdfs-worker --zygote CONTROL_FD\n"
                   "       h5hdfs-worker --version\n",
            stderr);
        return 2;
    }
    if (!options.fileName.isEmpty())
        WorkerTitle::set(argc, argv, options.fileName, "--file-name");
    loadEverything();
    return serveImage(options);
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "h5workerprocess.h"

#include "h5workerprotocol.h"
#include "logging.h"
#include "sanitizerreports.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <array>

extern char** environ; // POSIX: at global scope, not in a namespace

namespace H5Hdfs {


namespace {

constexpr int kImageFdInWorker = 3;

QString describeWaitStatus(int status)
{
    if (WIFSIGNALED(status))
        return QStringLiteral("killed by signal %1 (%2)")
            .arg(WTERMSIG(status))
            .arg(QString::fromLocal8Bit(strsignal(WTERMSIG(status))));
    if (WIFEXITED(status))
        return QStringLiteral("exited with code %1").arg(WEXITSTATUS(status));
    return QStringLiteral("ended");
}

// The worker gets a descriptor that can only read the image, so even a subverted worker cannot
// change the bytes the rest of the program sees.
int readOnlyDescriptor(const ImageBuffer& image)
{
    return ::open(
        QByteArray("/proc/self/fd/" + QByteArray::number(image.fd())).constData(), O_RDONLY | O_CLOEXEC);
}

// The longest start of `text` whose UTF-8 fits in `bytes`, whole characters only.
QByteArray fittingUtf8(QString text, qsizetype bytes)
{
    QByteArray utf8 = text.toUtf8();
    while (utf8.size() > bytes) {
        text.chop(1);
        utf8 = text.toUtf8();
    }
    return utf8;
}

// The environment of workers: ours without HDF5_PLUGIN_PATH, so plugins load only from the
// library's default directory.
struct WorkerEnvironment {
    QList<QByteArray> entries;
    std::vector<char*> pointers;
    explicit WorkerEnvironment(const QByteArray& extra = {})
    {
        for (char** e = environ; *e; ++e) {
            if (!QByteArray(*e).startsWith("HDF5_PLUGIN_PATH="))
                entries.append(QByteArray(*e));
        }
        if (!extra.isEmpty())
            entries.append(extra);
        for (QByteArray& e : entries)
            pointers.push_back(e.data());
        pointers.push_back(nullptr);
    }
};

// A progress frame's done and total, passed on; a malformed one only restarts the silence allowed.
void report(const QByteArray& payload, const H5WorkerProcess::Progress& progress)
{
    QList<qint64> doneOfTotal;
    if (progress && H5WorkerProtocol::decode(payload, doneOfTotal) && doneOfTotal.size() == 2)
        progress(doneOfTotal[0], doneOfTotal[1]);
}

H5WorkerProtocol::ForkRequest forkRequest(qint64 imageSize, qint64 memoryBudget, const QString& fileName)
{
    H5WorkerProtocol::ForkRequest request;
    request.imageSize = imageSize;
    request.memoryBudget = memoryBudget;
    const QByteArray name = fittingUtf8(fileName, qsizetype(sizeof request.fileName) - 1);
    std::memcpy(request.fileName, name.constData(), size_t(name.size()));
    return request;
}

// One message on a template's or a spare's socket: the request, and the descriptors (at most 4)
// that go with it.
bool sendForkRequest(int socket, const H5WorkerProtocol::ForkRequest& request, const int* fds, int count)
{
    iovec data {const_cast<H5WorkerProtocol::ForkRequest*>(&request), sizeof request};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
    msghdr message {};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    if (count > 0) {
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * size_t(count));
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * size_t(count));
        std::memcpy(CMSG_DATA(header), fds, sizeof(int) * size_t(count));
    }
    return ::sendmsg(socket, &message, MSG_NOSIGNAL) == ssize_t(sizeof request);
}

// A worker's stdin, stdout and stderr, both ends of each: [0] reads, [1] writes.
struct WorkerPipes {
    std::array<int, 2> requests {-1, -1};
    std::array<int, 2> replies {-1, -1};
    std::array<int, 2> errors {-1, -1};

    static Result<WorkerPipes> open()
    {
        WorkerPipes p;
        if (::pipe2(p.requests.data(), O_CLOEXEC) != 0 || ::pipe2(p.replies.data(), O_CLOEXEC) != 0
            || ::pipe2(p.errors.data(), O_CLOEXEC) != 0) {
            const int err = errno;
            for (int fd : {p.requests[0], p.requests[1], p.replies[0], p.replies[1], p.errors[0], p.errors[1]})
                if (fd >= 0)
                    ::close(fd);
            return Error(Error::Code::Internal, QStringLiteral("Cannot create a pipe for the HDF5 worker"),
                QString::fromLocal8Bit(strerror(err)));
        }
        ::fcntl(p.errors[0], F_SETFL, O_NONBLOCK);
        // Pages of tens of MiB come back through this pipe: in 1 MiB steps (the largest an
        // unprivileged process may ask) rather than 64 KiB ones, the two processes switch 16 times
        // less often.
        ::fcntl(p.replies[0], F_SETPIPE_SZ, 1 << 20);
        return p;
    }
};

} // namespace

// ---- The template worker ------------------------------------------------------------------------

std::unique_ptr<H5WorkerZygote> H5WorkerZygote::start(const QString& program)
{
    int control[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, control) != 0)
        return nullptr;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, control[1], kImageFdInWorker);
    const QByteArray path = program.toLocal8Bit();
    const QByteArray fd = QByteArray::number(kImageFdInWorker);
    char* argv[] = {const_cast<char*>(path.constData()), const_cast<char*>("--zygote"),
        const_cast<char*>(fd.constData()), nullptr};
    // Every symbol is bound once, in the template, instead of lazily in each fork.
    WorkerEnvironment env(QByteArrayLiteral("LD_BIND_NOW=1"));
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, path.constData(), &actions, nullptr, argv, env.pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(control[1]);
    if (rc != 0) {
        ::close(control[0]);
        return nullptr;
    }
    return std::unique_ptr<H5WorkerZygote>(new H5WorkerZygote(program, pid, control[0]));
}

H5WorkerZygote::H5WorkerZygote(QString program, pid_t pid, int control)
    : m_program(std::move(program))
    , m_pid(pid)
    , m_control(control)
{
}

H5WorkerZygote::~H5WorkerZygote()
{
    ::close(m_control); // the template sees the end of its socket and exits
    ::kill(m_pid, SIGKILL);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) { }
}

pid_t H5WorkerZygote::fork(int stdinFd, int stdoutFd, int stderrFd, int imageFd, qint64 imageSize,
    qint64 memoryBudget, const QString& fileName)
{
    const int fds[4] = {stdinFd, stdoutFd, stderrFd, imageFd};
    return forkWith(forkRequest(imageSize, memoryBudget, fileName), fds, imageFd >= 0 ? 4 : 3);
}

pid_t H5WorkerZygote::forkSpare(int stdinFd, int stdoutFd, int stderrFd, int handover)
{
    H5WorkerProtocol::ForkRequest request;
    request.awaitsImage = 1;
    const int fds[4] = {stdinFd, stdoutFd, stderrFd, handover};
    return forkWith(request, fds, 4);
}

pid_t H5WorkerZygote::forkWith(const H5WorkerProtocol::ForkRequest& request, const int* fds, int count)
{
    std::lock_guard lock(m_mutex);
    if (m_broken)
        return -1;
    pid_t pid = -1;
    ssize_t got = -1;
    if (sendForkRequest(m_control, request, fds, count)) {
        while ((got = ::recv(m_control, &pid, sizeof pid, 0)) < 0 && errno == EINTR) { }
    }
    if (got <= 0)
        SanitizerReportWatch::failIfTemplateReported(m_pid); // its socket closed: it is gone
    if (got != ssize_t(sizeof pid) || pid <= 0) {
        qCWarning(lcH5) << "the template worker is gone; workers are started directly from now on";
        m_broken = true;
        return -1;
    }
    return pid;
}

// ---- One worker ---------------------------------------------------------------------------------

constexpr qsizetype kErrorTailBytes = 2048;

H5WorkerProcess::H5WorkerProcess(pid_t pid, int toWorker, int fromWorker, int errors)
    : m_pid(pid)
    , m_toWorker(toWorker)
    , m_fromWorker(fromWorker)
    , m_errors(errors)
{
}

void H5WorkerProcess::drainErrors()
{
    if (m_errors < 0)
        return;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(m_errors, buffer, sizeof buffer)) > 0) {
        const QByteArray chunk(buffer, n);
        m_sanitizerReports.feed(m_errorTail, chunk);
        m_errorTail = (m_errorTail + chunk).right(kErrorTailBytes);
    }
}

H5WorkerProcess::~H5WorkerProcess()
{
    terminate();
}

Result<std::unique_ptr<H5WorkerProcess>> H5WorkerProcess::start(const QString& program, const ImageBuffer& image,
    const H5WorkerLimits& limits, H5WorkerZygote* zygote, const QString& fileName)
{
    auto pipes = WorkerPipes::open();
    if (!pipes)
        return pipes.error();
    const auto [requests, replies, errors] = *pipes;
    const int imageFd = image.size() > 0 ? readOnlyDescriptor(image) : -1;
    if (zygote) {
        const pid_t pid
            = zygote->fork(requests[0], replies[1], errors[1], imageFd, image.size(), limits.memoryBudget, fileName);
        if (pid > 0) {
            for (int fd : {requests[0], replies[1], errors[1], imageFd})
                if (fd >= 0)
                    ::close(fd);
            qCDebug(lcH5) << "forked worker" << pid << "for an image of" << image.size() << "bytes";
            return std::unique_ptr<H5WorkerProcess>(
                new H5WorkerProcess(pid, requests[1], replies[0], errors[0]));
        }
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, requests[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, replies[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO);
    if (imageFd >= 0)
        posix_spawn_file_actions_adddup2(&actions, imageFd, kImageFdInWorker);
    const QByteArray path = program.toLocal8Bit();
    const QByteArray size = QByteArray::number(image.size());
    const QByteArray budget = QByteArray::number(limits.memoryBudget);
    const QByteArray fd = QByteArray::number(imageFd >= 0 ? kImageFdInWorker : -1);
    const QByteArray name = fileName.toUtf8();
    char* argv[] = {const_cast<char*>(path.constData()), const_cast<char*>("--image-fd"),
        const_cast<char*>(fd.constData()), const_cast<char*>("--image-size"),
        const_cast<char*>(size.constData()), const_cast<char*>("--memory-budget"),
        const_cast<char*>(budget.constData()), const_cast<char*>("--file-name"),
        const_cast<char*>(name.constData()), nullptr};
    if (name.isEmpty())
        argv[7] = nullptr; // no name to show
    WorkerEnvironment env;
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, path.constData(), &actions, nullptr, argv, env.pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(requests[0]);
    ::close(replies[1]);
    ::close(errors[1]);
    if (imageFd >= 0)
        ::close(imageFd);
    if (rc != 0) {
        ::close(requests[1]);
        ::close(replies[0]);
        ::close(errors[0]);
        return Error(Error::Code::Internal, QStringLiteral("Cannot start the HDF5 worker %1").arg(program),
            QString::fromLocal8Bit(strerror(rc)));
    }
    qCDebug(lcH5) << "started worker" << pid << "for an image of" << image.size() << "bytes";
    return std::unique_ptr<H5WorkerProcess>(new H5WorkerProcess(pid, requests[1], replies[0], errors[0]));
}

Result<std::unique_ptr<H5WorkerProcess>> H5WorkerProcess::startSpare(H5WorkerZygote& zygote)
{
    auto pipes = WorkerPipes::open();
    if (!pipes)
        return pipes.error();
    const auto [requests, replies, errors] = *pipes;
    int handover[2] = {-1, -1};
    const bool paired = ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, handover) == 0;
    const pid_t pid = paired ? zygote.forkSpare(requests[0], replies[1], errors[1], handover[1]) : -1;
    for (int fd : {requests[0], replies[1], errors[1], handover[1]})
        if (fd >= 0)
            ::close(fd);
    if (pid <= 0) {
        for (int fd : {requests[1], replies[0], errors[0], handover[0]})
            if (fd >= 0)
                ::close(fd);
        return Error(Error::Code::Internal, QStringLiteral("Cannot fork a spare HDF5 worker"));
    }
    auto spare = std::unique_ptr<H5WorkerProcess>(new H5WorkerProcess(pid, requests[1], replies[0], errors[0]));
    spare->m_handover = handover[0];
    return spare;
}

bool H5WorkerProcess::handImage(const ImageBuffer& image, const H5WorkerLimits& limits, const QString& fileName)
{
    if (m_handover < 0)
        return false;
    const int imageFd = image.size() > 0 ? readOnlyDescriptor(image) : -1;
    const bool sent = sendForkRequest(m_handover, forkRequest(image.size(), limits.memoryBudget, fileName),
        &imageFd, imageFd >= 0 ? 1 : 0);
    if (imageFd >= 0)
        ::close(imageFd);
    ::close(m_handover); // one file only: the spare never gets another image
    m_handover = -1;
    if (sent)
        qCDebug(lcH5) << "spare worker" << m_pid << "took an image of" << image.size() << "bytes";
    return sent;
}

bool H5WorkerProcess::isAlive()
{
    if (m_reaped)
        return false;
    if (::waitpid(m_pid, &m_waitStatus, WNOHANG) == m_pid) {
        m_reaped = true;
        return false;
    }
    return true;
}

QString H5WorkerProcess::terminate()
{
    for (int fd : {m_toWorker, m_fromWorker, m_handover})
        if (fd >= 0)
            ::close(fd);
    m_toWorker = m_fromWorker = m_handover = -1;
    if (!m_reaped) {
        if (::waitpid(m_pid, &m_waitStatus, WNOHANG) != m_pid) {
            ::kill(m_pid, SIGKILL);
            while (::waitpid(m_pid, &m_waitStatus, 0) < 0 && errno == EINTR) { }
        }
        m_reaped = true;
    }
    drainErrors();
    if (m_errors >= 0)
        ::close(m_errors);
    m_errors = -1;
    m_sanitizerReports.failIfFound(m_pid);
    QString how = describeWaitStatus(m_waitStatus);
    const QString said = QString::fromLocal8Bit(m_errorTail).trimmed();
    if (!said.isEmpty())
        how += QStringLiteral("; it said: ") + said;
    return how;
}

bool H5WorkerProcess::beginLazy(const LazyProtocol::LazyOpen& open, BlockServer server)
{
    m_blockServer = std::move(server);
    return m_toWorker >= 0
        && H5WorkerProtocol::writeFrame(m_toWorker, H5WorkerProtocol::FrameType::LazyOpen, H5WorkerProtocol::encode(open));
}

H5WorkerProcess::Reply H5WorkerProcess::execute(const H5Request& request, std::chrono::milliseconds timeout,
    const std::atomic_bool* cancel, std::chrono::steady_clock::time_point until, const Progress& progress)
{
    using namespace H5WorkerProtocol;
    Reply reply;
    // Writing to a worker that died makes SIGPIPE; the service ignores it and sees the failed write.
    if (m_toWorker < 0 || !writeFrame(m_toWorker, FrameType::Request, encode(request))) {
        reply.outcome = Outcome::Crashed;
        reply.detail = terminate();
        return reply;
    }
    // libhdf5's error paths after a failed read are not all sound (1.10.8 double-frees in dense
    // link iteration): when the worker dies after a fetch failed, the fetch is what went wrong.
    Error fetchFailure;
    for (;;) {
        Frame& frame = m_reply;
        const auto deadline = std::min(std::chrono::steady_clock::now() + timeout, until);
        const ReadStatus status = readFrame(m_fromWorker, frame, deadline, cancel);
        if (status == ReadStatus::Ok && frame.type == FrameType::Progress) {
            report(frame.payload, progress);
            continue; // the worker is making progress: the silence allowed starts again
        }
        LazyProtocol::BlockRequest wanted;
        if (status == ReadStatus::Ok && frame.type == FrameType::BlockRequest && m_blockServer
            && decode(frame.payload, wanted)) {
            // A fetch is progress too; it is bound by its own stall limit and the file's deadline.
            const auto answer = m_blockServer(wanted, FetchLimits {cancel, timeout, until});
            if (answer.error.isError())
                fetchFailure = answer.error;
            if (cancel && cancel->load()) {
                reply.outcome = Outcome::Cancelled;
                terminate();
                return reply;
            }
            if (writeFrame(m_toWorker, FrameType::BlockReply, encode(answer)))
                continue;
        }
        if (status == ReadStatus::Ok && frame.type == FrameType::Response
            && decode(frame.payload, reply.response)) {
            drainErrors();
            return reply;
        }
        if (fetchFailure.isError() && status != ReadStatus::Cancelled) {
            reply.detail = terminate();
            reply.response.error = fetchFailure;
            return reply;
        }
        switch (status) {
        case ReadStatus::TimedOut:
            reply.outcome = Outcome::Hung;
            terminate();
            reply.detail
                = QStringLiteral("no answer within %1 ms; the worker was killed").arg(timeout.count());
            return reply;
        case ReadStatus::Cancelled:
            reply.outcome = Outcome::Cancelled;
            terminate();
            return reply;
        default:
            reply.outcome = Outcome::Crashed;
            reply.detail = terminate();
            if (status == ReadStatus::Corrupt || status == ReadStatus::Ok)
                reply.detail += QStringLiteral(" after a malformed answer");
            return reply;
        }
    }
}

} // namespace H5Hdfs

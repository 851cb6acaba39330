// SPDX-License-Identifier: MIT
#include "filesupervisor.h"

#include "lazy/blockstore.h"
#include "logging.h"
#include "spareworkers.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace H5Hdfs {

namespace {

H5Response withError(Error error)
{
    H5Response response;
    response.error = std::move(error);
    return response;
}

// "No object /x in f.h5" for an object that is not there (the file is where it was looked for);
// "f.h5: message" for everything else.
Error inFile(const Error& error, const QString& name)
{
    if (error.message.startsWith(name)) // a lazy file's fetch errors name it already
        return error.about(name);
    if (error.code == Error::Code::NotFound && error.message.startsWith(QLatin1String("No object ")))
        return Error(error.code, error.message + QStringLiteral(" in ") + name, error.detail).about(name);
    return error.prefixed(name);
}

// Our own refusals (a page out of range, an object that is not a named table) leave the library
// untouched; any other error may have poisoned it.
bool taints(const Error& error)
{
    return error.isError() && error.code != Error::Code::OutOfRange && error.code != Error::Code::NotATable;
}

} // namespace

FileSupervisor::FileSupervisor(
    QString name, std::shared_ptr<const ImageBuffer> bytes, std::shared_ptr<BlockStore> lazy)
    : m_name(std::move(name))
    , m_bytes(std::move(bytes))
    , m_lazy(std::move(lazy))
{
}

FileSupervisor::~FileSupervisor() = default;

Error FileSupervisor::overtimeError(const QString& name, std::chrono::milliseconds budget)
{
    return Error(Error::Code::WorkerHung,
        QStringLiteral("%1: took longer than %2 s, the limit for one file; stopped")
            .arg(name)
            .arg(double(budget.count()) / 1000.0))
        .about(name);
}

H5Response FileSupervisor::cancelled()
{
    return withError(Error(Error::Code::Cancelled, QStringLiteral("Cancelled")));
}

H5Response FileSupervisor::run(const H5Request& request, const Settings& settings, const std::atomic_bool& cancel,
    const H5WorkerProcess::Progress& progress)
{
    if (auto known = knownFailure(request.path))
        return withError(std::move(*known));
    if (Clock::now() >= settings.deadline)
        return stopForOvertime(settings);
    retireUnfitWorker(request.path);
    if (!m_worker) {
        if (auto ended = startWorker(request, settings, cancel))
            return std::move(*ended);
    }
    auto reply = m_worker->execute(request, settings.timeout, &cancel, settings.deadline, progress);
    return interpret(std::move(reply), request, settings);
}

void FileSupervisor::stopWorker()
{
    m_worker.reset(); // kills and reaps the process
    m_workerPid = -1;
}

std::optional<Error> FileSupervisor::knownFailure(const QString& path) const
{
    if (m_fileError)
        return m_fileError;
    if (const auto it = m_unreadable.constFind(path); it != m_unreadable.cend())
        return *it;
    return std::nullopt;
}

H5Response FileSupervisor::stopForOvertime(const Settings& settings)
{
    m_overtime = true;
    return failFile(overtimeError(m_name, settings.budget));
}

void FileSupervisor::retireUnfitWorker(const QString& path)
{
    if (m_worker && ((!m_taintedBy.isNull() && m_taintedBy != path) || !m_worker->isAlive()))
        stopWorker();
}

Result<std::unique_ptr<H5WorkerProcess>> FileSupervisor::launchWorker(const Settings& settings) const
{
    const QString shownName = QFileInfo(m_name).fileName();
    if (settings.spares) {
        if (auto spare = settings.spares->take(*m_bytes, settings.limits, shownName))
            return spare;
    }
    return H5WorkerProcess::start(settings.program, *m_bytes, settings.limits, settings.zygote.get(), shownName);
}

std::optional<H5Response> FileSupervisor::startWorker(
    const H5Request& request, const Settings& settings, const std::atomic_bool& cancel)
{
    auto started = launchWorker(settings);
    if (!started)
        return withError(started.error());
    m_worker = std::move(started).value();
    if (m_lazy) {
        m_worker->beginLazy(m_lazy->openParameters(),
            [store = m_lazy](const LazyProtocol::BlockRequest& wanted, const FetchLimits& limits) {
                return store->serve(wanted, limits);
            });
    }
    m_workerPid = m_worker->pid();
    ++m_workerStarts;
    m_taintedBy = QString();
    // Open first, on its own: if opening is what kills the library, the whole file is unreadable.
    auto opened = m_worker->execute(H5Request::open(), settings.timeout, &cancel, settings.deadline);
    if (pastDeadline(opened.outcome, settings))
        return stopForOvertime(settings);
    switch (opened.outcome) {
    case Outcome::Cancelled: stopWorker(); return cancelled();
    case Outcome::Crashed:
    case Outcome::Hung:
        return failFile(failure(opened.outcome, QStringLiteral("opening the file"), opened.detail, settings));
    case Outcome::Answered: break;
    }
    // Not an HDF5 file, truncated, corrupt superblock: every request would fail the same way.
    if (opened.response.error.isError())
        return failFile(opened.response.error.prefixed(m_name));
    if (request.kind == H5Request::Kind::Open)
        return std::move(opened.response);
    return std::nullopt;
}

H5Response FileSupervisor::failFile(Error error)
{
    m_fileError = std::move(error);
    stopWorker();
    return withError(*m_fileError);
}

H5Response FileSupervisor::interpret(
    H5WorkerProcess::Reply reply, const H5Request& request, const Settings& settings)
{
    if (pastDeadline(reply.outcome, settings))
        return stopForOvertime(settings);
    switch (reply.outcome) {
    case Outcome::Answered: return answered(std::move(reply.response), request.path);
    case Outcome::Cancelled: stopWorker(); return cancelled();
    case Outcome::Crashed:
    case Outcome::Hung: break;
    }
    Error error = failure(reply.outcome, request.describe(), reply.detail, settings);
    // A crash or hang would happen again: the object is not asked again. A smaller read of an
    // object that ran out of memory may well work.
    if (error.code != Error::Code::TooLarge)
        m_unreadable.insert(request.path, error);
    qCInfo(lcH5) << error.toString();
    stopWorker();
    return withError(std::move(error));
}

H5Response FileSupervisor::answered(H5Response response, const QString& path)
{
    if (taints(response.error))
        m_taintedBy = path;
    if (response.error.isError()) // with several files open, say which one
        response.error = inFile(response.error, m_name);
    return response;
}

Error FileSupervisor::failure(
    Outcome outcome, const QString& what, const QString& detail, const Settings& settings) const
{
    const bool crashed = outcome == Outcome::Crashed;
    // Allocations over the address-space limit inside Qt abort (Qt is built without exceptions).
    if (crashed && detail.contains(QStringLiteral("std::bad_alloc")))
        return Error(Error::Code::TooLarge,
            QStringLiteral("%1: %2 needs more memory than the HDF5 worker may use (%3 MiB beyond the image)")
                .arg(m_name, what)
                .arg(settings.limits.memoryBudget >> 20),
            detail)
            .about(m_name);
    // The worker's sandbox names a system call it refused ("forbidden system call openat (257)")
    // before it dies by SIGSYS: a file that makes the parser do that is hostile, not merely corrupt.
    static const QRegularExpression kForbidden(QStringLiteral("forbidden system call (\\w+)"));
    if (const auto forbidden = kForbidden.match(detail); crashed && forbidden.hasMatch())
        return Error(Error::Code::WorkerCrashed,
            QStringLiteral("%1: %2 tried a forbidden operation (%3); the file may be malicious")
                .arg(m_name, what, forbidden.captured(1)),
            detail)
            .about(m_name);
    if (crashed)
        return Error(Error::Code::WorkerCrashed,
            QStringLiteral("%1: %2 crashed the HDF5 library; the file is probably corrupt").arg(m_name, what),
            detail)
            .about(m_name);
    return Error(Error::Code::WorkerHung,
        QStringLiteral(
            "%1: %2 did not finish within %3 s; the HDF5 library is probably stuck on corrupt data")
            .arg(m_name, what)
            .arg(double(settings.timeout.count()) / 1000.0),
        detail)
        .about(m_name);
}

// A hang at the deadline is the deadline's doing, not the object's.
bool FileSupervisor::pastDeadline(Outcome outcome, const Settings& settings) const
{
    return outcome == Outcome::Hung && Clock::now() >= settings.deadline;
}

} // namespace H5Hdfs

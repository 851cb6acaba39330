// SPDX-License-Identifier: MIT
// h5hdfs tree [--read] FILE...: every object with kind, shape and type, one per line, indented.
// With --read it walks like the viewer does (every attribute, the first page of every dataset) and
// reports what could not be read; files are walked in parallel, each by its own worker process.
#include "clicommon.h"
#include "connection.h"

#include "text/h5describe.h"

#include <QCommandLineParser>
#include <QSet>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

namespace H5Hdfs {

namespace Cli {
namespace {

constexpr qint64 kFirstPageRows = 100;
constexpr qint64 kFirstPageColumns = 100;

QString describeNode(const H5Node& node)
{
    switch (node.kind) {
    case NodeKind::Dataset:
        return QStringLiteral("dataset  %1  %2").arg(H5Describe::shape(node.shape, node.dimensions), node.typeName);
    case NodeKind::NamedType: return QStringLiteral("datatype  %1").arg(node.typeName);
    case NodeKind::SoftLink:
    case NodeKind::ExternalLink:
    case NodeKind::DanglingLink:
        return QStringLiteral("%1 → %2").arg(nodeKindName(node.kind), node.linkTarget);
    default: return nodeKindName(node.kind);
    }
}

/// The outcome of walking one file: its listing and the errors met on the way.
struct FileReport {
    QStringList lines;
    QList<Error> errors;
};

class TreeWalker {
public:
    TreeWalker(H5Service& service, H5Service::FileId file, bool read)
        : m_service(service)
        , m_file(file)
        , m_read(read)
    {
    }

    FileReport walkFile()
    {
        const H5Response root = m_service.call(m_file, H5Request::open());
        if (!root.ok()) {
            m_report.errors << root.error;
            return m_report;
        }
        m_seen.insert(root.info.address);
        m_report.lines << QStringLiteral("/  group");
        walk(QStringLiteral("/"), 1);
        return m_report;
    }

private:
    // Lists a group depth-first; a group reached again through another hard link is not re-entered,
    // so link cycles end.
    void walk(const QString& path, int depth)
    {
        const H5Response response = m_service.call(m_file, H5Request::listChildren(path));
        if (!response.ok()) {
            m_report.errors << response.error;
            return;
        }
        const QString indent(depth * 2, QLatin1Char(' '));
        for (const H5Node& node : response.children) {
            const bool group = node.kind == NodeKind::Group;
            const bool seen = group && m_seen.contains(node.address);
            QString line = indent + node.name + (group ? QStringLiteral("/") : QString())
                + QStringLiteral("  ") + describeNode(node);
            if (seen)
                line += QStringLiteral("  (already listed: hard link to the same group)");
            if (m_read)
                line += readObject(node);
            m_report.lines << line;
            if (group && !seen) {
                m_seen.insert(node.address);
                walk(node.path, depth + 1);
            }
        }
    }

    // What the viewer reads when an object is selected: its metadata and attributes, and for a
    // dataset the first page. Returns a note for the listing line when something failed.
    QString readObject(const H5Node& node)
    {
        if (node.kind == NodeKind::ExternalLink || node.kind == NodeKind::DanglingLink)
            return {};
        const H5Response info = m_service.call(m_file, H5Request::info(node.path));
        if (!info.ok())
            return noteError(info.error);
        if (info.info.kind != NodeKind::Dataset)
            return {};
        const DimView view = DimView::defaultFor(info.info.dataset.rank());
        const TableGeometry g = TableGeometry::of(info.info.dataset, view);
        const PageRequest page {view, 0, qMin(g.rows, kFirstPageRows), 0, qMin(g.cols, kFirstPageColumns)};
        const H5Response read = m_service.call(m_file, H5Request::readPage(node.path, page));
        return read.ok() ? QString() : noteError(read.error);
    }

    QString noteError(const Error& error)
    {
        m_report.errors << error;
        return QStringLiteral("  [unreadable: %1]").arg(error.message);
    }

    H5Service& m_service;
    H5Service::FileId m_file;
    bool m_read;
    QSet<quint64> m_seen;
    FileReport m_report;
};

FileReport walkOne(H5Service& service, const QString& path, bool read, const QCommandLineParser& parser)
{
    auto id = openFile(service, path, parser);
    if (!id)
        return FileReport {{}, {id.error()}};
    FileReport report = TreeWalker(service, *id, read).walkFile();
    service.closeFile(*id);
    return report;
}

} // namespace

int runTree(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List every object of HDF5 files."));
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral("HDF5 files"), QStringLiteral("FILE..."));
    parser.addOption({QStringLiteral("read"),
        QStringLiteral(
            "Also read every attribute and the first page of every dataset, as the viewer would.")});
    parser.addOption({{QStringLiteral("j"), QStringLiteral("jobs")},
        QStringLiteral("Files walked at once (default: one per core)."), QStringLiteral("N"),
        QString::number(QThread::idealThreadCount())});
    parser.addOption({QStringLiteral("timeout"),
        QStringLiteral("Seconds a request may take before its worker is killed (default 10)."),
        QStringLiteral("SECONDS"), QStringLiteral("10")});
    addConnectionOptions(parser);
    if (!parse(parser, arguments, 1, -1))
        return kUsage;
    const QStringList files = parser.positionalArguments();
    const bool read = parser.isSet(QStringLiteral("read"));
    const int jobs = qBound(1, parser.value(QStringLiteral("jobs")).toInt(), 64);

    H5Service service;
    service.setRequestTimeout(std::chrono::milliseconds(
        qint64(1000 * qMax(0.1, parser.value(QStringLiteral("timeout")).toDouble()))));
    std::vector<std::optional<FileReport>> reports(size_t(files.size()));
    std::mutex mutex;
    std::condition_variable done;
    std::atomic<qsizetype> next {0};
    std::vector<std::thread> pool;
    for (int j = 0; j < qMin<qsizetype>(jobs, files.size()); ++j) {
        pool.emplace_back([&] {
            for (qsizetype i = next++; i < files.size(); i = next++) {
                FileReport report = walkOne(service, files[i], read, parser);
                std::lock_guard lock(mutex);
                reports[size_t(i)] = std::move(report);
                done.notify_all();
            }
        });
    }
    // Reports are printed in the order the files were given, each as soon as it and those before it are done.
    int failed = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        FileReport report;
        {
            std::unique_lock lock(mutex);
            done.wait(lock, [&] { return reports[size_t(i)].has_value(); });
            report = std::move(*reports[size_t(i)]);
        }
        if (files.size() > 1)
            printLine(QStringLiteral("%1:").arg(files[i]));
        for (const QString& line : report.lines)
            printLine(line);
        if (!report.errors.isEmpty()) {
            ++failed;
            for (const Error& e : report.errors)
                printError(files[i], e);
        }
    }
    for (std::thread& t : pool)
        t.join();
    if (files.size() > 1) // one file: its error line says it all
        std::fprintf(stderr, "h5hdfs tree: %lld files, %lld ok, %d failed\n",
            static_cast<long long>(files.size()), static_cast<long long>(files.size() - failed), failed);
    return failed > 0 ? kFailed : kOk;
}

} // namespace Cli

} // namespace H5Hdfs

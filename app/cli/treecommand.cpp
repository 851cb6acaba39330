// SPDX-License-Identifier: MIT
// h5hdfs tree FILE: every object with kind, shape and type, one per line, indented.
#include "clicommon.h"

#include "hdf5/h5describe.h"

#include <QCommandLineParser>
#include <QSet>

namespace Cli {
namespace {

QString describeNode(const H5Node& node)
{
    switch (node.kind) {
    case NodeKind::Dataset:
        return QStringLiteral("dataset  %1  %2").arg(H5Describe::shape(node.shape), node.typeName);
    case NodeKind::NamedType: return QStringLiteral("datatype  %1").arg(node.typeName);
    case NodeKind::SoftLink:
    case NodeKind::ExternalLink:
    case NodeKind::DanglingLink:
        return QStringLiteral("%1 → %2").arg(nodeKindName(node.kind), node.linkTarget);
    default: return nodeKindName(node.kind);
    }
}

class TreeWalker {
public:
    TreeWalker(H5Service& service, H5Service::FileId file)
        : m_service(service)
        , m_file(file)
    {
    }

    // Lists a group depth-first; a group reached again through another hard link is not re-entered,
    // so link cycles end.
    Status walk(const QString& path, int depth)
    {
        const H5Response response = m_service.call(m_file, H5Request::listChildren(path));
        if (!response.ok())
            return response.error;
        const QString indent(depth * 2, QLatin1Char(' '));
        for (const H5Node& node : response.children) {
            const bool group = node.kind == NodeKind::Group;
            const bool seen = group && m_seen.contains(node.address);
            QString line = indent + node.name + (group ? QStringLiteral("/") : QString())
                + QStringLiteral("  ") + describeNode(node);
            if (seen)
                line += QStringLiteral("  (already listed: hard link to the same group)");
            printLine(line);
            if (group && !seen) {
                m_seen.insert(node.address);
                if (Status s = walk(node.path, depth + 1); s.isError())
                    return s;
            }
        }
        return {};
    }

    void markSeen(quint64 address) { m_seen.insert(address); }

private:
    H5Service& m_service;
    H5Service::FileId m_file;
    QSet<quint64> m_seen;
};

} // namespace

int runTree(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List every object of an HDF5 file."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("HDF5 file"), QStringLiteral("FILE"));
    if (!parse(parser, arguments, 1, 1))
        return kUsage;
    const QString file = parser.positionalArguments().first();
    H5Service service;
    auto id = openFile(service, file);
    if (!id) {
        printError(file, id.error());
        return kFailed;
    }
    const H5Response root = service.call(*id, H5Request::open());
    if (!root.ok()) {
        printError(file, root.error);
        return kFailed;
    }
    printLine(QStringLiteral("/  group"));
    TreeWalker walker(service, *id);
    walker.markSeen(root.info.address);
    if (Status s = walker.walk(QStringLiteral("/"), 1); s.isError()) {
        printError(file, s);
        return kFailed;
    }
    return kOk;
}

} // namespace Cli

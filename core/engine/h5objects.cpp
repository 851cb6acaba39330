// SPDX-License-Identifier: MIT
// Group listings and object information.
#include "h5datatype.h"
#include "h5fileimage.h"
#include "h5netcdf.h"
#include "h5objectinfo.h"
#include "h5reader.h"

#include <hdf5.h>

#include <QRegularExpression>
#include <optional>

namespace H5Hdfs {

namespace {

struct LinkEntry {
    QString name;
    H5L_type_t type = H5L_TYPE_ERROR;
};

herr_t collectLink(hid_t, const char* name, const H5L_info_t* info, void* data)
{
    static_cast<QList<LinkEntry>*>(data)->append({QString::fromUtf8(name), info->type});
    return 0;
}

NodeKind kindOf(H5O_type_t type)
{
    switch (type) {
    case H5O_TYPE_GROUP: return NodeKind::Group;
    case H5O_TYPE_DATASET: return NodeKind::Dataset;
    case H5O_TYPE_NAMED_DATATYPE: return NodeKind::NamedType;
    default: return NodeKind::Other;
    }
}

// Fills kind, address and the cheap per-kind summary of a hard-linked object (or a soft link's target).
void describeObject(const H5FileImage& image, hid_t parent, const QByteArray& name, H5Node& node)
{
    H5O_info_t info;
    if (H5Oget_info_by_name2(parent, name.constData(), &info, H5O_INFO_BASIC, image.linkAccess()) < 0) {
        H5Errors::takeStack();
        return;
    }
    const NodeKind kind = kindOf(info.type);
    if (node.kind == NodeKind::SoftLink)
        node.targetKind = kind;
    else
        node.kind = kind;
    node.address = info.addr;
    if (kind == NodeKind::Group) {
        H5G_info_t groupInfo;
        if (H5Gget_info_by_name(parent, name.constData(), &groupInfo, image.linkAccess()) >= 0)
            node.childCount = qint64(groupInfo.nlinks);
    } else if (kind == NodeKind::Dataset) {
        H5Handle dataset(H5Dopen2(parent, name.constData(), image.datasetAccess()));
        if (dataset) {
            H5Handle type(H5Dget_type(dataset.id()));
            H5Handle space(H5Dget_space(dataset.id()));
            node.typeName = readableTypeName(type.id());
            node.shape = H5ObjectInfo::shapeOf(space.id());
            for (const H5NetCdf::Dimension& d :
                H5NetCdf::dimensions(image, dataset.id(), int(node.shape.size())))
                node.dimensions.append(d.name);
        }
    } else if (kind == NodeKind::NamedType) {
        H5Handle type(H5Topen2(parent, name.constData(), H5P_DEFAULT));
        if (type)
            node.typeName = readableTypeName(type.id());
    }
    H5Errors::takeStack();
}

void describeLink(const H5FileImage& image, hid_t parent, const LinkEntry& link, H5Node& node)
{
    const QByteArray name = link.name.toUtf8();
    if (link.type == H5L_TYPE_HARD) {
        describeObject(image, parent, name, node);
        return;
    }
    if (link.type == H5L_TYPE_SOFT || link.type == H5L_TYPE_EXTERNAL) {
        node.kind = link.type == H5L_TYPE_SOFT ? NodeKind::SoftLink : NodeKind::ExternalLink;
        node.linkTarget = H5ObjectInfo::linkTarget(image, parent, name);
    }
    if (link.type == H5L_TYPE_SOFT) {
        describeObject(image, parent, name, node);
        if (node.targetKind == NodeKind::Other)
            node.kind = NodeKind::DanglingLink;
    }
}

} // namespace

Result<QList<H5Node>> H5Reader::children(const QString& groupPath) const
{
    H5Errors::silence();
    const QByteArray path = groupPath.toUtf8();
    H5Handle group(H5Gopen2(m_image.file(), path.constData(), m_image.groupAccess()));
    if (!group)
        return H5Errors::openFailure(
            groupPath, Error::Code::NotFound, QStringLiteral("Cannot open group %1").arg(groupPath));
    QList<LinkEntry> links;
    hsize_t index = 0;
    if (H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, &index, collectLink, &links) < 0)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot list group %1").arg(groupPath));
    QList<H5Node> nodes;
    nodes.reserve(links.size());
    for (const LinkEntry& link : links) {
        H5Node node;
        node.name = link.name;
        node.path = childPath(groupPath, link.name);
        describeLink(m_image, group.id(), link, node);
        nodes.append(std::move(node));
    }
    return nodes;
}

namespace {

// Info about a link that is not followed (external) or does not resolve (dangling soft link).
std::optional<ObjectInfo> unresolvedLinkInfo(const H5FileImage& image, const QString& path)
{
    const QByteArray name = path.toUtf8();
    H5L_info_t link;
    if (H5Lget_info(image.file(), name.constData(), &link, image.linkAccess()) < 0) {
        H5Errors::takeStack();
        return std::nullopt;
    }
    if (link.type != H5L_TYPE_EXTERNAL && link.type != H5L_TYPE_SOFT)
        return std::nullopt;
    ObjectInfo info;
    info.path = path;
    info.linkTarget = H5ObjectInfo::linkTarget(image, image.file(), name);
    if (link.type == H5L_TYPE_EXTERNAL) {
        info.kind = NodeKind::ExternalLink;
        return info;
    }
    if (H5Oexists_by_name(image.file(), name.constData(), image.linkAccess()) > 0)
        return std::nullopt; // a resolving soft link: describe its target
    H5Errors::takeStack();
    info.kind = NodeKind::DanglingLink;
    return info;
}

} // namespace

Result<ObjectInfo> H5Reader::info(const QString& path) const
{
    H5Errors::silence();
    if (path != QLatin1String("/")) {
        if (auto link = unresolvedLinkInfo(m_image, path))
            return *link;
    }
    const QByteArray name = path.toUtf8();
    H5Handle object(H5Oopen(m_image.file(), name.constData(), m_image.linkAccess()));
    if (!object)
        return H5Errors::openFailure(
            path, Error::Code::NotFound, QStringLiteral("Cannot open %1").arg(path));
    H5O_info_t basic;
    if (H5Oget_info2(object.id(), &basic, H5O_INFO_BASIC) < 0)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot read the header of %1").arg(path));

    ObjectInfo info;
    info.path = path;
    info.kind = kindOf(basic.type);
    info.address = basic.addr;
    if (path != QLatin1String("/")) {
        H5L_info_t link;
        if (H5Lget_info(m_image.file(), name.constData(), &link, m_image.linkAccess()) >= 0
            && link.type == H5L_TYPE_SOFT)
            info.linkTarget = H5ObjectInfo::linkTarget(m_image, m_image.file(), name);
    }
    if (info.kind == NodeKind::Group) {
        H5G_info_t group;
        if (H5Gget_info(object.id(), &group) >= 0)
            info.childCount = qint64(group.nlinks);
    } else if (info.kind == NodeKind::Dataset) {
        auto dataset = H5ObjectInfo::dataset(object.id());
        if (!dataset)
            return dataset.error().prefixed(path);
        info.dataset = std::move(dataset).value();
        H5NetCdf::describe(m_image, object.id(), info.dataset);
    } else if (info.kind == NodeKind::NamedType) {
        info.typeName = readableTypeName(object.id());
    }
    info.attributes = H5ObjectInfo::attributes(object.id());
    H5Errors::takeStack();
    return info;
}

namespace {

struct FindState {
    QRegularExpression pattern;
    int limit = 0;
    QList<H5Node> found;
};

herr_t visitObject(hid_t, const char* name, const H5O_info_t* info, void* data)
{
    auto* state = static_cast<FindState*>(data);
    const QString path = QLatin1Char('/') + QString::fromUtf8(name);
    const QString leaf = path.section(QLatin1Char('/'), -1);
    if (name[0] == '.' && name[1] == '\0')
        return 0; // the starting group itself
    if (state->pattern.match(leaf).hasMatch()) {
        H5Node node;
        node.name = leaf;
        node.path = path;
        node.kind = kindOf(info->type);
        node.address = info->addr;
        state->found.append(node);
    }
    return state->found.size() >= state->limit ? 1 : 0; // a positive return stops the visit
}

} // namespace

Result<QList<H5Node>> H5Reader::find(const QString& pattern, int limit) const
{
    H5Errors::silence();
    FindState state;
    // "mat" finds names containing it; with wildcards ("i*", "run?") the whole name must match.
    const bool wildcards = pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))
        || pattern.contains(QLatin1Char('['));
    state.pattern = QRegularExpression(wildcards ? QRegularExpression::wildcardToRegularExpression(pattern)
                                                 : QRegularExpression::escape(pattern),
        QRegularExpression::CaseInsensitiveOption);
    state.limit = limit;
    if (H5Ovisit2(m_image.file(), H5_INDEX_NAME, H5_ITER_INC, visitObject, &state, H5O_INFO_BASIC) < 0)
        return H5Errors::fromStack(
            Error::Code::Corrupt, QStringLiteral("Cannot search the file for %1").arg(pattern));
    return state.found;
}

} // namespace H5Hdfs

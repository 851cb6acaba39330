// SPDX-License-Identifier: MIT
#include "hdfsbrowsermodel.h"

#include "text/h5describe.h"

#include "webhdfs/webhdfsclient.h"
#include "webhdfs/webhdfsendpoint.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QStyle>

namespace H5Hdfs {

HdfsBrowserModel::HdfsBrowserModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void HdfsBrowserModel::showDirectory(WebHdfsClient& client, const QString& directory)
{
    delete m_listing; // cancels the listing of the directory shown before
    beginResetModel();
    m_directory = directory;
    m_entries.clear();
    endResetModel();
    m_listing = new QObject(this);
    client.list(
        directory, m_listing, [this](const QList<HdfsFileStatus>& page) { append(page); },
        [this](const Error& error) {
            m_listing->deleteLater(); // not now: its listing is still answering
            m_listing.clear();
            Q_EMIT loaded(error);
        });
}

void HdfsBrowserModel::clear()
{
    delete m_listing; // cancels it
    beginResetModel();
    m_directory.clear();
    m_entries.clear();
    endResetModel();
}

void HdfsBrowserModel::append(const QList<HdfsFileStatus>& page)
{
    if (page.isEmpty())
        return;
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + page.size()) - 1);
    m_entries += page;
    endInsertRows();
}

QString HdfsBrowserModel::pathOf(int row) const
{
    return WebHdfsPath::child(m_directory, m_entries.value(row).name);
}

int HdfsBrowserModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HdfsBrowserModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HdfsBrowserModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HdfsFileStatus& s = m_entries[index.row()];
    const QDateTime modified = QDateTime::fromMSecsSinceEpoch(s.modificationTime);
    const bool isLink = s.type == HdfsFileStatus::Type::Symlink;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return s.name;
        case SizeColumn: return s.isDirectory() || isLink ? QString() : H5Describe::size(s.length);
        case OwnerColumn: return s.owner;
        case GroupColumn: return s.group;
        case PermissionColumn:
            return QString(s.isDirectory() ? QLatin1Char('d') : isLink ? QLatin1Char('l') : QLatin1Char('-'))
                + s.permissionText();
        case ReplicationColumn: return s.isDirectory() || isLink ? QString() : QString::number(s.replication);
        case ModifiedColumn: return QLocale().toString(modified, QLocale::ShortFormat);
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case NameColumn:
            return QString((s.isDirectory() ? QLatin1Char('0') : QLatin1Char('1')) + s.name.toLower());
        case SizeColumn: return s.length;
        case ReplicationColumn: return s.replication;
        case ModifiedColumn: return s.modificationTime;
        default: return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::ToolTipRole) {
        if (isLink) // HDFS reports a link's length as 0: say where it points instead
            return tr("Symbolic link to %1").arg(s.symlink);
        if (index.column() == SizeColumn && !s.isDirectory())
            return QStringLiteral("%1 bytes").arg(QLocale().toString(s.length));
        return pathOf(index.row());
    } else if (role == Qt::DecorationRole && index.column() == NameColumn) {
        return QApplication::style()->standardIcon(s.isDirectory() ? QStyle::SP_DirIcon
                : isLink                                            ? QStyle::SP_FileLinkIcon
                                                                    : QStyle::SP_FileIcon);
    } else if (role == Qt::TextAlignmentRole
        && (index.column() == SizeColumn || index.column() == ReplicationColumn)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == IsDirectoryRole) {
        return s.isDirectory();
    }
    return {};
}

QVariant HdfsBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case SizeColumn: return tr("Size");
    case OwnerColumn: return tr("Owner");
    case GroupColumn: return tr("Group");
    case PermissionColumn: return tr("Permission");
    case ReplicationColumn: return tr("Replication");
    case ModifiedColumn: return tr("Modified");
    }
    return {};
}

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace H5Hdfs {

/// What File > Open Recent keeps, newest first: local files by their path, and HDFS URLs of
/// servers that outlive the session. The demo's server is not one of them: it listens on a new
/// port each time, so its URLs would be dead next time; its files are kept by their path on disk
/// (it serves a directory), its directories not at all.
class RecentItems {
public:
    static constexpr int kKept = 12;

    /// URLs on `authority` ("127.0.0.1:PORT") are served from `directory` and die with the session.
    void setSessionServer(const QString& authority, const QString& directory);
    /// What to keep for a local file or a URL; empty when nothing lasting names it.
    [[nodiscard]] QString entryFor(const QString& fileOrUrl) const;
    /// Puts what entryFor() keeps for `fileOrUrl` first; false when it keeps nothing.
    bool add(const QString& fileOrUrl);
    [[nodiscard]] static QStringList items();

private:
    QString m_sessionAuthority;
    QString m_sessionDirectory;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "lazy/lazyfiles.h"

#include "lazy/filerangesource.h"
#include "lazy/rangereader.h"

#include <QFileInfo>
#include <algorithm>

namespace H5Hdfs {

namespace LazyFiles {

bool opensLazily(Mode mode, qint64 fileSize, qint64 memoryBudget)
{
    switch (mode) {
    case Mode::Lazy: return true;
    case Mode::Whole: return false;
    case Mode::Auto: break;
    }
    return fileSize >= kThreshold || fileSize > memoryBudget;
}

bool localOpensLazily(Mode mode, qint64 fileSize, qint64 memoryBudget)
{
    return mode == Mode::Lazy || (mode == Mode::Auto && fileSize > memoryBudget);
}

qint64 cacheBytes(qint64 memoryBudget, qint64 fileSize)
{
    constexpr qint64 kMostCache = 1LL << 30;
    return std::min({memoryBudget / 4, kMostCache, std::max<qint64>(fileSize, BlockStore::kDefaultBlockSize)});
}

Result<std::shared_ptr<BlockStore>> overWebHdfs(
    const WebHdfsConfig& config, const QString& path, const HdfsFileStatus& status)
{
    if (status.isDirectory())
        return Error(Error::Code::Unsupported, QStringLiteral("%1 is a directory, not a file").arg(path));
    auto source = std::make_shared<WebHdfsRangeSource>(config, path, status);
    return BlockStore::create(
        std::move(source), path.section(QLatin1Char('/'), -1), cacheBytes(config.memoryBudget, status.length));
}

Result<std::shared_ptr<BlockStore>> overLocalFile(const QString& path, qint64 memoryBudget)
{
    auto source = FileRangeSource::open(path);
    if (!source)
        return source.error();
    const qint64 size = (*source)->size();
    return BlockStore::create(std::move(source).value(), QFileInfo(path).fileName(), cacheBytes(memoryBudget, size));
}

} // namespace LazyFiles

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "checkpreviews.h"

#include "plotdraw.h"
#include "plotrenderer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <algorithm>

namespace H5Hdfs {

namespace Cli {

namespace CheckPreviews {

namespace {

constexpr qsizetype kMaxReadableChars = 60;

// ASCII letters, digits, '-' and '_' stay; anything else ('/', '.', spaces) becomes '_'.
QString readable(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        const bool kept
            = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('-') || c == QLatin1Char('_');
        out += kept ? c : QLatin1Char('_');
    }
    return out.left(kMaxReadableChars);
}

bool isInside(const QString& path, const QString& table)
{
    return path == table || path.startsWith(table + QLatin1Char('/'));
}

// The objects worth a picture (whose numbers the check read), in the walk's order. A named table's
// own datasets (a DataFrame's axis1, block0_values) are drawn as the table, not again on their own.
QStringList candidates(const FileCheck::Findings& found)
{
    QStringList tables;
    for (const auto& object : found.objects) {
        if (const auto* table = std::get_if<FileCheck::TableCheck>(&object))
            tables << table->path;
    }
    QStringList list;
    for (const auto& object : found.objects) {
        if (const auto* table = std::get_if<FileCheck::TableCheck>(&object)) {
            if (table->stats)
                list << table->path;
            continue;
        }
        const auto& dataset = std::get<FileCheck::DatasetCheck>(object);
        const bool partOfTable = std::any_of(
            tables.cbegin(), tables.cend(), [&](const QString& t) { return isInside(dataset.path, t); });
        if (dataset.stats && !partOfTable)
            list << dataset.path;
    }
    return list;
}

/// Draws the object's default plot into `target`: false when it has none (a scalar), an error when
/// it could not be drawn.
Result<bool> draw(const FileWork& work, const QString& path, const QString& target)
{
    const H5Response info = work.service.call(work.file, H5Request::info(path));
    if (!info.ok())
        return info.error;
    const auto table = shownTable(work.service, work.file, info.info, {});
    if (!table)
        return table.error();
    PlotOptions options;
    options.pixels = kSize;
    options.style.title = path;
    const auto scene = drawScene(work.service, work.file, info.info, *table ? &**table : nullptr, options);
    if (!scene && scene.error().code == Error::Code::InvalidArgument) // "holds no numbers to plot by default"
        return false;
    if (!scene)
        return scene.error();
    QString error;
    if (!PlotRenderer::save(*scene, kSize, target, &error))
        return Error(Error::Code::Io, error);
    return true;
}

void drawPreviews(const FileWork& work, const QString& dir, Checked& checked)
{
    int drawn = 0;
    for (const QString& path : candidates(checked.findings)) {
        if (drawn == kMaxPerFile) {
            ++checked.leftOut;
            continue;
        }
        const QString target = QDir(dir).filePath(fileName(work.input.name, path));
        work.reportActivity(QStringLiteral("%1: preview").arg(path));
        const auto done = draw(work, path, target);
        if (done && !*done)
            continue;
        ++drawn;
        if (!done) {
            checked.previewWarnings.insert(path, done.error().message);
            ++checked.findings.warnings;
        } else {
            checked.previews.insert(path, target);
        }
    }
}

} // namespace

QString fileName(const QString& input, const QString& objectPath)
{
    const QByteArray key = input.toUtf8() + '\0' + objectPath.toUtf8();
    const QByteArray hash = QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16);
    const QString file = readable(QFileInfo(input).completeBaseName());
    return QStringLiteral("%1__%2-%3.png").arg(file, readable(objectPath.mid(1)), QString::fromLatin1(hash));
}

FileAction batchAction(const QString& dir)
{
    return [check = FileCheck::batchAction(), dir](const FileWork& work) {
        FileOutcome outcome = check(work);
        const auto* found = std::any_cast<FileCheck::Findings>(&outcome.found);
        if (!found)
            return outcome;
        Checked checked {*found, {}, {}, 0};
        if (!dir.isEmpty())
            drawPreviews(work, dir, checked);
        outcome.found = std::move(checked);
        return outcome;
    };
}

} // namespace CheckPreviews

} // namespace Cli

} // namespace H5Hdfs

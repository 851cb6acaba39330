// SPDX-License-Identifier: MIT
#pragma once
// Shared by the libFuzzer targets: a broken invariant is a crash libFuzzer saves a reproducer for.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define FUZZ_CHECK(condition)                                                                          \
    do {                                                                                               \
        if (!(condition)) {                                                                            \
            std::fprintf(stderr, "%s:%d: broken invariant: %s\n", __FILE__, __LINE__, #condition);     \
            std::abort();                                                                              \
        }                                                                                              \
    } while (false)

namespace Fuzz {

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

/// `--write-seeds=DIR` among the arguments: the directory, else empty.
inline QString seedDirectory(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--write-seeds=", 14) == 0)
            return QString::fromLocal8Bit(argv[i] + 14);
    }
    return {};
}

inline void writeSeed(const QString& directory, const QString& name, const QByteArray& content)
{
    QDir().mkpath(directory);
    QFile f(directory + QLatin1Char('/') + name);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
        std::exit(1);
    }
}

} // namespace Fuzz

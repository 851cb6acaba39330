// SPDX-License-Identifier: MIT
// Deliberately includes no libc file headers: it defines open() & co. itself and forwards them.
#include "fileaccesslog.h"

#include <atomic>
#include <cstdarg>
#include <dlfcn.h>
#include <mutex>

namespace H5Hdfs {

namespace {

constexpr int kWriteFlags = 01 | 02 | 0100 | 01000; // O_WRONLY | O_RDWR | O_CREAT | O_TRUNC on Linux

std::atomic_bool g_recording {false};
std::mutex g_mutex;
QList<FileAccessLog::Entry> g_entries;

void record(const char* path, bool writes)
{
    if (!g_recording.load() || !path)
        return;
    std::lock_guard lock(g_mutex);
    g_entries.append({QString::fromUtf8(path), writes});
}

template <typename F> F real(const char* name)
{
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

unsigned modeArg(int flags, va_list args)
{
    return (flags & 0100) || (flags & 020000000) ? va_arg(args, unsigned) : 0u; // O_CREAT, O_TMPFILE
}

} // namespace

extern "C" {

int open(const char* path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const unsigned mode = modeArg(flags, args);
    va_end(args);
    record(path, flags & kWriteFlags);
    static auto fn = real<int (*)(const char*, int, ...)>("open");
    return fn(path, flags, mode);
}

int open64(const char* path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const unsigned mode = modeArg(flags, args);
    va_end(args);
    record(path, flags & kWriteFlags);
    static auto fn = real<int (*)(const char*, int, ...)>("open64");
    return fn(path, flags, mode);
}

int openat(int dir, const char* path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const unsigned mode = modeArg(flags, args);
    va_end(args);
    record(path, flags & kWriteFlags);
    static auto fn = real<int (*)(int, const char*, int, ...)>("openat");
    return fn(dir, path, flags, mode);
}

int openat64(int dir, const char* path, int flags, ...)
{
    va_list args;
    va_start(args, flags);
    const unsigned mode = modeArg(flags, args);
    va_end(args);
    record(path, flags & kWriteFlags);
    static auto fn = real<int (*)(int, const char*, int, ...)>("openat64");
    return fn(dir, path, flags, mode);
}

int creat(const char* path, unsigned mode)
{
    record(path, true);
    static auto fn = real<int (*)(const char*, unsigned)>("creat");
    return fn(path, mode);
}

int mkdir(const char* path, unsigned mode)
{
    record(path, true);
    static auto fn = real<int (*)(const char*, unsigned)>("mkdir");
    return fn(path, mode);
}

struct _IO_FILE;
_IO_FILE* fopen(const char* path, const char* mode)
{
    record(path, mode && mode[0] != 'r');
    static auto fn = real<_IO_FILE* (*)(const char*, const char*)>("fopen");
    return fn(path, mode);
}

_IO_FILE* fopen64(const char* path, const char* mode)
{
    record(path, mode && mode[0] != 'r');
    static auto fn = real<_IO_FILE* (*)(const char*, const char*)>("fopen64");
    return fn(path, mode);
}

} // extern "C"

namespace FileAccessLog {

void start()
{
    std::lock_guard lock(g_mutex);
    g_entries.clear();
    g_recording = true;
}

QList<Entry> stop()
{
    g_recording = false;
    std::lock_guard lock(g_mutex);
    return g_entries;
}

} // namespace FileAccessLog

} // namespace H5Hdfs

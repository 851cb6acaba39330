// SPDX-License-Identifier: MIT
#include "workertitle.h"

#include <cstdlib>
#include <cstring>
#include <sys/prctl.h>
#include <utility>

extern char** environ; // POSIX: at global scope, not in a namespace

namespace H5Hdfs {


namespace WorkerTitle {
namespace {

constexpr qsizetype kCommBytes = 15; // TASK_COMM_LEN less its terminating NUL

// The memory the kernel shows as /proc/PID/cmdline: argv's strings, and the environment's when
// they follow them (the kernel reads on into it once the last byte of argv's is no longer NUL).
// The environment is moved to the heap first, so getenv() keeps working.
std::pair<char*, char*> claimArguments(int argc, char* argv[])
{
    char* begin = argv[0];
    char* end = argv[argc - 1] + std::strlen(argv[argc - 1]) + 1;
    qsizetype count = 0;
    while (environ[count])
        ++count;
    char** moved = static_cast<char**>(std::calloc(size_t(count + 1), sizeof(char*)));
    if (!moved)
        return {begin, end};
    for (qsizetype i = 0; i < count; ++i) {
        if (environ[i] == end)
            end += std::strlen(environ[i]) + 1;
        moved[i] = strdup(environ[i]);
    }
    environ = moved;
    return {begin, end};
}

// Control characters in a file name would garble a terminal showing ps.
QByteArray printable(QByteArray text)
{
    for (char& c : text)
        c = (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return text;
}

} // namespace

QByteArray cutUtf8(const QByteArray& text, qsizetype bytes)
{
    if (text.size() <= bytes)
        return text;
    qsizetype cut = qMax<qsizetype>(bytes, 0);
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // text[cut] continues a character: cut before that character
    return text.left(cut);
}

void set(int argc, char* argv[], const QByteArray& file, const char* skip)
{
    const QByteArray name = printable(file);
    ::prctl(PR_SET_NAME, cutUtf8(name, kCommBytes).constData(), 0, 0, 0);
    QByteArray title = "h5hdfs-worker: " + name;
    for (int i = 1; i < argc; ++i) {
        if (skip && std::strcmp(argv[i], skip) == 0) {
            ++i;
            continue;
        }
        title += ' ' + QByteArray(argv[i]);
    }
    const auto [begin, end] = claimArguments(argc, argv);
    const QByteArray shown = cutUtf8(title, end - begin - 1);
    std::memset(begin, 0, size_t(end - begin));
    std::memcpy(begin, shown.constData(), size_t(shown.size()));
}

} // namespace WorkerTitle

} // namespace H5Hdfs

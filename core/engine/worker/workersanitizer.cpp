// SPDX-License-Identifier: MIT
#include "workersanitizer.h"

#ifdef H5HDFS_SANITIZE
#include "sanitizerreports.h"

#include <hdf5.h>
#include <cstdint>
#include <sanitizer/common_interface_defs.h>

namespace H5Hdfs {

#define H5HDFS_TEXT(x) #x
#define H5HDFS_NUMBER(x) H5HDFS_TEXT(x)

// The sanitizers' defaults, for the worker only (ASAN_OPTIONS and UBSAN_OPTIONS still override
// them); the viewer, the CLI and the tests keep all of theirs, leak checking included.
// - detect_leaks=0: LeakSanitizer checks at exit by stopping the process' threads with clone and
//   ptrace, which the seccomp filter forbids: every worker would die by SIGSYS on its way out. A
//   worker lives for one file and its memory goes with it.
// - handle_segv=0 and the other deadly signals: a file that crashes libhdf5 must kill the worker by
//   its signal as in release builds (the service reports "killed by signal 11", the tests of bad
//   files expect it); ASan's handler would turn the crash into a report, and reports fail the
//   service. Memory errors ASan detects are reported all the same.
// - allocator_may_return_null=1: libhdf5 asks for sizes read from the file and handles NULL, as
//   glibc's malloc returns it; ASan would instead end the worker on "allocation-size-too-big".
// - exitcode: after a report, a code the service knows (the template's report reaches it so).
// - suppressions: libhdf5's known reports on crafted files (workersanitizer.supp says which and why).
extern "C" const char* __asan_default_options()
{
    return "detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:"
           "handle_abort=0:allocator_may_return_null=1:exitcode=" H5HDFS_NUMBER(H5HDFS_SANITIZER_EXIT_CODE)
           ":suppressions=" H5HDFS_WORKER_SUPPRESSIONS;
}

// UBSan's runtime is a library of its own (GCC) with its own copy of these options. No stack trace:
// its symbolizer is not the one loadSymbolizer() prepares; the report names the file and line.
// silence_unsigned_overflow=1 lets initialiseUbsan() below pass unreported; GCC has no check of
// unsigned overflow, so it silences nothing else.
extern "C" const char* __ubsan_default_options()
{
    return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0:"
           "silence_unsigned_overflow=1:exitcode=" H5HDFS_NUMBER(H5HDFS_SANITIZER_EXIT_CODE);
}

// UBSan's own declarations (libsanitizer/ubsan/ubsan_value.h, ubsan_handlers.h), which GCC ships no
// header for: a source location, an integer type ("unsigned int": 32 bits, unsigned) and the data
// of an overflow check.
extern "C" void __ubsan_handle_add_overflow(void* data, uintptr_t left, uintptr_t right);

namespace {

struct UbsanLocation {
    const char* file;
    unsigned line;
    unsigned column;
};
struct UbsanType {
    unsigned short kind = 0; // integer
    unsigned short info = 5 << 1; // log2(32 bits) << 1 | signed (0)
    char name[16] = "'unsigned int'";
};
struct UbsanOverflow {
    UbsanLocation location;
    const UbsanType* type;
};

/// GCC's UBSan runtime sets itself up at its first check that fails, reading its program's name
/// (readlink), which the sandbox forbids: the first report of a sandboxed worker would kill it by
/// SIGSYS before it says a word. One overflow it sets itself up for and then drops
/// (silence_unsigned_overflow), here, before the sandbox.
void initialiseUbsan()
{
    static const UbsanType unsignedInt;
    static UbsanOverflow overflow {{"h5hdfs-worker: initialising UBSan", 1, 1}, &unsignedInt};
    __ubsan_handle_add_overflow(&overflow, ~0u, 1);
}

} // namespace

namespace WorkerSanitizer {

void loadSymbolizer()
{
    initialiseUbsan();
    // The first symbolization reads every library loaded so far (libbacktrace walks them all);
    // libhdf5's and our own are named so both are there.
    char name[256];
    __sanitizer_symbolize_pc(reinterpret_cast<void*>(&H5open), "%f", name, sizeof name);
    __sanitizer_symbolize_pc(reinterpret_cast<void*>(&loadSymbolizer), "%f", name, sizeof name);
}

} // namespace WorkerSanitizer

} // namespace H5Hdfs

#else

void H5Hdfs::WorkerSanitizer::loadSymbolizer() { }

#endif

// SPDX-License-Identifier: MIT
#include "workersandbox.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

namespace H5Hdfs {

namespace WorkerSandbox {
namespace {

// The system calls a file worker makes while serving requests, measured with `strace -f` over the
// test suite, the shared corpus and the bad files (see the closing note of issue 17):
const std::initializer_list<const char*> kFileWorkerCalls = {
    "read", "readv", "write", "writev", "poll", "ppoll", // the request pipe, stderr
    "close", "lseek", "fstat", "brk", "munmap", "mremap", "madvise", "futex", "set_robust_list",
    "clock_gettime", "clock_getres", "gettimeofday", "nanosleep", "clock_nanosleep", "sched_yield",
    "getrandom",     // Qt's random generator (the image's name)
    "sysinfo",       // glibc's qsort sizes its buffer by the machine's memory (large groups)
    "memfd_create", "ftruncate", // memory for a copy libhdf5 asks of the image (ImageBuffer::allocate)
    "getpid", "gettid", "rt_sigprocmask", "rt_sigreturn", "restart_syscall", "sigaltstack",
    "exit", "exit_group",
#ifdef H5HDFS_SANITIZE
    // Sanitizer builds only: UBSan's check of dynamic types (-fsanitize=vptr) asks whether memory
    // is readable by writing it into a pipe it makes for that; a new pipe reaches nothing outside.
    "pipe2",
#endif
};

// What the template adds: receiving a fork request with its descriptors, answering with the pid,
// and what the forked child does before it confines itself further (descriptors, limits, filter).
const std::initializer_list<const char*> kTemplateCalls = {"recvmsg", "sendto", "dup2", "dup3", "prctl",
    "prlimit64", "setrlimit", "seccomp", "landlock_create_ruleset", "landlock_restrict_self"};

// Names by number for the report, resolved before the filter is in place (the signal handler may
// not allocate, and libseccomp's lookup does).
std::array<const char*, 512> g_names {};

void resolveNames()
{
    if (g_names[0])
        return;
    for (size_t number = 0; number < g_names.size(); ++number)
        g_names[number] = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, int(number)); // kept for life
}

void writeText(const char* text)
{
    const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
    (void)ignored;
}

void writeNumber(long value)
{
    char digits[24];
    int n = int(sizeof digits);
    digits[--n] = '\0';
    do {
        digits[--n] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 && n > 0);
    writeText(digits + n);
}

// The trapped call's number and arguments, read from the registers the kernel saved.
struct TrappedCall {
    long number;
    long args[6];
};

#if defined(__x86_64__)
TrappedCall trappedCall(const siginfo_t* info, const ucontext_t* context)
{
    const greg_t* r = context->uc_mcontext.gregs;
    return {info->si_syscall, {r[REG_RDI], r[REG_RSI], r[REG_RDX], r[REG_R10], r[REG_R8], r[REG_R9]}};
}
void setResult(ucontext_t* context, long value) { context->uc_mcontext.gregs[REG_RAX] = value; }
#elif defined(__aarch64__)
TrappedCall trappedCall(const siginfo_t* info, const ucontext_t* context)
{
    const auto* r = context->uc_mcontext.regs;
    return {info->si_syscall, {long(r[0]), long(r[1]), long(r[2]), long(r[3]), long(r[4]), long(r[5])}};
}
void setResult(ucontext_t* context, long value) { context->uc_mcontext.regs[0] = (unsigned long long)(value); }
#else
#error "the worker sandbox reads trapped system calls from x86_64 or aarch64 registers"
#endif

// Opens libhdf5 makes on its own and that must fail, not kill: its core driver tries the image's
// name as a file (H5FD_core_open), and external links, external storage and virtual datasets try
// the refused prefix, the file's "directory" and then the bare relative name
// (H5F_prefix_open_file). Image names and prefixes live under /dev/null/, where nothing can exist;
// relative names would be looked up in the working directory. Both are answered ENOENT without
// opening anything. An absolute path outside /dev/null/ is what an attacker would open, and kills.
bool isLibraryProbe(const TrappedCall& call)
{
    const char* path = nullptr;
    if (call.number == SYS_openat)
        path = reinterpret_cast<const char*>(call.args[1]);
#ifdef SYS_open
    if (call.number == SYS_open)
        path = reinterpret_cast<const char*>(call.args[0]);
#endif
    static constexpr char kDevNull[] = "/dev/null/";
    return path && (path[0] != '/' || std::strncmp(path, kDevNull, sizeof kDevNull - 1) == 0);
}

void onForbiddenCall(int, siginfo_t* info, void* rawContext)
{
    auto* context = static_cast<ucontext_t*>(rawContext);
    const TrappedCall call = trappedCall(info, context);
    if (isLibraryProbe(call)) {
        setResult(context, -ENOENT);
        return;
    }
    writeText("h5hdfs-worker: forbidden system call ");
    const bool named = call.number >= 0 && size_t(call.number) < g_names.size() && g_names[size_t(call.number)];
    writeText(named ? g_names[size_t(call.number)] : "unknown");
    writeText(" (");
    writeNumber(call.number);
    writeText(")\n");
    // The same call again, while SIGSYS is blocked in this handler: the kernel then kills the
    // process by SIGSYS, which is how the service tells a forbidden call from other crashes.
    ::syscall(call.number, call.args[0], call.args[1], call.args[2], call.args[3], call.args[4], call.args[5]);
    ::_exit(128 + SIGSYS);
}

// Set in the template and inherited by its forks, whose filter no longer allows sigaction.
bool g_reporterInstalled = false;

bool installReporter()
{
    if (g_reporterInstalled)
        return true;
    struct sigaction action {};
    action.sa_sigaction = &onForbiddenCall;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    g_reporterInstalled = ::sigaction(SIGSYS, &action, nullptr) == 0;
    return g_reporterInstalled;
}

// Landlock's filesystem rights known to each ABI version (linux/landlock.h): all of them are
// handled and none granted, so no path can be opened, created or changed.
__u64 allFilesystemRights(int abi)
{
    if (abi >= 5)
        return (1ULL << 16) - 1; // + IOCTL_DEV
    if (abi >= 3)
        return (1ULL << 15) - 1; // + TRUNCATE
    if (abi == 2)
        return (1ULL << 14) - 1; // + REFER
    return (1ULL << 13) - 1;
}

enum class Landlock { Applied, Unavailable, Failed };

Landlock denyFilesystem()
{
    const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0)
        return Landlock::Unavailable; // ENOSYS: older kernel; EOPNOTSUPP: disabled at boot
    landlock_ruleset_attr attributes {};
    attributes.handled_access_fs = allFilesystemRights(int(abi));
    const long ruleset = ::syscall(SYS_landlock_create_ruleset, &attributes, sizeof attributes, 0);
    if (ruleset < 0)
        return Landlock::Failed;
    const long restricted = ::syscall(SYS_landlock_restrict_self, ruleset, 0);
    ::close(int(ruleset));
    return restricted == 0 ? Landlock::Applied : Landlock::Failed;
}

struct Filter {
    scmp_filter_ctx context = seccomp_init(SCMP_ACT_TRAP);
    ~Filter() { seccomp_release(context); }

    bool allow(const char* name)
    {
        const int number = seccomp_syscall_resolve_name(name);
        // A call this architecture does not have (poll on aarch64) needs no rule.
        return number == __NR_SCMP_ERROR || seccomp_rule_add(context, SCMP_ACT_ALLOW, number, 0) == 0;
    }
    bool allow(std::initializer_list<const char*> names)
    {
        for (const char* name : names)
            if (!allow(name))
                return false;
        return true;
    }
    template <typename... Conditions> bool allowIf(int number, Conditions... conditions)
    {
        return seccomp_rule_add(context, SCMP_ACT_ALLOW, number, sizeof...(conditions), conditions...) == 0;
    }
    /// Memory management on the process' own mappings, never executable: injected code cannot be
    /// made runnable.
    bool allowMemoryWithoutExec()
    {
        return allowIf(SCMP_SYS(mmap), SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0))
            && allowIf(SCMP_SYS(mprotect), SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    }
    /// Queries on open descriptors only: fstat through newfstatat(fd, "", AT_EMPTY_PATH), and the
    /// terminal check Qt's message handler makes on stderr.
    bool allowDescriptorQueries()
    {
        return allowIf(SCMP_SYS(newfstatat), SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH))
            && allowIf(SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, TCGETS));
    }
    bool load()
    {
        // Threads started by a library before this point are confined too.
        return seccomp_attr_set(context, SCMP_FLTATR_CTL_TSYNC, 1) == 0 && seccomp_load(context) == 0;
    }
};

bool fail(const char* what)
{
    writeText("h5hdfs-worker: cannot confine the worker: ");
    writeText(what);
    writeText("\n");
    return false;
}

bool prepare()
{
    resolveNames();
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return fail("PR_SET_NO_NEW_PRIVS refused");
    if (!installReporter())
        return fail("no SIGSYS handler");
    return true;
}

} // namespace

bool enterTemplate()
{
    if (!prepare())
        return false;
    switch (denyFilesystem()) {
    case Landlock::Applied:
        break;
    case Landlock::Unavailable:
        writeText("h5hdfs-worker: Landlock is not available on this kernel; workers are confined by "
                  "their seccomp filter alone\n");
        break;
    case Landlock::Failed:
        return fail("Landlock refused the ruleset");
    }
    Filter filter;
    const bool built = filter.context && filter.allow(kFileWorkerCalls) && filter.allow(kTemplateCalls)
        && filter.allowMemoryWithoutExec() && filter.allowDescriptorQueries()
        // Aborts signal the aborting process, whose pid the template cannot know yet.
        && filter.allowIf(SCMP_SYS(tgkill), SCMP_A2(SCMP_CMP_EQ, SIGABRT))
        // A worker is forked as the template's sibling; no other kind of clone (threads, vfork).
        && filter.allowIf(SCMP_SYS(clone), SCMP_A0(SCMP_CMP_EQ, CLONE_PARENT | SIGCHLD));
    if (!built || !filter.load())
        return fail("the kernel refused the template's seccomp filter");
    return true;
}

bool enterFileWorker()
{
    if (!prepare())
        return false;
    if (denyFilesystem() == Landlock::Failed)
        return fail("Landlock refused the ruleset");
    Filter filter;
    const bool built = filter.context && filter.allow(kFileWorkerCalls) && filter.allowMemoryWithoutExec()
        && filter.allowDescriptorQueries()
        && filter.allowIf(SCMP_SYS(tgkill), SCMP_A0(SCMP_CMP_EQ, scmp_datum_t(::getpid())), SCMP_A2(SCMP_CMP_EQ, SIGABRT));
    if (!built || !filter.load())
        return fail("the kernel refused the worker's seccomp filter");
    return true;
}

} // namespace WorkerSandbox

} // namespace H5Hdfs

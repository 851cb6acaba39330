// SPDX-License-Identifier: MIT
#include "h5handle.h"

#include <hdf5.h>

#include <QStringList>
#include <type_traits>

namespace H5Hdfs {

static_assert(std::is_same_v<HdfId, hid_t>, "HdfId must be libhdf5's hid_t");

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept
{
    if (this != &other) {
        reset();
        m_id = other.release();
    }
    return *this;
}

HdfId H5Handle::release()
{
    const HdfId id = m_id;
    m_id = -1;
    return id;
}

void H5Handle::reset()
{
    if (m_id < 0)
        return;
    // H5Idec_ref closes any kind of identifier when its count reaches zero; using it keeps one
    // handle type for files, groups, datasets, types, spaces, attributes and property lists.
    if (H5Iis_valid(m_id) > 0)
        H5Idec_ref(m_id);
    m_id = -1;
}

namespace H5Errors {
namespace {

/// What an error stack holds: its frames as text, and what its error ids say.
struct Stack {
    QStringList lines;
    bool notFound = false;     ///< no such object
    bool truncated = false;    ///< the image is shorter than its superblock says
    bool noMemory = false;     ///< an allocation failed
    bool pluginFailed = false; ///< the plugin layer could not give a filter (search off, unreadable, unloadable)
    bool pipelineReadInnermost = false; ///< the innermost frame is the filter pipeline's read error
};

herr_t collect(unsigned n, const H5E_error2_t* err, void* data)
{
    auto* stack = static_cast<Stack*>(data);
    // By the library's error ids, not its wording: a name that resolves to nothing is reported by
    // the group (symbol table) or link layer with the minor "not found".
    if ((err->maj_num == H5E_SYM || err->maj_num == H5E_LINK) && err->min_num == H5E_NOTFOUND)
        stack->notFound = true;
    if (err->min_num == H5E_TRUNCATED)
        stack->truncated = true;
    if (err->min_num == H5E_NOSPACE || (err->maj_num == H5E_RESOURCE && err->min_num == H5E_CANTALLOC))
        stack->noMemory = true;
    if (err->maj_num == H5E_PLUGIN)
        stack->pluginFailed = true;
    // Walked downward, the last frame is the innermost: where the failure was first seen.
    stack->pipelineReadInnermost = err->maj_num == H5E_PLINE && err->min_num == H5E_READERROR;
    const QString where = QString::fromUtf8(err->func_name ? err->func_name : "?");
    const QString desc = QString::fromUtf8(err->desc ? err->desc : "");
    char minor[128] = {0};
    H5Eget_msg(err->min_num, nullptr, minor, sizeof minor);
    stack->lines.append(
        QStringLiteral("#%1 %2(): %3 [%4]").arg(n).arg(where, desc, QString::fromUtf8(minor)));
    return 0;
}

Stack takeFrames()
{
    Stack stack;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect, &stack);
    H5Eclear2(H5E_DEFAULT);
    return stack;
}

// The code a stack calls for (truncated file, allocation failure, missing filter), else `code`.
// A filter is missing when the plugin layer failed under the read (the worker turns plugin loading
// off once it has loaded what there is, so a filter it lacks fails there), or when the pipeline's
// read error is the innermost frame: libhdf5 1.10 reports a filter it could not find by that frame
// alone, while a filter that ran and failed on the bytes (deflate, Fletcher32, lzf, blosc) pushes a
// frame of its own beneath it.
Error::Code codeOf(const Stack& stack, Error::Code code)
{
    if (stack.truncated)
        return Error::Code::Truncated;
    if (stack.noMemory)
        return Error::Code::TooLarge;
    if (stack.pluginFailed || stack.pipelineReadInnermost)
        return Error::Code::FilterMissing;
    return code;
}

} // namespace

void silence()
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QString takeStack()
{
    return takeFrames().lines.join(QLatin1Char('\n'));
}

Error fromStack(Error::Code code, const QString& message)
{
    const Stack stack = takeFrames();
    return Error(codeOf(stack, code), message, stack.lines.join(QLatin1Char('\n')));
}

Error openFailure(const QString& path, Error::Code code, const QString& message)
{
    const Stack stack = takeFrames();
    const QString detail = stack.lines.join(QLatin1Char('\n'));
    const Error::Code chosen = codeOf(stack, code);
    if (stack.notFound && (chosen == code || chosen == Error::Code::NotFound))
        return Error(Error::Code::NotFound, QStringLiteral("No object %1").arg(path), detail);
    return Error(chosen, message, detail);
}

} // namespace H5Errors

} // namespace H5Hdfs

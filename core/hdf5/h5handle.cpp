// SPDX-License-Identifier: MIT
#include "h5handle.h"

#include <hdf5.h>

#include <QStringList>
#include <type_traits>

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

herr_t collect(unsigned n, const H5E_error2_t* err, void* data)
{
    auto* lines = static_cast<QStringList*>(data);
    const QString where = QString::fromUtf8(err->func_name ? err->func_name : "?");
    const QString desc = QString::fromUtf8(err->desc ? err->desc : "");
    char minor[128] = {0};
    H5Eget_msg(err->min_num, nullptr, minor, sizeof minor);
    lines->append(QStringLiteral("#%1 %2(): %3 [%4]").arg(n).arg(where, desc, QString::fromUtf8(minor)));
    return 0;
}

bool contains(const QString& stack, const char* text)
{
    return stack.contains(QLatin1String(text), Qt::CaseInsensitive);
}

} // namespace

void silence()
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QString takeStack()
{
    QStringList lines;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect, &lines);
    H5Eclear2(H5E_DEFAULT);
    return lines.join(QLatin1Char('\n'));
}

Error fromStack(Error::Code code, const QString& message)
{
    const QString stack = takeStack();
    Error::Code chosen = code;
    if (contains(stack, "truncated file"))
        chosen = Error::Code::Truncated;
    else if (contains(stack, "memory allocation failed") || contains(stack, "out of memory"))
        chosen = Error::Code::TooLarge;
    else if (contains(stack, "filter")
        && (contains(stack, "not registered") || contains(stack, "not available")
            || contains(stack, "can't open directory")))
        chosen = Error::Code::FilterMissing;
    return Error(chosen, message, stack);
}

} // namespace H5Errors

// SPDX-License-Identifier: MIT
#include "numberformat.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace NumberFormat {
namespace {

char* writeNonFinite(char* out, double v)
{
    const char* text = std::isnan(v) ? "NaN" : (v > 0 ? "Inf" : "-Inf");
    const size_t n = std::strlen(text);
    std::memcpy(out, text, n);
    return out + n;
}

template <typename Writer> QString toQString(Writer write)
{
    char buf[kMaxChars];
    char* end = write(buf);
    return QString::fromLatin1(buf, end - buf);
}

} // namespace

char* writeInt(char* out, std::int64_t v)
{
    return std::to_chars(out, out + kMaxChars, v).ptr;
}

char* writeUInt(char* out, std::uint64_t v)
{
    return std::to_chars(out, out + kMaxChars, v).ptr;
}

char* writeDouble(char* out, double v)
{
    if (!std::isfinite(v))
        return writeNonFinite(out, v);
    return std::to_chars(out, out + kMaxChars, v).ptr;
}

char* writeFloat(char* out, float v)
{
    if (!std::isfinite(v))
        return writeNonFinite(out, double(v));
    return std::to_chars(out, out + kMaxChars, v).ptr;
}

QString fromInt(std::int64_t v)
{
    return toQString([v](char* b) { return writeInt(b, v); });
}

QString fromUInt(std::uint64_t v)
{
    return toQString([v](char* b) { return writeUInt(b, v); });
}

QString fromDouble(double v)
{
    return toQString([v](char* b) { return writeDouble(b, v); });
}

QString fromFloat(float v)
{
    return toQString([v](char* b) { return writeFloat(b, v); });
}

} // namespace NumberFormat

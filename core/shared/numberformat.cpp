// SPDX-License-Identifier: MIT
#include "numberformat.h"

#include "shortestchars.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib> // std::abs
#include <cstring>

namespace H5Hdfs {

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
    return ShortestChars::write(out, v);
}

char* writeFloat(char* out, float v)
{
    if (!std::isfinite(v))
        return writeNonFinite(out, double(v));
    return ShortestChars::write(out, v);
}

char* writePythonFloat(char* out, double v, bool single)
{
    if (std::isnan(v))
        return std::copy_n("nan", 3, out);
    if (std::isinf(v))
        return v > 0 ? std::copy_n("inf", 3, out) : std::copy_n("-inf", 4, out);
    // Fast path: the shortest text is already Python's when it is positional with at most 16
    // integer digits ("0.25", "13" + ".0").
    char* const start = out;
    char* end0 = single ? ShortestChars::write(out, float(v)) : ShortestChars::write(out, v);
    if (std::find(start, end0, 'e') == end0) {
        char* const point = std::find(start, end0, '.');
        if (point - start - (*start == '-') <= 16) {
            if (point == end0) {
                *end0++ = '.';
                *end0++ = '0';
            }
            return end0;
        }
    }
    out = start;
    // The shortest digits, from scientific form: "-1.2345e+15" → sign, "12345", exponent 15.
    char sci[kMaxChars];
    const char* end = single
        ? std::to_chars(sci, sci + kMaxChars, float(v), std::chars_format::scientific).ptr
        : std::to_chars(sci, sci + kMaxChars, v, std::chars_format::scientific).ptr;
    const char* p = sci;
    if (*p == '-')
        *out++ = *p++;
    char digits[kMaxChars];
    int count = 0;
    for (; p < end && *p != 'e'; ++p) {
        if (*p != '.')
            digits[count++] = *p;
    }
    int exponent = 0; // after the 'e': a sign, then digits (to_chars' text is not terminated)
    std::from_chars(p + 1 + (p[1] == '+'), end, exponent);
    if (exponent < -4 || exponent >= 16) {
        *out++ = digits[0];
        if (count > 1) {
            *out++ = '.';
            out = std::copy_n(digits + 1, count - 1, out);
        }
        *out++ = 'e';
        *out++ = exponent < 0 ? '-' : '+';
        const int e = std::abs(exponent);
        if (e < 10)
            *out++ = '0';
        return std::to_chars(out, out + 4, e).ptr;
    }
    if (exponent < 0) { // 0.000ddd
        *out++ = '0';
        *out++ = '.';
        out = std::fill_n(out, -exponent - 1, '0');
        return std::copy_n(digits, count, out);
    }
    for (int i = 0; i <= exponent; ++i) // the integer part, padded with zeros
        *out++ = i < count ? digits[i] : '0';
    *out++ = '.';
    if (count <= exponent + 1)
        *out++ = '0';
    else
        out = std::copy_n(digits + exponent + 1, count - exponent - 1, out);
    return out;
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

} // namespace H5Hdfs

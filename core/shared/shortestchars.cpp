// SPDX-License-Identifier: MIT
#include "shortestchars.h"

// Dragonbox's shortest digits, from Debian's libfmt (fmt 9 exports them for float and double); the
// layout below is ours, to_chars' own rule.
#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace H5Hdfs {

namespace ShortestChars {
namespace {

constexpr std::uint64_t kPowersOf10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
    1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
    10000000000000000000u};

constexpr char kDigitPairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                               "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                               "8081828384858687888990919293949596979899";

/// Decimal digits of v > 0.
int digitCount(std::uint64_t v)
{
    const int guess = int((std::bit_width(v) * 1233) >> 12); // log10(2) ~ 1233 / 4096
    return guess + (v >= kPowersOf10[guess] ? 1 : 0);
}

/// The eight decimal digits of v < 10^8, leading zeros included, as the bytes of a little-endian word:
/// halves, quarters and eighths split in parallel lanes (three multiplications in place of eight
/// divisions), which is where digit loops spend their time.
[[gnu::always_inline]] inline std::uint64_t eightDigits(std::uint32_t v)
{
    std::uint64_t lanes = std::uint64_t(v / 10000) | (std::uint64_t(v % 10000) << 32);
    std::uint64_t high = ((lanes * 10486) >> 20) & 0x0000007F0000007F; // lane / 100, exact below 10^4
    lanes = high | ((lanes - high * 100) << 16);
    high = ((lanes * 103) >> 10) & 0x000F000F000F000F; // lane / 10, exact below 100
    lanes = high | ((lanes - high * 10) << 8);
    return lanes + 0x3030303030303030;
}

/// Stores the last `count` (1 to 8) of the eight digits of v at out; up to 8 - count bytes after them
/// are overwritten.
[[gnu::always_inline]] inline void storeLastDigits(char* out, std::uint32_t v, int count)
{
    static_assert(std::endian::native == std::endian::little, "eightDigits() lays out bytes little-endian");
    const std::uint64_t word = eightDigits(v) >> (8 * (8 - count)); // the leading zeros shifted out
    std::memcpy(out, &word, 8);
}

/// Writes the `count` digits of v at out, whole words at a time: up to 8 bytes from out may be
/// overwritten beyond the digits. Returns the end of the digits.
char* writeDigits(char* out, std::uint64_t v, int count)
{
    if (count <= 8) {
        storeLastDigits(out, std::uint32_t(v), count);
        return out + count;
    }
    const std::uint32_t last8 = std::uint32_t(v % 100000000);
    v /= 100000000;
    if (count <= 16) {
        storeLastDigits(out, std::uint32_t(v), count - 8);
    } else { // 17 digits (a double has at most 17): the first alone
        const std::uint32_t first = std::uint32_t(v / 100000000);
        if (count == 17)
            out[0] = char('0' + first);
        else
            storeLastDigits(out, first, count - 16);
        storeLastDigits(out + count - 16, std::uint32_t(v % 100000000), 8);
    }
    storeLastDigits(out + count - 8, last8, 8);
    return out + count;
}

/// "d.ddde+XX" as to_chars writes it: the exponent signed and at least two digits.
char* writeScientific(char* out, std::uint64_t significand, int count, int exponent)
{
    char* p = writeDigits(out + 1, significand, count); // then the first digit moves before the point
    out[0] = out[1];
    if (count > 1)
        out[1] = '.';
    else
        p = out + 1;
    *p++ = 'e';
    *p++ = exponent < 0 ? '-' : '+';
    const int e = std::abs(exponent);
    if (e >= 100)
        *p++ = char('0' + e / 100);
    std::memcpy(p, kDigitPairs + 2 * (e % 100), 2);
    return p + 2;
}

/// Positional text of significand x 10^exponent.
char* writeFixed(char* out, std::uint64_t significand, int count, int exponent)
{
    const int point = count + exponent; // digits before the decimal point
    if (exponent >= 0) { // a whole number: the digits, then zeros
        char* p = writeDigits(out, significand, count);
        std::memset(p, '0', size_t(exponent));
        return p + exponent;
    }
    if (point > 0) { // "ddd.ddd": the digits one place on, then the integer part moved back before the point
        char* p = writeDigits(out + 1, significand, count);
        for (int i = 0; i < point; ++i)
            out[i] = out[i + 1];
        out[point] = '.';
        return p;
    }
    // "0.000ddd": at most three zeros, or the scientific form would have been shorter; the digits
    // overwrite the zeros not needed (a fixed-size copy, not a call to memset).
    std::memcpy(out, "0.000", 5);
    return writeDigits(out + 2 - point, significand, count);
}

template <typename Float> char* writeShortest(char* const start, Float v)
{
    char* out = start;
    if (std::signbit(v))
        *out++ = '-';
    if (v == 0) {
        *out = '0';
        return out + 1;
    }
    // Trailing zeros removed, the sign ignored (written above), ties to even: as to_chars chooses.
    const auto decimal = fmt::detail::dragonbox::to_decimal(std::abs(v));
    const std::uint64_t significand = decimal.significand;
    const int exponent = decimal.exponent;
    const int count = digitCount(significand);
    // to_chars writes whichever of "d.ddde+XX" and positional text is shorter, positional on a tie.
    const int scientificExponent = count - 1 + exponent;
    const int scientificLength = count + (count > 1 ? 1 : 0) + 2 + (std::abs(scientificExponent) >= 100 ? 3 : 2);
    const int point = count + exponent;
    const int fixedLength = exponent >= 0 ? point : (point > 0 ? count + 1 : 2 - point + count);
    if (scientificLength < fixedLength)
        return writeScientific(out, significand, count, scientificExponent);
    // A whole number in fixed form is printed exactly ("as if by printf"): the shortest digits padded
    // with zeros are that only while every integer is a float of this type. Beyond, to_chars knows how.
    constexpr Float exactIntegers = Float(std::uint64_t(1) << std::numeric_limits<Float>::digits);
    if (exponent > 0 && std::abs(v) >= exactIntegers)
        return std::to_chars(start, start + 32, v).ptr;
    return writeFixed(out, significand, count, exponent);
}

} // namespace

char* write(char* out, double v)
{
    return writeShortest(out, v);
}

char* write(char* out, float v)
{
    return writeShortest(out, v);
}

} // namespace ShortestChars

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#pragma once

// Locale-independent number text shared by the CSV writer, the CLI and the viewer.
// Floats print as the shortest text that parses back to the identical bits: std::to_chars' bytes,
// written faster by ShortestChars. Non-finite values are always "NaN", "Inf" and "-Inf".

#include <QString>
#include <cstdint>

namespace H5Hdfs {

namespace NumberFormat {

/// Longest text any of the writers below produce, terminator excluded.
constexpr int kMaxChars = 32;

/// Each writes at `out` (room for kMaxChars) and returns the end of what it wrote; the bytes after
/// that end, up to kMaxChars, may have been overwritten.
char* writeInt(char* out, std::int64_t v);
char* writeUInt(char* out, std::uint64_t v);
char* writeDouble(char* out, double v);
char* writeFloat(char* out, float v);

/// As Python's repr (and so pandas' to_csv) writes a float: the same shortest digits, in positional
/// form from 1e-4 up to 1e16 ("13.0", "1000000000000000.0", "0.0001") and scientific outside it
/// ("1e+16", "1e-05"); "inf", "-inf", "nan". `single`: the value is a float32.
char* writePythonFloat(char* out, double v, bool single);

QString fromInt(std::int64_t v);
QString fromUInt(std::uint64_t v);
QString fromDouble(double v);
QString fromFloat(float v);

} // namespace NumberFormat

} // namespace H5Hdfs

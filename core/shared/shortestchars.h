// SPDX-License-Identifier: MIT
#pragma once

// The shortest text that reads back to the same float, byte for byte what std::to_chars(first,
// last, value) writes (the shorter of fixed and scientific, fixed on a tie; "-0"), at about a
// quarter of libstdc++'s cost: the digits come from Dragonbox, the layout is to_chars' own.
// Finite values only. `out` needs room for 32 characters: the text is at most 24 ("-2.2250738585072014e-308"),
// and the bytes after it, up to 32, may be overwritten (digits are stored eight at a time).

namespace H5Hdfs {

namespace ShortestChars {

char* write(char* out, double v);
char* write(char* out, float v);

} // namespace ShortestChars

} // namespace H5Hdfs

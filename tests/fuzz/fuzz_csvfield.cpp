// SPDX-License-Identifier: MIT
// The CSV writer's cells (core/export/csvwriter.*: CsvWriter::appendField) with arbitrary text:
// whatever a cell holds (a file's strings are untrusted: any UTF-8, broken UTF-8, delimiters,
// quotes, line breaks, formula triggers), the output must read back under RFC 4180 as exactly one
// field equal to the cell's text (after "'" for a guarded formula). Anything else shifts columns or
// rows of the exported file, or leaves a formula armed.
//
// The first byte picks the delimiter and the formula guard; the rest is the cell, read as UTF-8
// (broken sequences become U+FFFD, as everywhere in the reader) or, with bit 4, as raw UTF-16
// (lone surrogates included, which UTF-8 cannot hold: written as U+FFFD).
#include "export/csvwriter.h"
#include "fuzzcheck.h"

#include <string>
#include <string_view>

using namespace H5Hdfs;

namespace {

/// One RFC 4180 field spanning all of `csv`, or false.
bool parseField(const std::string& csv, char delimiter, std::string& field)
{
    field.clear();
    if (csv.empty() || csv.front() != '"') {
        for (char c : csv) {
            if (c == delimiter || c == '"' || c == '\n' || c == '\r')
                return false;
        }
        field = csv;
        return true;
    }
    if (csv.size() < 2 || csv.back() != '"')
        return false;
    for (size_t i = 1; i + 1 < csv.size(); ++i) {
        if (csv[i] == '"') {
            if (i + 2 >= csv.size() || csv[i + 1] != '"')
                return false; // a lone quote inside ends the field early
            ++i;
        }
        field.push_back(csv[i]);
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    static const char delimiters[] = {',', ';', '\t', '|', ' ', ':'};
    const char delimiter = delimiters[(data[0] & 0x0f) % sizeof delimiters];
    const bool guard = data[0] & 0x80;
    const bool utf16 = data[0] & 0x10;
    QString text;
    if (utf16)
        text = QString(reinterpret_cast<const QChar*>(data + 1), qsizetype((size - 1) / 2));
    else
        text = QString::fromUtf8(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));

    std::string out = "prefix";
    CsvWriter::appendField(out, text, delimiter, guard);
    FUZZ_CHECK(out.compare(0, 6, "prefix") == 0); // appends, never rewrites
    out.erase(0, 6);

    std::string field;
    FUZZ_CHECK(parseField(out, delimiter, field));
    // Compared as bytes: QString::fromUtf8 drops a leading byte order mark, which would make
    // "\uFEFF=1" look like a formula the writer left unguarded (it is not one: a spreadsheet sees
    // the mark first).
    const std::string expected = text.toUtf8().toStdString(); // lone surrogates: U+FFFD
    const bool formula
        = guard && !expected.empty() && std::string_view("=+-@\t\r").find(expected.front()) != std::string_view::npos;
    FUZZ_CHECK(field == (formula ? "'" + expected : expected));
    if (formula)
        FUZZ_CHECK(out.front() == '"'); // the guard quote is inside the field, never outside
    return 0;
}

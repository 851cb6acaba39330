// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

/// Running public tools beside ours and printing figures.
namespace BenchTools {

struct Timed {
    bool ran = false; ///< the tool exists and exited 0
    double seconds = 0;
    QString note;          ///< why it did not run
    double peakRssMiB = 0; ///< the program's own peak resident set (its children not included)
    double cpuSeconds = 0; ///< user + system time of the program and the children it waited for
};

/// Runs a program to completion, timing it; a missing program is reported, not fatal.
Timed run(const QString& program, const QStringList& arguments, int timeoutSeconds = 900);
/// True when /usr/bin/python3 can import all the given modules.
bool pythonHas(const QStringList& modules);
double fileMiB(const QString& path);
void printRow(const QString& tool, const Timed& t, double outputMiB, double baselineSeconds);

} // namespace BenchTools

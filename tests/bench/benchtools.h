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
    int runs = 1;               ///< a repeated run: `seconds` is the median run's, these its spread
    double fastestSeconds = 0;
    double slowestSeconds = 0;
};

/// How many times a timed tool runs: BENCH_RUNS, default 3. One run on this noisy 2-core machine
/// says little; the README quotes the median with the fastest and slowest.
int runsFromEnvironment();
/// Runs a program `runs` times; the median run (by time) with the fastest and slowest times.
/// A run that fails ends the repetition and is returned.
Timed runRepeated(const QString& program, const QStringList& arguments, int runs = runsFromEnvironment());
/// Times `work` `runs` times the same way (for work done in this process).
template <typename Work> Timed timeRepeated(Work work, int runs = runsFromEnvironment());
/// " [fastest-slowest s, N runs]", or nothing for a single run.
QString spread(const Timed& t);
/// The date, the CPU, the cores and the load average, so figures can be dated and a noisy run seen.
void printMachine();

/// Runs a program to completion, timing it; a missing program is reported, not fatal.
Timed run(const QString& program, const QStringList& arguments, int timeoutSeconds = 900);
/// True when /usr/bin/python3 can import all the given modules.
bool pythonHas(const QStringList& modules);
double fileMiB(const QString& path);
void printRow(const QString& tool, const Timed& t, double outputMiB, double baselineSeconds);

Timed medianOf(QList<Timed> runs);

template <typename Work> Timed timeRepeated(Work work, int runs)
{
    QList<Timed> all;
    for (int i = 0; i < runs; ++i) {
        all.append(work());
        if (!all.last().ran)
            return all.last();
    }
    return medianOf(all);
}

} // namespace BenchTools

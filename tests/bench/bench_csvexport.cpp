// SPDX-License-Identifier: MIT
// CSV export beside pandas to_csv and h5dump, same files, same run:
//   a rows x 4 float64 dataset of random normal values (argv[1], default 10,000,000 rows), and
//   a pandas DataFrame of every common column kind (argv[2], default 1,000,000 rows), table format,
//   whose CSV must be pandas' own bytes.
// h5hdfs runs as users run it (`h5hdfs export FILE:/object -o OUT`, worker process included).
// Prints MB/s (10^6 bytes of CSV a second), CPU time and ratios; asserts nothing.
#include "benchtools.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "table/datasettablesource.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace H5Hdfs;

using namespace BenchTools;

namespace {

double fileMB(const QString& path)
{
    return double(QFileInfo(path).size()) / 1e6;
}

bool sameBytes(const QString& a, const QString& b)
{
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly) || fa.size() != fb.size())
        return false;
    while (!fa.atEnd()) {
        if (fa.read(1 << 20) != fb.read(1 << 20))
            return false;
    }
    return true;
}

/// One line: time, MB/s of CSV, CPU time (the program and its workers), peak RSS, and how many
/// times faster than pandas to_csv (`pandasSeconds`) it is.
void printLine(const QString& tool, const Timed& t, double csvMB, double pandasSeconds)
{
    if (!t.ran) {
        std::printf("  %-36s not run: %s\n", qPrintable(tool), qPrintable(t.note));
        return;
    }
    std::printf("  %-36s %7.2f s %7.1f MB/s %7.2f s CPU %7.0f MiB RSS %6.2fx pandas to_csv%s\n",
        qPrintable(tool), t.seconds, csvMB / t.seconds, t.cpuSeconds, t.peakRssMiB,
        pandasSeconds > 0 ? pandasSeconds / t.seconds : 0.0, qPrintable(spread(t)));
    std::fflush(stdout);
}

struct PandasRun {
    Timed whole;           ///< the script: reading the file, building the frame, to_csv
    double toCsvSeconds = 0; ///< to_csv alone, timed inside the script (median run)
};

/// Runs a Python script that ends with `to_csv` and writes the seconds to_csv took to argv[1].
PandasRun runPandas(const QString& script, const QString& secondsFile)
{
    PandasRun result;
    QList<Timed> runs;
    QList<double> toCsv;
    for (int i = 0; i < runsFromEnvironment(); ++i) {
        runs.append(run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, secondsFile}));
        if (!runs.last().ran) {
            result.whole = runs.last();
            return result;
        }
        QFile f(secondsFile);
        toCsv.append(f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toDouble() : 0.0);
    }
    result.whole = medianOf(runs);
    std::sort(toCsv.begin(), toCsv.end());
    result.toCsvSeconds = toCsv[toCsv.size() / 2];
    return result;
}

Timed exportWithH5hdfs(const QString& target, const QString& out)
{
    return runRepeated(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
        {QStringLiteral("export"), target, QStringLiteral("-o"), out});
}

/// The three rows of one table: h5hdfs, pandas (whole script and to_csv alone), h5dump.
void compare(const QString& h5hdfsCsv, const Timed& ours, const PandasRun& pandas, const QString& pandasCsv,
    const Timed& h5dump, const QString& dumped)
{
    const double csvMB = fileMB(h5hdfsCsv);
    const double pandasSeconds = pandas.whole.ran ? pandas.toCsvSeconds : 0;
    printLine(QStringLiteral("h5hdfs export"), ours, csvMB, pandasSeconds);
    printLine(QStringLiteral("pandas read + to_csv"), pandas.whole, fileMB(pandasCsv), pandasSeconds);
    if (pandas.whole.ran)
        std::printf("  %-36s %7.2f s %7.1f MB/s\n", "pandas to_csv alone", pandas.toCsvSeconds,
            fileMB(pandasCsv) / pandas.toCsvSeconds);
    printLine(QStringLiteral("h5dump -o (text, not CSV)"), h5dump, fileMB(dumped), pandasSeconds);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    printMachine();
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 10'000'000;
    const qint64 frameRows = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1'000'000;
    QTemporaryDir dir;
    const bool havePandas = pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas"), QStringLiteral("tables")});
    const QString seconds = dir.filePath(QStringLiteral("to_csv_seconds"));

    // ---- A float64 table: shortest round-trip text, the formatting-bound case.
    const QString h5 = dir.filePath(QStringLiteral("values.h5"));
    std::printf("\nCSV of a %lld x 4 float64 dataset (random normal values)\n", static_cast<long long>(rows));
    std::fflush(stdout);
    if (H5Fixtures::writeMatrix(h5, rows, 4, H5Fixtures::Values::Random).isEmpty())
        return 1;
    std::printf("  input file: %.1f MB\n", double(QFileInfo(h5).size()) / 1e6);
    const QString ours = dir.filePath(QStringLiteral("h5hdfs.csv"));
    const Timed h5hdfs = exportWithH5hdfs(h5 + QStringLiteral(":/values"), ours);
    std::printf("  CSV: %.1f MB\n", fileMB(ours));
    PandasRun pandas;
    const QString pandasCsv = dir.filePath(QStringLiteral("pandas.csv"));
    if (havePandas)
        pandas = runPandas(QStringLiteral("import sys, time, h5py, pandas; f = h5py.File('%1', 'r'); "
                                          "df = pandas.DataFrame(f['/values'][:]); t = time.perf_counter(); "
                                          "df.to_csv('%2', index=False); "
                                          "open(sys.argv[1], 'w').write(str(time.perf_counter() - t))")
                               .arg(h5, pandasCsv),
            seconds);
    else
        pandas.whole.note = QStringLiteral("python3-h5py, python3-pandas or python3-tables not installed");
    const QString dumped = dir.filePath(QStringLiteral("h5dump.txt"));
    const Timed h5dump = runRepeated(QStringLiteral("h5dump"),
        {QStringLiteral("-d"), QStringLiteral("/values"), QStringLiteral("-y"), QStringLiteral("-w"),
            QStringLiteral("0"), QStringLiteral("-o"), dumped, h5});
    compare(ours, h5hdfs, pandas, pandasCsv, h5dump, dumped);
    for (const QString& f : {ours, pandasCsv, dumped, h5})
        QFile::remove(f);

    // ---- A DataFrame: ints, floats, bools, strings, times with and without a zone, timedeltas.
    std::printf("\nCSV of a %lld-row pandas DataFrame (table format; int64, float64, float32, int8, bool, "
                "str, datetime64, datetime64 Europe/Berlin, timedelta64; some missing)\n",
        static_cast<long long>(frameRows));
    std::fflush(stdout);
    if (!havePandas) {
        std::printf("  not run: python3-h5py, python3-pandas or python3-tables not installed\n");
        return 0;
    }
    const QString frames = dir.filePath(QStringLiteral("frame.h5"));
    const Timed made = run(QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"),
            QStringLiteral(
                "import sys, numpy as np, pandas as pd\n"
                "n = int(sys.argv[2]); rng = np.random.default_rng(18)\n"
                "times = pd.date_range('2026-01-01 06:30:15', periods=n, freq='37s')\n"
                "df = pd.DataFrame({'id': np.arange(n, dtype=np.int64) * 3 - 100,\n"
                "    'temp': np.round(rng.normal(12.5, 4.0, n), 3), 'value': rng.normal(0, 1, n),\n"
                "    'ratio32': rng.random(n).astype(np.float32),\n"
                "    'count8': rng.integers(-100, 100, n).astype(np.int8), 'ok': rng.random(n) > 0.3,\n"
                "    'station': [['Zurich', 'Besancon', 'Krakow', 'Tokyo', 'plain', 'with,comma', 'Zoë'][i % 7]"
                " for i in range(n)],\n"
                "    'when': times, 'when_tz': times.tz_localize('UTC').tz_convert('Europe/Berlin'),\n"
                "    'lag': pd.to_timedelta(np.arange(n) * 37, unit='min')})\n"
                "df.loc[df.index % 10 == 3, 'temp'] = np.nan\n"
                "df.loc[df.index % 13 == 5, 'when'] = pd.NaT\n"
                "df.to_hdf(sys.argv[1], key='df', format='table', mode='w')\n"),
            frames, QString::number(frameRows)});
    if (!made.ran) {
        std::printf("  cannot write the DataFrame: %s\n", qPrintable(made.note));
        return 1;
    }
    std::printf("  input file: %.1f MB\n", double(QFileInfo(frames).size()) / 1e6);
    const Timed frameOurs = exportWithH5hdfs(frames + QStringLiteral(":/df"), ours);
    const PandasRun framePandas = runPandas(QStringLiteral("import sys, time, pandas; "
                                                           "df = pandas.read_hdf('%1', 'df'); t = time.perf_counter(); "
                                                           "df.to_csv('%2'); "
                                                           "open(sys.argv[1], 'w').write(str(time.perf_counter() - t))")
                                                .arg(frames, pandasCsv),
        seconds);
    std::printf("  CSV: %.1f MB, h5hdfs's bytes %s pandas'\n", fileMB(ours),
        sameBytes(ours, pandasCsv) ? "identical to" : "DIFFERENT from");
    const Timed frameDump = runRepeated(QStringLiteral("h5dump"),
        {QStringLiteral("-d"), QStringLiteral("/df/table"), QStringLiteral("-y"), QStringLiteral("-w"),
            QStringLiteral("0"), QStringLiteral("-o"), dumped, frames});
    compare(ours, frameOurs, framePandas, pandasCsv, frameDump, dumped);
    return 0;
}

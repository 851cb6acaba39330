// SPDX-License-Identifier: MIT
// CSV export of a 10,000,000 x 4 float64 dataset: h5hdfs beside h5dump -o and pandas to_csv,
// same file, same run. Prints figures; asserts nothing.
#include "benchtools.h"
#include "export/csvwriter.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "table/datasettablesource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>

using namespace BenchTools;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    printMachine();
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 10'000'000;
    QTemporaryDir dir;
    const QString h5 = dir.filePath(QStringLiteral("values.h5"));
    std::printf(
        "CSV export of a %lld x 4 float64 dataset (random normal values)\n", static_cast<long long>(rows));
    std::fflush(stdout);
    if (H5Fixtures::writeMatrix(h5, rows, 4, H5Fixtures::Values::Random).isEmpty())
        return 1;
    std::printf("  input file: %.1f MiB\n", fileMiB(h5));

    // h5hdfs: read the file into memory once, open it in place, stream pages to CSV.
    const QString ours = dir.filePath(QStringLiteral("h5hdfs.csv"));
    const Timed h5hdfs = timeRepeated([&] {
        QElapsedTimer timer;
        timer.start();
        auto bytes = ImageBuffer::readFile(h5);
        H5Service service;
        const auto file = service.addImage(*bytes, QStringLiteral("values.h5"));
        const H5Response info = service.call(file, H5Request::info(QStringLiteral("/values")));
        DatasetTableSource source(service, file, QStringLiteral("/values"), info.info.dataset);
        auto stats = CsvWriter::write(source, ours, CsvOptions {});
        if (!stats)
            return Timed {false, 0, stats.error().toString()};
        return Timed {true, double(timer.nsecsElapsed()) / 1e9, {}};
    });
    if (!h5hdfs.ran) {
        std::printf("h5hdfs export failed: %s\n", qPrintable(h5hdfs.note));
        return 1;
    }
    printRow(QStringLiteral("h5hdfs (CsvWriter)"), h5hdfs, fileMiB(ours), h5hdfs.seconds);
    QFile::remove(ours);

    const QString dumped = dir.filePath(QStringLiteral("h5dump.txt"));
    const Timed h5dump = runRepeated(QStringLiteral("h5dump"),
        {QStringLiteral("-d"), QStringLiteral("/values"), QStringLiteral("-y"), QStringLiteral("-w"),
            QStringLiteral("0"), QStringLiteral("-o"), dumped, h5});
    printRow(QStringLiteral("h5dump -o (text, not CSV)"), h5dump, fileMiB(dumped), h5hdfs.seconds);
    QFile::remove(dumped);

    if (pythonHas({QStringLiteral("h5py"), QStringLiteral("pandas")})) {
        const QString pandasCsv = dir.filePath(QStringLiteral("pandas.csv"));
        const QString script = QStringLiteral("import h5py, pandas; f = h5py.File('%1', 'r'); "
                                              "pandas.DataFrame(f['/values'][:]).to_csv('%2', index=False)")
                                   .arg(h5, pandasCsv);
        const Timed pandas = runRepeated(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script});
        printRow(QStringLiteral("pandas to_csv (h5py read)"), pandas, fileMiB(pandasCsv), h5hdfs.seconds);
    } else {
        printRow(QStringLiteral("pandas to_csv"),
            Timed {false, 0, QStringLiteral("python3-h5py/python3-pandas not installed")}, 0, 1);
    }
    return 0;
}

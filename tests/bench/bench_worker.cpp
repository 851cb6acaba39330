// SPDX-License-Identifier: MIT
// The cost of running HDF5 in worker processes: the first answer on a freshly opened file
// (worker start included), and the memory a 1 GiB image costs across both processes.
#include "h5fixtures.h"
#include "procstatus.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace H5Hdfs;

namespace {

double mib(qint64 bytes)
{
    return double(bytes) / (1 << 20);
}

void firstAnswerLatency()
{
    auto bytes = ImageBuffer::readFile(TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5"));
    H5Service service;
    std::vector<double> ms;
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto file = service.addImage(*bytes, QStringLiteral("blog"));
        const H5Response r = service.call(
            file, H5Request::readPage(QStringLiteral("/test"), {DimView::defaultFor(2), 0, 1, 0, 1}));
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        service.closeFile(file);
        if (!r.ok())
            std::printf("  request failed: %s\n", qPrintable(r.error.toString()));
    }
    std::sort(ms.begin(), ms.end());
    std::printf("First answer on a freshly opened file (worker start + open + read), 30 runs:\n"
                "  median %.1f ms, 90th percentile %.1f ms, max %.1f ms (goal: under 50 ms)\n",
        ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms.back());
}

void memoryOfALargeImage(qint64 rows)
{
    QTemporaryDir dir;
    const QString path = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("big.h5")), rows, 8);
    auto bytes = ImageBuffer::readFile(path);
    QFile::remove(path);
    if (!bytes) {
        std::printf("  cannot read the image: %s\n", qPrintable(bytes.error().toString()));
        return;
    }
    const qint64 size = (*bytes)->size();
    H5Service service;
    const auto file = service.addImage(*bytes, QStringLiteral("big.h5"));
    for (qint64 row : {qint64(0), rows / 2, rows - 1000}) {
        const H5Response r = service.call(
            file, H5Request::readPage(QStringLiteral("/values"), {DimView::defaultFor(2), row, 1000, 0, 8}));
        if (!r.ok())
            std::printf("  read failed: %s\n", qPrintable(r.error.toString()));
    }
    const qint64 worker = service.workerPid(file);
    const qint64 self = getpid();
    const qint64 pss
        = ProcStatus::field(self, "smaps_rollup", "Pss") + ProcStatus::field(worker, "smaps_rollup", "Pss");
    std::printf("A %.0f MiB image opened and read at its start, middle and end:\n"
                "  viewer side: RSS %.0f MiB (peak %.0f), PSS %.0f MiB\n"
                "  worker:      RSS %.0f MiB (peak %.0f), PSS %.0f MiB\n"
                "  both processes, shared pages counted once (PSS sum): %.0f MiB = %.2f x the file (goal: "
                "about 1 copy)\n",
        mib(size), mib(ProcStatus::field(self, "status", "VmRSS")),
        mib(ProcStatus::field(self, "status", "VmHWM")), mib(ProcStatus::field(self, "smaps_rollup", "Pss")),
        mib(ProcStatus::field(worker, "status", "VmRSS")), mib(ProcStatus::field(worker, "status", "VmHWM")),
        mib(ProcStatus::field(worker, "smaps_rollup", "Pss")), mib(pss), double(pss) / double(size));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    firstAnswerLatency();
    memoryOfALargeImage(
        argc > 1 ? QByteArray(argv[1]).toLongLong() : (16LL << 20)); // 16 Mi rows x 8 float64 = 1 GiB
    return 0;
}

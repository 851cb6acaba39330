// SPDX-License-Identifier: MIT
// Sanitizer builds only (./run.sh asan): a memory error or undefined behaviour inside a sandboxed
// worker fails the program that started the worker, with the sanitizer's report, as a bug in that
// program itself would; it is never one more worker "crash" that a test of hostile files expects.
// The bugs come from the test build of the worker (h5hdfs-worker-testhooks); the program that
// meets them is this executable run again as a child, since the test itself must survive.
#include "h5fixtures.h"
#include "service/h5service.h"
#include "testpaths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>

using namespace H5Hdfs;

namespace {

constexpr char kChildFlag[] = "--service-meeting-a-bug";

/// The child: a service whose worker commits `bug` on `fixture`. Returns only if nothing stopped it.
int serviceMeetingABug(const char* bug, const char* fixture)
{
    auto image = ImageBuffer::readFile(QString::fromLocal8Bit(fixture));
    if (!image.ok())
        return 2;
    H5Service service;
    service.setWorkerProgram(TestPaths::binDir() + QStringLiteral("/h5hdfs-worker-testhooks"));
    const auto file = service.addImage(*image, QStringLiteral("everything.h5"));
    const QString request = QStringLiteral("/.h5hdfs-test/sanitizer/") + QLatin1String(bug);
    const H5Response answer = service.call(file, H5Request::info(request));
    const QString said = answer.error.toString() + answer.error.detail;
    std::fprintf(stderr, "the service went on: %s\n", qPrintable(said));
    return 0;
}

} // namespace

class tst_SanitizerReports : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        m_fixture = m_dir.filePath(QStringLiteral("everything.h5"));
        QVERIFY(!H5Fixtures::writeEverything(m_fixture).isEmpty());
    }

    void aReportInsideTheSandboxFailsTheService_data()
    {
        QTest::addColumn<QString>("bug");
        QTest::addColumn<QStringList>("reportSays");
        // ASan's report is symbolized inside the sandbox: the function and file of the bad read.
        QTest::newRow("ASan") << QStringLiteral("heap-buffer-overflow")
                              << QStringList {QStringLiteral("ERROR: AddressSanitizer: heap-buffer-overflow"),
                                     QStringLiteral("commitBug"), QStringLiteral("workertesthooks.cpp")};
        QTest::newRow("UBSan") << QStringLiteral("signed-integer-overflow")
                               << QStringList {QStringLiteral("workertesthooks.cpp"),
                                      QStringLiteral("runtime error: signed integer overflow")};
    }
    void aReportInsideTheSandboxFailsTheService()
    {
        QFETCH(QString, bug);
        QFETCH(QStringList, reportSays);
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QLatin1String(kChildFlag), bug, m_fixture});
        QVERIFY(child.waitForFinished(240'000));
        const QString err = QString::fromLocal8Bit(child.readAllStandardError());
        // The child stopped as on a report of its own, passing the worker's report on.
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY2(err.contains(QStringLiteral("a sanitizer report from HDF5 worker")), qPrintable(err));
        for (const QString& said : reportSays)
            QVERIFY2(err.contains(said), qPrintable(said + QStringLiteral(" missing in:\n") + err));
        // Reporting made no call the sandbox forbids (which would cut the report short).
        QVERIFY2(!err.contains(QStringLiteral("forbidden system call")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("the service went on")), qPrintable(err));
    }
};

int main(int argc, char* argv[])
{
    if (argc == 4 && std::strcmp(argv[1], kChildFlag) == 0) {
        QCoreApplication app(argc, argv);
        return serviceMeetingABug(argv[2], argv[3]);
    }
    QCoreApplication app(argc, argv);
    tst_SanitizerReports test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sanitizerreports.moc"

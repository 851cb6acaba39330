// SPDX-License-Identifier: MIT
// The h5hdfs command line on one local file, run as a user would run it: tree, info, cat, export, errors.
#include "clirun.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <numeric>

using namespace H5Hdfs;

using CliRun::Run;
using CliRun::cli;

class tst_Cli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

private Q_SLOTS:
    void initTestCase() { m_file = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5"))); }

    void treeListsEveryObjectIndentedWithKindShapeAndType()
    {
        const Run r = cli({QStringLiteral("tree"), m_file});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("/  group"));
        QVERIFY(lines.contains(QStringLiteral("  matrix  dataset  3 × 4  float64")));
        QVERIFY(lines.contains(QStringLiteral("  ints/  group")));
        QVERIFY(lines.contains(QStringLiteral("    i16be  dataset  5  int16 BE")));
        QVERIFY(lines.contains(QStringLiteral("    soft  soft link → /matrix")));
        QVERIFY(lines.contains(QStringLiteral("    external  external link → other.h5:/data")));
        // The hard link back to the root ends the walk instead of looping.
        QVERIFY(r.out.contains(QStringLiteral("loop/  group  (already listed")));
        QVERIFY(lines.size() < 100);
    }

    void infoShowsMetadataAndAttributes()
    {
        const Run r = cli({QStringLiteral("info"), m_file + QStringLiteral(":/layouts/chunked_deflate")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Layout: chunked")));
        QVERIFY(r.out.contains(QStringLiteral("Chunks: 4")));
        QVERIFY(r.out.contains(QStringLiteral("deflate (1) [6] available")));
        const Run root = cli({QStringLiteral("info"), m_file});
        QCOMPARE(root.exitCode, 0);
        QVERIFY(root.out.contains(QStringLiteral("title = Zoë's file  (string (vlen, UTF-8))")));
    }

    void exportWritesCsvWithOptions()
    {
        const QString out = m_dir.filePath(QStringLiteral("c.csv"));
        Run r = cli(
            {QStringLiteral("export"), m_file + QStringLiteral(":/compound"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("x,y\n1,1.5\n2,-2.5\n3,1e+300\n"));
        f.close();
        r = cli({QStringLiteral("export"), m_file + QStringLiteral(":/compound"), QStringLiteral("-o"),
            out, QStringLiteral("--delimiter"), QStringLiteral(";"), QStringLiteral("--no-header")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("1;1.5\n2;-2.5\n3;1e+300\n"));
    }

    // N-D datasets: without --slice, every element, one row each in C order with its indices
    // (nothing dropped); tints4dims.h5 holds 0..1919 in order, the fixture's cube 100i + 10j + k.
    void ndDatasetsExportWholeWithTheirIndices_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<QList<qint64>>("weights"); ///< value = sum of index * weight
        QTest::newRow("4-D corpus file")
            << TestPaths::corpus() + QStringLiteral("/hdf5/tools/testfiles/tints4dims.h5:/FourDimInts")
            << QList<qint64> {4, 6, 8, 10} << QList<qint64> {480, 80, 10, 1};
        QTest::newRow("3-D fixture") << QStringLiteral("FILE:/cube") << QList<qint64> {2, 3, 4}
                                     << QList<qint64> {100, 10, 1};
    }
    void ndDatasetsExportWholeWithTheirIndices()
    {
        QFETCH(QString, target);
        QFETCH(QList<qint64>, shape);
        QFETCH(QList<qint64>, weights);
        target.replace(QStringLiteral("FILE"), m_file);
        const QString out = m_dir.filePath(QStringLiteral("nd.csv"));
        const Run r = cli({QStringLiteral("export"), target, QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QStringList header;
        for (qsizetype d = 0; d < shape.size(); ++d)
            header << QStringLiteral("dim_%1").arg(d);
        QCOMPARE(lines.value(0), (header << QStringLiteral("value")).join(QLatin1Char(',')));
        const qint64 elements = std::accumulate(shape.begin(), shape.end(), qint64(1), std::multiplies<>());
        QCOMPARE(lines.size() - 1, elements);
        for (qint64 n = 0; n < elements; ++n) { // row n: the indices of element n in C order, its value
            QList<qint64> index(shape.size());
            qint64 value = 0;
            for (qsizetype d = shape.size() - 1, rest = n; d >= 0; --d, rest /= shape[d + 1]) {
                index[d] = rest % shape[d];
                value += index[d] * weights[d];
            }
            QStringList expected;
            for (qint64 i : index)
                expected << QString::number(i);
            expected << QString::number(value);
            QCOMPARE(lines[n + 1], expected.join(QLatin1Char(',')));
        }
    }

    void sliceWritesTheTwoDimensionsMarkedWithColons_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("slice");
        QTest::addColumn<QString>("expected");
        const QString fourD
            = TestPaths::corpus() + QStringLiteral("/hdf5/tools/testfiles/tints4dims.h5:/FourDimInts");
        QTest::newRow("4-D, rows and columns inside") << fourD << "3,:,:,5"
            << "0,1,2,3,4,5,6,7\n1445,1455,1465,1475,1485,1495,1505,1515\n"
               "1525,1535,1545,1555,1565,1575,1585,1595\n1605,1615,1625,1635,1645,1655,1665,1675\n"
               "1685,1695,1705,1715,1725,1735,1745,1755\n1765,1775,1785,1795,1805,1815,1825,1835\n"
               "1845,1855,1865,1875,1885,1895,1905,1915\n";
        QTest::newRow("3-D, the first two") << QStringLiteral("FILE:/cube") << ":,:,3"
            << "0,1,2\n3,13,23\n103,113,123\n";
        QTest::newRow("3-D, one column") << QStringLiteral("FILE:/cube") << "1,2,:"
                                         << "0\n120\n121\n122\n123\n";
    }
    void sliceWritesTheTwoDimensionsMarkedWithColons()
    {
        QFETCH(QString, command);
        QFETCH(QString, slice);
        QFETCH(QString, expected);
        command.replace(QStringLiteral("FILE"), m_file);
        const QString out = m_dir.filePath(QStringLiteral("slice.csv"));
        const Run r = cli(
            {QStringLiteral("export"), command, QStringLiteral("--slice"), slice, QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), expected);
        const Run cat = cli({QStringLiteral("cat"), command, QStringLiteral("--slice"), slice});
        QCOMPARE(cat.exitCode, 0);
        QCOMPARE(cat.out.count(QLatin1Char('\n')), expected.count(QLatin1Char('\n')));
    }

    void catPrintsAFrameWithItsIndex()
    {
        const QString file = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_fixed.h5");
        Run r = cli({QStringLiteral("cat"), file + QStringLiteral(":/series"), QStringLiteral("--head"),
            QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], QStringLiteral("Series · fixed format · 200 rows"));
        QVERIFY(lines[1].endsWith(QStringLiteral("signal")));
        QCOMPARE(lines[2].simplified(), QStringLiteral("2026-03-01 12:00:00 1.703872"));
        QCOMPARE(lines[4], QStringLiteral("… 2 of 200 rows"));
    }

    void catAlignsWideCharactersByTerminalColumns()
    {
        const QString file = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5");
        Run r = cli({QStringLiteral("cat"), file + QStringLiteral(":/df"), QStringLiteral("--head"),
            QStringLiteral("4")});
        QCOMPARE(r.exitCode, 0);
        // Where the "when" column starts, in terminal columns: the two CJK characters of 東京 take
        // two columns each.
        auto whenColumn = [](const QString& line) {
            const qsizetype at = line.indexOf(QStringLiteral("2026-01-01"));
            qsizetype wide = 0;
            for (qsizetype i = 0; i < at; ++i)
                wide += line[i].unicode() >= 0x3000 && line[i].unicode() <= 0x9FFF ? 1 : 0;
            return at + wide;
        };
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7);
        QVERIFY(lines[2].contains(QStringLiteral("Zürich")));
        QVERIFY(lines[5].contains(QStringLiteral("東京")));
        QCOMPARE(whenColumn(lines[5]), whenColumn(lines[2]));
        QCOMPARE(whenColumn(lines[2]), lines[1].indexOf(QStringLiteral("when ")));
    }

    void failuresExitNonZeroWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file")
            << QStringList {"tree", "/nonexistent/x.h5"} << 1 << "Cannot open /nonexistent/x.h5";
        QTest::newRow("not hdf5") << QStringList {"tree", TestPaths::sourceDir() + "/README.md"} << 1
                                  << "Not an HDF5 file";
        QTest::newRow("no such object")
            << QStringList {"info", "FILE:/nope"} << 1 << "h5hdfs: No object /nope in e.h5\n";
        QTest::newRow("no such object to print")
            << QStringList {"cat", "FILE:/ints/nope"} << 1 << "h5hdfs: No object /ints/nope in e.h5\n";
        QTest::newRow("export a group")
            << QStringList {"export", "FILE:/ints", "-o", "OUT"} << 1 << "not a dataset";
        QTest::newRow("missing filter") << QStringList {"export", "FILE:/filters/missing", "-o", "OUT"} << 1
                                        << "Compression filter 32100";
        QTest::newRow("unknown command") << QStringList {"frobnicate"} << 2 << "unknown command";
        QTest::newRow("export without -o") << QStringList {"export", "FILE:/matrix"} << 2 << "-o";
        const QStringList exportCube {"export", "FILE:/cube", "-o", "OUT", "--slice"};
        QTest::newRow("slice with too few entries")
            << exportCube + QStringList {"1,:"} << 2
            << "bad --slice \"1,:\" for a dataset of shape 2 × 3 × 4: give 3 entries";
        QTest::newRow("slice with three ':'") << exportCube + QStringList {":,:,:"} << 2 << "at most two ':'";
        QTest::newRow("slice index outside")
            << exportCube + QStringList {"2,:,:"} << 2 << "index 2 is outside dimension 0 (0 to 1)";
        QTest::newRow("slice not a number") << QStringList {"cat", "FILE:/cube", "--slice", "a,:,:"} << 2
                                            << "\"a\" is neither an index nor ':'";
        QTest::newRow("slice without ':'") << QStringList {"cat", "FILE:/cube", "--slice", "1,2,3"} << 2
                                           << "mark the row dimension";
        QTest::newRow("slice of a group") << QStringList {"export", "FILE:/ints", "-o", "OUT", "--slice", ":"}
                                          << 2 << "--slice needs a dataset";
    }
    void failuresExitNonZeroWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        for (QString& a : args) {
            a.replace(QStringLiteral("FILE"), m_file);
            a.replace(QStringLiteral("OUT"), m_dir.filePath(QStringLiteral("never.csv")));
        }
        const Run r = cli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (exitCode == 1)
            QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.csv"))));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"

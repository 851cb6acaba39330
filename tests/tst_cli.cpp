// SPDX-License-Identifier: MIT
// The h5hdfs command line, run as a user would run it.
#include "clirun.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <numeric>

using namespace H5Hdfs;

using CliRun::Run;
using CliRun::cli;
using CliRun::ServeProcess;

class tst_Cli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

private Q_SLOTS:
    void initTestCase()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("hdfs/data"));
        m_file = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("hdfs/data/e.h5")));
    }

    void lsAndStatOverWebHdfs()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")));
        QVERIFY(serve.ok());
        Run r = cli({QStringLiteral("ls"), serve.url(QStringLiteral("/"))});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("data/\n"));
        r = cli({QStringLiteral("ls"), QStringLiteral("-l"), serve.url(QStringLiteral("/data"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("-rw-r--r--")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral(" hdfs ")));
        QVERIFY(r.out.contains(QString::number(QFileInfo(m_file).size())));
        QVERIFY(r.out.trimmed().endsWith(QStringLiteral("e.h5")));
        r = cli({QStringLiteral("ls"), QStringLiteral("--json"), serve.url(QStringLiteral("/data"))});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray entries = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].toObject().value(QStringLiteral("length")).toInteger(), QFileInfo(m_file).size());
        r = cli({QStringLiteral("stat"), serve.url(QStringLiteral("/data/e.h5"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Type: file")));
        QVERIFY(r.out.contains(QStringLiteral("Permission: rw-r--r-- (644)")));
        r = cli({QStringLiteral("stat"), serve.url(QStringLiteral("/data/nope.h5"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Not found: reading the status of /data/nope.h5")),
            qPrintable(r.err));
    }

    void hdfsUrlsAndPathsGoThroughHadoopConfDir()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")));
        QVERIFY(serve.ok());
        // Nameservice "testns": its first NameNode is down (port 1), so the client has to move on
        // to the second, the test server, as it would from a standby.
        const int port = QUrl(serve.url(QStringLiteral("/"))).port();
        QTemporaryDir conf;
        QFile core(conf.filePath(QStringLiteral("core-site.xml")));
        QVERIFY(core.open(QIODevice::WriteOnly));
        core.write("<configuration><property><name>fs.defaultFS</name><value>hdfs://testns</value>"
                   "</property></configuration>\n");
        core.close();
        QFile hdfs(conf.filePath(QStringLiteral("hdfs-site.xml")));
        QVERIFY(hdfs.open(QIODevice::WriteOnly));
        hdfs.write(QStringLiteral("<configuration>\n"
                                  "<property><name>dfs.nameservices</name><value>testns</value></property>\n"
                                  "<property><name>dfs.ha.namenodes.testns</name>"
                                  "<value>nn1,nn2</value></property>\n"
                                  "<property><name>dfs.namenode.http-address.testns.nn1</name>"
                                  "<value>127.0.0.1:1</value></property>\n"
                                  "<property><name>dfs.namenode.http-address.testns.nn2</name>"
                                  "<value>127.0.0.1:%1</value></property>\n"
                                  "</configuration>\n")
                       .arg(port)
                       .toUtf8());
        hdfs.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HADOOP_CONF_DIR"), conf.path());

        Run r = cli({QStringLiteral("ls"), QStringLiteral("hdfs://testns/data")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.split(QLatin1Char('\n')).contains(QStringLiteral("e.h5")), qPrintable(r.out + r.err));
        r = cli({QStringLiteral("info"), QStringLiteral("hdfs://testns/data/e.h5:/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        // A bare path is on fs.defaultFS when no local file has that name; local files still win.
        r = cli({QStringLiteral("info"), QStringLiteral("/data/e.h5:/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("info"), m_file + QStringLiteral(":/matrix")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("ls"), QStringLiteral("hdfs://elsewhere/data")}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("elsewhere"))
                && r.err.contains(QStringLiteral("HADOOP_CONF_DIR")),
            qPrintable(r.err));
    }

    void treeInfoExportAndGetTakeUrls()
    {
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")), {QStringLiteral("--httpfs")});
        QVERIFY(serve.ok());
        const QString url = serve.url(QStringLiteral("/data/e.h5"));
        Run r = cli({QStringLiteral("tree"), url});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("  matrix  dataset  3 × 4  float64")));
        r = cli({QStringLiteral("info"), url + QStringLiteral(":/matrix"), QStringLiteral("--user"),
            QStringLiteral("bob")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("units = m/s")));
        r = cli({QStringLiteral("export"), url + QStringLiteral(":/compound"), QStringLiteral("-o"),
            QStringLiteral("-")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("x,y\n1,1.5\n2,-2.5\n3,1e+300\n"));
        const QString copy = m_dir.filePath(QStringLiteral("copy.h5"));
        r = cli({QStringLiteral("get"), url, QStringLiteral("-o"), copy});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(H5Fixtures::readAll(copy), H5Fixtures::readAll(m_file));
        // Nothing of the download touched the disk but the file asked for.
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).size(), 1);
    }

    void basicAuthAndTheDataNodeMapFromTheCommandLine()
    {
        const QString passwordFile = m_dir.filePath(QStringLiteral("pw"));
        QFile pw(passwordFile);
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("s3cret\n");
        pw.close();
        ServeProcess serve(m_dir.filePath(QStringLiteral("hdfs")),
            {QStringLiteral("--basic-user"), QStringLiteral("alice"), QStringLiteral("--basic-password-file"),
                passwordFile});
        QVERIFY(serve.ok());
        const QString url = serve.url(QStringLiteral("/data"));
        Run r = cli({QStringLiteral("ls"), url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Not authorized")), qPrintable(r.err));
        r = cli({QStringLiteral("ls"), url, QStringLiteral("--user"), QStringLiteral("alice"),
            QStringLiteral("--password-file"), passwordFile});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("e.h5\n"));
        r = cli(
            {QStringLiteral("ls"), url, QStringLiteral("--datanode-map"), QStringLiteral("no-equals-sign")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--datanode-map")));
    }

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

    void batchExportOfHdfsGlobsGoesOnPastBadFiles()
    {
        // /lake/d1/{a,b}.h5 and /lake/d2/a.h5 hold the DataFrame /df; d2/old.h5 lacks it;
        // d2/cut.h5 is truncated; d2/notes.txt does not match the glob.
        const QString pandas = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/");
        QTemporaryDir hdfs;
        QDir(hdfs.path()).mkpath(QStringLiteral("lake/d1"));
        QDir(hdfs.path()).mkpath(QStringLiteral("lake/d2"));
        for (const char* name : {"lake/d1/a.h5", "lake/d1/b.h5", "lake/d2/a.h5"})
            QVERIFY(
                QFile::copy(pandas + QStringLiteral("frames_table.h5"), hdfs.filePath(QLatin1String(name))));
        QVERIFY(QFile::copy(pandas + QStringLiteral("frames_fixed_zlib.h5"),
            hdfs.filePath(QStringLiteral("lake/d2/old.h5"))));
        const QByteArray table = H5Fixtures::readAll(pandas + QStringLiteral("frames_table.h5"));
        QFile cut(hdfs.filePath(QStringLiteral("lake/d2/cut.h5")));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(table.left(table.size() / 3));
        cut.close();
        QFile notes(hdfs.filePath(QStringLiteral("lake/d2/notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.close();
        ServeProcess serve(hdfs.path());
        QVERIFY(serve.ok());
        QTemporaryDir out;
        Run r = cli({QStringLiteral("export"), serve.url(QStringLiteral("/lake/d[12]/*.h5")),
            QStringLiteral("--dataset"), QStringLiteral("/df"), QStringLiteral("--out-dir"), out.path(),
            QStringLiteral("--jobs"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith(QStringLiteral("5 files: 3 ok, 2 failed")), qPrintable(r.out));
        // Each fails for its own reason: a good file failing for another would be a regression.
        QVERIFY2(r.err.contains(QStringLiteral("/lake/d2/cut.h5: Cannot open the HDF5 file"))
                && r.err.contains(QStringLiteral("truncated file"))
                && r.err.contains(QStringLiteral("No object /df in /lake/d2/old.h5")),
            qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 2);
        // Each CSV is byte for byte what pandas' to_csv wrote; bad files leave nothing behind.
        const QByteArray pandasCsv = H5Fixtures::readAll(pandas + QStringLiteral("frames_table.h5.df.csv"));
        QCOMPARE(QDir(out.path()).entryList(QDir::Files),
            (QStringList {
                QStringLiteral("d1_a.csv"), QStringLiteral("d1_b.csv"), QStringLiteral("d2_a.csv")}));
        for (const QString& name : QDir(out.path()).entryList(QDir::Files))
            QVERIFY2(H5Fixtures::readAll(out.filePath(name)) == pandasCsv, qPrintable(name));
        // A glob that matches nothing is an error, not an empty success
        r = cli({QStringLiteral("export"), serve.url(QStringLiteral("/lake/d9*/*.h5")),
            QStringLiteral("--dataset"), QStringLiteral("/df"), QStringLiteral("--out-dir"), out.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("matches no file")), qPrintable(r.err));

        // check: a verdict per file and a total, as text and as JSON
        r = cli({QStringLiteral("check"), serve.url(QStringLiteral("/lake/d2/*.h5"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("failed   /lake/d2/cut.h5")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("ok       /lake/d2/a.h5")));
        QVERIFY(r.out.contains(QStringLiteral("/df  DataFrame · table format · 9 columns × 1,000 rows")));
        r = cli(
            {QStringLiteral("check"), QStringLiteral("--json"), serve.url(QStringLiteral("/lake/d1/*.h5"))});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(doc[QStringLiteral("total")][QStringLiteral("ok")].toInt(), 2);
        const QJsonArray files = doc[QStringLiteral("files")].toArray();
        QCOMPARE(files.size(), 2);
        QJsonObject series;
        for (const QJsonValue& d : files[0][QStringLiteral("datasets")].toArray()) {
            if (d[QStringLiteral("path")] == QStringLiteral("/df/table"))
                series = d.toObject();
        }
        QCOMPARE(series[QStringLiteral("shape")].toArray().first().toInt(), 1000);
        QCOMPARE(series[QStringLiteral("nan")].toInt(), 100); // the temp column's missing values
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

    void treeReadGoesOnPastCorruptFiles()
    {
        const QString crash
            = TestPaths::sourceDir() + QStringLiteral("/tests/data/bad/mut_vlen_stomp_crash.h5");
        const QString good = TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5");
        const Run r = cli({QStringLiteral("tree"), QStringLiteral("--read"), QStringLiteral("--jobs"),
            QStringLiteral("2"), m_file, crash, QStringLiteral("/nonexistent.h5"), good});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        // Every file is reported, in the order given, and the good ones are walked in full.
        QVERIFY(r.out.indexOf(m_file + QStringLiteral(":")) < r.out.indexOf(crash + QStringLiteral(":")));
        QVERIFY(r.out.indexOf(crash + QStringLiteral(":")) < r.out.indexOf(good + QStringLiteral(":")));
        QVERIFY(r.out.contains(QStringLiteral("  test  dataset  1 × 1  int32\n")));
        QVERIFY(r.out.contains(QStringLiteral(
            "[unreadable: mut_vlen_stomp_crash.h5: reading /Dataset1.0 crashed the HDF5 library")));
        QVERIFY(r.err.contains(QStringLiteral("h5hdfs: mut_vlen_stomp_crash.h5: reading /Dataset1.0 crashed "
                                              "the HDF5 library; the file is probably corrupt")));
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent.h5")));
        // The fixture's deliberate refusals (missing filter, VDS, external storage) count as failures too.
        QVERIFY(r.err.contains(QStringLiteral("h5hdfs tree: 4 files, 1 ok, 3 failed")));
    }

    // Hard links can make groups a cycle: check walks each group once, as tree does, and ends.
    void checkEndsOnGroupCycles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("summary");
        const QString testfiles = TestPaths::corpus() + QStringLiteral("/hdf5/tools/testfiles/");
        QTest::newRow("tloop.h5") << testfiles + "tloop.h5" << "4 groups, 0 datasets";
        QTest::newRow("thlink.h5") << testfiles + "thlink.h5" << "4 groups, 3 datasets";
        QTest::newRow("textlinktar.h5") << testfiles + "textlinktar.h5" << "4 groups, 2 datasets";
        QTest::newRow("a hard link to /") << "FILE" << "groups";
    }
    void checkEndsOnGroupCycles()
    {
        QFETCH(QString, file);
        QFETCH(QString, summary);
        file.replace(QStringLiteral("FILE"), m_file);
        const Run r = cli({QStringLiteral("check"), file});
        QCOMPARE(r.status, QProcess::NormalExit);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() > 1 && lines.size() < 100, qPrintable(r.out + r.err));
        QVERIFY2(lines.first().contains(summary), qPrintable(lines.first()));
        QVERIFY2(lines.last().startsWith(QStringLiteral("1 file: ")), qPrintable(lines.last()));
    }

    // A file that stalls (here a read that hangs libhdf5) fails at the batch's limit per file,
    // not at the 10 s a silent worker gets, and the batch goes on to its summary.
    void batchFilesHaveADeadline()
    {
        const QString hang = TestPaths::corpus() + QStringLiteral("/bad/min_04_hang_zero16_02327_.h5");
        QTemporaryDir out;
        QElapsedTimer timer;
        timer.start();
        const Run r = cli({QStringLiteral("export"), hang, m_file, QStringLiteral("--dataset"),
            QStringLiteral("/ragged"), QStringLiteral("--out-dir"), out.path(), QStringLiteral("--jobs"),
            QStringLiteral("2"), QStringLiteral("--file-timeout"), QStringLiteral("1.5")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(timer.elapsed() < 8000, "the file's limit, not the request timeout");
        QVERIFY2(r.err.contains(QStringLiteral("min_04_hang_zero16_02327_.h5: took longer than 1.5 s")),
            qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QStringLiteral("2 files: 0 ok, 2 failed")), qPrintable(r.out));
    }

    // tlayouto.h5 declares 2^61 int32 and writes none; tbigdims.h5 writes 2 KiB of a 4 GiB dataset.
    // Three rows cost three rows (of at most 100 columns), and check reads what was written, plus
    // the fill value once for the rest.
    void hugeUnwrittenDatasetsCostWhatWasWritten()
    {
        const QString layout = TestPaths::corpus() + QStringLiteral("/hdf5/test/tlayouto.h5");
        const QString bigdims = TestPaths::corpus() + QStringLiteral("/hdf5/tools/testfiles/tbigdims.h5");
        QElapsedTimer timer;
        timer.start();
        Run r = cli({QStringLiteral("cat"), layout + QStringLiteral(":/Dataset"), QStringLiteral("--head"),
            QStringLiteral("3")});
        QCOMPARE(r.exitCode, 0);
        QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[1].simplified().split(QLatin1Char(' ')).size(), 100);
        QCOMPARE(lines[4], QStringLiteral("… 3 of 8589934592 rows"));
        QCOMPARE(lines[5], QStringLiteral("… 100 of 268435457 columns"));
        // A row of 2^28 cells is more than one read may take: export says so at once, and leaves nothing.
        const QString csv = m_dir.filePath(QStringLiteral("wide.csv"));
        r = cli(
            {QStringLiteral("export"), layout + QStringLiteral(":/Dataset"), QStringLiteral("-o"), csv});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("over the 64 MiB read budget")), qPrintable(r.err));
        QVERIFY(!QFile::exists(csv));
        r = cli({QStringLiteral("check"), QStringLiteral("--json"), layout, bigdims});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(timer.elapsed() < 20000, "no element-by-element pass over fill values");
        const QJsonArray files = QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("files")].toArray();
        QCOMPARE(files.size(), 2);
        for (const QJsonValue& f : files) {
            const QJsonObject d = f[QStringLiteral("datasets")].toArray().first().toObject();
            QVERIFY2(d.contains(QStringLiteral("min")), qPrintable(QJsonDocument(d).toJson()));
            QCOMPARE(d[QStringLiteral("nan")].toInt(), 0);
            if (f[QStringLiteral("file")].toString() == layout) {
                QCOMPARE(d[QStringLiteral("min")].toDouble(), 0.0);
                QCOMPARE(d[QStringLiteral("max")].toDouble(), 0.0);
            } else {
                QCOMPARE(d[QStringLiteral("min")].toDouble(), 0.0);
                QCOMPARE(d[QStringLiteral("max")].toDouble(), 19.0);
            }
        }
    }

    // A compound's fields are different quantities: each has its own range and NaN/Inf counts.
    void checkReportsEachColumn()
    {
        const QString frames = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5");
        Run r = cli({QStringLiteral("check"), m_file});
        QVERIFY2(r.out.contains(QStringLiteral("  /compound  3  compound {x: int32, y: float64}\n"
                                               "    x  min 1 max 3  NaN 0 Inf 0\n"
                                               "    y  min -2.5 max 1e+300  NaN 0 Inf 0\n")),
            qPrintable(r.out));
        r = cli({QStringLiteral("check"), QStringLiteral("--json"), m_file});
        QJsonObject compound;
        for (const QJsonValue& d :
            QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("files")][0][QStringLiteral("datasets")]
                .toArray()) {
            if (d[QStringLiteral("path")] == QStringLiteral("/compound"))
                compound = d.toObject();
        }
        // The totals stay where they were; the columns follow.
        QCOMPARE(compound[QStringLiteral("min")].toDouble(), -2.5);
        const QJsonArray columns = compound[QStringLiteral("columns")].toArray();
        QCOMPARE(columns.size(), 2);
        QCOMPARE(columns[0][QStringLiteral("name")].toString(), QStringLiteral("x"));
        QCOMPARE(columns[0][QStringLiteral("min")].toDouble(), 1.0);
        QCOMPARE(columns[0][QStringLiteral("max")].toDouble(), 3.0);
        QCOMPARE(columns[1][QStringLiteral("name")].toString(), QStringLiteral("y"));
        QCOMPARE(columns[1][QStringLiteral("min")].toDouble(), -2.5);
        QCOMPARE(columns[1][QStringLiteral("max")].toDouble(), 1e300);
        // A DataFrame's table: the missing temperatures are counted in their own column only.
        r = cli({QStringLiteral("check"), QStringLiteral("--json"), frames});
        QJsonObject table;
        for (const QJsonValue& d :
            QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("files")][0][QStringLiteral("datasets")]
                .toArray()) {
            if (d[QStringLiteral("path")] == QStringLiteral("/df/table"))
                table = d.toObject();
        }
        QHash<QString, int> nanByColumn;
        for (const QJsonValue& c : table[QStringLiteral("columns")].toArray())
            nanByColumn.insert(c[QStringLiteral("name")].toString(), c[QStringLiteral("nan")].toInt());
        QCOMPARE(nanByColumn.value(QStringLiteral("values_block_1[0]")), 100);
        QCOMPARE(nanByColumn.value(QStringLiteral("index"), -1), 0);
        QCOMPARE(table[QStringLiteral("nan")].toInt(), 100);
        // ... and by the frame's own column names.
        QJsonObject frame;
        const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8());
        for (const QJsonValue& f : document[QStringLiteral("files")][0][QStringLiteral("frames")].toArray()) {
            if (f[QStringLiteral("path")] == QStringLiteral("/df"))
                frame = f.toObject();
        }
        nanByColumn.clear();
        for (const QJsonValue& c : frame[QStringLiteral("columns")].toArray())
            nanByColumn.insert(c[QStringLiteral("name")].toString(), c[QStringLiteral("nan")].toInt());
        QCOMPARE(nanByColumn.value(QStringLiteral("temp")), 100);
        QCOMPARE(nanByColumn.value(QStringLiteral("id"), -1), 0);
        QCOMPARE(nanByColumn.value(QStringLiteral("index"), -1), 0);
        r = cli({QStringLiteral("check"), frames});
        QVERIFY2(r.out.contains(QStringLiteral("  /df  DataFrame · table format · 9 columns × 1,000 rows\n"
                                               "    index  min 0 max 999  NaN 0 Inf 0\n"
                                               "    id  min -100 max 2897  NaN 0 Inf 0\n"
                                               "    temp  min 0.199 max 26.792  NaN 100 Inf 0\n")),
            qPrintable(r.out));
        // A frame of 100 columns lists 20 in text.
        QVERIFY2(r.out.contains(QStringLiteral("    … 81 more columns (--json lists them all)\n")),
            qPrintable(r.out));
    }

    // On a terminal the progress line moves while one file takes long: it names the object and row.
    void longChecksReportProgressOnATerminal()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        QVERIFY2(!script.isEmpty(), "script(1) (Debian's bsdutils) is missing: it gives the command a terminal");
        const QString big = H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("big.h5")), 1 << 20, 16);
        QVERIFY(!big.isEmpty());
        QProcess p;
        // script(1) runs the command on a pseudo-terminal, so stderr is a terminal.
        const QString command = TestPaths::binDir() + QStringLiteral("/h5hdfs check ") + big;
        p.start(script, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("big.h5: /values: row ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("1 file: 1 ok")), qPrintable(out));
        QFile::remove(big);
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

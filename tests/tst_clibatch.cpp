// SPDX-License-Identifier: MIT
// The h5hdfs command line over many files at once: batch export and check, tree --read, limits per file.
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

using namespace H5Hdfs;

using CliRun::Run;
using CliRun::cli;
using CliRun::ServeProcess;

class tst_CliBatch : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

private Q_SLOTS:
    void initTestCase() { m_file = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("e.h5"))); }

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
};

QTEST_GUILESS_MAIN(tst_CliBatch)
#include "tst_clibatch.moc"

// SPDX-License-Identifier: MIT
// Batches over a list of paths (--paths-from FILE|-) with one JSON line per file (--json-lines):
// h5hdfs as a Hadoop Streaming mapper or under Spark's RDD.pipe, against the local WebHDFS server.
#include "clirun.h"
#include "h5fixtures.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

using CliRun::Run;
using CliRun::ServeProcess;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

/// Each line of `out` as a JSON object, by its "file"; a line that is not one object fails the test.
QHash<QString, QJsonObject> byFile(const QString& out, qsizetype* lines = nullptr)
{
    QHash<QString, QJsonObject> files;
    const QStringList all = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines)
        *lines = all.size();
    for (const QString& line : all) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
        if (!doc.isObject())
            return {{QStringLiteral("not JSON: ") + line, {}}};
        files.insert(doc.object().value(QStringLiteral("file")).toString(), doc.object());
    }
    return files;
}

QString verdict(const QJsonObject& report)
{
    return report.value(QStringLiteral("verdict")).toString();
}

QString errorOf(const QJsonObject& report)
{
    return report.value(QStringLiteral("error")).toString();
}

} // namespace

class tst_PathsFrom : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServeProcess> m_serve;
    QString m_local; ///< a good file on local disk

    QString hdfs(const QString& name) const { return m_dir.filePath(QStringLiteral("hdfs/lake/") + name); }
    QString url(const QString& name) const { return m_serve->url(QStringLiteral("/lake/") + name); }

    /// The list the tests feed: comments, blank lines, padding, good and bad files, bad lines.
    QByteArray listing() const
    {
        return QStringList {QStringLiteral("# tonight's files"), url(QStringLiteral("a.h5")), QString(),
            url(QStringLiteral("b.h5")), QStringLiteral("   ") + url(QStringLiteral("cut.h5")) + QStringLiteral("  "),
            m_local, url(QStringLiteral("notes.txt")), url(QStringLiteral("missing.h5")),
            QStringLiteral("webhdfs:///no-host.h5"), QStringLiteral("webhdfs://127.0.0.1:1/other-cluster.h5"),
            QStringLiteral("  # the end")}
            .join(QLatin1Char('\n'))
            .toUtf8()
            + '\n';
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("hdfs/lake")));
        QVERIFY(!H5Fixtures::writeUsersTable(hdfs(QStringLiteral("a.h5")), 100, 8).isEmpty());
        QVERIFY(!H5Fixtures::writeUsersTable(hdfs(QStringLiteral("b.h5")), 50, 4).isEmpty());
        const QByteArray a = H5Fixtures::readAll(hdfs(QStringLiteral("a.h5")));
        QVERIFY(writeFile(hdfs(QStringLiteral("cut.h5")), a.left(a.size() / 3)));
        QVERIFY(writeFile(hdfs(QStringLiteral("notes.txt")), "not an HDF5 file\n"));
        m_local = H5Fixtures::writeUsersTable(m_dir.filePath(QStringLiteral("local.h5")), 10, 2);
        QVERIFY(!m_local.isEmpty());
        m_serve = std::make_unique<ServeProcess>(m_dir.filePath(QStringLiteral("hdfs")));
        QVERIFY(m_serve->ok());
    }

    void cleanupTestCase() { m_serve.reset(); }

    // Every listed input has one line, good or bad; the bad lines fail on their own.
    void checkWritesOneJsonLinePerListedFile_data()
    {
        QTest::addColumn<bool>("fromStandardInput");
        QTest::newRow("FILE") << false;
        QTest::newRow("-") << true;
    }
    void checkWritesOneJsonLinePerListedFile()
    {
        QFETCH(bool, fromStandardInput);
        const QString list = m_dir.filePath(QStringLiteral("list.txt"));
        QVERIFY(writeFile(list, listing()));
        const QStringList args {QStringLiteral("check"), QStringLiteral("--paths-from"),
            fromStandardInput ? QStringLiteral("-") : list, QStringLiteral("--json-lines")};
        const Run r = fromStandardInput ? CliRun::cliWithInput(listing(), args) : CliRun::cli(args);
        // A mapper that exits 1 is retried and its files reported twice: the failures are in the lines.
        QVERIFY2(r.ok(), qPrintable(r.err));
        qsizetype lines = 0;
        const QHash<QString, QJsonObject> files = byFile(r.out, &lines);
        QCOMPARE(lines, 8);
        QCOMPARE(files.size(), 8); // each input once
        QCOMPARE(verdict(files[QStringLiteral("/lake/a.h5")]), QStringLiteral("ok"));
        QCOMPARE(verdict(files[QStringLiteral("/lake/b.h5")]), QStringLiteral("ok"));
        QCOMPARE(verdict(files[m_local]), QStringLiteral("ok"));
        QCOMPARE(files[QStringLiteral("/lake/a.h5")].value(QStringLiteral("datasets")).toArray().size(), 2);
        QCOMPARE(files[QStringLiteral("/lake/a.h5")].value(QStringLiteral("bytes")).toInteger(),
            QFileInfo(hdfs(QStringLiteral("a.h5"))).size());
        for (const QString& bad : {QStringLiteral("/lake/cut.h5"), QStringLiteral("/lake/notes.txt"),
                 QStringLiteral("/lake/missing.h5"), QStringLiteral("webhdfs:///no-host.h5"),
                 QStringLiteral("webhdfs://127.0.0.1:1/other-cluster.h5")}) {
            QVERIFY2(files.contains(bad), qPrintable(bad + QStringLiteral(" has no line:\n") + r.out));
            QCOMPARE(verdict(files[bad]), QStringLiteral("failed"));
        }
        QVERIFY2(errorOf(files[QStringLiteral("/lake/cut.h5")]).contains(QStringLiteral("Cannot open the HDF5 file")),
            qPrintable(errorOf(files[QStringLiteral("/lake/cut.h5")])));
        QVERIFY2(errorOf(files[QStringLiteral("/lake/missing.h5")]).contains(QStringLiteral("/lake/missing.h5")),
            qPrintable(errorOf(files[QStringLiteral("/lake/missing.h5")])));
        // A bad line says which line it was, and why.
        const QString noHost = errorOf(files[QStringLiteral("webhdfs:///no-host.h5")]);
        QVERIFY2(noHost.startsWith(QStringLiteral("line 9: ")) && noHost.contains(QStringLiteral("Not a WebHDFS URL")),
            qPrintable(noHost));
        const QString other = errorOf(files[QStringLiteral("webhdfs://127.0.0.1:1/other-cluster.h5")]);
        QVERIFY2(other.startsWith(QStringLiteral("line 10: ")) && other.contains(QStringLiteral("another cluster")),
            qPrintable(other));
        // Standard output holds the files' lines only; the total goes to standard error.
        QVERIFY2(r.err.contains(QStringLiteral("8 files: 3 ok, 5 failed")), qPrintable(r.err));
    }

    // The same files named on the command line, checked as one JSON document: the same verdicts.
    void jsonLinesAgreeWithJson()
    {
        const QStringList inputs {url(QStringLiteral("a.h5")), url(QStringLiteral("b.h5")),
            url(QStringLiteral("cut.h5")), m_local};
        const Run lines = CliRun::cliWithInput(inputs.join(QLatin1Char('\n')).toUtf8(),
            {QStringLiteral("check"), QStringLiteral("--paths-from"), QStringLiteral("-"), QStringLiteral("--json-lines")});
        const Run json = CliRun::cli(QStringList {QStringLiteral("check"), QStringLiteral("--json")} + inputs);
        QVERIFY2(lines.ok(), qPrintable(lines.err));
        QCOMPARE(json.exitCode, 1); // without --json-lines a failed file fails the run, as before
        const QHash<QString, QJsonObject> streamed = byFile(lines.out);
        QHash<QString, QJsonObject> whole;
        for (const QJsonValue& f : QJsonDocument::fromJson(json.out.toUtf8())[QStringLiteral("files")].toArray())
            whole.insert(f[QStringLiteral("file")].toString(), f.toObject());
        QCOMPARE(streamed.size(), 4);
        QCOMPARE(QSet<QString>(streamed.keyBegin(), streamed.keyEnd()), QSet<QString>(whole.keyBegin(), whole.keyEnd()));
        for (auto it = whole.cbegin(); it != whole.cend(); ++it)
            QCOMPARE(streamed[it.key()], it.value()); // the whole report, not only the verdict
    }

    // A consumer downstream sees each file's line when that file ends, not when the batch does.
    void eachLineIsWrittenWhenItsFileEnds()
    {
        // The second file comes from a server that sends 1 KiB/s: minutes for its ~100 KiB.
        QTemporaryDir slowRoot;
        QVERIFY(QFile::copy(hdfs(QStringLiteral("a.h5")), slowRoot.filePath(QStringLiteral("slow.h5"))));
        ServeProcess slow(slowRoot.path(), {QStringLiteral("--rate"), QStringLiteral("1")});
        QVERIFY(slow.ok());
        QProcess check;
        check.start(TestPaths::binDir() + QStringLiteral("/h5hdfs"),
            {QStringLiteral("check"), QStringLiteral("--paths-from"), QStringLiteral("-"), QStringLiteral("--json-lines")});
        QVERIFY(check.waitForStarted());
        check.write((m_local + QLatin1Char('\n') + slow.url(QStringLiteral("/slow.h5")) + QLatin1Char('\n')).toUtf8());
        check.closeWriteChannel();
        while (!check.canReadLine())
            QVERIFY2(check.waitForReadyRead(30000), "no line while the slow file downloads");
        const QJsonObject first = QJsonDocument::fromJson(check.readLine()).object();
        QCOMPARE(first.value(QStringLiteral("file")).toString(), m_local);
        QCOMPARE(verdict(first), QStringLiteral("ok"));
        QCOMPARE(check.state(), QProcess::Running); // the slow file still downloads
        check.kill();
        check.waitForFinished();
    }

    void exportReadsPathsFromStandardInput()
    {
        QTemporaryDir out;
        const QByteArray list = (url(QStringLiteral("a.h5")) + QLatin1Char('\n') + url(QStringLiteral("b.h5"))
            + QStringLiteral("\n# skipped\n") + url(QStringLiteral("cut.h5")) + QLatin1Char('\n'))
                                    .toUtf8();
        const Run r = CliRun::cliWithInput(list,
            {QStringLiteral("export"), QStringLiteral("--paths-from"), QStringLiteral("-"), QStringLiteral("--dataset"),
                QStringLiteral("/data_f"), QStringLiteral("--out-dir"), out.path()});
        QCOMPARE(r.exitCode, 1); // export reports a failed file as the globs' batch does
        QVERIFY2(r.out.startsWith(QStringLiteral("3 files: 2 ok, 1 failed")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("/lake/cut.h5")) && r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err));
        QCOMPARE(QDir(out.path()).entryList(QDir::Files), (QStringList {QStringLiteral("a.csv"), QStringLiteral("b.csv")}));
        // Each CSV is what a single export of that file writes.
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b")}) {
            const QString single = out.filePath(name + QStringLiteral(".single"));
            const Run one = CliRun::cli({QStringLiteral("export"),
                url(name + QStringLiteral(".h5")) + QStringLiteral(":/data_f"), QStringLiteral("-o"), single});
            QVERIFY2(one.ok(), qPrintable(one.err));
            QCOMPARE(H5Fixtures::readAll(out.filePath(name + QStringLiteral(".csv"))), H5Fixtures::readAll(single));
        }
    }

    void badUsageIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("said");
        QTest::newRow("check without inputs") << QStringList {QStringLiteral("check")} << 2 << QStringLiteral("no inputs");
        QTest::newRow("--json and --json-lines")
            << QStringList {QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--json-lines"),
                   QStringLiteral("--paths-from"), QStringLiteral("-")}
            << 2 << QStringLiteral("not both");
        QTest::newRow("export without --out-dir")
            << QStringList {QStringLiteral("export"), QStringLiteral("--paths-from"), QStringLiteral("-"),
                   QStringLiteral("--dataset"), QStringLiteral("/x")}
            << 2 << QStringLiteral("--out-dir DIR");
        QTest::newRow("an unreadable list")
            << QStringList {QStringLiteral("check"), QStringLiteral("--paths-from"), QStringLiteral("/no/such/list")}
            << 1 << QStringLiteral("Cannot read the list of paths /no/such/list");
    }
    void badUsageIsAUsageError()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, said);
        const Run r = CliRun::cliWithInput({}, args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(said), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_PathsFrom)
#include "tst_pathsfrom.moc"

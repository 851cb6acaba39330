// SPDX-License-Identifier: MIT
// h5hdfs as a Hadoop Streaming mapper (hadoop-streaming 3.5.0, the local job runner) over a listing
// of 200 paths on a real HDFS, one of them corrupt: each file is reported exactly once, with the
// verdict and report a direct `check --json` gives it.
#include "clirun.h"
#include "realcluster.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

class tst_RealHdfsStreaming : public QObject {
    Q_OBJECT
private:
    RealCluster::Env m_cluster;
    QTemporaryDir m_dir;

    // What the cluster's users have: its HADOOP_CONF_DIR, and a user name for simple auth.
    QStringList mapperEnvironment() const
    {
        return {QStringLiteral("HADOOP_CONF_DIR=") + m_cluster.value(QStringLiteral("HADOOP_CONF_DIR")),
            QStringLiteral("HADOOP_USER_NAME=analyst")};
    }

    // The job's output lines (part-NNNNN files of the map tasks), and how many tasks wrote them.
    static QStringList outputLines(const QString& outputDir, int* tasks)
    {
        QStringList lines;
        const QStringList parts = QDir(outputDir).entryList({QStringLiteral("part-*")}, QDir::Files);
        *tasks = int(parts.size());
        for (const QString& part : parts) {
            QFile f(outputDir + QLatin1Char('/') + part);
            if (!f.open(QIODevice::ReadOnly))
                return {QStringLiteral("cannot read ") + f.fileName()};
            // TextOutputFormat ends a line without a tab with one (an empty value): trimmed.
            for (const QByteArray& line : f.readAll().split('\n'))
                if (!line.trimmed().isEmpty())
                    lines << QString::fromUtf8(line.trimmed());
        }
        return lines;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error())); }

    void aStreamingMapperChecksEachFileOnceAsADirectRunDoes()
    {
        // The listing `hdfs dfs -ls -C /data/batch` gives: bare paths, on the cluster's fs.defaultFS.
        const QString listing = m_dir.filePath(QStringLiteral("paths.txt"));
        QFile list(listing);
        QVERIFY(list.open(QIODevice::WriteOnly));
        for (int i = 0; i < RealCluster::kBatchCount; ++i)
            list.write(QStringLiteral("/data/%1\n").arg(RealCluster::batchName(i)).toUtf8());
        list.close();

        // 200 lines, 50 per map task, two tasks at a time; each task runs its own mapper.
        const QString output = m_dir.filePath(QStringLiteral("out"));
        const QString mapper
            = TestPaths::binDir() + QStringLiteral("/h5hdfs check --paths-from - --json-lines --jobs 4");
        QStringList args {TestPaths::sourceDir() + QStringLiteral("/tests/hadoop/streaming.sh"),
            QStringLiteral("--input"), listing, QStringLiteral("--output"), output, QStringLiteral("--mapper"), mapper,
            QStringLiteral("--lines-per-map"), QStringLiteral("50")};
        for (const QString& variable : mapperEnvironment())
            args << QStringLiteral("--cmdenv") << variable;
        QProcess job;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Maven's first build of the classpath waits for the cluster fixtures' builds (one at a time).
        const QDir clusters = QFileInfo(QFileInfo(qEnvironmentVariable("H5HDFS_CLUSTER_ENV")).absolutePath()).dir();
        env.insert(QStringLiteral("STREAMING_BUILD_LOCK"), clusters.filePath(QStringLiteral(".start.lock")));
        job.setProcessEnvironment(env);
        job.start(QStringLiteral("bash"), args);
        QVERIFY2(job.waitForFinished(600'000), "the streaming job did not end in 10 minutes");
        QVERIFY2(job.exitStatus() == QProcess::NormalExit && job.exitCode() == 0, job.readAllStandardError().constData());

        int tasks = 0;
        const QStringList lines = outputLines(output, &tasks);
        QCOMPARE(tasks, RealCluster::kBatchCount / 50);
        QHash<QString, QJsonObject> streamed;
        for (const QString& line : lines) {
            const QJsonObject report = QJsonDocument::fromJson(line.toUtf8()).object();
            const QString file = report.value(QStringLiteral("file")).toString();
            QVERIFY2(!file.isEmpty(), qPrintable(QStringLiteral("not a file's report: ") + line));
            QVERIFY2(!streamed.contains(file), qPrintable(file + QStringLiteral(" reported twice")));
            streamed.insert(file, report);
        }
        QCOMPARE(lines.size(), RealCluster::kBatchCount);

        // The same files checked directly, in one process.
        const CliRun::Run direct = CliRun::cli({QStringLiteral("check"),
            m_cluster.value(QStringLiteral("WEBHDFS_URL")) + QStringLiteral("/data/batch/*.h5"), QStringLiteral("--json"),
            QStringLiteral("--user"), QStringLiteral("analyst")}, {}, 300'000);
        QCOMPARE(direct.exitCode, 1); // the corrupt file
        const QJsonArray files = QJsonDocument::fromJson(direct.out.toUtf8())[QStringLiteral("files")].toArray();
        QCOMPARE(files.size(), RealCluster::kBatchCount);
        int failed = 0;
        for (const QJsonValue& f : files) {
            const QString file = f[QStringLiteral("file")].toString();
            QVERIFY2(streamed.contains(file), qPrintable(file + QStringLiteral(" has no line from the job")));
            QCOMPARE(streamed[file], f.toObject()); // verdict, datasets, statistics: the whole report
            failed += f[QStringLiteral("verdict")] == QStringLiteral("failed");
        }
        // The corrupt file: one line, failed, with the reason.
        QCOMPARE(failed, 1);
        const QJsonObject corrupt
            = streamed.value(QStringLiteral("/data/") + RealCluster::batchName(RealCluster::kCorruptBatchFile));
        QCOMPARE(corrupt.value(QStringLiteral("verdict")).toString(), QStringLiteral("failed"));
        QVERIFY2(corrupt.value(QStringLiteral("error")).toString().contains(QStringLiteral("Cannot open the HDF5 file")),
            qPrintable(corrupt.value(QStringLiteral("error")).toString()));
    }
};

QTEST_GUILESS_MAIN(tst_RealHdfsStreaming)
#include "tst_realhdfs_streaming.moc"

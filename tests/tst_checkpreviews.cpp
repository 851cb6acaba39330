// SPDX-License-Identifier: MIT
// `h5hdfs check --previews DIR` (issue 15): a PNG of each numeric dataset and DataFrame checked, as
// `plot` draws it, bounded per file, named so that it stays in DIR and no two collide.
#include "clirun.h"
#include "h5fixtures.h"
#include "plotfixtures.h"
#include "testpaths.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <vector>

#include <hdf5.h>

using namespace H5Hdfs;

namespace {

const QSize kPreviewSize(480, 320);

void writeDoubles(hid_t file, const char* name, const std::vector<double>& values)
{
    const hsize_t n = values.size();
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t ds = H5Dcreate2(file, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(ds);
    H5Sclose(space);
}

std::vector<double> sine(int n)
{
    std::vector<double> values(size_t(n), 0.0);
    for (int i = 0; i < n; ++i)
        values[size_t(i)] = std::sin(i / 50.0);
    return values;
}

/// A 2-D /image (64 x 96, counting), a 1-D /signal, a string /names and pandas' /df (a DataFrame,
/// copied from tests/data/pandas/frames_fixed.h5).
QString writeMixed(const QString& path)
{
    if (H5Fixtures::writeMatrix(path, 64, 96, H5Fixtures::Values::Counting, "/image").isEmpty())
        return {};
    const hid_t file = H5Fopen(path.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
    writeDoubles(file, "/signal", sine(1000));
    const hsize_t n = 3;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 8);
    const hid_t names = H5Dcreate2(file, "/names", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(names, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, "alpha\0\0\0beta\0\0\0\0gamma\0\0\0");
    H5Dclose(names);
    H5Tclose(type);
    H5Sclose(space);
    const QByteArray pandas
        = (TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_fixed.h5")).toUtf8();
    const hid_t source = H5Fopen(pandas.constData(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const herr_t copied = H5Ocopy(source, "/df", file, "/df", H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(source);
    H5Fclose(file);
    return copied < 0 ? QString() : path;
}

/// Datasets whose names try to leave DIR ("/../..") or to meet on one file name ("/a/b", "/a_b").
QString writeHostileNames(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(H5Gcreate2(file, "/..", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Gclose(H5Gcreate2(file, "/a", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    writeDoubles(file, "/../..", sine(200));
    writeDoubles(file, "/a/b", sine(300));
    writeDoubles(file, "/a_b", sine(400));
    return H5Fclose(file) < 0 ? QString() : path;
}

/// The reports of `h5hdfs check --json --previews DIR FILE...`, one per file.
QJsonArray checkWithPreviews(const QString& dir, const QStringList& files, const QStringList& extra = {})
{
    const QStringList command {QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--previews"), dir};
    const CliRun::Run r = CliRun::cli(command + extra + files);
    return QJsonDocument::fromJson(r.out.toUtf8())[QLatin1String("files")].toArray();
}

QJsonObject checkWithPreviews(const QString& dir, const QString& file)
{
    return checkWithPreviews(dir, QStringList {file}).at(0).toObject();
}

/// Each object's "preview", by object path, of every file in the report.
QHash<QString, QString> previewsOf(const QJsonObject& fileReport)
{
    QHash<QString, QString> previews;
    for (const char* list : {"datasets", "frames"}) {
        for (const QJsonValue& object : fileReport[QLatin1String(list)].toArray()) {
            const QString preview = object[QLatin1String("preview")].toString();
            if (!preview.isEmpty())
                previews.insert(object[QLatin1String("path")].toString(), preview);
        }
    }
    return previews;
}

/// Why `path` is no PNG of the preview size with more than one colour; empty when it is one.
QString pictureProblem(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    if (!file.read(8).startsWith("\x89PNG\r\n"))
        return QStringLiteral("%1 is no PNG").arg(path);
    const QImage image(path, "PNG");
    if (image.size() != kPreviewSize)
        return QStringLiteral("%1 is %2x%3").arg(path).arg(image.width()).arg(image.height());
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixel(x, y) != first)
                return {};
        }
    }
    return QStringLiteral("%1 is one colour").arg(path);
}

/// Whether `path` names a file directly in `dir` (after resolving "..", links).
bool isDirectlyIn(const QString& path, const QString& dir)
{
    return QFileInfo(QFileInfo(path).canonicalPath()) == QFileInfo(QDir(dir).canonicalPath());
}

} // namespace

class tst_CheckPreviews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void numericDatasetsAndDataFramesGetPreviews()
    {
        // Given a file with a 1-D and a 2-D numeric dataset, strings and a DataFrame
        QTemporaryDir tmp;
        const QString file = writeMixed(tmp.filePath(QStringLiteral("mixed.h5")));
        QVERIFY(!file.isEmpty());
        const QString dir = tmp.filePath(QStringLiteral("previews"));

        // When it is checked with --previews
        const QJsonObject fileReport = checkWithPreviews(dir, file);

        // Then the numeric datasets and the DataFrame have a preview each, and nothing else has
        QCOMPARE(fileReport[QLatin1String("verdict")].toString(), QStringLiteral("ok"));
        const QHash<QString, QString> previews = previewsOf(fileReport);
        QStringList objects = previews.keys();
        objects.sort();
        QCOMPARE(objects, (QStringList {QStringLiteral("/df"), QStringLiteral("/image"), QStringLiteral("/signal")}));
        // each a PNG of the asked size that shows something, and DIR holds exactly these
        QStringList written;
        for (const QString& path : previews) {
            QVERIFY2(pictureProblem(path).isEmpty(), qPrintable(pictureProblem(path)));
            QVERIFY2(isDirectlyIn(path, dir), qPrintable(path));
            written << QFileInfo(path).fileName();
        }
        written.sort();
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System), written);

        // And the text report lists each on its object's line
        const CliRun::Run text = CliRun::cli({QStringLiteral("check"), QStringLiteral("--previews"), dir, file});
        QVERIFY2(text.ok(), qPrintable(text.err));
        for (auto it = previews.cbegin(); it != previews.cend(); ++it) {
            const QRegularExpression line(QStringLiteral("^  %1  .*preview %2").arg(
                QRegularExpression::escape(it.key()), QRegularExpression::escape(it.value())),
                QRegularExpression::MultilineOption);
            QVERIFY2(line.match(text.out).hasMatch(), qPrintable(text.out));
        }
    }

    void theBoundPerFileHolds()
    {
        // Given a file of more numeric datasets than a file gets previews
        QTemporaryDir tmp;
        const QString file = PlotFixtures::write(tmp.filePath(QStringLiteral("plots.h5")));
        QVERIFY(!file.isEmpty());
        const QString dir = tmp.filePath(QStringLiteral("previews"));

        // When it is checked with --previews
        const QJsonObject fileReport = checkWithPreviews(dir, file);

        // Then 8 have one (the bound --help states), and the rest are counted as left out
        const auto datasets = fileReport[QLatin1String("datasets")].toArray();
        const auto numeric = std::count_if(datasets.begin(), datasets.end(),
            [](const QJsonValue& d) { return !d[QLatin1String("columns")].toArray().isEmpty(); });
        QVERIFY2(numeric > 8, "the fixture has more numeric datasets than the bound");
        QCOMPARE(previewsOf(fileReport).size(), 8);
        QCOMPARE(fileReport[QLatin1String("previewsLeftOut")].toInt(), int(numeric) - 8);
        QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 8);
        const CliRun::Run help = CliRun::cli({QStringLiteral("check"), QStringLiteral("--help")});
        QVERIFY2(help.out.simplified().contains(QLatin1String("at most 8 per file")), qPrintable(help.out));
    }

    void namesStayInsideTheDirectoryAndDoNotCollide()
    {
        // Given objects named "..", "/a/b" and "/a_b"
        QTemporaryDir tmp;
        const QString file = writeHostileNames(tmp.filePath(QStringLiteral("hostile.h5")));
        QVERIFY(!file.isEmpty());
        const QString dir = tmp.filePath(QStringLiteral("out/previews"));

        // When they are previewed
        const auto previews = previewsOf(checkWithPreviews(dir, file));

        // Then three distinct files are written, all in DIR, and nothing beside it
        QCOMPARE(previews.size(), 3);
        QCOMPARE(QSet<QString>(previews.cbegin(), previews.cend()).size(), 3);
        for (const QString& path : previews) {
            QVERIFY2(isDirectlyIn(path, dir), qPrintable(path));
            QVERIFY2(pictureProblem(path).isEmpty(), qPrintable(pictureProblem(path)));
        }
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 3);
        const auto everything = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden;
        QCOMPARE(QDir(tmp.filePath(QStringLiteral("out"))).entryList(everything), QStringList {QStringLiteral("previews")});
        QCOMPARE(QDir(tmp.path()).entryList(everything), (QStringList {QStringLiteral("hostile.h5"), QStringLiteral("out")}));
    }

    void aBatchOfTwoFilesDoesNotCollide()
    {
        // Given two files of the same name in two directories
        QTemporaryDir tmp;
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("a")) && QDir(tmp.path()).mkpath(QStringLiteral("b")));
        const QString first = writeMixed(tmp.filePath(QStringLiteral("a/mixed.h5")));
        const QString second = writeMixed(tmp.filePath(QStringLiteral("b/mixed.h5")));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        const QString dir = tmp.filePath(QStringLiteral("previews"));

        // When both are checked at once
        const QJsonArray files = checkWithPreviews(dir, {first, second}, {QStringLiteral("--jobs"), QStringLiteral("2")});

        // Then each has its own previews, all of them written
        QCOMPARE(files.size(), 2);
        QSet<QString> all;
        for (const QJsonValue& f : files) {
            const auto previews = previewsOf(f.toObject());
            QCOMPARE(previews.size(), 3);
            for (const QString& path : previews)
                all.insert(path);
        }
        QCOMPARE(all.size(), 6);
        QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 6);
        for (const QString& path : std::as_const(all))
            QVERIFY2(pictureProblem(path).isEmpty(), qPrintable(pictureProblem(path)));
    }

    void aPreviewThatCannotBeWrittenIsAWarning()
    {
        // Given a previews directory where /signal's picture cannot be written (a directory has its name)
        QTemporaryDir tmp;
        const QString file = writeMixed(tmp.filePath(QStringLiteral("mixed.h5")));
        const QString dir = tmp.filePath(QStringLiteral("previews"));
        const QString signal = previewsOf(checkWithPreviews(dir, file)).value(QStringLiteral("/signal"));
        QVERIFY(!signal.isEmpty());
        QVERIFY(QFile::remove(signal) && QDir().mkdir(signal));

        // When the file is checked again
        const CliRun::Run r = CliRun::cli({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--previews"), dir, file});

        // Then it is a warning on /signal, the other previews are written, and the file has not failed
        QCOMPARE(r.exitCode, 0);
        const QJsonObject fileReport
            = QJsonDocument::fromJson(r.out.toUtf8())[QLatin1String("files")][0].toObject();
        QCOMPARE(fileReport[QLatin1String("verdict")].toString(), QStringLiteral("warning"));
        const auto previews = previewsOf(fileReport);
        QVERIFY(!previews.contains(QStringLiteral("/signal")));
        QCOMPARE(previews.size(), 2);
        bool warned = false;
        for (const QJsonValue& d : fileReport[QLatin1String("datasets")].toArray())
            warned |= d[QLatin1String("path")] == QStringLiteral("/signal")
                && !d[QLatin1String("previewWarning")].toString().isEmpty();
        QVERIFY2(warned, qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(tst_CheckPreviews)
#include "tst_checkpreviews.moc"

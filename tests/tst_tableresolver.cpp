// SPDX-License-Identifier: MIT
// One table path (issue 13 §2): what an object reads as is decided once, by the engine's answer,
// and the viewer, `cat` and `export` all read that same table.
#include "clirun.h"
#include "datasettablemodel.h"
#include "export/csvwriter.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "table/tableresolver.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

QString pandas(const QString& name)
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/") + name;
}

QString netcdf(const QString& name)
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/data/netcdf/") + name;
}

/// The rows and columns (index included) of the CSV pandas wrote for a frame: the truth a named
/// table's description must match.
QPair<qint64, qint64> pandasCsvShape(const QString& csv)
{
    const QList<QByteArray> lines = H5Fixtures::readAll(csv).trimmed().split('\n');
    return {lines.size() - 1, lines.value(0).split(',').size()};
}

/// What went wrong, for a failure's message (QVERIFY2 builds it whether the check fails or not).
template <typename T> QString problem(const Result<T>& result)
{
    return result ? QString() : result.error().toString();
}

} // namespace

class tst_TableResolver : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_everything;
    QString m_users;

    /// The file named `name`: "everything", "users" (written for the test) or a path.
    [[nodiscard]] QString localPath(const QString& name) const
    {
        if (name == QLatin1String("everything"))
            return m_everything;
        return name == QLatin1String("users") ? m_users : name;
    }

    /// The file named `name`, added to `service`.
    H5Service::FileId open(H5Service& service, const QString& name)
    {
        const QString path = localPath(name);
        auto bytes = ImageBuffer::readFile(path);
        if (!bytes)
            return 0;
        return service.addImage(*bytes, QFileInfo(path).fileName());
    }

    static ObjectInfo infoOf(H5Service& service, H5Service::FileId file, const QString& path)
    {
        return service.call(file, H5Request::info(path)).info;
    }

    /// The view's table of `path` once it is known what it is: shown by path (the engine is asked)
    /// or selected in the tree (its listing says).
    static bool shownAndResolved(FileView& view, const QString& path, bool inTheTree)
    {
        QSignalSpy resolved(&view, &FileView::tableResolved);
        if (inTheTree)
            view.revealPath(path);
        else
            view.showObject(path);
        return QTest::qWaitFor(
            [&] {
                for (const QList<QVariant>& args : resolved) {
                    if (args.value(0).toString() == path)
                        return true;
                }
                return false;
            },
            10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_everything = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("everything.h5")));
        m_users = H5Fixtures::writeUsersTable(m_dir.filePath(QStringLiteral("users.h5")), 7, 3);
        QVERIFY(!m_everything.isEmpty() && !m_users.isEmpty());
    }

    void resolvesWhatTheEngineSays_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("raw");
        QTest::addColumn<QString>("slice");
        QTest::addColumn<bool>("named");
        QTest::addColumn<QString>("layout"); ///< a named table's
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("columns");
        QTest::addColumn<bool>("unpacked");
        QTest::addColumn<bool>("everyElement");
        QTest::addColumn<int>("error"); ///< Error::Code, -1 for none

        const auto fixed = pandasCsvShape(pandas(QStringLiteral("frames_fixed.h5.df.csv")));
        const auto table = pandasCsvShape(pandas(QStringLiteral("frames_table.h5.df.csv")));
        const QString everything = QStringLiteral("everything");
        const QString users = QStringLiteral("users");
        const QString fixedFile = pandas(QStringLiteral("frames_fixed.h5"));
        const QString tableFile = pandas(QStringLiteral("frames_table.h5"));
        const QString oldPandas = pandas(QStringLiteral("old_pandas-1.5.3.h5"));
        const QString climate = netcdf(QStringLiteral("packed_climate.nc"));
        const int none = -1;
        const int notATable = int(Error::Code::NotATable);
        // The object and the options, then: named, layout, rows, columns, unpacked, every element, error.
        const auto row = [](const char* name, const QString& file, const char* path, bool raw,
                             const char* slice) -> QTestData& {
            return QTest::newRow(name) << file << QString::fromUtf8(path) << raw << QString::fromUtf8(slice);
        };
        row("plain 2-D dataset", everything, "/matrix", false, "")
            << false << "" << 3LL << 4LL << false << false << none;
        row("1-D compound dataset", everything, "/compound", false, "")
            << false << "" << 3LL << 2LL << false << false << none;
        row("N-D dataset, a slice", everything, "/cube", false, "1,:,:")
            << false << "" << 3LL << 4LL << false << false << none;
        row("N-D dataset, whole", everything, "/cube", false, "")
            << false << "" << 3LL << 4LL << false << true << none;
        row("pandas fixed format", fixedFile, "/df", false, "")
            << true << "fixed format" << fixed.first << fixed.second << false << false << none;
        row("pandas table format", tableFile, "/df", false, "")
            << true << "table format" << table.first << table.second << false << false << none;
        row("pandas table format, raw: a group", tableFile, "/df", true, "")
            << false << "" << 0LL << 0LL << false << false << notATable;
        // tst_frames: "Table · PyTables table · 5 columns × 6 rows", and pandas' 0..n-1 index.
        row("PyTables table, 1-D", oldPandas, "/native/readout", false, "")
            << true << "PyTables table" << 6LL << 6LL << false << false << none;
        row("group holding a PyTables table", oldPandas, "/plain", false, "")
            << true << "PyTables table" << 6LL << 6LL << false << false << none;
        row("matrix with a column-names sibling", users, "/data_f", false, "")
            << true << "f_axis0" << 7LL << 3LL << false << false << none;
        row("the same matrix, sliced: the dataset", users, "/data_f", false, ":,:")
            << false << "" << 7LL << 3LL << false << false << none;
        row("netCDF variable, unpacked", climate, "/precip", false, "")
            << false << "" << 4LL << 5LL << true << false << none;
        row("netCDF variable, raw", climate, "/precip", true, "")
            << false << "" << 4LL << 5LL << false << false << none;
        row("a group", everything, "/ints", false, "")
            << false << "" << 0LL << 0LL << false << false << notATable;
        // A 2-D number block of a DataFrame looks like a matrix, but is one part of the frame.
        row("a DataFrame's block", fixedFile, "/by_id/block0_values", false, "")
            << false << "" << 1000LL << 1LL << false << false << none;
    }

    void resolvesWhatTheEngineSays()
    {
        QFETCH(QString, file);
        QFETCH(QString, path);
        QFETCH(bool, raw);
        QFETCH(QString, slice);
        QFETCH(bool, named);
        QFETCH(QString, layout);
        QFETCH(qint64, rows);
        QFETCH(qint64, columns);
        QFETCH(bool, unpacked);
        QFETCH(bool, everyElement);
        QFETCH(int, error);

        H5Service service;
        const auto id = open(service, file);
        QVERIFY(id != 0);
        const ObjectInfo info = infoOf(service, id, path);
        QCOMPARE(info.path, path);
        auto options = TableOptions::ofCommandLine(info, slice, raw);
        QVERIFY(options.ok());
        const auto ref = resolveTable(service, id, info, *options);
        if (error >= 0) {
            QVERIFY(!ref.ok());
            QCOMPARE(int(ref.error().code), error);
            QVERIFY2(ref.error().message.contains(path), qPrintable(ref.error().message));
            return;
        }
        QVERIFY2(ref.ok(), qPrintable(problem(ref)));
        QCOMPARE(ref->file, id);
        QCOMPARE(ref->path, path);
        QCOMPARE(ref->isNamed(), named);
        QCOMPARE(ref->everyElement, everyElement);
        if (named)
            QVERIFY2(ref->named->layout.contains(layout), qPrintable(ref->named->layout));
        else
            QCOMPARE(ref->dataset.cfView, unpacked);
        const TableGeometry g = ref->geometry();
        QCOMPARE(g.rows, rows);
        QCOMPARE(g.cols, columns);
        // Its pages are asked for as what it is, and its source reads the same table.
        const H5Request page = ref->pageRequest(0, 1, 0, 1);
        QCOMPARE(page.kind, named ? H5Request::Kind::ReadTable : H5Request::Kind::ReadPage);
        QCOMPARE(page.page.unpack, !named && unpacked);
        auto source = ref->sourceFactory(service)();
        if (!everyElement) {
            QCOMPARE(source->rowCount(), rows);
            QCOMPARE(source->columnCount(), columns);
        } else { // every element: its indices, then its value
            QCOMPARE(source->rowCount(), ref->dataset.elementCount());
            QCOMPARE(source->columnCount(), ref->dataset.rank() + 1);
        }
        const auto first = source->read(0, 1, 0, source->columnCount());
        QVERIFY2(first.ok(), qPrintable(problem(first)));
    }

    void aBadSliceOrASliceOfAGroupIsAUsageError()
    {
        H5Service service;
        const auto id = open(service, QStringLiteral("everything"));
        const auto cube
            = TableOptions::ofCommandLine(infoOf(service, id, QStringLiteral("/cube")), "9,:,:", false);
        QVERIFY(!cube.ok());
        QCOMPARE(cube.error().code, Error::Code::InvalidArgument);
        const auto group
            = TableOptions::ofCommandLine(infoOf(service, id, QStringLiteral("/ints")), ":", false);
        QVERIFY(!group.ok());
        QCOMPARE(group.error().code, Error::Code::InvalidArgument);
    }

    void theTreeMarksExactlyTheTablesTheResolverFinds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("every kind of dataset") << "everything";
        QTest::newRow("matrix with column names") << "users";
        QTest::newRow("pandas fixed format") << pandas(QStringLiteral("frames_fixed.h5"));
        QTest::newRow("pandas table format") << pandas(QStringLiteral("frames_table.h5"));
        QTest::newRow("pandas 1.5.3, PyTables tables") << pandas(QStringLiteral("old_pandas-1.5.3.h5"));
        QTest::newRow("netCDF-4") << netcdf(QStringLiteral("packed_climate.nc"));
    }

    // The listing's marks (what the tree shows) and the resolver's answer (what the table reads)
    // are one decision: every listed object is a named table in both or in neither.
    void theTreeMarksExactlyTheTablesTheResolverFinds()
    {
        QFETCH(QString, file);
        H5Service service;
        const auto id = open(service, file);
        QVERIFY(id != 0);
        QStringList groups {QStringLiteral("/")};
        QStringList tables;
        while (!groups.isEmpty()) {
            const QString group = groups.takeFirst();
            const H5Response listing = service.call(id, H5Request::listChildren(group));
            QVERIFY2(listing.ok(), qPrintable(listing.error.toString()));
            for (const H5Node& node : listing.children) {
                if (node.kind == NodeKind::Group && node.path != QLatin1String("/links/loop"))
                    groups << node.path;
                if (node.kind != NodeKind::Group && node.kind != NodeKind::Dataset)
                    continue;
                const auto ref = resolveTable(service, id, infoOf(service, id, node.path));
                const bool named = ref && ref->isNamed();
                QVERIFY2(named == !node.tableSummary.isEmpty(), qPrintable(node.path));
                if (named) {
                    QCOMPARE(ref->named->summary().kind, node.tableSummary.kind);
                    QCOMPARE(ref->named->summary().rows, node.tableSummary.rows);
                    QCOMPARE(ref->named->summary().columns, node.tableSummary.columns);
                    tables << node.path;
                }
            }
        }
        // The files with frames or names hold tables; the others none.
        const bool holdsTables = file != QLatin1String("everything") && !file.endsWith(QLatin1String(".nc"));
        QCOMPARE(!tables.isEmpty(), holdsTables);
        // And `check` reports the statistics of exactly those tables.
        const CliRun::Run check
            = CliRun::cli({QStringLiteral("check"), QStringLiteral("--json"), localPath(file)});
        QCOMPARE(check.status, QProcess::NormalExit);
        const QJsonDocument report = QJsonDocument::fromJson(check.out.toUtf8());
        const QJsonArray frames = report[QStringLiteral("files")][0][QStringLiteral("frames")].toArray();
        QStringList checked;
        for (const QJsonValue& frame : frames)
            checked << frame[QStringLiteral("path")].toString();
        tables.sort();
        checked.sort();
        QCOMPARE(checked, tables);
    }

    void theViewerCatAndExportReadTheSameTable_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("path");
        QTest::newRow("plain dataset") << "everything" << "/matrix";
        QTest::newRow("compound") << "everything" << "/nested";
        QTest::newRow("N-D dataset") << "everything" << "/cube";
        QTest::newRow("pandas fixed format") << pandas(QStringLiteral("frames_fixed.h5")) << "/df";
        QTest::newRow("pandas table format") << pandas(QStringLiteral("frames_table.h5")) << "/df";
        const QString oldPandas = pandas(QStringLiteral("old_pandas-1.5.3.h5"));
        QTest::newRow("PyTables table") << oldPandas << "/native/readout";
        QTest::newRow("group holding a PyTables table") << oldPandas << "/plain";
        QTest::newRow("matrix with column names") << "users" << "/data_f";
        QTest::newRow("netCDF variable") << netcdf(QStringLiteral("packed_climate.nc")) << "/temp";
        QTest::newRow("a DataFrame's block")
            << pandas(QStringLiteral("frames_fixed.h5")) << "/by_id/block0_values";
    }

    void theViewerCatAndExportReadTheSameTable()
    {
        QFETCH(QString, file);
        QFETCH(QString, path);
        H5Service service;
        const auto id = open(service, file);
        QVERIFY(id != 0);
        FileView view(service, id, QStringLiteral("t"));
        QVERIFY(shownAndResolved(view, path, false));
        QVERIFY(view.tableModel());
        const TableRef shown = view.tableModel()->tableRef();
        // Selected in the tree, it is the same table, by what the listing said of it.
        QVERIFY(shownAndResolved(view, path, true));
        QVERIFY(view.tableModel());
        QVERIFY(view.tableModel()->tableRef() == shown);
        // What `cat` and `export` resolve, in this process: the same table, except that they write
        // an N-D dataset whole where the viewer shows one 2-D view of it.
        const ObjectInfo info = infoOf(service, id, path);
        const auto cli = resolveTable(service, id, info, *TableOptions::ofCommandLine(info, {}, false));
        QVERIFY2(cli.ok(), qPrintable(problem(cli)));
        TableRef expected = *cli;
        expected.everyElement = false;
        QVERIFY2(shown == expected,
            qPrintable(QStringLiteral("viewer: %1, cli: %2").arg(shown.summary(), cli->summary())));
        // And the programs themselves: the viewer's export of the whole object is `export`'s CSV,
        // and `cat` heads its table with the same columns.
        const QString target = localPath(file) + QLatin1Char(':') + path;
        QTemporaryDir out;
        const QString viewerCsv = out.filePath(QStringLiteral("viewer.csv"));
        const QString cliCsv = out.filePath(QStringLiteral("cli.csv"));
        const Error error = ViewerWaits::exportedCsv(view, viewerCsv, CsvOptions {}, ExportScope::Whole);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        const CliRun::Run exported
            = CliRun::cli({QStringLiteral("export"), target, QStringLiteral("-o"), cliCsv});
        QVERIFY2(exported.ok(), qPrintable(exported.err));
        QCOMPARE(H5Fixtures::readAll(cliCsv), H5Fixtures::readAll(viewerCsv));
        const CliRun::Run cat
            = CliRun::cli({QStringLiteral("cat"), target, QStringLiteral("--head"), QStringLiteral("1")});
        QVERIFY2(cat.ok(), qPrintable(cat.err));
        for (const ColumnSpec& column : cli->sourceFactory(service)()->columns()) {
            const QString missing = column.name + QStringLiteral(" is not in ") + cat.out;
            QVERIFY2(cat.out.contains(column.name), qPrintable(missing));
        }
    }
};

QTEST_MAIN(tst_TableResolver)
#include "tst_tableresolver.moc"

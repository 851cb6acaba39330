// SPDX-License-Identifier: MIT
// The root group "/" is the tree's top item, and its attributes (a file's global attributes) show.
#include "attributesmodel.h"
#include "errorbanner.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "mainwindow.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace H5Hdfs;

namespace {

/// The attributes shown, as "name = value" lines.
QStringList shownAttributes(const AttributesModel* model)
{
    QStringList lines;
    for (int r = 0; r < model->rowCount(); ++r)
        lines << model->index(r, AttributesModel::NameColumn).data().toString() + QStringLiteral(" = ")
                + model->index(r, AttributesModel::ValueColumn).data().toString();
    return lines;
}

} // namespace

class tst_H5TreeRoot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_h5treeroot"));
        QSettings().clear();
    }

    void theRootGroupIsTheTreesOneTopItem()
    {
        QTemporaryDir dir;
        auto bytes = ImageBuffer::readFile(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5"))));
        QVERIFY(bytes.ok());
        H5Service service;
        H5TreeModel model(service, service.addImage(*bytes, QStringLiteral("e.h5")));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(root, model.rootIndex());
        QCOMPARE(root.data().toString(), QStringLiteral("/"));
        QCOMPARE(root.data(H5TreeModel::PathRole).toString(), QStringLiteral("/"));
        QCOMPARE(
            root.siblingAtColumn(H5TreeModel::KindColumn).data().toString(), QStringLiteral("root group"));
        QVERIFY(!model.parent(root).isValid());
        // Its members are listed under it, at once; deeper groups when asked for
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(ViewerWaits::memberNamed(&model, QStringLiteral("matrix")).isValid());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex links = ViewerWaits::memberNamed(&model, QStringLiteral("links"));
        QCOMPARE(model.parent(links), root);
        QCOMPARE(model.indexOfPath(QStringLiteral("/links")), links);
        model.fetchMore(links); // (Qt 6.4's model tester lists every group too)
        QTRY_VERIFY(model.indexOfPath(QStringLiteral("/links/soft")).isValid());
        QCOMPARE(model.indexOfPath(QStringLiteral("/links/soft")).data().toString(), QStringLiteral("soft"));
        QCOMPARE(model.indexOfPath(QStringLiteral("/")), root);
    }

    void theRootsAttributesShow_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QStringList>("attributes");
        // netCDF-4 global attributes, written by libnetcdf (ncgen)
        QTest::newRow("netCDF-4") << TestPaths::sourceDir()
                + QStringLiteral("/tests/data/netcdf/ocean_globals.nc")
                                  << QStringLiteral("temperature")
                                  << QStringList {QStringLiteral("title = Ocean temperature profiles"),
                                         QStringLiteral("Conventions = CF-1.8"),
                                         QStringLiteral("station_id = [42]")};
        // The HDF5 library's own test file with attributes on the root group
        QTest::newRow("tattr.h5") << TestPaths::corpus() + QStringLiteral("/hdf5/tools/testfiles/tattr.h5")
                                  << QString()
                                  << QStringList {QStringLiteral("attr4 = 100"),
                                         QStringLiteral("attr5 = string attribute")};
    }

    void theRootsAttributesShow()
    {
        QFETCH(QString, file);
        QFETCH(QString, member);
        QFETCH(QStringList, attributes);
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openLocalFile(file);
        QVERIFY(opened.wait(5000));
        FileView* view = window.currentFileView();
        QTreeView* tree = view->treeView();
        const QModelIndex root = view->treeModel()->rootIndex();
        QCOMPARE(tree->model()->index(0, 0), root);
        QVERIFY(tree->isExpanded(root)); // its members show without a click
        if (!member.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(ViewerWaits::memberNamed(view->treeModel(), member).isValid(), 5000);
            QVERIFY(tree->visualRect(ViewerWaits::memberNamed(view->treeModel(), member)).isValid());
        }
        QSignalSpy shown(view, &FileView::detailsShown);
        tree->setCurrentIndex(root);
        QVERIFY(shown.wait(5000));
        const QStringList lines = shownAttributes(view->attributesModel());
        for (const QString& expected : attributes)
            QVERIFY2(lines.contains(expected), qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY(view->detailsText().contains(QStringLiteral("group")));
        QVERIFY2(window.errorBanner()->message().isEmpty(), qPrintable(window.errorBanner()->message()));
    }
};

QTEST_MAIN(tst_H5TreeRoot)
#include "tst_h5treeroot.moc"

// SPDX-License-Identifier: MIT
// netCDF-4 and the CF conventions: dimension names and coordinate labels from the dimension scales,
// packed variables unpacked and masked in the table, export and check (raw on request), and
// netCDF's bookkeeping attributes hidden unless Raw. The fixture, tests/data/netcdf/packed_climate.nc,
// is written by libnetcdf itself (ncgen, from packed_climate.cdl beside it).
#include "attributesmodel.h"
#include "clirun.h"
#include "datasettablemodel.h"
#include "fileview.h"
#include "h5treemodel.h"
#include "imagebuffer.h"
#include "mainwindow.h"
#include "service/h5service.h"
#include "service/netcdfattributes.h"
#include "testpaths.h"
#include "viewerwaits.h"

#include <QCheckBox>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <cmath>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <vector>

using namespace H5Hdfs;

namespace {

QString fixture()
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/data/netcdf/packed_climate.nc");
}

/// temp(time, lat, lon) at time 0: rows are lat, columns lon.
PageRequest firstTime(bool unpack, bool labels, qint64 rowStart = 0, qint64 rows = 4)
{
    PageRequest page;
    page.view.rowDim = 1;
    page.view.colDim = 2;
    page.view.index = {0, 0, 0};
    page.rowStart = rowStart;
    page.rowCount = rows;
    page.colCount = 5;
    page.unpack = unpack;
    page.labels = labels;
    return page;
}

QStringList attributeNames(const QList<Attribute>& attributes)
{
    QStringList names;
    for (const Attribute& a : attributes)
        names << a.name;
    return names;
}

QString readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

constexpr hsize_t kHugeRows = 3'000'000'000ULL;
constexpr hsize_t kHugeChunk = 4096;

// A 3e9-element chunked dataset of which only the last chunk is written: element i = i * step.
hid_t writeHugeColumn(hid_t file, const char* name, hid_t type, double step)
{
    const hsize_t dims[1] = {kHugeRows};
    const hsize_t chunk[1] = {kHugeChunk};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, chunk);
    const hid_t dataset = H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    std::vector<double> values(kHugeChunk);
    for (hsize_t i = 0; i < kHugeChunk; ++i)
        values[i] = double(kHugeRows - kHugeChunk + i) * step;
    const hsize_t start[1] = {kHugeRows - kHugeChunk};
    H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, chunk, nullptr);
    const hid_t memory = H5Screate_simple(1, chunk, nullptr);
    H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, values.data());
    H5Sclose(memory);
    H5Pclose(dcpl);
    H5Sclose(space);
    return dataset;
}

// Dimension scales as the HDF5 Dimension Scales API (h5py's make_scale) writes them: a 3e9-row
// variable /v whose dimension is the scale /x ("x", element i = i / 2).
QString writeHugeScale(const QString& path)
{
    const hid_t file = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t x = writeHugeColumn(file, "x", H5T_IEEE_F64LE, 0.5);
    const hid_t v = writeHugeColumn(file, "v", H5T_STD_I64LE, 1);
    H5DSset_scale(x, "x");
    H5DSattach_scale(v, x, 0);
    H5Dclose(v);
    H5Dclose(x);
    H5Fclose(file);
    return path;
}

// temp at time 0 as xarray decodes it (float64: stored * 0.01 + 273.15, Python's repr; _FillValue
// -32767 and missing_value -32766 missing, written empty), computed with Python's floats.
const QString kUnpackedFirstTime = QStringLiteral(
    "0,1,2,3,4\n"
    "273.15,274.15,272.15,298.15,\n"
    "273.15999999999997,273.16999999999996,273.17999999999995,273.19,273.2\n"
    ",273.25,273.34999999999997,273.45,273.54999999999995\n"
    "263.15,253.14999999999998,285.48999999999995,329.92999999999995,600.8199999999999\n");
const QString kRawFirstTime = QStringLiteral("0,1,2,3,4\n"
                                             "0,100,-100,2500,-32767\n"
                                             "1,2,3,4,5\n"
                                             "-32766,10,20,30,40\n"
                                             "-1000,-2000,1234,5678,32767\n");

} // namespace

class tst_NetCdf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("h5hdfs-tests"));
        auto bytes = ImageBuffer::readFile(fixture());
        QVERIFY(bytes);
        m_file = m_service.addImage(*bytes, QStringLiteral("packed_climate.nc"));
    }

    void variablesNameTheirDimensions()
    {
        const H5Response temp = m_service.call(m_file, H5Request::info(QStringLiteral("/temp")));
        QVERIFY2(temp.ok(), qPrintable(temp.error.toString()));
        const DatasetInfo& d = temp.info.dataset;
        QCOMPARE(d.dimensions, (QStringList {"time", "lat", "lon"}));
        QCOMPARE(d.dimensionScales, (QStringList {"/time", "/lat", "/lon"}));
        // nv is a netCDF dimension without a variable: named, but its scale holds no values
        const H5Response bounds = m_service.call(m_file, H5Request::info(QStringLiteral("/lat_bnds")));
        QCOMPARE(bounds.info.dataset.dimensions, (QStringList {"lat", "nv"}));
        QCOMPARE(bounds.info.dataset.dimensionScales, (QStringList {"/lat", ""}));
        // A coordinate variable is its own dimension, lat(lat), which its values need not label
        const H5Response lat = m_service.call(m_file, H5Request::info(QStringLiteral("/lat")));
        QCOMPARE(lat.info.dataset.dimensions, QStringList {"lat"});
        QVERIFY(lat.info.dataset.dimensionScales.isEmpty());
        const H5Response nv = m_service.call(m_file, H5Request::info(QStringLiteral("/nv")));
        QCOMPARE(nv.info.dataset.dimensions, QStringList {"nv"});
        // The listing carries the names, for the tree
        const H5Response listing = m_service.call(m_file, H5Request::listChildren(QStringLiteral("/")));
        QVERIFY(listing.ok());
        for (const H5Node& node : listing.children) {
            if (node.name == QLatin1String("temp"))
                QCOMPARE(node.dimensions, (QStringList {"time", "lat", "lon"}));
        }
    }

    void packingIsDescribed()
    {
        const H5Response temp = m_service.call(m_file, H5Request::info(QStringLiteral("/temp")));
        const DatasetInfo& d = temp.info.dataset;
        QCOMPARE(d.packing,
            QStringLiteral("× 0.01 + 273.15; missing: _FillValue -32767, missing_value -32766"));
        QCOMPARE(d.unpackedKind, CellKind::Float64);
        QCOMPARE(d.cfShown().fields.value(0).kind, CellKind::Float64);
        QVERIFY(d.cfShown().cfView);
        QCOMPARE(d.fields.value(0).kind, CellKind::Int); // as stored
        // A float masked by its _FillValue stays float32
        const H5Response precip = m_service.call(m_file, H5Request::info(QStringLiteral("/precip")));
        QCOMPARE(precip.info.dataset.packing, QStringLiteral("missing: _FillValue -999"));
        QCOMPARE(precip.info.dataset.unpackedKind, CellKind::Float32);
        // Neither packed nor attached to scales: shown as it is
        const H5Response time = m_service.call(m_file, H5Request::info(QStringLiteral("/time")));
        QVERIFY(time.info.dataset.packing.isEmpty());
        QVERIFY(!time.info.dataset.cfShown().cfView);
    }

    void pagesUnpackAndMaskOnRequest()
    {
        const H5Response raw
            = m_service.call(m_file, H5Request::readPage(QStringLiteral("/temp"), firstTime(false, false)));
        QVERIFY2(raw.ok(), qPrintable(raw.error.toString()));
        QCOMPARE(raw.page.columns[4].kind, CellKind::Int);
        QCOMPARE(raw.page.value(0, 4).toLongLong(), -32767);
        const H5Response values
            = m_service.call(m_file, H5Request::readPage(QStringLiteral("/temp"), firstTime(true, false)));
        QVERIFY2(values.ok(), qPrintable(values.error.toString()));
        QCOMPARE(values.page.columns[0].kind, CellKind::Float64);
        QCOMPARE(values.page.value(0, 0).toDouble(), 0 * 0.01 + 273.15);
        QCOMPARE(values.page.value(3, 1).toDouble(), -2000 * 0.01 + 273.15);
        QVERIFY(std::isnan(values.page.value(0, 4).toDouble())); // _FillValue
        QVERIFY(std::isnan(values.page.value(2, 0).toDouble())); // missing_value
        QVERIFY(values.page.rowLabels.isEmpty()); // not asked for

        PageRequest precipPage = firstTime(true, false);
        precipPage.view = DimView::defaultFor(2);
        const H5Response precip
            = m_service.call(m_file, H5Request::readPage(QStringLiteral("/precip"), precipPage));
        QCOMPARE(precip.page.columns[2].kind, CellKind::Float32);
        QVERIFY(std::isnan(precip.page.value(0, 2).toDouble()));
        QCOMPARE(precip.page.value(0, 1).toDouble(), 1.25);
    }

    void pagesCarryTheirCoordinates()
    {
        const H5Response page
            = m_service.call(m_file, H5Request::readPage(QStringLiteral("/temp"), firstTime(true, true)));
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QCOMPARE(page.page.rowLabels, (QStringList {"-45", "-15", "15", "45"}));
        QCOMPARE(page.page.columnLabels, (QStringList {"0", "72", "144", "216", "288"}));
        // Only the page's own positions are read
        const H5Response lower = m_service.call(
            m_file, H5Request::readPage(QStringLiteral("/temp"), firstTime(true, true, 2, 2)));
        QCOMPARE(lower.page.rowLabels, (QStringList {"15", "45"}));
        // time down the side: the time coordinate's values
        PageRequest byTime = firstTime(true, true, 0, 3);
        byTime.view.rowDim = 0;
        const H5Response times = m_service.call(m_file, H5Request::readPage(QStringLiteral("/temp"), byTime));
        QCOMPARE(times.page.rowLabels, (QStringList {"0", "6", "12"}));
        // nv has no coordinate variable: its columns keep their numbers
        PageRequest boundsPage = firstTime(true, true, 0, 4);
        boundsPage.view = DimView::defaultFor(2);
        boundsPage.colCount = 2;
        const H5Response bounds
            = m_service.call(m_file, H5Request::readPage(QStringLiteral("/lat_bnds"), boundsPage));
        QCOMPARE(bounds.page.rowLabels, (QStringList {"-45", "-15", "15", "45"}));
        QVERIFY(bounds.page.columnLabels.isEmpty());
    }

    void hugeScalesAreReadOnlyForThePage()
    {
        QTemporaryDir dir;
        auto bytes = ImageBuffer::readFile(writeHugeScale(dir.filePath(QStringLiteral("huge.h5"))));
        QVERIFY(bytes);
        H5Service service;
        service.setRequestTimeout(std::chrono::seconds(5)); // all 3e9 coordinates would take minutes
        const auto file = service.addImage(*bytes, QStringLiteral("huge.h5"));
        const H5Response v = service.call(file, H5Request::info(QStringLiteral("/v")));
        QCOMPARE(v.info.dataset.dimensions, QStringList {"x"});
        QCOMPARE(v.info.dataset.dimensionScales, QStringList {"/x"});
        PageRequest page;
        page.view = DimView::defaultFor(1);
        page.rowStart = qint64(kHugeRows) - 256;
        page.rowCount = 256;
        page.colCount = 1;
        page.labels = true;
        const H5Response last = service.call(file, H5Request::readPage(QStringLiteral("/v"), page));
        QVERIFY2(last.ok(), qPrintable(last.error.toString()));
        QCOMPARE(last.page.rowLabels.size(), 256);
        QCOMPARE(last.page.rowLabels.last(), QStringLiteral("1499999999.5"));
        QCOMPARE(last.page.value(255, 0).toLongLong(), qint64(kHugeRows) - 1);
        page.rowStart = 0;
        const H5Response first = service.call(file, H5Request::readPage(QStringLiteral("/v"), page));
        QCOMPARE(first.page.rowLabels.first(), QStringLiteral("0")); // never written: the fill value
    }

    void bookkeepingAttributesHideUnlessRaw()
    {
        const H5Response lat = m_service.call(m_file, H5Request::info(QStringLiteral("/lat")));
        const QList<Attribute>& all = lat.info.attributes;
        QCOMPARE(attributeNames(NetCdfAttributes::shown(all, false)), QStringList {"units"});
        QCOMPARE(attributeNames(NetCdfAttributes::shown(all, true)),
            (QStringList {
                "CLASS", "NAME", "REFERENCE_LIST", "_Netcdf4Coordinates", "_Netcdf4Dimid", "units"}));
        const H5Response temp = m_service.call(m_file, H5Request::info(QStringLiteral("/temp")));
        const QStringList shown = attributeNames(NetCdfAttributes::shown(temp.info.attributes, false));
        QVERIFY(!shown.contains(QStringLiteral("DIMENSION_LIST")));
        QVERIFY(!shown.contains(QStringLiteral("_Netcdf4Coordinates")));
        QVERIFY(shown.contains(QStringLiteral("scale_factor")));
        QVERIFY(shown.contains(QStringLiteral("_FillValue")));
        const H5Response root = m_service.call(m_file, H5Request::info(QStringLiteral("/")));
        QCOMPARE(attributeNames(NetCdfAttributes::shown(root.info.attributes, false)),
            (QStringList {"Conventions", "title"}));
        // A NAME of an object that is no dimension scale is the user's own
        const QList<Attribute> own {{QStringLiteral("NAME"), {}, {}, QStringLiteral("probe 7")}};
        QCOMPARE(attributeNames(NetCdfAttributes::shown(own, false)), QStringList {"NAME"});
    }

    void exportUnpacksUnlessRaw()
    {
        QTemporaryDir dir;
        const QString target = fixture() + QStringLiteral(":/temp");
        const QString values = dir.filePath(QStringLiteral("values.csv"));
        const CliRun::Run run = CliRun::cli({"export", target, "--slice", "0,:,:", "-o", values});
        QVERIFY2(run.ok(), qPrintable(run.err));
        QCOMPARE(readText(values), kUnpackedFirstTime);
        const QString raw = dir.filePath(QStringLiteral("raw.csv"));
        const CliRun::Run rawRun = CliRun::cli({"export", target, "--slice", "0,:,:", "--raw", "-o", raw});
        QVERIFY2(rawRun.ok(), qPrintable(rawRun.err));
        QCOMPARE(readText(raw), kRawFirstTime);
        // The whole variable, one row per element: its first row and the masked last ones
        const QString whole = dir.filePath(QStringLiteral("whole.csv"));
        QVERIFY(CliRun::cli({"export", target, "-o", whole}).ok());
        const QStringList lines = readText(whole).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 60);
        QCOMPARE(lines[1], QStringLiteral("0,0,0,273.15"));
        QCOMPARE(lines[41], QStringLiteral("2,0,0,")); // temp[2][0][0] = _FillValue
        // cat shows the same values
        const CliRun::Run cat = CliRun::cli({"cat", target, "--slice", "0,:,:"});
        QVERIFY2(cat.ok(), qPrintable(cat.err));
        QVERIFY2(cat.out.contains(QStringLiteral("298.15")), qPrintable(cat.out));
        QVERIFY(!cat.out.contains(QStringLiteral("2500")));
    }

    void checkReportsValues()
    {
        const CliRun::Run run = CliRun::cli({"check", fixture(), "--json"});
        QVERIFY2(run.ok(), qPrintable(run.err + run.out));
        // The stored extremes -2000 and 32767 are 253.15 and 600.82 K; the 9 + 1 + 1 fill and
        // missing values are missing, not numbers
        QVERIFY2(run.out.contains(QStringLiteral("253.14999999999998")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("600.8199999999999")));
        QVERIFY(!run.out.contains(QStringLiteral("32767")));
    }

    void treeNamesDimensions()
    {
        H5TreeModel model(m_service, m_file);
        const QModelIndex root = model.rootIndex();
        QTRY_VERIFY(model.rowCount(root) > 0);
        QString shape;
        for (int r = 0; r < model.rowCount(root); ++r) {
            if (model.index(r, H5TreeModel::NameColumn, root).data().toString() == QLatin1String("temp"))
                shape = model.index(r, H5TreeModel::ShapeColumn, root).data().toString();
        }
        QCOMPARE(shape, QStringLiteral("time=3 × lat=4 × lon=5"));
    }

    void viewerLabelsRowsAndColumnsUntilRaw()
    {
        MainWindow window;
        FileView* view = ViewerWaits::openedView(window, fixture());
        QVERIFY(view);
        const QModelIndex temp = ViewerWaits::memberNamed(view->treeModel(), QStringLiteral("temp"));
        view->treeView()->setCurrentIndex(temp); // as a click on it does
        QTRY_VERIFY_WITH_TIMEOUT(
            view->tableModel() && view->tableModel()->path() == QLatin1String("/temp"), 5000);
        DatasetTableModel* table = view->tableModel();
        // The view shows time 0: latitudes down the side, longitudes across, values unpacked
        QTRY_VERIFY_WITH_TIMEOUT(table->index(0, 3).data().toString() == QLatin1String("298.15"), 5000);
        QCOMPARE(table->headerData(0, Qt::Vertical, Qt::DisplayRole).toString(), QStringLiteral("-45"));
        QCOMPARE(table->headerData(3, Qt::Vertical, Qt::DisplayRole).toString(), QStringLiteral("45"));
        QCOMPARE(table->headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("72"));
        QCOMPARE(table->headerData(1, Qt::Horizontal, Qt::ToolTipRole).toString(),
            QStringLiteral("lon = 72 (column 1)"));
        QVERIFY(table->index(0, 4).data().toString() != QLatin1String("-32767"));
        QVERIFY(!attributeNames(attributesOf(view)).contains(QStringLiteral("DIMENSION_LIST")));
        QVERIFY(view->detailsText().contains(QStringLiteral("time=3 × lat=4 × lon=5")));
        QCOMPARE(table->summary(), QStringLiteral("values unpacked (CF): × 0.01 + 273.15; missing: "
                                                  "_FillValue -32767, missing_value -32766"));

        view->rawTablesToggle()->setChecked(true); // as stored
        QTRY_VERIFY(view->tableModel() && !view->tableModel()->datasetInfo().cfView);
        table = view->tableModel();
        QTRY_VERIFY_WITH_TIMEOUT(table->index(0, 4).data().toString() == QLatin1String("-32767"), 5000);
        QCOMPARE(table->headerData(0, Qt::Vertical, Qt::DisplayRole).toString(), QStringLiteral("0"));
        QCOMPARE(table->headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("1"));
        QVERIFY(table->summary().isEmpty());
        QVERIFY(attributeNames(attributesOf(view)).contains(QStringLiteral("DIMENSION_LIST")));
        view->rawTablesToggle()->setChecked(false);
    }

private:
    static QList<Attribute> attributesOf(FileView* view)
    {
        QList<Attribute> list;
        const AttributesModel* model = view->attributesModel();
        for (int r = 0; r < model->rowCount(); ++r)
            list.append({model->index(r, AttributesModel::NameColumn).data().toString(), {}, {}, {}});
        return list;
    }

    H5Service m_service;
    H5Service::FileId m_file = 0;
};

QTEST_MAIN(tst_NetCdf)
#include "tst_netcdf.moc"

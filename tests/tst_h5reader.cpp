// SPDX-License-Identifier: MIT
#include "h5fileimage.h"
#include "h5fixtures.h"
#include "h5reader.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace H5Hdfs;

namespace {

QString describe(const Error& e)
{
    return e.toString();
}

} // namespace

class tst_H5Reader : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<H5FileImage> m_image;

    [[nodiscard]] const H5Reader reader() const { return H5Reader(*m_image); }

    ObjectInfo info(const QString& path)
    {
        auto r = reader().info(path);
        if (!r.ok())
            qWarning() << path << describe(r.error());
        return r.ok() ? *r : ObjectInfo {};
    }

    // Every cell of a dataset's default table view, as text, row by row.
    QStringList cells(const QString& path, DimView view = {}, bool* ok = nullptr)
    {
        const ObjectInfo object = info(path);
        if (view.rowDim < 0 && object.dataset.rank() > 0)
            view = DimView::defaultFor(object.dataset.rank());
        const TableGeometry g = TableGeometry::of(object.dataset, view);
        auto page = reader().readPage(path, {view, 0, g.rows, 0, g.cols});
        if (ok)
            *ok = page.ok();
        if (!page.ok()) {
            qWarning() << path << describe(page.error());
            return {};
        }
        QStringList out;
        for (qint64 r = 0; r < page->rowCount; ++r)
            for (qint64 c = 0; c < page->colCount; ++c)
                out << page->text(r, c);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = H5Fixtures::writeEverything(m_dir.filePath(QStringLiteral("everything.h5")));
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        auto image = H5FileImage::open(*bytes);
        QVERIFY2(image.ok(), qPrintable(image.ok() ? QString() : image.error().toString()));
        m_image = std::move(image).value();
    }

    void typeNamesAreReadable_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("typeName");
        QTest::newRow("int8") << "/ints/i8"
                              << "int8";
        QTest::newRow("int16 BE") << "/ints/i16be"
                                  << "int16 BE";
        QTest::newRow("uint32 BE") << "/ints/u32"
                                   << "uint32 BE";
        QTest::newRow("uint64") << "/ints/u64"
                                << "uint64";
        QTest::newRow("float16") << "/floats/f16"
                                 << "float16";
        QTest::newRow("float32") << "/floats/f32"
                                 << "float32";
        QTest::newRow("float64 BE") << "/floats/f64be"
                                    << "float64 BE";
        QTest::newRow("vlen utf8") << "/strings/vlen_utf8"
                                   << "string (vlen, UTF-8)";
        QTest::newRow("fixed space-padded") << "/strings/spacepad"
                                            << "string (fixed 5, ASCII, space-padded)";
        QTest::newRow("compound") << "/compound"
                                  << "compound {x: int32, y: float64}";
        QTest::newRow("nested") << "/nested"
                                << "compound {id: int32, pos: compound {x: float64, y: float64}}";
        QTest::newRow("enum") << "/enum"
                              << "enum int8 {RED=0, GREEN=1, BLUE=2}";
        QTest::newRow("array") << "/array_elements"
                               << "array[3] of int16";
        QTest::newRow("array member") << "/with_array"
                                      << "compound {id: int32, v: array[3] of float32}";
        QTest::newRow("reference") << "/refs"
                                   << "reference (object)";
        QTest::newRow("opaque") << "/opaque"
                                << "opaque (raw bytes)";
        QTest::newRow("bitfield") << "/bits"
                                  << "bitfield8";
        QTest::newRow("vlen sequence") << "/vlen_ints"
                                       << "vlen sequence of int32";
    }
    void typeNamesAreReadable()
    {
        QFETCH(QString, path);
        QFETCH(QString, typeName);
        QCOMPARE(info(path).dataset.typeName, typeName);
    }

    void valuesDecodeForEveryType_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("int8") << "/ints/i8" << QStringList {"-2", "-1", "0", "1", "2"};
        QTest::newRow("int16 BE") << "/ints/i16be" << QStringList {"-2", "-1", "0", "1", "2"};
        QTest::newRow("uint32 BE") << "/ints/u32" << QStringList {"0", "1", "2", "3", "4"};
        QTest::newRow("float16") << "/floats/f16" << QStringList {"0.5", "-1.25", "2", "-0", "65504"};
        QTest::newRow("float32 shortest")
            << "/floats/f32" << QStringList {"0.5", "-1.25", "0.1", "NaN", "Inf"};
        QTest::newRow("float64") << "/floats/f64" << QStringList {"0.5", "-1.25", "0.1", "NaN", "Inf"};
        QTest::newRow("float64 BE") << "/floats/f64be" << QStringList {"0.5", "-1.25", "0.1", "NaN", "Inf"};
        QTest::newRow("null-terminated") << "/strings/nullterm" << QStringList {"ab", "", "full!"};
        QTest::newRow("null-padded, full width") << "/strings/nullpad" << QStringList {"ab", "", "full!"};
        QTest::newRow("space-padded") << "/strings/spacepad" << QStringList {"ab", "", "full!"};
        QTest::newRow("utf-8 fixed") << "/strings/utf8_fixed" << QStringList {"Zoë", "γάμ", "日本"};
        QTest::newRow("vlen ascii") << "/strings/vlen_ascii" << QStringList {"one", "", "three, with comma"};
        QTest::newRow("vlen utf-8") << "/strings/vlen_utf8"
                                    << QStringList {"Zoë", "quote \" inside", "line\nbreak"};
        QTest::newRow("enum by name") << "/enum" << QStringList {"RED", "GREEN", "BLUE", "GREEN"};
        QTest::newRow("bool enum") << "/bool" << QStringList {"TRUE", "FALSE", "TRUE"};
        QTest::newRow("bitfield") << "/bits" << QStringList {"1", "2", "255"};
        QTest::newRow("compound") << "/compound" << QStringList {"1", "1.5", "2", "-2.5", "3", "1e+300"};
        QTest::newRow("nested compound") << "/nested" << QStringList {"7", "0.25", "0.75", "8", "-1", "1"};
        QTest::newRow("array member")
            << "/with_array" << QStringList {"1", "0.5", "1.5", "2.5", "2", "-1", "-2", "-3"};
        QTest::newRow("complex") << "/complex" << QStringList {"1", "-1", "0.5", "2"};
        QTest::newRow("array elements") << "/array_elements" << QStringList {"1", "2", "3", "4", "5", "6"};
        QTest::newRow("vlen sequence") << "/vlen_ints" << QStringList {"[1, 2, 3]", "[]"};
        QTest::newRow("opaque") << "/opaque" << QStringList {"0xdeadbeef", "0x00010203"};
        QTest::newRow("object references") << "/refs" << QStringList {"/ints", "/matrix"};
        QTest::newRow("scalar") << "/scalar" << QStringList {"42"};
        QTest::newRow("2-D") << "/matrix"
                             << QStringList {
                                    "0", "1", "2", "3", "10", "11", "12", "13", "20", "21", "22", "23"};
        QTest::newRow("empty") << "/empty" << QStringList {};
        QTest::newRow("null space") << "/null" << QStringList {};
        QTest::newRow("compact") << "/layouts/compact"
                                 << QStringList {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        QTest::newRow("chunked deflate")
            << "/layouts/chunked_deflate" << QStringList {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        QTest::newRow("through soft link")
            << "/links/soft"
            << QStringList {"0", "1", "2", "3", "10", "11", "12", "13", "20", "21", "22", "23"};
    }
    void valuesDecodeForEveryType()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, expected);
        bool ok = false;
        const QStringList actual = cells(path, {}, &ok);
        QVERIFY(ok);
        QCOMPARE(actual, expected);
    }

    void compoundFieldsFlattenToDottedColumns()
    {
        QStringList names;
        for (const ColumnSpec& c : info(QStringLiteral("/nested")).dataset.fields)
            names << c.name;
        QCOMPARE(names, (QStringList {"id", "pos.x", "pos.y"}));
        names.clear();
        for (const ColumnSpec& c : info(QStringLiteral("/with_array")).dataset.fields)
            names << c.name;
        QCOMPARE(names, (QStringList {"id", "v[0]", "v[1]", "v[2]"}));
    }

    void cellsKeepTheirNumericKinds()
    {
        auto page = reader().readPage(QStringLiteral("/compound"), {DimView::defaultFor(1), 0, 3, 0, 2});
        QVERIFY(page.ok());
        QCOMPARE(page->columns[0].kind, CellKind::Int);
        QCOMPARE(page->columns[1].kind, CellKind::Float64);
        QCOMPARE(page->columns[1].reals[2], 1e300);
        auto f32 = reader().readPage(QStringLiteral("/floats/f32"), {DimView::defaultFor(1), 0, 5, 0, 1});
        QVERIFY(f32.ok());
        QCOMPARE(f32->columns[0].kind, CellKind::Float32);
        QCOMPARE(float(f32->columns[0].reals[2]), 0.1f);
        QVERIFY(std::isnan(f32->columns[0].reals[3]));
    }

    void nDimensionalSlicesPickAnyTwoDimensions_data()
    {
        QTest::addColumn<int>("rowDim");
        QTest::addColumn<int>("colDim");
        QTest::addColumn<QList<qint64>>("index");
        QTest::addColumn<QStringList>("expected");
        // cube[i][j][k] = 100i + 10j + k, shape 2 x 3 x 4
        QTest::newRow("rows j, cols k, i=1") << 1 << 2 << QList<qint64> {1, 0, 0}
                                             << QStringList {"100", "101", "102", "103", "110", "111", "112",
                                                    "113", "120", "121", "122", "123"};
        QTest::newRow("rows k, cols j (transposed), i=0")
            << 2 << 1 << QList<qint64> {0, 0, 0}
            << QStringList {"0", "10", "20", "1", "11", "21", "2", "12", "22", "3", "13", "23"};
        QTest::newRow("rows i, cols k, j=2")
            << 0 << 2 << QList<qint64> {0, 2, 0}
            << QStringList {"20", "21", "22", "23", "120", "121", "122", "123"};
        QTest::newRow("rows j only, i=1, k=3")
            << 1 << -1 << QList<qint64> {1, 0, 3} << QStringList {"103", "113", "123"};
    }
    void nDimensionalSlicesPickAnyTwoDimensions()
    {
        QFETCH(int, rowDim);
        QFETCH(int, colDim);
        QFETCH(QList<qint64>, index);
        QFETCH(QStringList, expected);
        bool ok = false;
        QCOMPARE(cells(QStringLiteral("/cube"), DimView {rowDim, colDim, index}, &ok), expected);
        QVERIFY(ok);
    }

    void pagesReadAnyRectangle()
    {
        auto page = reader().readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 1, 2, 2, 2});
        QVERIFY(page.ok());
        QCOMPARE(page->text(0, 0), QStringLiteral("12"));
        QCOMPARE(page->text(1, 1), QStringLiteral("23"));
        // A compound page starting in the middle of an element's fields
        auto fields = reader().readPage(QStringLiteral("/with_array"), {DimView::defaultFor(1), 1, 1, 2, 2});
        QVERIFY(fields.ok());
        QCOMPARE(fields->text(0, 0), QStringLiteral("-2"));
        QCOMPARE(fields->text(0, 1), QStringLiteral("-3"));
    }

    void pagesOutsideTheDatasetAreRefused_data()
    {
        QTest::addColumn<PageRequest>("page");
        QTest::newRow("rows past the end") << PageRequest {DimView::defaultFor(2), 2, 2, 0, 4};
        QTest::newRow("negative start") << PageRequest {DimView::defaultFor(2), -1, 1, 0, 1};
        QTest::newRow("columns past the end") << PageRequest {DimView::defaultFor(2), 0, 1, 3, 2};
        QTest::newRow("same dimension twice") << PageRequest {DimView {0, 0, {0, 0}}, 0, 1, 0, 1};
        QTest::newRow("dimension out of rank") << PageRequest {DimView {0, 2, {0, 0}}, 0, 1, 0, 1};
    }
    void pagesOutsideTheDatasetAreRefused()
    {
        QFETCH(PageRequest, page);
        auto result = reader().readPage(QStringLiteral("/matrix"), page);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Error::Code::OutOfRange);
    }

    void linksAreListedWithTargetsAndNeverFollowedOutward()
    {
        auto children = reader().children(QStringLiteral("/links"));
        QVERIFY(children.ok());
        QHash<QString, H5Node> byName;
        for (const H5Node& n : *children)
            byName.insert(n.name, n);
        QCOMPARE(byName.size(), 4);
        QCOMPARE(byName["soft"].kind, NodeKind::SoftLink);
        QCOMPARE(byName["soft"].linkTarget, QStringLiteral("/matrix"));
        QCOMPARE(byName["soft"].targetKind, NodeKind::Dataset);
        QCOMPARE(byName["dangling"].kind, NodeKind::DanglingLink);
        QCOMPARE(byName["dangling"].linkTarget, QStringLiteral("/nowhere"));
        QCOMPARE(byName["external"].kind, NodeKind::ExternalLink);
        QCOMPARE(byName["external"].linkTarget, QStringLiteral("other.h5:/data"));
        // The hard link back to the root is a group with the root's address: walkers can stop there.
        QCOMPARE(byName["loop"].kind, NodeKind::Group);
        auto root = reader().info(QStringLiteral("/"));
        QVERIFY(root.ok());
        auto rootChildren = reader().children(QStringLiteral("/"));
        QVERIFY(rootChildren.ok());
        auto linksGroup = std::find_if(rootChildren->begin(), rootChildren->end(),
            [](const H5Node& n) { return n.name == QLatin1String("links"); });
        QVERIFY(linksGroup != rootChildren->end());
        QVERIFY(byName["loop"].address != 0);
        QVERIFY(byName["loop"].address != linksGroup->address);
        QCOMPARE(info(QStringLiteral("/links/external")).kind, NodeKind::ExternalLink);
        QCOMPARE(info(QStringLiteral("/links/dangling")).kind, NodeKind::DanglingLink);
        QVERIFY(!reader().info(QStringLiteral("/links/external/data")).ok());
    }

    void findsObjectsByWildcardOnceEach()
    {
        auto found = reader().find(QStringLiteral("i*"), 100);
        QVERIFY(found.ok());
        QStringList paths;
        for (const H5Node& n : *found)
            paths << n.path;
        // Whole names starting with i, each object once: the hard-link cycle /links/loop adds nothing
        QCOMPARE(paths, (QStringList {"/ints", "/ints/i16be", "/ints/i32", "/ints/i64", "/ints/i8"}));
        auto exact = reader().find(QStringLiteral("matri"), 100); // no wildcard: part of a name
        QCOMPARE(exact->size(), 1);
        QCOMPARE(exact->first().path, QStringLiteral("/matrix"));
        QCOMPARE(exact->first().kind, NodeKind::Dataset);
        QCOMPARE(reader().find(QStringLiteral("U?"), 100)->size(), 1); // case-insensitive: /ints/u8
        QCOMPARE(reader().find(QStringLiteral("*"), 5)->size(), 5);    // capped
        QVERIFY(reader().find(QStringLiteral("no-such-name"), 100)->isEmpty());
    }

    void datasetMetadataIsComplete()
    {
        const DatasetInfo chunked = info(QStringLiteral("/layouts/chunked_deflate")).dataset;
        QCOMPARE(chunked.layout, Layout::Chunked);
        QCOMPARE(chunked.chunk, QList<qint64> {4});
        QCOMPARE(chunked.filters.size(), 2);
        QCOMPARE(chunked.filters[0].id, 2);
        QCOMPARE(chunked.filters[0].name, QStringLiteral("shuffle"));
        QCOMPARE(chunked.filters[1].id, 1);
        QCOMPARE(chunked.filters[1].params, QList<quint32> {6});
        QVERIFY(chunked.filters[1].available);
        QCOMPARE(chunked.logicalSize, qint64(40));
        QVERIFY(chunked.storageSize > 0);
        QCOMPARE(info(QStringLiteral("/layouts/compact")).dataset.layout, Layout::Compact);
        QCOMPARE(info(QStringLiteral("/layouts/contiguous")).dataset.layout, Layout::Contiguous);
        QCOMPARE(info(QStringLiteral("/layouts/unlimited")).dataset.maxShape, QList<qint64> {-1});
        QCOMPARE(
            info(QStringLiteral("/layouts/contiguous")).dataset.fillValue, QStringLiteral("0 (default)"));
        QCOMPARE(info(QStringLiteral("/refused/virtual")).dataset.layout, Layout::Virtual);
        QVERIFY(info(QStringLiteral("/refused/external_raw")).dataset.externalStorage);
        QVERIFY(info(QStringLiteral("/null")).dataset.nullSpace);
        QVERIFY(info(QStringLiteral("/scalar")).dataset.shape.isEmpty());
        QVERIFY(
            info(QStringLiteral("/matrix")).dataset.typeDetail.contains(QStringLiteral("H5T_IEEE_F64LE")));
        QCOMPARE(info(QStringLiteral("/named_type")).kind, NodeKind::NamedType);
        QCOMPARE(
            info(QStringLiteral("/named_type")).typeName, QStringLiteral("compound {x: int32, y: float64}"));
    }

    void attributesOfEveryKindReadAsText()
    {
        QHash<QString, Attribute> root;
        for (const Attribute& a : info(QStringLiteral("/")).attributes)
            root.insert(a.name, a);
        QCOMPARE(root["title"].value, QStringLiteral("Zoë's file"));
        QCOMPARE(root["title"].typeName, QStringLiteral("string (vlen, UTF-8)"));
        QCOMPARE(root["version"].value, QStringLiteral("3"));
        QCOMPARE(root["scale"].value, QStringLiteral("[1.5, 2.5]"));
        QCOMPARE(root["scale"].shape, QList<qint64> {2});
        QCOMPARE(root["fixed"].value, QStringLiteral("abc"));
        QHash<QString, Attribute> matrix;
        for (const Attribute& a : info(QStringLiteral("/matrix")).attributes)
            matrix.insert(a.name, a);
        QCOMPARE(matrix["units"].value, QStringLiteral("m/s"));
        QCOMPARE(matrix["range"].value, QStringLiteral("[0, 31]"));
    }

    void refusedDatasetsSayWhy_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("external raw storage")
            << "/refused/external_raw" << int(Error::Code::Unsupported) << "external files";
        QTest::newRow("virtual dataset")
            << "/refused/virtual" << int(Error::Code::Unsupported) << "virtual dataset";
        QTest::newRow("missing filter") << "/filters/missing" << int(Error::Code::FilterMissing)
                                        << QStringLiteral("filter %1").arg(H5Fixtures::kMissingFilterId);
        QTest::newRow("no such dataset") << "/nope" << int(Error::Code::NotFound) << "/nope";
        QTest::newRow("a group") << "/ints" << int(Error::Code::NotFound) << "/ints";
    }
    void refusedDatasetsSayWhy()
    {
        QFETCH(QString, path);
        QFETCH(int, code);
        QFETCH(QString, text);
        auto page = reader().readPage(path, {DimView::defaultFor(1), 0, 1, 0, 1});
        QVERIFY(!page.ok());
        QCOMPARE(int(page.error().code), code);
        QVERIFY2(page.error().message.contains(text), qPrintable(page.error().message));
    }

    // A path that names nothing is said in a sentence; the library's stack stays behind it, in detail.
    void missingObjectsSayNoObject_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("path");
        QTest::newRow("info") << "info" << "/nope";
        QTest::newRow("info, inside a group") << "info" << "/ints/nope";
        QTest::newRow("info, a missing group on the way") << "info" << "/nope/deeper";
        QTest::newRow("listing") << "children" << "/nope";
        QTest::newRow("page") << "page" << "/ints/nope";
        QTest::newRow("dangling soft link followed") << "page" << "/links/dangling";
    }
    void missingObjectsSayNoObject()
    {
        QFETCH(QString, request);
        QFETCH(QString, path);
        Error error;
        if (request == QLatin1String("info"))
            error = reader().info(path).error();
        else if (request == QLatin1String("children"))
            error = reader().children(path).error();
        else
            error = reader().readPage(path, {DimView::defaultFor(1), 0, 1, 0, 1}).error();
        QCOMPARE(error.code, Error::Code::NotFound);
        QCOMPARE(error.message, QStringLiteral("No object %1").arg(path));
        QVERIFY2(error.detail.contains(QStringLiteral("H5G")), qPrintable(error.detail));
    }

    void missingFilterIsShownUnavailableInMetadata()
    {
        const DatasetInfo d = info(QStringLiteral("/filters/missing")).dataset;
        QCOMPARE(d.filters.size(), 1);
        QCOMPARE(d.filters[0].id, H5Fixtures::kMissingFilterId);
        QVERIFY(!d.filters[0].available);
    }

    void oversizedPagesAreRefusedBeforeAllocating()
    {
        QTemporaryDir dir;
        auto bytes = ImageBuffer::readFile(
            H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("m.h5")), 1 << 20, 16));
        QVERIFY(bytes.ok());
        auto image = H5FileImage::open(*bytes);
        QVERIFY(image.ok());
        auto page = H5Reader(**image).readPage(
            QStringLiteral("/values"), {DimView::defaultFor(2), 0, 1 << 20, 0, 16});
        QVERIFY(!page.ok());
        QCOMPARE(page.error().code, Error::Code::TooLarge);
    }

    void pluginCompressedDatasetsRead_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("filterId");
        QTest::newRow("lzf") << "/lzf" << 32000;
        QTest::newRow("blosc") << "/blosc" << 32001;
    }
    void pluginCompressedDatasetsRead()
    {
        QFETCH(QString, path);
        QFETCH(int, filterId);
        QTemporaryDir dir;
        auto bytes
            = ImageBuffer::readFile(H5Fixtures::writePluginCompressed(dir.filePath(QStringLiteral("p.h5"))));
        QVERIFY(bytes.ok());
        auto image = H5FileImage::open(*bytes);
        QVERIFY(image.ok());
        const H5Reader r(**image);
        auto object = r.info(path);
        QVERIFY(object.ok());
        QCOMPARE(object->dataset.filters.size(), 1);
        QCOMPARE(object->dataset.filters[0].id, filterId);
        QVERIFY(object->dataset.filters[0].available);
        QVERIFY(object->dataset.storageSize < object->dataset.logicalSize);
        auto page = r.readPage(path, {DimView::defaultFor(1), 990, 10, 0, 1});
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().toString()));
        QCOMPARE(page->columns[0].reals[9], 999 * 0.5);
    }
};

QTEST_GUILESS_MAIN(tst_H5Reader)
#include "tst_h5reader.moc"

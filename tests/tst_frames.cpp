// SPDX-License-Identifier: MIT
// Named tables: pandas frames (table and fixed format) and matrices with column names, compared
// cell by cell with the CSV pandas itself wrote (tests/data/pandas, made by make_reference.py).
#include "export/csvwriter.h"
#include "frames/framecells.h"
#include "frames/pickle.h"
#include "h5fixtures.h"
#include "imagebuffer.h"
#include "numberformat.h"
#include "service/h5service.h"
#include "table/datasettablesource.h"
#include "table/tableresolver.h"
#include "testpaths.h"
#include "text/h5describe.h"

#include <QBuffer>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <hdf5.h>

using namespace H5Hdfs;

namespace {

QString pandasDir()
{
    return TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas");
}

// RFC 4180 records, enough for pandas' output (quoted fields, doubled quotes, embedded commas).
QList<QStringList> parseCsv(const QByteArray& bytes)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray field;
    bool quoted = false, inQuotes = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (inQuotes) {
            if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                inQuotes = false;
            else
                field += c;
        } else if (c == '"') {
            inQuotes = quoted = true;
        } else if (c == ',' || c == '\n') {
            row << QString::fromUtf8(field);
            field.clear();
            quoted = false;
            if (c == '\n')
                rows << row, row.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    Q_UNUSED(quoted)
    return rows;
}

QByteArray exportedCsv(H5Service& service, H5Service::FileId file, const QString& path, QString* summary)
{
    const H5Response info = service.call(file, H5Request::info(path));
    if (!info.ok())
        return "error: " + info.error.toString().toUtf8();
    auto ref = resolveTable(service, file, info.info);
    if (!ref)
        return "error: " + ref.error().toString().toUtf8();
    auto source = ref->sourceFactory(service)();
    *summary = source->summary();
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    auto stats = CsvWriter::writeTo(*source, out, CsvOptions {});
    if (!stats)
        return "error: " + stats.error().toString().toUtf8();
    return out.data();
}

template <typename T> QByteArray errorOf(const Result<T>& r)
{
    return r.ok() ? QByteArray() : r.error().toString().toUtf8();
}

QByteArray hex(const char* text)
{
    return QByteArray::fromHex(text);
}

// np.array(['a', None, 'ü', nan, 2.5], dtype=object), pickled with protocol 5 and 2.
const char* const kObjects5
    = "800595a5000000000000008c156e756d70792e636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493"
      "948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b05859468038c0564747970659493"
      "948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d94288c0161944e8c02c3bc94"
      "477ff8000000000000474004000000000000657494622e";
const char* const kObjects2
    = "8002636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e646172"
      "7261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e31710586"
      "7106527107877108527109284b014b0585710a636e756d70790a64747970650a710b58020000004f38710c898887710d52710e"
      "284b0358010000007c710f4e4e4e4affffffff4affffffff4b3f74711062895d71112858010000006171124e5802000000c3bc"
      "7113477ff800000000000047400400000000000065747114622e";
// np.array([{'x': 1}], dtype=object): a dict is not a cell.
const char* const kDictItem
    = "80059591000000000000008c156e756d70792e636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493"
      "948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b01859468038c0564747970659493"
      "948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d947d948c0178944b01736174"
      "94622e";
// An object whose __reduce__ is os.system('echo pwned').
const char* const kEvil
    = "800263706f7369780a73797374656d0a7100580a0000006563686f2070776e656471018571025271032e";

} // namespace

class tst_Frames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textPicklesOfPandasMetadataParse()
    {
        auto list = Pickle::parseText("(lp0\n(I1\n(lp1\nVid\np2\naVt\\u00fcmp\np3\natp4\na.");
        QVERIFY2(list.ok(), errorOf(list).constData());
        QCOMPARE(list->items.size(), 1);
        QCOMPARE(list->items[0].items[0].integer, 1);
        QCOMPARE(
            list->items[0].items[1].texts(), (QStringList {QStringLiteral("id"), QStringLiteral("tümp")}));
        auto dict = Pickle::parseText("(dp0\nVindex\np1\n(dp2\nVtz\np3\nVUTC\np4\nssVn\np5\nNs.");
        QVERIFY(dict.ok());
        QCOMPARE(
            dict->value(QStringLiteral("index")).value(QStringLiteral("tz")).text, QStringLiteral("UTC"));
        QVERIFY(dict->value(QStringLiteral("n")).isNone());
        // A frequency object is kept as a name, never called
        auto freq = Pickle::parseText("cpandas._libs.tslibs.offsets\nSecond\np0\n(I1\nI00\ntp1\nRp2\n.");
        QVERIFY(freq.ok());
        QCOMPARE(freq->kind, PickleValue::Kind::Opaque);
        QCOMPARE(freq->text, QStringLiteral("pandas._libs.tslibs.offsets.Second"));
        // Broken ones fail with a reason
        QVERIFY(!Pickle::parseText("(lp0\nVid\n").ok());  // no STOP
        QVERIFY(!Pickle::parseText("a.").ok());           // append to nothing
        QVERIFY(!Pickle::parseText("g7\n.").ok());        // unknown memo
        QVERIFY(!Pickle::parseText("(lp0\nVa\nZ.").ok()); // unknown opcode
    }

    void deeplyNestedPicklesAreRefusedNotOverflowTheStack()
    {
        // Found by tests/fuzz/fuzz_pickle: a million nested tuples (one byte each) overflowed the
        // stack when the value was destroyed. Nesting is bounded; pandas' metadata nests 3 or 4 deep.
        for (const QByteArray& deep : {QByteArray("]") + QByteArray(1'000'000, '\x85') + '.',
                 QByteArray(500'000, '(') + QByteArray(500'000, 'l') + '.',
                 QByteArray(200'000, ']') + QByteArray(199'999, 'a') + '.'}) {
            QVERIFY(!Pickle::parseText(deep).ok());
        }
        const auto tuple1 = Pickle::parseText(QByteArray("]") + QByteArray(300'000, '\x85') + '.');
        QVERIFY(tuple1.error().message.contains(QStringLiteral("nested deeper")));
        const auto lists = Pickle::parseText(QByteArray(100'000, '(') + QByteArray(100'000, 'l') + '.');
        QVERIFY(lists.error().message.contains(QStringLiteral("nested deeper")));
        QVERIFY(!Pickle::decodeObjectArray(QByteArray("]") + QByteArray(1'000'000, '\x85') + '.').ok());
        // Moderate nesting still reads
        const auto fifty = Pickle::parseText(QByteArray(50, '(') + QByteArray(50, 'l') + '.');
        QVERIFY2(fifty.ok(), errorOf(fifty).constData());
        QCOMPARE(fifty->nesting, 49); // the innermost list is empty
    }

    void objectArraysDecodeToCellsAndNothingElse()
    {
        for (const char* bytes : {kObjects5, kObjects2}) {
            auto array = Pickle::decodeObjectArray(hex(bytes));
            QVERIFY2(array.ok(), errorOf(array).constData());
            QCOMPARE(array->shape, QList<qint64> {5});
            QCOMPARE(array->cells.size(), 5);
            QCOMPARE(array->cells[0].text, QStringLiteral("a"));
            QCOMPARE(array->cells[1].kind, Pickle::ObjectCell::Kind::Missing);
            QCOMPARE(array->cells[2].text, QStringLiteral("ü"));
            QCOMPARE(array->cells[3].kind, Pickle::ObjectCell::Kind::Missing); // NaN
            QCOMPARE(array->cells[4].number, 2.5);
        }
        for (const char* bytes : {kDictItem, kEvil}) {
            auto refused = Pickle::decodeObjectArray(hex(bytes));
            QVERIFY(!refused.ok());
            QVERIFY2(refused.error().message.contains(QStringLiteral("Cannot decode this column safely")),
                errorOf(refused).constData());
        }
        // Every truncation of a good pickle is an error, never a crash
        const QByteArray good = hex(kObjects5);
        for (qsizetype n = 0; n < good.size(); ++n)
            QVERIFY(!Pickle::decodeObjectArray(good.left(n)).ok());
    }

    void python2StringsReadAsAsciiLikePandas()
    {
        // np.array(['ab', None, 'c\xe9'], dtype=object) as Python 2's cPickle wrote it (protocol 2):
        // its strings are SHORT_BINSTRING ("U"), which Python 3 reads as ASCII and refuses otherwise.
        auto py2 = [](const QByteArray& third) {
            static const char head[] = "\x80\x02"
                                       "cnumpy.core.multiarray\n_reconstruct\nq\x01"
                                       "cnumpy\nndarray\nq\x02"
                                       "K\x00\x85U\x01"
                                       "b\x87Rq\x03(K\x01K\x03\x85"
                                       "cnumpy\ndtype\nq\x04U\x02O8K\x00K\x01\x87Rq\x05"
                                       "(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]q\x06("
                                       "U\x02"
                                       "abN";
            return QByteArray(head, sizeof head - 1) + 'U' + char(third.size()) + third + "etb.";
        };
        auto ascii = Pickle::decodeObjectArray(py2("cd"));
        QVERIFY2(ascii.ok(), errorOf(ascii).constData());
        QCOMPARE(ascii->cells[0].text, QStringLiteral("ab"));
        QCOMPARE(ascii->cells[1].kind, Pickle::ObjectCell::Kind::Missing);
        QCOMPARE(ascii->cells[2].text, QStringLiteral("cd"));
        auto latin1 = Pickle::decodeObjectArray(py2("c\xe9"));
        QVERIFY(!latin1.ok());
        QVERIFY2(latin1.error().detail.contains(QStringLiteral("non-ASCII")), errorOf(latin1).constData());
    }

    void timestampsReadLikePandas()
    {
        // 2026-01-01 06:30:15 UTC, in ns; Berlin is +01:00 in winter, +02:00 in summer
        const qint64 t = 1767249015LL * 1'000'000'000;
        QCOMPARE(FrameCells::timestamp(t, std::nullopt), QStringLiteral("2026-01-01 06:30:15"));
        QCOMPARE(
            FrameCells::timestamp(t + 5'000'000, std::nullopt), QStringLiteral("2026-01-01 06:30:15.005"));
        QCOMPARE(FrameCells::timestamp(t, QTimeZone("Europe/Berlin")),
            QStringLiteral("2026-01-01 07:30:15+01:00"));
        QCOMPARE(FrameCells::timestamp(t + 180LL * 86400 * 1'000'000'000, QTimeZone("Europe/Berlin")),
            QStringLiteral("2026-06-30 08:30:15+02:00"));
        QCOMPARE(FrameCells::timestamp(-1, std::nullopt), QStringLiteral("1969-12-31 23:59:59.999999999"));
        ColumnData nat;
        nat.kind = CellKind::Int;
        nat.ints = {std::numeric_limits<qint64>::min()};
        QCOMPARE(FrameCells::timestamps(nat, 1, std::nullopt).texts, QStringList {QString()});
    }

    void floatsReadAsPythonWritesThem()
    {
        auto repr = [](double v, bool single = false) {
            char text[NumberFormat::kMaxChars];
            return QByteArray(text, NumberFormat::writePythonFloat(text, v, single) - text);
        };
        QCOMPARE(repr(13), QByteArray("13.0"));
        QCOMPARE(repr(1e15), QByteArray("1000000000000000.0"));
        QCOMPARE(repr(1e16), QByteArray("1e+16"));
        QCOMPARE(repr(-1.5e300), QByteArray("-1.5e+300"));
        QCOMPARE(repr(0.0001), QByteArray("0.0001"));
        QCOMPARE(repr(1e-5), QByteArray("1e-05"));
        QCOMPARE(repr(-0.0), QByteArray("-0.0"));
        QCOMPARE(repr(0.1), QByteArray("0.1"));
        QCOMPARE(repr(double(0.1f), true), QByteArray("0.1"));
        QCOMPARE(repr(123.456), QByteArray("123.456"));
        QCOMPARE(repr(-std::numeric_limits<double>::infinity()), QByteArray("-inf"));
    }

    void pandasFilesMatchPandasOwnCsv_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("summary");
        const QString d = QStringLiteral("DataFrame · %1 · %2 columns × 1,000 rows");
        QTest::newRow("fixed df") << "frames_fixed.h5"
                                  << "/df" << d.arg(QStringLiteral("fixed format")).arg(9);
        QTest::newRow("fixed named index") << "frames_fixed.h5"
                                           << "/by_id" << d.arg(QStringLiteral("fixed format")).arg(8);
        QTest::newRow("fixed MultiIndex") << "frames_fixed.h5"
                                          << "/multi" << d.arg(QStringLiteral("fixed format")).arg(6);
        QTest::newRow("fixed series") << "frames_fixed.h5"
                                      << "/series"
                                      << "Series · fixed format · 200 rows";
        QTest::newRow("fixed zlib") << "frames_fixed_zlib.h5"
                                    << "/nested/df" << d.arg(QStringLiteral("fixed format")).arg(9);
        QTest::newRow("table df") << "frames_table.h5"
                                  << "/df" << d.arg(QStringLiteral("table format")).arg(9);
        QTest::newRow("table data columns, categorical")
            << "frames_table.h5"
            << "/with_columns" << d.arg(QStringLiteral("table format")).arg(10);
        QTest::newRow("table MultiIndex") << "frames_table.h5"
                                          << "/multi" << d.arg(QStringLiteral("table format")).arg(6);
        QTest::newRow("table series") << "frames_table.h5"
                                      << "/series"
                                      << "Series · table format · 200 rows";
        QTest::newRow("fixed, 100 columns in one block")
            << "frames_fixed.h5"
            << "/wide"
            << "DataFrame · fixed format · 100 columns × 200 rows";
        QTest::newRow("table, 100 columns in one block")
            << "frames_table.h5"
            << "/wide"
            << "DataFrame · table format · 100 columns × 200 rows";
        // Edge cases, one row per key pandas wrote a CSV for (edges.h5.<format>_<case>.csv)
        for (const QString& csv :
            QDir(pandasDir()).entryList({QStringLiteral("edges.h5.*.csv")}, QDir::Files)) {
            QString key = csv.mid(9).chopped(4); // "fixed_float_repr"
            key = QLatin1Char('/') + key.section(QLatin1Char('_'), 0, 0) + QLatin1Char('/')
                + key.section(QLatin1Char('_'), 1);
            QTest::newRow(qPrintable(key)) << "edges.h5" << key << QString();
        }
        // Older and version-specific layouts (make_legacy.py): <file>.<key with / as _>.csv
        for (const QString& file : QDir(pandasDir()).entryList({QStringLiteral("*.h5")}, QDir::Files)) {
            if (!file.startsWith(QLatin1String("old_pandas-")) && !file.startsWith(QLatin1String("py2_")))
                continue;
            for (const QString& csv : QDir(pandasDir()).entryList({file + QStringLiteral(".*.csv")})) {
                const QString key = QLatin1Char('/')
                    + csv.mid(file.size() + 1).chopped(4).replace(QLatin1Char('_'), QLatin1Char('/'));
                QTest::newRow(qPrintable(file + QLatin1Char(':') + key)) << file << key << QString();
            }
        }
        QTest::newRow("table blosc") << "frames_table.h5"
                                     << "/nested/blosc" << d.arg(QStringLiteral("table format")).arg(9);
    }

    void pandasFilesMatchPandasOwnCsv()
    {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, summary);
        QLocale::setDefault(QLocale::c());
        const QString path = pandasDir() + QLatin1Char('/') + file;
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        H5Service service;
        const auto id = service.addImage(*bytes, file);
        QString shownSummary;
        const QByteArray ours = exportedCsv(service, id, key, &shownSummary);
        QVERIFY2(!ours.startsWith("error: "), ours.constData());
        if (!summary.isEmpty())
            QCOMPARE(shownSummary, summary);
        const QString reference
            = QStringLiteral("%1.%2.csv").arg(path, key.mid(1).replace(QLatin1Char('/'), QLatin1Char('_')));
        const QList<QStringList> expected = parseCsv(H5Fixtures::readAll(reference));
        const QList<QStringList> actual = parseCsv(ours);
        QCOMPARE(actual.size(), expected.size());
        for (qsizetype r = 0; r < expected.size(); ++r) {
            QCOMPARE(actual[r].size(), expected[r].size());
            for (qsizetype c = 0; c < expected[r].size(); ++c) {
                if (actual[r][c] != expected[r][c])
                    QFAIL(qPrintable(QStringLiteral("row %1, column %2 (%3): h5hdfs \"%4\", pandas \"%5\"")
                                         .arg(r)
                                         .arg(c)
                                         .arg(expected[0].value(c), actual[r][c], expected[r][c])));
            }
        }
        QCOMPARE(ours, H5Fixtures::readAll(reference)); // and byte for byte: quoting, line ends
    }

    void aPickledColumnOfAnythingButCellsIsRefused()
    {
        auto bytes = ImageBuffer::readFile(pandasDir() + QStringLiteral("/frames_fixed.h5"));
        QVERIFY(bytes.ok());
        H5Service service;
        const auto id = service.addImage(*bytes, QStringLiteral("frames_fixed.h5"));
        QString summary;
        const QByteArray csv = exportedCsv(service, id, QStringLiteral("/unsafe"), &summary);
        QVERIFY2(csv.startsWith("error: ") && csv.contains("Cannot decode this column safely")
                && csv.contains("Column meta"),
            csv.constData());
        // The refusal is the column's, not the file's: the other frames still read.
        QVERIFY(!exportedCsv(service, id, QStringLiteral("/series"), &summary).startsWith("error: "));
    }

    void theIndexSubtreeIsHiddenAndFramesAreMarkedInListings()
    {
        auto bytes = ImageBuffer::readFile(pandasDir() + QStringLiteral("/frames_table.h5"));
        QVERIFY(bytes.ok());
        H5Service service;
        const auto id = service.addImage(*bytes, QStringLiteral("frames_table.h5"));
        const H5Response root = service.call(id, H5Request::listChildren(QStringLiteral("/")));
        QVERIFY(root.ok());
        QStringList marked;
        for (const H5Node& n : root.children) {
            if (!n.tableSummary.isEmpty())
                marked << n.name;
        }
        QCOMPARE(marked, (QStringList {"df", "multi", "series", "wide", "with_columns"}));
        const H5Response frame = service.call(id, H5Request::listChildren(QStringLiteral("/df")));
        QVERIFY(frame.ok());
        QCOMPARE(frame.children.size(), 1);
        QCOMPARE(frame.children[0].name, QStringLiteral("table"));
    }

    void nativePyTablesTablesAreTablesWithPandasIndex()
    {
        auto bytes = ImageBuffer::readFile(pandasDir() + QStringLiteral("/old_pandas-1.5.3.h5"));
        QVERIFY(bytes.ok());
        H5Service service;
        const auto id = service.addImage(*bytes, QStringLiteral("old.h5"));
        const H5Response native = service.call(id, H5Request::listChildren(QStringLiteral("/native")));
        QVERIFY(native.ok());
        QCOMPARE(H5Describe::table(native.children.value(0).tableSummary),
            QStringLiteral("Table · PyTables table · 5 columns × 6 rows"));
        // The table inside a pandas frame is that frame's storage, not a table of its own.
        const H5Response frame = service.call(id, H5Request::listChildren(QStringLiteral("/table/days")));
        QVERIFY(frame.ok());
        QCOMPARE(frame.children.value(0).name, QStringLiteral("table"));
        QCOMPARE(H5Describe::table(frame.children.value(0).tableSummary), QString());
    }

    void aMatrixWithAColumnNamesSiblingIsATable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.h5"));
        {
            const hid_t f = H5Fcreate(path.toUtf8().constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
            const hsize_t dims[2] = {3, 2};
            std::vector<double> values {1.5, 2, 3, 4, 5, 6};
            const hid_t s2 = H5Screate_simple(2, dims, nullptr);
            const hid_t d
                = H5Dcreate2(f, "data_f", H5T_IEEE_F64LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
            const hid_t str = H5Tcopy(H5T_C_S1);
            H5Tset_size(str, 8);
            const hsize_t two = 2, three = 3;
            const hid_t s1 = H5Screate_simple(1, &two, nullptr);
            // Two candidates: "f_axis0" is preferred over "labels" by its name.
            for (const char* name : {"labels", "f_axis0"}) {
                const hid_t n = H5Dcreate2(f, name, str, s1, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                const char* texts = std::strcmp(name, "f_axis0") == 0 ? "temp\0\0\0\0wind\0\0\0\0"
                                                                      : "x\0\0\0\0\0\0\0y\0\0\0\0\0\0\0";
                H5Dwrite(n, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts);
                H5Dclose(n);
            }
            const hid_t s3 = H5Screate_simple(1, &three, nullptr);
            const hid_t ix
                = H5Dcreate2(f, "f_axis1", H5T_STD_I64LE, s3, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            const long long rows[3] = {10, 20, 30};
            H5Dwrite(ix, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
            for (hid_t h : {ix, s3, s1, s2, d})
                H5Idec_ref(h);
            H5Tclose(str);
            H5Fclose(f);
        }
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        H5Service service;
        const auto id = service.addImage(*bytes, QStringLiteral("m.h5"));
        QString summary;
        QCOMPARE(exportedCsv(service, id, QStringLiteral("/data_f"), &summary),
            QByteArray(",temp,wind\n10,1.5,2.0\n20,3.0,4.0\n30,5.0,6.0\n")); // as pandas writes it
        QCOMPARE(summary, QStringLiteral("Table · column names from f_axis0 · 2 columns × 3 rows"));
        // A plain dataset stays a plain table with numbered columns
        QVERIFY(exportedCsv(service, id, QStringLiteral("/f_axis1"), &summary).startsWith("0\n10\n"));
        QCOMPARE(summary, QString());
    }
};

QTEST_MAIN(tst_Frames)
#include "tst_frames.moc"

// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"
#include "h5fixtures.h"
#include "service/h5service.h"
#include "table/datasettablesource.h"
#include "table/flattablesource.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <charconv>
#include <cstring>
#include <numeric>

using namespace H5Hdfs;

namespace {

/// A table held in memory; it can fail a read at a chosen row, to test that no partial file stays.
class MemoryTable : public TableSource {
public:
    QList<ColumnSpec> specs;
    QList<ColumnData> data;
    qint64 failAtRow = -1;
    qint64 pageSize = 7;

    qint64 rowCount() const override { return data.isEmpty() ? 0 : data[0].size(); }
    QList<ColumnSpec> columns() const override { return specs; }
    qint64 pageRows(qint64) const override { return pageSize; }
    Result<Page> read(qint64 firstRow, qint64 rows, qint64 firstColumn, qint64 columns) override
    {
        if (failAtRow >= firstRow && failAtRow < firstRow + rows)
            return Error(Error::Code::Hdf5, QStringLiteral("simulated read failure"));
        Page s {firstRow, firstColumn, rows, columns, {}};
        for (qint64 c = firstColumn; c < firstColumn + columns; ++c) {
            const ColumnData& all = data[c];
            ColumnData part {all.kind, {}, {}, {}, {}};
            for (qint64 r = firstRow; r < firstRow + rows; ++r) {
                switch (all.kind) {
                case CellKind::Int: part.ints.push_back(all.ints[size_t(r)]); break;
                case CellKind::UInt: part.uints.push_back(all.uints[size_t(r)]); break;
                case CellKind::Float32:
                case CellKind::Float64: part.reals.push_back(all.reals[size_t(r)]); break;
                case CellKind::Text: part.texts.append(all.texts[r]); break;
                }
            }
            s.columns.append(part);
        }
        return s;
    }
};

QByteArray fileContents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

} // namespace

class tst_CsvWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldsAreQuotedOnlyWhenNeeded_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<char>("delimiter");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << "abc" << ',' << QByteArray("abc");
        QTest::newRow("empty") << "" << ',' << QByteArray("");
        QTest::newRow("comma") << "a,b" << ',' << QByteArray("\"a,b\"");
        QTest::newRow("comma with tab delimiter") << "a,b" << '\t' << QByteArray("a,b");
        QTest::newRow("tab with tab delimiter") << "a\tb" << '\t' << QByteArray("\"a\tb\"");
        QTest::newRow("quote doubled") << "say \"hi\"" << ',' << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << "line\nbreak" << ',' << QByteArray("\"line\nbreak\"");
        QTest::newRow("carriage return") << "a\rb" << ',' << QByteArray("\"a\rb\"");
        QTest::newRow("utf-8") << "Zoë γ" << ',' << QByteArray("Zo\xc3\xab \xce\xb3");
        QTest::newRow("semicolon delimiter") << "a;b" << ';' << QByteArray("\"a;b\"");
    }
    void fieldsAreQuotedOnlyWhenNeeded()
    {
        QFETCH(QString, text);
        QFETCH(char, delimiter);
        QFETCH(QByteArray, expected);
        std::string out;
        CsvWriter::appendField(out, text, delimiter);
        QCOMPARE(QByteArray::fromStdString(out), expected);
    }

    void formulaGuardQuotesRiskyCells()
    {
        std::string out;
        CsvWriter::appendField(out, QStringLiteral("=SUM(A1)"), ',', true);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("\"'=SUM(A1)\""));
        out.clear();
        CsvWriter::appendField(out, QStringLiteral("plain"), ',', true);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("plain"));
    }

    void writesHeaderIndexAndEveryKind()
    {
        MemoryTable t;
        t.specs = {{"i", CellKind::Int, {}}, {"u", CellKind::UInt, {}}, {"f", CellKind::Float32, {}},
            {"d", CellKind::Float64, {}}, {"name, quoted", CellKind::Text, {}}};
        t.data = {ColumnData {CellKind::Int, {-1, 9223372036854775807LL}, {}, {}, {}},
            ColumnData {CellKind::UInt, {}, {18446744073709551615ULL, 0}, {}, {}},
            ColumnData {
                CellKind::Float32, {}, {}, {double(0.1f), std::numeric_limits<double>::infinity()}, {}},
            ColumnData {CellKind::Float64, {}, {}, {0.1, std::nan("")}, {}},
            ColumnData {CellKind::Text, {}, {}, {}, {QStringLiteral("x"), QStringLiteral("a\"b")}}};
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        CsvOptions options;
        options.indexColumn = true;
        auto stats = CsvWriter::write(t, path, options);
        QVERIFY(stats.ok());
        QCOMPARE(stats->rows, qint64(2));
        QCOMPARE(fileContents(path),
            QByteArray(",i,u,f,d,\"name, quoted\"\n"
                       "0,-1,18446744073709551615,0.1,0.1,x\n"
                       "1,9223372036854775807,0,Inf,NaN,\"a\"\"b\"\n"));
        QCOMPARE(stats->bytes, qint64(fileContents(path).size()));
    }

    void aLoneEmptyFieldIsQuotedSoTheRowSurvives()
    {
        // tvlstr.h5: one string column with empty strings came back from pandas.read_csv with rows
        // missing, because an empty one-field row was a blank line.
        MemoryTable text;
        text.specs = {{"s", CellKind::Text, {}}};
        text.data = {ColumnData {CellKind::Text, {}, {}, {},
            {QStringLiteral("a"), QString(), QStringLiteral("b"), QString()}}};
        MemoryTable missing;
        missing.specs = {{"x", CellKind::Float64, {}}};
        missing.data = {ColumnData {CellKind::Float64, {}, {}, {1.5, std::nan("")}, {}}};
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QVERIFY(CsvWriter::write(text, path, CsvOptions {}).ok());
        QCOMPARE(fileContents(path), QByteArray("s\na\n\"\"\nb\n\"\"\n"));
        CsvOptions pandas;
        pandas.pandasStyle = true;
        QVERIFY(CsvWriter::write(missing, path, pandas).ok());
        QCOMPARE(fileContents(path), QByteArray("x\n1.5\n\"\"\n"));
        pandas.indexColumn = true; // with an index the row has a field already: nothing to quote
        QVERIFY(CsvWriter::write(missing, path, pandas).ok());
        QCOMPARE(fileContents(path), QByteArray(",x\n0,1.5\n1,\n"));
    }

    void noHeaderTabDelimiterAndARectangle()
    {
        MemoryTable t;
        t.specs = {{"a", CellKind::Int, {}}, {"b", CellKind::Int, {}}, {"c", CellKind::Int, {}}};
        for (int c = 0; c < 3; ++c) {
            ColumnData col {CellKind::Int, {}, {}, {}, {}};
            for (int r = 0; r < 20; ++r)
                col.ints.push_back(r * 10 + c);
            t.data.append(col);
        }
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.tsv"));
        CsvOptions options;
        options.delimiter = '\t';
        options.header = false;
        options.firstRow = 18;
        options.firstColumn = 1;
        options.columnCount = 2;
        QVERIFY(CsvWriter::write(t, path, options).ok());
        QCOMPARE(fileContents(path), QByteArray("181\t182\n191\t192\n"));
    }

    void randomDoublesRoundTripToIdenticalBits()
    {
        // Given 100,000 random bit patterns, including subnormals and extremes, as float64
        QRandomGenerator rng(42);
        MemoryTable t;
        t.specs = {{"v", CellKind::Float64, {}}};
        ColumnData col {CellKind::Float64, {}, {}, {}, {}};
        for (int i = 0; i < 100000; ++i) {
            quint64 bits = rng.generate64();
            double v;
            std::memcpy(&v, &bits, sizeof v);
            if (!std::isfinite(v))
                v = double(i) * 1e-310; // NaN payloads and infinities are spelled, not round-tripped
            col.reals.push_back(v);
        }
        t.data = {col};
        t.pageSize = 4096;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.csv"));
        QVERIFY(CsvWriter::write(t, path, CsvOptions {}).ok());
        // When the CSV is parsed back
        const QList<QByteArray> lines = fileContents(path).split('\n');
        QCOMPARE(lines.size(), 100000 + 2); // header, rows, and the empty string after the last \n
        for (int i = 0; i < 100000; ++i) {
            const QByteArray& text = lines[i + 1];
            double parsed = 0;
            const auto result = std::from_chars(text.constData(), text.constData() + text.size(), parsed);
            QVERIFY(result.ec == std::errc());
            // Then every value has exactly the bits it was written with
            QVERIFY2(std::memcmp(&parsed, &col.reals[size_t(i)], sizeof parsed) == 0, text.constData());
        }
    }

    void floatColumnsAreWrittenAsToCharsWritesThem()
    {
        // Given float64 and float32 columns of values where number text turns (sign, subnormals, the
        // ends of the range, powers of ten, ties of fixed and scientific, padded whole numbers,
        // non-finite) and random bit patterns, enough cells for the formatter's helper threads
        const double specials[] = {0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e22,
            1e23, 1e-4, 1.2e-4, 123456.0, 1.2e20, 9007199254740993.0, 0.1, 100.0,
            std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), std::nan("")};
        QRandomGenerator rng(18);
        MemoryTable t;
        t.specs = {{"d", CellKind::Float64, {}}, {"f", CellKind::Float32, {}}};
        ColumnData d {CellKind::Float64, {}, {}, {}, {}}, f {CellKind::Float32, {}, {}, {}, {}};
        for (int i = 0; i < 300000; ++i) {
            const quint64 bits = rng.generate64();
            double v;
            std::memcpy(&v, &bits, sizeof v);
            if (i % 3 == 0)
                v = specials[size_t(i / 3) % std::size(specials)] * ((i / 3) % 2 ? -1 : 1);
            d.reals.push_back(v);
            f.reals.push_back(double(float(i % 2 ? v : std::ldexp(double(bits >> 40), int(bits % 200) - 100))));
        }
        t.data = {d, f};
        t.pageSize = 70000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("floats.csv"));
        QVERIFY(CsvWriter::write(t, path, CsvOptions {}).ok());
        // Then every row is std::to_chars' shortest text of each value, non-finite ones spelled
        const auto text = [](auto v) {
            if (std::isnan(v))
                return QByteArray("NaN");
            if (std::isinf(v))
                return QByteArray(v > 0 ? "Inf" : "-Inf");
            char buf[64];
            return QByteArray(buf, std::to_chars(buf, buf + sizeof buf, v).ptr - buf);
        };
        QByteArray expected = "d,f\n";
        for (size_t r = 0; r < d.reals.size(); ++r)
            expected += text(d.reals[r]) + ',' + text(float(f.reals[r])) + '\n';
        QCOMPARE(fileContents(path), expected);
    }

    void aFailedReadLeavesNoFileAndKeepsAnOldOne()
    {
        MemoryTable t;
        t.specs = {{"v", CellKind::Int, {}}};
        ColumnData col {CellKind::Int, {}, {}, {}, {}};
        for (int i = 0; i < 100; ++i)
            col.ints.push_back(i);
        t.data = {col};
        t.failAtRow = 50;
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh.csv"));
        auto result = CsvWriter::write(t, fresh, CsvOptions {});
        QVERIFY(!result.ok());
        QVERIFY(!QFile::exists(fresh));
        const QString existing = dir.filePath(QStringLiteral("existing.csv"));
        QFile old(existing);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("previous export\n");
        old.close();
        QVERIFY(!CsvWriter::write(t, existing, CsvOptions {}).ok());
        QCOMPARE(fileContents(existing), QByteArray("previous export\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary file left behind
    }

    void cancelLeavesNothingAndProgressIsReported()
    {
        MemoryTable t;
        t.specs = {{"v", CellKind::Int, {}}};
        ColumnData col {CellKind::Int, {}, {}, {}, {}};
        for (int i = 0; i < 1000; ++i)
            col.ints.push_back(i);
        t.data = {col};
        std::atomic_bool cancel {false};
        QList<qint64> progress;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.csv"));
        auto result = CsvWriter::write(
            t, path, CsvOptions {},
            [&](qint64 done, qint64 total) {
                progress.append(done);
                QCOMPARE(total, qint64(1000));
                if (done >= 500)
                    cancel = true;
            },
            &cancel);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Error::Code::Cancelled);
        QVERIFY(!QFile::exists(path));
        QVERIFY(progress.size() > 10);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    }

    void exportsADatasetThroughTheService()
    {
        QTemporaryDir dir;
        auto bytes = ImageBuffer::readFile(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5"))));
        QVERIFY(bytes.ok());
        H5Service service;
        const auto file = service.addImage(*bytes, QStringLiteral("e.h5"));
        auto exportPath = [&](const QString& dataset, const QString& out) {
            const H5Response info = service.call(file, H5Request::info(dataset));
            DatasetTableSource source(service, file, dataset, info.info.dataset);
            return CsvWriter::write(source, dir.filePath(out), CsvOptions {});
        };
        QVERIFY(exportPath(QStringLiteral("/nested"), QStringLiteral("n.csv")).ok());
        QCOMPARE(fileContents(dir.filePath(QStringLiteral("n.csv"))),
            QByteArray("id,pos.x,pos.y\n7,0.25,0.75\n8,-1,1\n"));
        QVERIFY(exportPath(QStringLiteral("/matrix"), QStringLiteral("m.csv")).ok());
        QCOMPARE(fileContents(dir.filePath(QStringLiteral("m.csv"))),
            QByteArray("0,1,2,3\n0,1,2,3\n10,11,12,13\n20,21,22,23\n"));
        QVERIFY(exportPath(QStringLiteral("/strings/vlen_utf8"), QStringLiteral("s.csv")).ok());
        QCOMPARE(fileContents(dir.filePath(QStringLiteral("s.csv"))),
            QByteArray("0\nZo\xc3\xab\n\"quote \"\" inside\"\n\"line\nbreak\"\n"));
        // A dataset whose filter is missing fails cleanly and leaves no file.
        auto failed = exportPath(QStringLiteral("/filters/missing"), QStringLiteral("f.csv"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, Error::Code::FilterMissing);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("f.csv"))));
    }
    // An N-D dataset flattened: any range of rows reads as the elements at those C-order
    // positions, with their indices, through both ways of reading (plane by plane, or many
    // small planes at once).
    void flatSourcesReadAnyRangeOfElements_data()
    {
        QTest::addColumn<QList<qint64>>("shape");
        QTest::newRow("3-D, small planes") << QList<qint64> {50, 3, 4};
        QTest::newRow("3-D, large planes") << QList<qint64> {3, 70, 5};
        QTest::newRow("4-D, small planes") << QList<qint64> {2, 3, 4, 5};
        QTest::newRow("4-D, large planes") << QList<qint64> {2, 2, 100, 50};
    }
    void flatSourcesReadAnyRangeOfElements()
    {
        QFETCH(QList<qint64>, shape);
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeCounting(dir.filePath(QStringLiteral("n.h5")), shape);
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        H5Service service;
        const auto file = service.addImage(*bytes, QStringLiteral("n.h5"));
        const H5Response info = service.call(file, H5Request::info(QStringLiteral("/values")));
        QVERIFY(info.ok());
        FlatTableSource source(service, file, QStringLiteral("/values"), info.info.dataset);
        const qint64 n = std::accumulate(shape.begin(), shape.end(), qint64(1), std::multiplies<>());
        const auto rank = shape.size();
        QCOMPARE(source.rowCount(), n);
        QCOMPARE(source.columns().size(), rank + 1);
        QCOMPARE(source.columns().last().name, QStringLiteral("value"));
        const std::pair<qint64, qint64> ranges[] = {{0, n}, {1, n - 2}, {7, 13}, {n - 5, 5}, {n / 2, 1}};
        for (const auto& [first, rows] : ranges) {
            const auto page = source.read(first, rows, 0, rank + 1);
            QVERIFY(page.ok());
            QCOMPARE(page->rowCount, rows);
            for (qint64 r = 0; r < rows; ++r) {
                QCOMPARE(page->value(r, rank).toLongLong(), first + r);
                for (qsizetype d = rank - 1, rest = first + r; d >= 0; rest /= shape[d], --d)
                    QCOMPARE(page->value(r, d).toLongLong(), rest % shape[d]);
            }
        }
        const auto values = source.read(3, 4, rank, 1); // a range of columns: the values alone
        QVERIFY(values.ok());
        QCOMPARE(values->columns.size(), 1);
        QCOMPARE(values->value(3, 0).toLongLong(), 6);
    }
};

QTEST_GUILESS_MAIN(tst_CsvWriter)
#include "tst_csvwriter.moc"

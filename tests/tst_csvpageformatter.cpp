// SPDX-License-Identifier: MIT
// The parallel CSV formatter: the same bytes as one thread at every chunk and page boundary, in
// order, stopping cleanly on a write error or a cancel; and a large export through CsvWriter that
// is cancelled or fails mid-write leaves no file.
#include "export/csvpageformatter.h"
#include "export/csvwriter.h"
#include "table/tablesource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

using namespace H5Hdfs;

namespace {

/// Row r's float: ordinary values, and every special text now and then (NaN, ±Inf, -0, denormals,
/// extremes), so chunks cut through all of them.
double valueAt(qint64 r)
{
    constexpr double kSpecials[] = {std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -0.0,
        std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
        std::numeric_limits<double>::lowest(), 1e16, 1.2345678901234568e20, 1e-5};
    if (r % 97 == 0)
        return kSpecials[size_t(r / 97) % std::size(kSpecials)];
    return std::sin(double(r)) * std::pow(10.0, double(r % 41 - 20));
}

/// A generated table of floats, integers and text (quotes, delimiters, UTF-8) read in pages of an
/// odd size, so pages, chunks and the helpers' ring of buffers all fall out of step.
class GeneratedTable : public TableSource {
public:
    qint64 rows = 0;
    qint64 pageSize = 70'001;
    qint64 failAtRow = -1;

    qint64 rowCount() const override { return rows; }
    QList<ColumnSpec> columns() const override
    {
        return {{QStringLiteral("x"), CellKind::Float64, {}}, {QStringLiteral("n"), CellKind::Int, {}},
            {QStringLiteral("label"), CellKind::Text, {}}};
    }
    qint64 pageRows(qint64) const override { return pageSize; }
    Result<Page> read(qint64 firstRow, qint64 count, qint64 firstColumn, qint64 columnCount) override
    {
        if (failAtRow >= firstRow && failAtRow < firstRow + count)
            return Error(Error::Code::Hdf5, QStringLiteral("simulated read failure"));
        return page(firstRow, count, firstColumn, columnCount);
    }

    static Page page(qint64 firstRow, qint64 count, qint64 firstColumn = 0, qint64 columnCount = 3)
    {
        static const QStringList kLabels = {QStringLiteral("plain"), QStringLiteral("a,b"),
            QStringLiteral("say \"hi\""), QStringLiteral("Zürich"), QString(), QStringLiteral("line\nbreak")};
        QList<ColumnData> all(3);
        all[0].kind = CellKind::Float64;
        all[1].kind = CellKind::Int;
        all[2].kind = CellKind::Text;
        for (qint64 r = firstRow; r < firstRow + count; ++r) {
            all[0].reals.push_back(valueAt(r));
            all[1].ints.push_back(r * 7919 - 1'000'000);
            all[2].texts.append(kLabels[r % kLabels.size()]);
        }
        return Page {firstRow, firstColumn, count, columnCount, all.mid(firstColumn, columnCount), {}, {}};
    }
};

/// What one thread writes for a whole page, in one piece.
std::string serialText(const Page& page, const CsvOptions& options, qint64 indexStart)
{
    std::string text;
    CsvWriter::appendRows(text, page, options, indexStart);
    return text;
}

QByteArray fileContents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

} // namespace

class tst_CsvPageFormatter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpersWriteTheBytesOneThreadWrites_data()
    {
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("threads");
        QTest::addColumn<bool>("index");
        QTest::addColumn<int>("minChunks"); // the page really was shared out
        const qint64 chunk = CsvPageFormatter::kChunkCells / 3; // rows of a full chunk of 3 columns
        QTest::newRow("one row") << qint64(1) << 3 << 2 << false << 1;
        QTest::newRow("fewer rows than the ring") << qint64(3) << 3 << 3 << true << 3;
        QTest::newRow("a full chunk's rows") << chunk << 3 << 2 << false << 4;
        QTest::newRow("one row more") << chunk + 1 << 3 << 2 << false << 4;
        QTest::newRow("many full chunks, ring wraps, odd end") << 9 * chunk + 17 << 3 << 2 << true << 10;
        QTest::newRow("more helpers than cores") << 5 * chunk + 3 << 3 << 7 << false << 6;
        QTest::newRow("numbers only (reserved-space path)") << 4 * chunk + 1 << 2 << 2 << true << 4;
    }
    void helpersWriteTheBytesOneThreadWrites()
    {
        QFETCH(qint64, rows);
        QFETCH(int, columns);
        QFETCH(int, threads);
        QFETCH(bool, index);
        QFETCH(int, minChunks);
        CsvOptions options;
        options.indexColumn = index;
        const Page page = GeneratedTable::page(0, rows, 0, columns);
        const qint64 indexStart = 1'000'000;
        CsvPageFormatter formatter(options, threads);
        std::string parallel;
        int chunks = 0;
        bool wholeRows = true;
        const Status s = formatter.format(
            page, indexStart,
            [&](std::string_view text) {
                parallel.append(text);
                ++chunks;
                wholeRows = wholeRows && !text.empty() && text.back() == '\n';
                return Status();
            },
            nullptr);
        QVERIFY2(!s.isError(), qPrintable(s.toString()));
        QCOMPARE(QByteArray::fromStdString(parallel), QByteArray::fromStdString(serialText(page, options, indexStart)));
        QVERIFY2(chunks >= minChunks, qPrintable(QString::number(chunks)));
        QVERIFY(wholeRows); // each chunk is whole rows: it ends a line
    }

    void theFormatterServesPageAfterPageInOrder()
    {
        // Given one formatter for a whole export, pages of different sizes one after another
        CsvOptions options;
        CsvPageFormatter formatter(options, 2);
        std::string parallel, serial;
        qint64 first = 0;
        for (const qint64 n : {qint64(200'000), qint64(5), qint64(131'073), qint64(1)}) {
            const Page page = GeneratedTable::page(first, n);
            const Status s = formatter.format(
                page, first, [&](std::string_view text) { parallel.append(text); return Status(); }, nullptr);
            QVERIFY(!s.isError());
            serial += serialText(page, options, first);
            first += n;
        }
        QCOMPARE(QByteArray::fromStdString(parallel), QByteArray::fromStdString(serial));
    }

    void aWriteErrorStopsThePageAndTheFormatterRecovers()
    {
        CsvOptions options;
        CsvPageFormatter formatter(options, 2);
        const Page page = GeneratedTable::page(0, 400'000);
        int calls = 0;
        const Status failed = formatter.format(
            page, 0,
            [&](std::string_view) {
                return ++calls == 3 ? Error(Error::Code::Io, QStringLiteral("disk full")) : Status();
            },
            nullptr);
        QCOMPARE(failed.code, Error::Code::Io);
        QCOMPARE(calls, 3); // nothing is written after the error
        // The helpers that were ahead have finished; the next page is whole and in order.
        const Page next = GeneratedTable::page(400'000, 150'000);
        std::string text;
        const Status s = formatter.format(
            next, 0, [&](std::string_view t) { text.append(t); return Status(); }, nullptr);
        QVERIFY(!s.isError());
        QCOMPARE(QByteArray::fromStdString(text), QByteArray::fromStdString(serialText(next, options, 0)));
    }

    void aCancelBetweenChunksStopsWriting()
    {
        CsvPageFormatter formatter(CsvOptions {}, 2);
        const Page page = GeneratedTable::page(0, 400'000);
        std::atomic_bool cancel {false};
        int calls = 0;
        const Status s = formatter.format(
            page, 0,
            [&](std::string_view) {
                if (++calls == 2)
                    cancel = true;
                return Status();
            },
            &cancel);
        QCOMPARE(s.code, Error::Code::Cancelled);
        QCOMPARE(calls, 2);
    }

    void aLargeExportMatchesOneThreadAndACancelLeavesNoFile()
    {
        // Given a table large enough for helper threads, in pages that do not align with chunks
        GeneratedTable table;
        table.rows = 450'000;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.csv"));
        CsvOptions options;
        options.indexColumn = true;
        auto stats = CsvWriter::write(table, path, options);
        QVERIFY2(stats.ok(), stats.ok() ? "" : qPrintable(stats.error().toString()));
        std::string expected = ",x,n,label\n";
        for (qint64 first = 0; first < table.rows; first += table.pageSize) {
            const qint64 n = qMin(table.pageSize, table.rows - first);
            expected += serialText(GeneratedTable::page(first, n), options, first);
        }
        const QByteArray written = fileContents(path);
        QCOMPARE(written.size(), qsizetype(expected.size()));
        QVERIFY(written == QByteArray::fromStdString(expected));
        QCOMPARE(stats->bytes, qint64(expected.size()));

        // When the same export is cancelled half-way, or its source fails half-way
        std::atomic_bool cancel {false};
        const QString cancelled = dir.filePath(QStringLiteral("cancelled.csv"));
        auto stopped = CsvWriter::write(
            table, cancelled, options, [&](qint64 done, qint64) { cancel = done > table.rows / 2; }, &cancel);
        QCOMPARE(stopped.error().code, Error::Code::Cancelled);
        table.failAtRow = 300'000;
        QVERIFY(!CsvWriter::write(table, dir.filePath(QStringLiteral("failed.csv")), options).ok());
        // Then neither leaves a file, nor a temporary one
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("t.csv")});
    }
};

QTEST_GUILESS_MAIN(tst_CsvPageFormatter)
#include "tst_csvpageformatter.moc"

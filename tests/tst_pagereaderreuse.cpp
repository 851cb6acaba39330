// SPDX-License-Identifier: MIT
// The memory the worker keeps between replies (issue 18): a page's column vectors go back to
// ColumnPool once sent and the next page decodes into them; each reply is encoded into the bytes of
// the one before (H5WorkerProtocol::encodeInto). A reused buffer must show only the new page.
#include "columnpool.h"
#include "h5fileimage.h"
#include "h5fixtures.h"
#include "h5reader.h"
#include "h5workerprotocol.h"

#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

std::unique_ptr<H5FileImage> openImage(const QString& path)
{
    auto bytes = ImageBuffer::readFile(path);
    if (!bytes.ok())
        return nullptr;
    auto image = H5FileImage::open(*bytes);
    return image.ok() ? std::move(image).value() : nullptr;
}

PageRequest rowsOf(qint64 rowStart, qint64 rowCount, qint64 cols)
{
    PageRequest r;
    r.view = DimView::defaultFor(2);
    r.rowStart = rowStart;
    r.rowCount = rowCount;
    r.colCount = cols;
    return r;
}

} // namespace

class tst_PageReaderReuse : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<H5FileImage> m_reals; ///< /values: 5000 x 3 float64, value row*3+col
    std::unique_ptr<H5FileImage> m_ints;  ///< /values: 400 x 2 int64, value row*2+col
    static constexpr qint64 kCols = 3;

    Page readReals(qint64 rowStart, qint64 rowCount)
    {
        auto page = H5Reader(*m_reals).readPage(QStringLiteral("/values"), rowsOf(rowStart, rowCount, kCols));
        if (!page.ok())
            qWarning() << page.error().toString();
        return page.ok() ? *page : Page {};
    }

    // Every cell holds its own counting value and the columns hold exactly the page's rows.
    static void verifyCounting(const Page& page, qint64 cols)
    {
        QCOMPARE(page.columns.size(), cols);
        for (qint64 c = 0; c < cols; ++c) {
            QCOMPARE(page.columns[c].size(), page.rowCount);
            for (qint64 r = 0; r < page.rowCount; ++r)
                QCOMPARE(page.value(r, c).toDouble(), double((page.rowStart + r) * cols + c));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_reals = openImage(H5Fixtures::writeMatrix(m_dir.filePath(QStringLiteral("reals.h5")), 5000, kCols));
        m_ints = openImage(H5Fixtures::writeCounting(m_dir.filePath(QStringLiteral("ints.h5")), {400, 2}));
        QVERIFY(m_reals && m_ints);
    }

    void keptMemoryIsReused()
    {
        Page big = readReals(0, 5000);
        const size_t capacity = big.columns[0].reals.capacity();
        ColumnPool::giveBack(big);
        QVERIFY(big.columns[0].reals.empty()); // taken, not copied
        ColumnData column {CellKind::Float64, {}, {}, {}, {}};
        ColumnPool::reserve(column, 10);
        QCOMPARE(column.size(), 0);
        QVERIFY(column.reals.capacity() >= capacity);
    }

    void smallerPageAfterBiggerShowsOnlyItsRows()
    {
        Page big = readReals(0, 5000);
        verifyCounting(big, kCols);
        ColumnPool::giveBack(big);
        const Page small = readReals(1234, 7);
        verifyCounting(small, kCols);
        QCOMPARE(small.rowCount, 7);
    }

    void biggerPageAfterSmallerGrows()
    {
        Page small = readReals(10, 3);
        ColumnPool::giveBack(small);
        const Page big = readReals(100, 4900);
        verifyCounting(big, kCols);
    }

    void intPageAfterRealPageGetsIntegers()
    {
        Page reals = readReals(0, 5000);
        ColumnPool::giveBack(reals);
        auto ints = H5Reader(*m_ints).readPage(QStringLiteral("/values"), rowsOf(5, 300, 2));
        QVERIFY(ints.ok());
        QCOMPARE(ints->columns[0].kind, CellKind::Int);
        QVERIFY(ints->columns[0].reals.empty());
        QCOMPARE(qint64(ints->columns[1].ints.size()), 300);
        for (qint64 r = 0; r < 300; ++r)
            QCOMPARE(ints->columns[1].ints[size_t(r)], (5 + r) * 2 + 1);
    }

    void replyBytesHoldOnlyTheLastReply()
    {
        const Page big = readReals(0, 5000);
        const Page small = readReals(42, 2);
        QByteArray reply;
        H5WorkerProtocol::encodeInto(reply, big);
        const qsizetype capacity = reply.capacity();
        H5WorkerProtocol::encodeInto(reply, small);
        QCOMPARE(reply, H5WorkerProtocol::encode(small));
        QCOMPARE(reply.capacity(), capacity); // the same memory, not a fresh buffer
        Page decoded;
        QVERIFY(H5WorkerProtocol::decode(reply, decoded));
        verifyCounting(decoded, kCols);
        QCOMPARE(decoded.rowStart, 42);
    }
};

QTEST_GUILESS_MAIN(tst_PageReaderReuse)
#include "tst_pagereaderreuse.moc"

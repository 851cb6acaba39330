// SPDX-License-Identifier: MIT
#include "fileaccesslog.h"
#include "h5fileimage.h"
#include "h5fixtures.h"
#include "h5reader.h"
#include "procstatus.h"
#include "testpaths.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

namespace {

std::shared_ptr<const ImageBuffer> bufferOf(const QByteArray& bytes)
{
    auto buffer = ImageBuffer::allocate(bytes.size(), QStringLiteral("test"));
    if (!bytes.isEmpty())
        std::memcpy((*buffer)->data(), bytes.constData(), size_t(bytes.size()));
    return *buffer;
}

QString blogExample()
{
    return TestPaths::corpus() + QStringLiteral("/origin/blog-example.h5");
}

qint64 readTestValue(const H5FileImage& image)
{
    const H5Reader reader(image);
    auto page = reader.readPage(QStringLiteral("/test"), PageRequest {DimView::defaultFor(2), 0, 1, 0, 1});
    return page.ok() ? page->columns[0].ints[0] : -1;
}

} // namespace

class tst_H5FileImage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensTheBlogExampleFromMemory()
    {
        // Given the 1404-byte image from the script this project grew out of
        auto bytes = ImageBuffer::readFile(blogExample());
        QVERIFY2(bytes.ok(), "the shared corpus must be next to the project (../shared/corpus)");
        QCOMPARE((*bytes)->size(), qint64(1404));
        // When it is opened in place
        auto image = H5FileImage::open(*bytes);
        QVERIFY2(image.ok(), qPrintable(image.ok() ? QString() : image.error().toString()));
        // Then /test reads 12345
        QCOMPARE(readTestValue(**image), qint64(12345));
    }

    void imageNameCanNeverExistOnDisk()
    {
        const QString name = H5FileImage::uniqueImageName();
        QVERIFY(name.startsWith(QStringLiteral("/dev/null/")));
        QVERIFY(name != H5FileImage::uniqueImageName());
        QFile probe(name);
        QVERIFY(!probe.open(QIODevice::WriteOnly)); // /dev/null is not a directory, even for root
    }

    void filesNamedLikeTheImageDoNotMatter()
    {
        // Given a working directory holding files with the names other tools hand to HDF5
        QTemporaryDir dir;
        for (const char* name : {"file_image_0", "file_image_1", "blog-example.h5", "h5walk_image.h5"}) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not the image");
        }
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir.path());
        // When an image is opened and read there
        auto bytes = ImageBuffer::readFile(blogExample());
        QVERIFY(bytes.ok());
        auto image = H5FileImage::open(*bytes);
        const qint64 value = image.ok() ? readTestValue(**image) : -1;
        image = Error();
        QDir::setCurrent(previous);
        // Then the open succeeds with the image's own bytes, and the directory is unchanged
        QCOMPARE(value, qint64(12345));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).size(), 4);
    }

    void openingAndReadingTouchesNoFile()
    {
        QTemporaryDir dir;
        const QByteArray bytes
            = H5Fixtures::readAll(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5"))));
        const auto buffer = bufferOf(bytes);
        // When a file with links of every kind is opened, listed, inspected and read
        FileAccessLog::start();
        {
            auto image = H5FileImage::open(buffer);
            QVERIFY(image.ok());
            const H5Reader reader(**image);
            QVERIFY(reader.children(QStringLiteral("/links")).ok());
            QVERIFY(reader.info(QStringLiteral("/links/external")).ok());
            QVERIFY(reader.info(QStringLiteral("/matrix")).ok());
            QVERIFY(reader.readPage(QStringLiteral("/matrix"), {DimView::defaultFor(2), 0, 3, 0, 4}).ok());
            QVERIFY(!reader.readPage(QStringLiteral("/links/external"), {DimView::defaultFor(1), 0, 1, 0, 1})
                         .ok());
            QVERIFY(
                !reader
                     .readPage(QStringLiteral("/refused/external_raw"), {DimView::defaultFor(1), 0, 1, 0, 1})
                     .ok());
            QVERIFY(!reader.readPage(QStringLiteral("/refused/virtual"), {DimView::defaultFor(1), 0, 1, 0, 1})
                         .ok());
        }
        const auto entries = FileAccessLog::stop();
        // Then nothing was written anywhere, and no path was opened but the impossible image name
        for (const auto& e : entries) {
            QVERIFY2(!e.writes, qPrintable(QStringLiteral("wrote %1").arg(e.path)));
            const bool allowed = e.path.startsWith(QStringLiteral("/dev/null/"))
                || e.path == QStringLiteral("/dev/urandom") || e.path == QStringLiteral("/etc/localtime");
            QVERIFY2(allowed, qPrintable(QStringLiteral("opened %1").arg(e.path)));
        }
    }

    void notHdf5IsSaidSo_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("empty") << QByteArray() << int(Error::Code::NotHdf5);
        QTest::newRow("text") << QByteArray("hello, this is a CSV file\n1,2,3\n")
                              << int(Error::Code::NotHdf5);
        QTest::newRow("zeros") << QByteArray(4096, '\0') << int(Error::Code::NotHdf5);
        QTest::newRow("signature only") << QByteArray("\x89HDF\r\n\x1a\n", 8) << int(Error::Code::Corrupt);
    }
    void notHdf5IsSaidSo()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        auto image = H5FileImage::open(bufferOf(bytes));
        QVERIFY(!image.ok());
        QCOMPARE(int(image.error().code), code);
        QVERIFY(!image.error().message.isEmpty());
    }

    void truncatedFileIsReportedAsTruncated()
    {
        QTemporaryDir dir;
        const QByteArray bytes
            = H5Fixtures::readAll(H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5"))));
        for (const double fraction : {0.9, 0.5, 0.1}) {
            auto image = H5FileImage::open(bufferOf(bytes.left(qsizetype(double(bytes.size()) * fraction))));
            QVERIFY(!image.ok());
            QCOMPARE(image.error().code, Error::Code::Truncated);
            QVERIFY2(
                image.error().detail.contains(QStringLiteral("truncated")), qPrintable(image.error().detail));
        }
    }

    void openingA256MiBImageAddsWellUnderOneCopy()
    {
        // Given a 256 MiB file read into memory
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeMatrix(dir.filePath(QStringLiteral("big.h5")), 4 << 20, 8);
        auto bytes = ImageBuffer::readFile(path);
        QVERIFY(bytes.ok());
        QVERIFY((*bytes)->size() > (256LL << 20));
        QVERIFY(ProcStatus::resetPeak());
        const qint64 before = ProcStatus::residentBytes();
        // When it is opened and pages at its start, middle and end are read
        {
            auto image = H5FileImage::open(*bytes);
            QVERIFY(image.ok());
            const H5Reader reader(**image);
            for (qint64 row : {qint64(0), qint64(2 << 20), qint64((4 << 20) - 1000)}) {
                auto page
                    = reader.readPage(QStringLiteral("/values"), {DimView::defaultFor(2), row, 1000, 0, 8});
                QVERIFY(page.ok());
                QCOMPARE(page->columns[3].reals[0], double(row * 8 + 3));
            }
        }
        // Then the peak grew by far less than a copy of the file
        const qint64 growth = ProcStatus::peakResidentBytes() - before;
        qInfo("image %lld MiB, peak RSS growth while opening and reading: %.1f MiB", (*bytes)->size() >> 20,
            double(growth) / (1 << 20));
        QVERIFY2(growth < (*bytes)->size() / 8, qPrintable(QStringLiteral("grew %1 bytes").arg(growth)));
    }
};

QTEST_GUILESS_MAIN(tst_H5FileImage)
#include "tst_h5fileimage.moc"

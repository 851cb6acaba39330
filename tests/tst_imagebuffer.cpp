// SPDX-License-Identifier: MIT
#include "imagebuffer.h"

#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <unistd.h>

using namespace H5Hdfs;

class tst_ImageBuffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allocatesZeroFilledBufferOfExactSize()
    {
        auto buffer = ImageBuffer::allocate(1 << 20, QStringLiteral("test"));
        QVERIFY2(buffer.ok(), qPrintable(buffer.ok() ? QString() : buffer.error().toString()));
        QCOMPARE((*buffer)->size(), qint64(1 << 20));
        QVERIFY((*buffer)->isWritable());
        QCOMPARE((*buffer)->constData()[0], '\0');
        QCOMPARE((*buffer)->constData()[(1 << 20) - 1], '\0');
    }

    void readsAFileOnceIntoItsBytes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f.bin"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray payload(300000, '\0');
        for (int i = 0; i < payload.size(); ++i)
            payload[i] = char(i * 7);
        f.write(payload);
        f.close();
        auto buffer = ImageBuffer::readFile(path);
        QVERIFY(buffer.ok());
        QCOMPARE(QByteArray((*buffer)->constData(), qsizetype((*buffer)->size())), payload);
    }

    void missingFileIsAnIoErrorNamingIt()
    {
        auto buffer = ImageBuffer::readFile(QStringLiteral("/nonexistent/dir/x.h5"));
        QVERIFY(!buffer.ok());
        QCOMPARE(buffer.error().code, Error::Code::Io);
        QVERIFY(buffer.error().message.contains(QStringLiteral("/nonexistent/dir/x.h5")));
    }

    void emptyFileGivesEmptyBuffer()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto buffer = ImageBuffer::readFile(path);
        QVERIFY(buffer.ok());
        QCOMPARE((*buffer)->size(), qint64(0));
    }

    void secondMappingSeesTheSamePagesWithoutCopy()
    {
        // Given a writable buffer and a read-only mapping of its fd (what a worker process does)
        auto writer = ImageBuffer::allocate(8192, QStringLiteral("shared"));
        QVERIFY(writer.ok());
        auto reader = ImageBuffer::mapReadOnly(dup((*writer)->fd()), 8192);
        QVERIFY(reader.ok());
        QVERIFY(!(*reader)->isWritable());
        // When the writer writes after the mapping exists
        std::memcpy((*writer)->data() + 4096, "hello", 5);
        // Then the reader sees it: the pages are shared, not copied
        QCOMPARE(QByteArray((*reader)->constData() + 4096, 5), QByteArray("hello"));
    }
};

QTEST_GUILESS_MAIN(tst_ImageBuffer)
#include "tst_imagebuffer.moc"

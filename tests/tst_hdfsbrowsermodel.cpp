// SPDX-License-Identifier: MIT
#include "hdfsbrowsermodel.h"
#include "webhdfs/server/localwebhdfsserver.h"
#include "webhdfs/webhdfsclient.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace H5Hdfs;

namespace {

/// The local WebHDFS server over a directory, and a client of it.
struct ServedDirectory {
    explicit ServedDirectory(const QString& root, int batchSize = 1000)
        : server([&] {
            LocalWebHdfsServer::Options options;
            options.rootDir = root;
            options.batchSize = batchSize;
            return options;
        }())
    {
        if (!server.start())
            return;
        WebHdfsConfig config;
        config.roots = {server.rootUrl()};
        client = std::make_unique<WebHdfsClient>(config, &network);
    }
    LocalWebHdfsServer server;
    QNetworkAccessManager network;
    std::unique_ptr<WebHdfsClient> client; ///< null when the server did not start
};

} // namespace

class tst_HdfsBrowserModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fillsPageByPageAndPassesTheModelTester()
    {
        // Given a directory of 45 entries served 10 to a page
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("data/zdir"));
        QVERIFY(QFile::link(QStringLiteral("file00.h5"), dir.filePath(QStringLiteral("data/link.h5"))));
        for (int i = 0; i < 44; ++i) {
            QFile f(dir.filePath(QStringLiteral("data/file%1.h5").arg(i, 2, 10, QLatin1Char('0'))));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(i * 100, 'x'));
        }
        ServedDirectory served(dir.path(), 10);
        QVERIFY(served.client);
        WebHdfsClient& client = *served.client;
        HdfsBrowserModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy loaded(&model, &HdfsBrowserModel::loaded);
        // When it is listed
        model.showDirectory(client, QStringLiteral("/data"));
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        // Then the rows came in five inserts, and every column reads like ls -l
        QCOMPARE(inserted.size(), 5);
        QCOMPARE(model.rowCount(), 46);
        QVERIFY(!model.isLoading());
        QCOMPARE(model.pathOf(3), QStringLiteral("/data/file03.h5"));
        QCOMPARE(model.index(3, HdfsBrowserModel::PermissionColumn).data().toString(),
            QStringLiteral("-rw-r--r--"));
        QCOMPARE(model.index(3, HdfsBrowserModel::SizeColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("300 bytes"));
        QLocale::setDefault(QLocale::c());
        QCOMPARE(model.index(30, HdfsBrowserModel::SizeColumn).data().toString(), QStringLiteral("2.9 KiB"));
        QCOMPARE(model.index(3, HdfsBrowserModel::OwnerColumn).data().toString(), QStringLiteral("hdfs"));
        QCOMPARE(model.index(3, HdfsBrowserModel::ReplicationColumn).data().toString(), QStringLiteral("3"));
        // A symbolic link, listed as HDFS lists it (length 0), shows where it points, not "0 bytes"
        QCOMPARE(model.index(44, HdfsBrowserModel::NameColumn).data().toString(), QStringLiteral("link.h5"));
        QCOMPARE(model.index(44, HdfsBrowserModel::PermissionColumn).data().toString(), QStringLiteral("lrwxrwxrwx"));
        QCOMPARE(model.index(44, HdfsBrowserModel::SizeColumn).data().toString(), QString());
        QCOMPARE(model.index(44, HdfsBrowserModel::SizeColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("Symbolic link to file00.h5"));
        const QModelIndex zdir = model.index(45, HdfsBrowserModel::NameColumn);
        QCOMPARE(zdir.data().toString(), QStringLiteral("zdir"));
        QVERIFY(zdir.data(HdfsBrowserModel::IsDirectoryRole).toBool());
        QCOMPARE(model.index(45, HdfsBrowserModel::SizeColumn).data().toString(), QString());
        // And sorting puts directories first by name, sizes by value
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(HdfsBrowserModel::SortRole);
        proxy.sort(HdfsBrowserModel::NameColumn);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("zdir"));
        proxy.sort(HdfsBrowserModel::SizeColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("file43.h5"));
        // A new directory replaces the old listing, including one still streaming
        model.showDirectory(client, QStringLiteral("/data/zdir"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.directory(), QStringLiteral("/data/zdir"));
    }

    void aFailedListingReportsItsError()
    {
        QTemporaryDir dir;
        ServedDirectory served(dir.path());
        QVERIFY(served.client);
        HdfsBrowserModel model;
        QSignalSpy loaded(&model, &HdfsBrowserModel::loaded);
        model.showDirectory(*served.client, QStringLiteral("/missing"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.at(0).at(0).value<Error>().code, Error::Code::NotFound);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_HdfsBrowserModel)
#include "tst_hdfsbrowsermodel.moc"

// SPDX-License-Identifier: MIT
// Where the programs find their worker (build tree, install layout, override), and what --version
// and the viewer's About box report: the HDF5 version and plugins, asked from the worker.
#include "installlayout.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace H5Hdfs;

class tst_InstallLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("H5HDFS_WORKER");
    }

    void buildTreeWorkerIsBesideTheProgram()
    {
        // build/bin has no ../libexec/h5hdfs: the worker beside the program is used.
        const QString expected = QCoreApplication::applicationDirPath() + QStringLiteral("/h5hdfs-worker");
        QCOMPARE(InstallLayout::workerProgram(), expected);
        QVERIFY(QFile::exists(expected));
    }

    void environmentOverrides()
    {
        qputenv("H5HDFS_WORKER", "/somewhere/else/h5hdfs-worker");
        QCOMPARE(InstallLayout::workerProgram(), QStringLiteral("/somewhere/else/h5hdfs-worker"));
        qunsetenv("H5HDFS_WORKER");
    }

    void reportNamesHdf5AndPlugins()
    {
        bool ok = false;
        const QString worker = InstallLayout::workerReport(&ok);
        QVERIFY2(ok, qPrintable(worker));
        QVERIFY2(worker.contains(QRegularExpression(QStringLiteral("^HDF5 1\\.\\d+\\.\\d+$"),
                     QRegularExpression::MultilineOption)),
            qPrintable(worker));
        QVERIFY2(worker.contains(QStringLiteral("Filter plugins: ")), qPrintable(worker));
        const QString report = InstallLayout::versionReport(QStringLiteral("h5hdfs"), QStringLiteral("9.9"));
        QVERIFY(report.startsWith(QStringLiteral("h5hdfs 9.9\nQt ") + QString::fromLatin1(qVersion())));
        QVERIFY(report.contains(worker));
    }

    void missingWorkerIsSaid()
    {
        qputenv("H5HDFS_WORKER", "/nonexistent/h5hdfs-worker");
        bool ok = true;
        const QString report = InstallLayout::workerReport(&ok);
        qunsetenv("H5HDFS_WORKER");
        QVERIFY(!ok);
        QVERIFY2(report.contains(QStringLiteral("/nonexistent/h5hdfs-worker")), qPrintable(report));
    }

    void aboutBoxShowsVersions()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral("1.2.3"));
        MainWindow window;
        window.show();
        QAction* about = nullptr;
        for (QAction* menu : window.menuBar()->actions()) {
            if (menu->menu() && menu->text().remove(QLatin1Char('&')) == QStringLiteral("Help")) {
                for (QAction* a : menu->menu()->actions())
                    if (a->text().remove(QLatin1Char('&')).startsWith(QStringLiteral("About h5hdfs")))
                        about = a;
            }
        }
        QVERIFY(about);
        // The box opens at once; the worker's part of the report arrives from a background thread.
        about->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("aboutBox"))) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(box->informativeText().contains(QStringLiteral("HDF5 1.")), 20000);
        const QString text = box->text() + box->informativeText();
        box->accept();
        QVERIFY2(text.contains(QStringLiteral("1.2.3")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("HDF5 1.")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Filter plugins")), qPrintable(text));
    }
};

QTEST_MAIN(tst_InstallLayout)
#include "tst_installlayout.moc"

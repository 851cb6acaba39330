// SPDX-License-Identifier: MIT
// The viewer against a real Apache HDFS: a file typed into the connection bar opens and shows its tree.
#include "testpaths.h"
#include "errorbanner.h"
#include "fileview.h"
#include "h5treemodel.h"
#include "hdfsbrowser.h"
#include "mainwindow.h"
#include "realcluster.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

using namespace H5Hdfs;

class tst_RealHdfsViewer : public QObject {
    Q_OBJECT
private:
    RealCluster::Env m_cluster;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.isValid(), qPrintable(m_cluster.error()));
        TestPaths::isolateSettings(QStringLiteral("tst_realhdfs_viewer"));
        QSettings().clear();
    }

    void opensAFileTypedIntoTheConnectionBar()
    {
        MainWindow window;
        window.show();
        auto* bar = window.findChild<QToolBar*>(QStringLiteral("connectionBar"));
        QVERIFY(bar);
        const QList<QLineEdit*> edits = bar->findChildren<QLineEdit*>();
        QVERIFY(edits.size() >= 2); // the URL, then the user
        edits[1]->setText(QStringLiteral("analyst"));
        edits[0]->setText(m_cluster.value(QStringLiteral("WEBHDFS_URL")) + QStringLiteral("/data/")
            + RealCluster::kEverything);
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        QTest::keyClick(edits[0], Qt::Key_Return);
        QVERIFY2(opened.wait(30000), qPrintable(window.errorBanner()->message()));
        FileView* view = window.currentFileView();
        QVERIFY(view);
        const QModelIndex root = view->treeModel()->rootIndex(); // the root group "/", the top item
        QTRY_VERIFY_WITH_TIMEOUT(view->treeModel()->rowCount(root) > 10, 10000);
        QStringList names;
        for (int r = 0; r < view->treeModel()->rowCount(root); ++r)
            names << view->treeModel()->index(r, 0, root).data().toString();
        for (const char* expected : {"matrix", "cube", "strings", "compound"})
            QVERIFY2(names.contains(QLatin1String(expected)), qPrintable(names.join(QLatin1Char(','))));
        // The browser beside it lists the file's directory, from the same cluster.
        QTRY_COMPARE_WITH_TIMEOUT(window.browser()->currentPath(), QStringLiteral("/data"), 10000);
        QVERIFY2(window.errorBanner()->message().isEmpty(), qPrintable(window.errorBanner()->message()));
    }
};

QTEST_MAIN(tst_RealHdfsViewer)
#include "tst_realhdfs_viewer.moc"

// SPDX-License-Identifier: MIT
// The real main window, driven offscreen.
#include "errorbanner.h"
#include "fileview.h"
#include "h5fixtures.h"
#include "h5treemodel.h"
#include "mainwindow.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class tst_MainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensAFileAndShowsTheSelectedObject()
    {
        QTemporaryDir dir;
        const QString path = H5Fixtures::writeEverything(dir.filePath(QStringLiteral("e.h5")));
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::fileOpened);
        window.openLocalFile(path);
        QVERIFY(opened.wait(5000));
        FileView* view = window.currentFileView();
        QVERIFY(view);
        H5TreeModel* model = view->treeModel();
        QTRY_VERIFY(model->rowCount() > 10);
        QModelIndex matrix;
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data().toString() == QLatin1String("matrix"))
                matrix = model->index(r, 0);
        }
        QVERIFY(matrix.isValid());
        QSignalSpy shown(view, &FileView::detailsShown);
        view->treeView()->setCurrentIndex(matrix);
        QVERIFY(shown.wait(5000));
        QVERIFY(view->detailsText().contains(QStringLiteral("3 × 4")));
        QVERIFY(view->detailsText().contains(QStringLiteral("units")));
        QVERIFY(window.errorBanner()->message().isEmpty());
    }

    void aNonHdf5FileShowsTheBanner()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.h5"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not HDF5");
        f.close();
        MainWindow window;
        window.show();
        window.openLocalFile(path);
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 5000);
        QVERIFY(window.errorBanner()->message().contains(QStringLiteral("Not an HDF5 file")));
    }

    void aMissingFileShowsTheBanner()
    {
        MainWindow window;
        window.show();
        window.openLocalFile(QStringLiteral("/nonexistent/file.h5"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.errorBanner()->message().isEmpty(), 5000);
        QVERIFY(window.errorBanner()->message().contains(QStringLiteral("/nonexistent/file.h5")));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

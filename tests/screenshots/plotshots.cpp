// SPDX-License-Identifier: MIT
// Takes the README's screenshots of the Plot tab: a file view over each demo sample, the object
// selected, the Plot tab shown in the kind asked, grabbed to resources/screenshots/. Run under
// xvfb-run (real fonts and style): xvfb-run -a build/bin/plotshots resources/samples resources/screenshots
#include "fileview.h"
#include "plotpanel.h"
#include "plotwidget.h"
#include "datasettablemodel.h"

#include <QApplication>
#include <QComboBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <cstdio>

using namespace H5Hdfs;

namespace {

bool shoot(const QString& samples, const QString& file, const QString& path, const QString& kind, bool named, const QString& out)
{
    H5Service service;
    auto bytes = ImageBuffer::readFile(samples + QLatin1Char('/') + file);
    if (!bytes.ok())
        return false;
    FileView view(service, service.addImage(*bytes, file), file);
    view.resize(1280, 720);
    view.show();
    view.revealPath(path);
    if (!QTest::qWaitFor([&] { return view.tableModel() && view.tableModel()->path() == path && (!named || view.tableModel()->isNamedTable()); }, 10000))
        return false;
    view.findChild<QTabWidget*>()->setCurrentWidget(view.plotPanel());
    const auto done = [&] { return !view.plotPanel()->isLoading() && view.plotPanel()->plot()->isEnabled(); };
    if (!QTest::qWaitFor(done, 20000))
        return false;
    QComboBox* kinds = view.plotPanel()->kindBox();
    if (!kind.isEmpty() && kinds->currentText() != kind) {
        kinds->setCurrentIndex(kinds->findText(kind));
        Q_EMIT kinds->activated(kinds->currentIndex());
        QTest::qWait(100);
        if (!QTest::qWaitFor(done, 20000))
            return false;
    }
    QTest::qWait(300); // let the last paint land
    return view.grab().save(out);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    // Settings of their own, empty: a kind remembered from another run would change the pictures.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("h5hdfs-tests"));
    QSettings().clear();
    if (argc != 3) {
        std::fputs("usage: plotshots SAMPLES_DIR OUT_DIR\n", stderr);
        return 2;
    }
    const QString samples = QString::fromLocal8Bit(argv[1]), out = QString::fromLocal8Bit(argv[2]) + QLatin1Char('/');
    struct Shot {
        const char* file;
        const char* path;
        const char* kind;
        bool named; ///< read as a named table (a matrix with column names)
        const char* name;
    };
    const Shot shots[] = {
        {"image_stack.h5", "/frames", "", false, "plot-image.png"},
        {"sensors_wide.h5", "/data_f", "", true, "plot-lines.png"},
        {"sensors_wide.h5", "/data_f", "Histogram", true, "plot-histogram.png"},
        {"pandas_frames.h5", "/weather_table", "Line", true, "plot-time.png"},
    };
    int failed = 0;
    for (const Shot& s : shots) {
        const bool ok = shoot(samples, QString::fromUtf8(s.file), QString::fromUtf8(s.path), QString::fromUtf8(s.kind), s.named, out + QString::fromUtf8(s.name));
        std::printf("%s %s\n", ok ? "wrote" : "FAILED", s.name);
        failed += !ok;
    }
    return failed;
}

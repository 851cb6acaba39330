// SPDX-License-Identifier: MIT
// The viewer's Plot tab: the default view per kind of data, following the table's dimension
// picker, DataFrame columns by name, zooming that asks the worker again, and a 10^8-row dataset
// plotted without reading it whole.
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "fileview.h"
#include "plotfixtures.h"
#include "plotpanel.h"
#include "plotwidget.h"
#include "testpaths.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace H5Hdfs;

class tst_PlotView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

    static std::shared_ptr<const ImageBuffer> image(const QString& path) { return *ImageBuffer::readFile(path); }

    // Shows `path` in the view's Plot tab and waits for its picture.
    static bool plotOf(FileView& view, const QString& path)
    {
        view.revealPath(path);
        if (!QTest::qWaitFor([&] { return view.tableModel() && view.tableModel()->path() == path; }, 10000))
            return false;
        auto* tabs = view.findChild<QTabWidget*>();
        tabs->setCurrentWidget(view.plotPanel());
        return QTest::qWaitFor([&] { return !view.plotPanel()->isLoading() && view.plotPanel()->plot()->isEnabled(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestPaths::isolateSettings(QStringLiteral("tst_plotview"));
        m_file = PlotFixtures::write(m_dir.filePath(QStringLiteral("plots.h5")));
    }

    void oneDimensionalDataIsALineWithAPointPairPerPixel()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/signal")));
        const PlotScene& scene = view.plotPanel()->plot()->scene();
        QCOMPARE(scene.kind, PlotRequest::Kind::Line);
        QCOMPARE(scene.lines.size(), 1);
        const PlotData& d = scene.lines[0].data;
        QCOMPARE(d.rowCount, PlotFixtures::kSignalRows);
        // About one min/max pair per pixel of the widget, never the data itself.
        QVERIFY(d.mins.size() <= view.plotPanel()->plot()->width());
        QVERIFY(d.mins.size() > view.plotPanel()->plot()->width() / 2);
        QCOMPARE(view.plotPanel()->kindBox()->currentText(), QStringLiteral("Line"));
        QVERIFY(view.plotPanel()->plot()->frame().isValid());
    }

    void zoomingAsksForTheVisibleRowsAgain()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/signal")));
        PlotWidget* plot = view.plotPanel()->plot();
        QSignalSpy plotted(view.plotPanel(), &PlotPanel::plotted);
        // A rubber band over the middle tenth of the area.
        const QRectF area = plot->frame().area;
        const QPoint from(int(area.left() + area.width() * 0.45), int(area.center().y()));
        const QPoint to(int(area.left() + area.width() * 0.55), int(area.center().y() + 20));
        const double x0 = plot->frame().toData(from).x(), x1 = plot->frame().toData(to).x();
        QTest::mousePress(plot, Qt::LeftButton, {}, from);
        QTest::mouseMove(plot, to);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
        QVERIFY(plotted.wait(10000));
        const PlotData& d = plot->scene().lines[0].data;
        QVERIFY2(std::abs(double(d.rowStart) - x0) <= 1 && std::abs(double(d.rowStart + d.rowCount) - x1) <= 2,
            qPrintable(QStringLiteral("%1+%2 vs %3..%4").arg(d.rowStart).arg(d.rowCount).arg(x0).arg(x1)));
        // The value under the cursor is the data's.
        const QString text = plot->describe(plot->frame().toPixel(double(d.rowStart + 7), 0));
        QVERIFY2(text.startsWith(QStringLiteral("row ")), qPrintable(text));
        // A double click shows everything again.
        QTest::mouseDClick(plot, Qt::LeftButton, {}, area.center().toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(plot->scene().lines[0].data.rowCount, PlotFixtures::kSignalRows, 10000);
    }

    void twoDimensionalDataIsAnImage()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/ramp")));
        const PlotScene& scene = view.plotPanel()->plot()->scene();
        QCOMPARE(scene.kind, PlotRequest::Kind::Image);
        QCOMPARE(scene.data.imageRows * scene.data.rowStep >= 64, true);
        QCOMPARE(scene.data.pixel(0, 0, scene.data.imageCols - 1) > scene.data.pixel(0, 0, 0), true);
    }

    void theFrameSliderChangesThePicture()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/cube")));
        PlotWidget* plot = view.plotPanel()->plot();
        QCOMPARE(plot->scene().kind, PlotRequest::Kind::Image);
        QCOMPARE(plot->scene().data.pixel(0, 0, 0), PlotFixtures::cube(0, 0, 0));
        const QImage before = plot->picture();
        QSignalSpy plotted(view.plotPanel(), &PlotPanel::plotted);
        DimView v = view.dimensionPicker()->view();
        v.index[0] = 3;
        view.dimensionPicker()->setView(v);
        QVERIFY(plotted.wait(10000));
        QCOMPARE(plot->scene().data.pixel(0, 0, 0), PlotFixtures::cube(3, 0, 0));
        // Colours follow each frame's own range: the colour bar's numbers tell the frames apart.
        QVERIFY(plot->picture() != before);
    }

    void aDataFramePlotsItsColumnsByName()
    {
        H5Service service;
        const QString path = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5");
        FileView view(service, service.addImage(image(path), "frames_table.h5"), QStringLiteral("f"));
        view.resize(1200, 700);
        view.show();
        view.revealPath(QStringLiteral("/df"));
        QTRY_VERIFY_WITH_TIMEOUT(view.tableModel() && view.tableModel()->isNamedTable(), 10000);
        view.findChild<QTabWidget*>()->setCurrentWidget(view.plotPanel());
        QTRY_VERIFY_WITH_TIMEOUT(!view.plotPanel()->isLoading() && view.plotPanel()->plot()->isEnabled(), 20000);
        const PlotScene& scene = view.plotPanel()->plot()->scene();
        QCOMPARE(scene.kind, PlotRequest::Kind::Line);
        QVERIFY(!scene.lines.isEmpty());
        const TableDescription& table = *view.tableModel()->namedTable();
        QStringList names;
        for (const ColumnSpec& c : table.columns.mid(table.indexColumns))
            names << c.name;
        for (const LineSeries& line : scene.lines) {
            QVERIFY2(names.contains(line.name), qPrintable(line.name));
            QCOMPARE(line.data.rowCount, table.rows);
        }
    }

    void aHundredMillionRowsPlotWithoutReadingThemWhole()
    {
        // 10^8 bytes (95 MiB) shown in one picture: the worker reads a run of rows per pixel
        // column, at most PlotRequest::maxValues values in all, and says how many it read.
        const QString path = PlotFixtures::writeBig(m_dir.filePath(QStringLiteral("big.h5")), 100'000'000, 0, true);
        H5Service service;
        const auto file = service.addImage(image(path), "big.h5");
        FileView view(service, file, QStringLiteral("big"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/big")));
        const PlotData& d = view.plotPanel()->plot()->scene().lines[0].data;
        QCOMPARE(d.rowCount, 100'000'000);
        QVERIFY(d.sampled);
        QVERIFY2(d.valuesRead <= PlotRequest().maxValues && d.valuesRead < d.rowCount / 5,
            qPrintable(QString::number(d.valuesRead)));
        // What it shows is the data's: every run of 16,000 rows holds each value of i % 251.
        for (qsizetype b = 0; b < d.mins.size(); ++b)
            QVERIFY(d.mins[b] == 0.0 && d.maxs[b] == 250.0);
        // Zoomed to 10^5 rows, every row is read.
        QSignalSpy plotted(view.plotPanel(), &PlotPanel::plotted);
        Q_EMIT view.plotPanel()->plot()->rangeRequested(1000, 101'000, 0, 0);
        QVERIFY(plotted.wait(10000));
        const PlotData& zoomed = view.plotPanel()->plot()->scene().lines[0].data;
        QVERIFY(!zoomed.sampled);
        QCOMPARE(zoomed.rowStart, 1000);
        QCOMPARE(zoomed.valuesRead, 100'000);
    }
};

QTEST_MAIN(tst_PlotView)
#include "tst_plotview.moc"

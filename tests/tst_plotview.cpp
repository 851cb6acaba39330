// SPDX-License-Identifier: MIT
// The viewer's Plot tab: the default view per kind of data, following the table's dimension
// picker and leading it from its own frame slider, DataFrame columns by name along their index or
// another column, zooming that asks the worker again, a 10^8-row dataset plotted without reading it
// whole, a long reading's progress (the fraction read) and Cancel, and Save as SVG.
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "fileview.h"
#include "plotfixtures.h"
#include "plotpanel.h"
#include "plotwidget.h"
#include "testpaths.h"

#include <QComboBox>
#include <QFile>
#include <QLocale>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSvgRenderer>
#include <QToolButton>
#include <QXmlStreamReader>
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

    // 10^8 bytes (95 MiB), written once for the tests that need a long reading.
    QString bigFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("big.h5"));
        return QFile::exists(path) ? path : PlotFixtures::writeBig(path, 100'000'000, 0, true);
    }

    // A view of the pandas sample whose DataFrame /df has a numeric index and a datetime64 column.
    static std::unique_ptr<FileView> dataFrameView(H5Service& service)
    {
        const QString path = TestPaths::sourceDir() + QStringLiteral("/tests/data/pandas/frames_table.h5");
        auto view = std::make_unique<FileView>(service, service.addImage(image(path), "frames_table.h5"), QStringLiteral("f"));
        view->resize(1200, 700);
        view->show();
        return view;
    }

    // Picks Histogram in the panel's kind box, as a user's click does (the choice is remembered).
    static void chooseHistogram(PlotPanel& panel)
    {
        const int histogram = panel.kindBox()->findText(QStringLiteral("Histogram"));
        panel.kindBox()->setCurrentIndex(histogram);
        Q_EMIT panel.kindBox()->activated(histogram);
    }

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
        QSettings().clear(); // kinds remembered by an earlier run would change the default pictures
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
        plot->repaint(); // its frame (pixels to rows) is its last painting's: the picture's, not an older one
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

    void theFrameSliderOnThePlotTabRedrawsTheImageAndMovesTheTable()
    {
        // Given a 5-frame stack shown in the Plot tab
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/cube")));
        PlotWidget* plot = view.plotPanel()->plot();
        QVERIFY(view.plotPanel()->framePicker()->isVisible());
        auto* slider = view.plotPanel()->framePicker()->findChild<QSlider*>();
        QVERIFY(slider && slider->isVisible());
        QCOMPARE(slider->maximum(), PlotFixtures::kFrames - 1);
        const QImage before = plot->picture();
        QSignalSpy plotted(view.plotPanel(), &PlotPanel::plotted);
        // When its slider is moved to the last frame from the keyboard
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_End);
        // Then the picture is that frame's, and the table shows the same frame
        QVERIFY(plotted.wait(10000));
        QCOMPARE(plot->scene().data.pixel(0, 0, 0), PlotFixtures::cube(PlotFixtures::kFrames - 1, 0, 0));
        QVERIFY(plot->picture() != before);
        QCOMPARE(view.dimensionPicker()->view().index.value(0), PlotFixtures::kFrames - 1);
        const auto firstCell = [&view] {
            const QString text = view.tableModel()->index(0, 0).data().toString();
            bool ok = false;
            const double v = QLocale().toDouble(text, &ok);
            return ok ? v : text.toDouble();
        };
        QTRY_COMPARE_WITH_TIMEOUT(firstCell(), PlotFixtures::cube(PlotFixtures::kFrames - 1, 0, 0), 10000);
        // And the table's slider moved back leads the plot again
        DimView v = view.dimensionPicker()->view();
        v.index[0] = 2;
        view.dimensionPicker()->setView(v);
        QVERIFY(plotted.wait(10000));
        QCOMPARE(plot->scene().data.pixel(0, 0, 0), PlotFixtures::cube(2, 0, 0));
        QCOMPARE(view.plotPanel()->framePicker()->findChild<QSlider*>()->value(), 2); // rebuilt for the new view
    }

    void aDataFramePlotsAlongItsIndexOrAnotherColumn()
    {
        // Given a DataFrame whose index is numbers and which has a datetime64 column "when"
        H5Service service;
        auto shown = dataFrameView(service);
        FileView& view = *shown;
        QVERIFY(plotOf(view, QStringLiteral("/df")));
        QVERIFY(view.tableModel()->isNamedTable());
        // Then its lines run along the index, as pandas plots them
        QComboBox* x = view.plotPanel()->xBox();
        QVERIFY(x->isVisible());
        QCOMPARE(x->currentData().toLongLong(), qint64(0));
        PlotWidget* plot = view.plotPanel()->plot();
        QVERIFY(plot->scene().lines.first().data.byX);
        QVERIFY(!plot->scene().lines.first().data.xTime);
        // When "when" is chosen along x
        const int when = x->findText(QStringLiteral("x: when"));
        QVERIFY(when > 0);
        QSignalSpy plotted(view.plotPanel(), &PlotPanel::plotted);
        x->setCurrentIndex(when);
        Q_EMIT x->activated(when);
        QVERIFY(plotted.wait(10000));
        // Then x is time: the value under the cursor says when
        QVERIFY(plot->scene().lines.first().data.xTime);
        QCOMPARE(plot->scene().style.xLabel, QStringLiteral("when"));
        plot->repaint(); // the frame the value under the cursor is read through
        const QString text = plot->describe(plot->frame().area.center());
        QVERIFY2(text.startsWith(QStringLiteral("2026-01-")), qPrintable(text));
        // And zooming asks for the times in view, every row whose time is there
        const PlotData all = plot->scene().lines.first().data;
        const double from = all.xMin + (all.xMax - all.xMin) * 0.25, to = all.xMin + (all.xMax - all.xMin) * 0.5;
        Q_EMIT plot->rangeRequested(from, to, 0, 0);
        QVERIFY(plotted.wait(10000));
        QCOMPARE(plot->scene().lines.first().data.xMin, from);
        QCOMPARE(plot->scene().lines.first().data.xMax, to);
        QCOMPARE(plot->scene().lines.first().data.rowCount, all.rowCount);
        QVERIFY2(view.plotPanel()->statusText().contains(QStringLiteral("when from 2026-01-")), qPrintable(view.plotPanel()->statusText()));
        // And "row" plots along the row number again
        x->setCurrentIndex(0);
        Q_EMIT x->activated(0);
        QVERIFY(plotted.wait(10000));
        QVERIFY(!plot->scene().lines.first().data.byX);
    }

    void aLongReadingShowsItsProgressAndCancels()
    {
        // Given a histogram of 10^8 values being read (two passes over them)
        H5Service service;
        FileView view(service, service.addImage(image(bigFile()), "big.h5"), QStringLiteral("big"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/big")));
        PlotPanel* panel = view.plotPanel();
        auto* progress = panel->findChild<QProgressBar*>(QStringLiteral("plotProgress"));
        auto* cancel = panel->findChild<QToolButton*>(QStringLiteral("plotCancel"));
        QVERIFY(progress && cancel);
        QVERIFY(!progress->isVisible()); // nothing being read
        QSignalSpy errors(panel, &PlotPanel::errorOccurred);
        const auto forget = qScopeGuard([] { QSettings().remove(QStringLiteral("plot/kind")); }); // for the other tests
        chooseHistogram(*panel);
        QVERIFY(panel->isLoading());
        QVERIFY(progress->isVisible() && cancel->isVisible());
        // When Cancel is clicked
        QTest::mouseClick(cancel, Qt::LeftButton);
        // Then the reading stops, quietly, and says so
        QVERIFY(!panel->isLoading());
        QVERIFY(!progress->isVisible());
        QVERIFY2(panel->statusText().startsWith(QStringLiteral("Cancelled")), qPrintable(panel->statusText()));
        QCOMPARE(panel->plot()->scene().kind, PlotRequest::Kind::Line); // the line stays
        // and the worker serves the next picture
        QSignalSpy plotted(panel, &PlotPanel::plotted);
        Q_EMIT panel->plot()->rangeRequested(0, 1000, 0, 0);
        QVERIFY(plotted.wait(20000));
        QCOMPARE(errors.count(), 0);
    }

    void aLongReadingShowsTheFractionDone()
    {
        // Given a histogram of 10^8 values about to be read (two passes, a report per block)
        H5Service service;
        FileView view(service, service.addImage(image(bigFile()), "big.h5"), QStringLiteral("big"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/big")));
        PlotPanel* panel = view.plotPanel();
        auto* progress = panel->findChild<QProgressBar*>(QStringLiteral("plotProgress"));
        QVERIFY(progress);
        QList<std::pair<int, int>> shown; // the bar's maximum and value, as it moves
        connect(progress, &QProgressBar::valueChanged, this,
            [&shown, progress](int value) { shown.append({progress->maximum(), value}); });
        const auto forget = qScopeGuard([] { QSettings().remove(QStringLiteral("plot/kind")); }); // for the other tests
        QSignalSpy plotted(panel, &PlotPanel::plotted);
        // When it is read
        chooseHistogram(*panel);
        QVERIFY(progress->isVisible());
        QCOMPARE(progress->maximum(), 0); // busy: nothing reported yet
        QVERIFY(plotted.wait(60000));
        // Then the bar showed the fraction read, growing, once the worker reported
        QVERIFY(!shown.isEmpty());
        for (qsizetype i = 0; i < shown.size(); ++i) {
            const auto [maximum, value] = shown[i];
            QVERIFY2(maximum > 0 && value >= 0 && value <= maximum,
                qPrintable(QStringLiteral("%1 of %2").arg(value).arg(maximum)));
            QVERIFY2(i == 0 || value > shown[i - 1].second, qPrintable(QString::number(i)));
        }
        QVERIFY(!progress->isVisible());
        QCOMPARE(panel->plot()->scene().kind, PlotRequest::Kind::Histogram);
        // and the next reading starts busy again
        Q_EMIT panel->plot()->resetRequested();
        QVERIFY(panel->isLoading());
        QCOMPARE(progress->maximum(), 0);
    }

    void saveAsSvgWritesThePicture()
    {
        H5Service service;
        FileView view(service, service.addImage(image(m_file), "plots.h5"), QStringLiteral("p"));
        view.resize(1200, 700);
        view.show();
        QVERIFY(plotOf(view, QStringLiteral("/ramp")));
        const QString svg = m_dir.filePath(QStringLiteral("ramp.svg"));
        QVERIFY(view.plotPanel()->saveTo(svg));
        QVERIFY(QSvgRenderer(svg).isValid());
        // The image element holds the picture's cells: as many as the scene has.
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QImage cells;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("image"))
                cells = QImage::fromData(QByteArray::fromBase64(
                    xml.attributes().value(QStringLiteral("xlink:href")).toString().section(QLatin1Char(','), 1).toLatin1()));
        QVERIFY(!xml.hasError());
        const PlotData& d = view.plotPanel()->plot()->scene().data;
        QCOMPARE(cells.size(), QSize(int(d.imageCols), int(d.imageRows)));
    }

    void aDataFramePlotsItsColumnsByName()
    {
        H5Service service;
        auto shown = dataFrameView(service);
        FileView& view = *shown;
        QVERIFY(plotOf(view, QStringLiteral("/df")));
        QVERIFY(view.tableModel()->isNamedTable());
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
        const QString path = bigFile();
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

// SPDX-License-Identifier: MIT
#include "fileview.h"

#include "attributesmodel.h"
#include "datasettablemodel.h"
#include "dimensionpicker.h"
#include "export/csvexportjob.h"
#include "exportdialog.h"
#include "h5treemodel.h"
#include "plotpanel.h"
#include "service/netcdfattributes.h"
#include "statisticspanel.h"
#include "table/tableresolver.h"
#include "text/h5describe.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QProgressDialog>
#include <QRect>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace H5Hdfs {

namespace {

/// Writes only the rectangle `box` of the table's window (x = column, y = row), whose top left
/// cell is the table's (rowOffset, columnOffset).
void limitTo(const QRect& box, const DatasetTableModel& table, CsvOptions& options)
{
    options.firstRow = table.rowOffset() + box.top();
    options.rowCount = box.height();
    options.firstColumn = table.columnOffset() + box.left();
    options.columnCount = box.width();
}

/// Window bars count in int: an offset up to `maxOffset` (a qint64) maps to [0, steps(maxOffset)].
int steps(qint64 maxOffset)
{
    return int(qMin<qint64>(maxOffset, 1 << 30));
}

qint64 offsetAt(int value, qint64 maxOffset)
{
    const int n = steps(maxOffset);
    return n == 0 ? 0 : qint64(static_cast<__int128>(value) * maxOffset / n); // no qint64 overflow
}

int valueAt(qint64 offset, qint64 maxOffset)
{
    const int n = steps(maxOffset);
    return n == 0 ? 0 : int(static_cast<__int128>(offset) * n / maxOffset);
}

/// Shows a window of `window` items at `offset` through `bar`: hidden when everything fits.
void configure(QScrollBar* bar, qint64 offset, qint64 maxOffset, int window)
{
    const QSignalBlocker blocker(bar);
    bar->setVisible(maxOffset > 0);
    const int n = steps(maxOffset);
    bar->setRange(0, n);
    // A page is a window's worth, in the bar's scaled steps.
    // At least one step, also when there is nothing to scroll (n == 0: qBound's max below its min).
    bar->setPageStep(int(qBound<double>(1, double(n) * window / double(maxOffset + window), qMax(1, n))));
    bar->setSingleStep(qMax(1, bar->pageStep() / 20));
    if (offsetAt(bar->value(), maxOffset) != offset) // keeps a dragged bar where the user holds it
        bar->setValue(valueAt(offset, maxOffset));
}

/// The object's properties, and how many attributes its Attributes tab shows.
QString detailsHtml(const ObjectInfo& info, int attributesShown)
{
    QString html = QStringLiteral("<table cellspacing='4'>");
    auto rows = H5Describe::properties(info);
    rows.append({QStringLiteral("Attributes"), QLocale().toString(attributesShown)});
    for (const auto& [label, value] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    html += QStringLiteral("</table>");
    return html;
}

} // namespace

FileView::FileView(H5Service& service, H5Service::FileId file, const QString& title, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_file(file)
    , m_model(new H5TreeModel(service, file, this))
    , m_tree(new QTreeView(this))
    , m_panels(new QTabWidget(this))
    , m_tableView(new QTableView(this))
    , m_details(new QTextBrowser(this))
    , m_attributes(new AttributesModel(this))
    , m_search(new QLineEdit(this))
    , m_results(new QListWidget(this))
    , m_dimensions(new DimensionPicker(this))
    , m_tableSummary(new QLabel(this))
    , m_rowWindowBar(new QScrollBar(Qt::Vertical, this))
    , m_columnWindowBar(new QScrollBar(Qt::Horizontal, this))
    , m_windowLabel(new QLabel(this))
    , m_rawTables(new QCheckBox(tr("Raw"), this))
{
    setObjectName(title);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildTreeSide());
    splitter->addWidget(buildPanels());
    shareSplit(splitter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_model, &H5TreeModel::errorOccurred, this, &FileView::errorOccurred);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FileView::showDetails);
    setUpNavigation();
    setUpTableDisplay();
}

// Find above the object tree, its results between them while there are any.
QWidget* FileView::buildTreeSide()
{
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    sizeTreeColumnsToContent();
    m_search->setPlaceholderText(tr("Find objects by name (* and ? wildcards)"));
    m_search->setClearButtonEnabled(true);
    m_results->hide();
    m_results->setMaximumHeight(160);
    auto* side = new QWidget(this);
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_results);
    layout->addWidget(m_tree, 1);
    return side;
}

// The selected object's Table, Metadata and Attributes tabs.
QTabWidget* FileView::buildPanels()
{
    m_tableView->verticalHeader()->setDefaultSectionSize(22);
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // constant cost for 10^8 rows
    m_tableView->horizontalHeader()->setDefaultSectionSize(150);             // room for exact float64 values
    m_panels->addTab(buildTableTab(), tr("Table"));
    m_panels->addTab(m_details, tr("Metadata"));
    auto* attributes = new QTableView(this);
    attributes->setModel(m_attributes);
    attributes->verticalHeader()->hide();
    attributes->horizontalHeader()->setStretchLastSection(true);
    attributes->horizontalHeader()->resizeSection(AttributesModel::ValueColumn, 320);
    attributes->setWordWrap(false);
    m_panels->addTab(attributes, tr("Attributes"));
    m_attributesView = attributes;
    m_panels->setDocumentMode(true);
    return m_panels;
}

FileView::~FileView()
{
    m_service.closeFile(m_file);
}

QString FileView::detailsText() const
{
    return m_details->toPlainText();
}

void FileView::showTable(const ObjectInfo& info)
{
    m_tableInfo = info;
    // Whether the object reads as a named table (a DataFrame) is the engine's to say: the
    // resolver asks it, as it does for `cat` and `export`.
    const auto question = TableResolver::question(info, tableOptions());
    m_service.cancel(m_tableRequest); // the description of an object no longer shown
    m_tableRequest = question
        ? m_service.ask(m_file, *question, this,
              [this](H5Response&& response) { onTableDescribed(std::move(response)); })
        : H5Service::Ticket();
    if (info.kind != NodeKind::Dataset) {
        replaceTable(nullptr);
        m_dimensions->hide();
        // The tab stays the user's choice; the table's place says why it is empty.
        m_tableSummary->setText(tr("%1 is a group: its members are in the tree, its details under "
                                   "Metadata and Attributes.")
                                    .arg(info.path));
        m_tableSummary->setVisible(info.kind == NodeKind::Group);
        if (!m_tableRequest)
            Q_EMIT tableResolved(info.path);
        return;
    }
    m_dimensions->setShape(info.dataset.shape, info.dataset.dimensions);
    // Until the engine answers, the dataset shows as itself (the resolver's answer without one).
    if (const auto ref = TableResolver::answer(m_file, info, nullptr, tableOptions()))
        replaceTable(new DatasetTableModel(m_service, *ref, this));
    // Statistics and plots stay in view from one object to the next.
    if (m_panels->currentWidget() != static_cast<QWidget*>(m_statistics)
        && m_panels->currentWidget() != static_cast<QWidget*>(m_plotPanel))
        m_panels->setCurrentIndex(0);
    if (!m_tableRequest)
        Q_EMIT tableResolved(info.path);
}

TableOptions FileView::tableOptions() const
{
    TableOptions options;
    options.raw = m_rawTables->isChecked(); // DataFrames as their datasets, netCDF numbers as stored
    options.view = m_dimensions->view();
    // The tree hands over what the engine said when it listed the object (the root group is
    // opened, not listed; links are listed as links): a plain dataset shows without asking again.
    const H5Node node = m_model->node(m_tree->currentIndex());
    if (node.path == m_tableInfo.path && node.path != QLatin1String("/")
        && (node.kind == NodeKind::Group || node.kind == NodeKind::Dataset))
        options.listed = node.tableSummary;
    return options;
}

void FileView::showAttributes(const QList<Attribute>& attributes)
{
    const QList<Attribute> shown = NetCdfAttributes::shown(attributes, m_rawTables->isChecked());
    m_attributes->setAttributes(shown);
    m_panels->setTabText(m_panels->indexOf(m_attributesView), tr("Attributes (%L1)").arg(shown.size()));
}

void FileView::showNamedTable(const TableRef& table)
{
    m_dimensions->hide();
    replaceTable(new DatasetTableModel(m_service, table, this));
    m_tableSummary->setText(table.summary());
    m_tableSummary->setToolTip(m_tableSummary->text());
    if (m_panels->currentWidget() != static_cast<QWidget*>(m_statistics)
        && m_panels->currentWidget() != static_cast<QWidget*>(m_plotPanel))
        m_panels->setCurrentIndex(0);
}

void FileView::replaceTable(DatasetTableModel* table)
{
    DatasetTableModel* old = m_table;
    m_table = table;
    if (m_table) {
        m_table->setNumberFormat(m_numberFormat, m_precision);
        connect(m_table, &DatasetTableModel::errorOccurred, this, &FileView::errorOccurred);
    }
    m_tableView->setModel(m_table);
    m_copyButton->setEnabled(m_table != nullptr); // nothing to copy or export over no table
    m_exportButton->setEnabled(m_table != nullptr);
    m_tableSummary->setText(m_table ? m_table->summary() : QString());
    m_tableSummary->setVisible(m_table && !m_table->summary().isEmpty());
    if (m_table)
        connect(m_table, &DatasetTableModel::windowMoved, this, &FileView::syncWindowControls);
    syncWindowControls();
    onTableReplaced();
    delete old; // its cache of blocks goes with it
}

void FileView::syncWindowControls()
{
    const bool windowed = m_table && (m_table->maxRowOffset() > 0 || m_table->maxColumnOffset() > 0);
    m_windowLabel->setVisible(windowed);
    if (!m_table) {
        m_rowWindowBar->hide();
        m_columnWindowBar->hide();
        return;
    }
    configure(m_rowWindowBar, m_table->rowOffset(), m_table->maxRowOffset(), m_table->rowCount());
    configure(m_columnWindowBar, m_table->columnOffset(), m_table->maxColumnOffset(), m_table->columnCount());
    if (!windowed)
        return;
    QString text = tr("Rows %L1–%L2 of %L3")
                       .arg(m_table->rowOffset())
                       .arg(m_table->rowOffset() + m_table->rowCount() - 1)
                       .arg(m_table->totalRows());
    if (m_table->maxColumnOffset() > 0)
        text += tr(", columns %L1–%L2 of %L3")
                    .arg(m_table->columnOffset())
                    .arg(m_table->columnOffset() + m_table->columnCount() - 1)
                    .arg(m_table->totalColumns());
    m_windowLabel->setText(text + tr(" (the bars beside and below the table move through the rest)"));
}

void FileView::onWindowBarMoved()
{
    if (m_table)
        m_table->setWindow(offsetAt(m_rowWindowBar->value(), m_table->maxRowOffset()),
            offsetAt(m_columnWindowBar->value(), m_table->maxColumnOffset()));
}

void FileView::showCell(qint64 row, qint64 column)
{
    if (!m_table)
        return;
    // The cell in the window's middle, so scrolling either way from it stays in the window.
    m_table->setWindow(row - m_table->rowCount() / 2, column - m_table->columnCount() / 2);
    const QModelIndex index
        = m_table->index(int(row - m_table->rowOffset()), int(column - m_table->columnOffset()));
    m_tableView->scrollTo(index);
    m_tableView->setCurrentIndex(index);
}

std::optional<QRect> FileView::selectionBox() const
{
    if (!m_table || !m_tableView->selectionModel() || !m_tableView->selectionModel()->hasSelection())
        return std::nullopt;
    // From the selection's ranges, not its cells: a selected column of 10^8 rows is one range.
    QRect box;
    for (const QItemSelectionRange& range : m_tableView->selectionModel()->selection())
        box |= QRect(QPoint(range.left(), range.top()), QPoint(range.right(), range.bottom()));
    return box;
}

void FileView::showDetails(const QModelIndex& index)
{
    if (index.isValid())
        showObject(m_model->node(index).path);
}

void FileView::showObject(const QString& path)
{
    m_service.cancel(m_infoRequest); // the object selected before: its details would be stale
    m_infoRequest = m_service.ask(
        m_file, H5Request::info(path), this, [this](H5Response&& response) { onInfo(std::move(response)); });
}

void FileView::search(const QString& pattern)
{
    if (pattern.isEmpty())
        return;
    m_results->clear();
    m_results->addItem(tr("Searching…"));
    m_results->show();
    // The search still running (a big file's walk) gives way: its answer would be stale anyway.
    m_service.cancel(m_searchRequest);
    m_searchRequest = m_service.ask(m_file, H5Request::find(pattern), this,
        [this](H5Response&& response) { onFound(std::move(response)); });
}

void FileView::onFound(H5Response&& response)
{
    m_searchRequest = {};
    m_results->clear();
    if (!response.ok())
        m_results->addItem(response.error.message);
    for (const H5Node& node : response.children)
        m_results->addItem(node.path);
    if (response.ok() && response.children.isEmpty())
        m_results->addItem(tr("Nothing is named like that"));
}

void FileView::onTableDescribed(H5Response&& response)
{
    m_tableRequest = {};
    // A dataset that is no named table is shown already; a group that is none shows no table.
    const auto table = TableResolver::answer(m_file, m_tableInfo, &response, tableOptions());
    if (table && table->isNamed())
        showNamedTable(*table);
    else if (!table && table.error().code != Error::Code::NotATable) // a named table, but a broken one
        Q_EMIT errorOccurred(table.error());
    Q_EMIT tableResolved(m_tableInfo.path);
    checkTableWait();
}

void FileView::onInfo(H5Response&& response)
{
    m_infoRequest = {};
    if (!response.ok()) {
        m_details->setPlainText(response.error.toString());
        Q_EMIT errorOccurred(response.error);
        checkTableWait();
        return;
    }
    showAttributes(response.info.attributes);
    m_details->setHtml(detailsHtml(response.info, m_attributes->rowCount()));
    showTable(response.info);
    Q_EMIT detailsShown();
    checkTableWait();
}

QWidget* FileView::buildTableTab()
{
    auto* tab = new QWidget(this);
    auto* format = new QComboBox(tab);
    format->addItem(tr("Exact"), QVariant::fromValue('g'));
    format->addItem(tr("Fixed"), QVariant::fromValue('f'));
    format->addItem(tr("Scientific"), QVariant::fromValue('e'));
    format->setToolTip(
        tr("Number display: exact (shortest form that reads back the same), fixed or scientific"));
    auto* precision = new QSpinBox(tab);
    precision->setRange(0, 17);
    precision->setValue(m_precision);
    precision->setToolTip(tr("Digits after the point for fixed and scientific display"));
    m_formatBox = format;
    auto* copy = new QToolButton(tab);
    m_copyButton = copy;
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setEnabled(false); // until a table shows
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the selected cells as tab-separated text (Ctrl+C)"));
    auto* exportButton = new QToolButton(tab);
    m_exportButton = exportButton;
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setEnabled(false);
    exportButton->setText(tr("Export CSV…"));
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(new QLabel(tr("Numbers"), tab));
    bar->addWidget(format);
    bar->addWidget(precision);
    bar->addStretch();
    bar->addWidget(m_rawTables);
    bar->addWidget(copy);
    bar->addWidget(exportButton);
    m_tableBar = bar;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_tableSummary);
    layout->addWidget(m_dimensions);
    layout->addWidget(m_windowLabel);
    // The table, and the bars that move its window through tables too large for one.
    auto* grid = new QGridLayout;
    grid->setSpacing(0);
    grid->addWidget(m_tableView, 0, 0);
    grid->addWidget(m_rowWindowBar, 0, 1);
    grid->addWidget(m_columnWindowBar, 1, 0);
    layout->addLayout(grid, 1);
    m_rowWindowBar->hide();
    m_columnWindowBar->hide();
    m_windowLabel->hide();
    m_windowLabel->setContentsMargins(4, 2, 4, 2);
    m_rowWindowBar->setToolTip(tr("Moves through all the rows, a window of them at a time"));
    m_columnWindowBar->setToolTip(tr("Moves through all the columns, a window of them at a time"));
    connect(m_rowWindowBar, &QScrollBar::valueChanged, this, &FileView::onWindowBarMoved);
    connect(m_columnWindowBar, &QScrollBar::valueChanged, this, &FileView::onWindowBarMoved);
    // Another 2-D view of the same dataset: a new table over it (the old one's cache goes with it).
    connect(m_dimensions, &DimensionPicker::viewChanged, this, [this](const DimView& view) {
        if (m_table)
            replaceTable(new DatasetTableModel(m_service, m_table->tableRef().withView(view), this));
    });

    auto applyFormat = [this, format, precision] {
        m_numberFormat = format->currentData().value<char>();
        m_precision = precision->value();
        if (m_table)
            m_table->setNumberFormat(m_numberFormat, m_precision);
        sizeTableColumns(); // fixed and scientific forms have other widths
    };
    connect(format, &QComboBox::currentIndexChanged, this, applyFormat);
    connect(precision, &QSpinBox::valueChanged, this, applyFormat);
    connect(copy, &QToolButton::clicked, this, [this] { copySelection(); });
    auto* shortcut = new QShortcut(QKeySequence::Copy, m_tableView, nullptr, nullptr, Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, [this] { copySelection(); });
    connect(exportButton, &QToolButton::clicked, this, &FileView::chooseAndExport);
    // The summary may be cut when room is short; it must not widen the table's side of the split.
    m_tableSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_tableSummary->setContentsMargins(4, 2, 4, 2);
    m_rawTables->setToolTip(tr("Show objects as stored: DataFrames and named tables as their datasets, "
                               "netCDF variables as their packed numbers (no scale_factor, add_offset or "
                               "_FillValue applied) with netCDF's internal attributes"));
    connect(m_rawTables, &QCheckBox::toggled, this, [this] {
        if (m_tableInfo.path.isEmpty())
            return;
        showAttributes(m_tableInfo.attributes);
        showTable(m_tableInfo);
    });
    return tab;
}

bool FileView::copySelection(std::function<void(const Error& error)> done)
{
    const auto box = selectionBox();
    if (!m_table || !box)
        return false;
    const qint64 cells = qint64(box->width()) * box->height();
    if (cells > kMaxCopiedCells) {
        Q_EMIT errorOccurred(Error(Error::Code::TooLarge,
            tr("The selection holds %L1 cells; Copy takes up to %L2. Export the selection to a file instead.")
                .arg(cells)
                .arg(kMaxCopiedCells)));
        return false;
    }
    CsvOptions options;
    options.delimiter = '\t';
    options.header = false;
    limitTo(*box, *m_table, options);
    // Replaces (cancels) a copy still running.
    m_copyJob = startCsvExport(m_table->sourceFactory(), QString(), options, this,
        [this, done = std::move(done)](Result<CsvExported>&& copied) {
            if (!copied)
                Q_EMIT errorOccurred(copied.error());
            else
                QApplication::clipboard()->setText(QString::fromUtf8(copied->text));
            if (done)
                done(copied ? Error() : copied.error());
        });
    return true;
}

bool FileView::showsASlice() const
{
    return m_table && m_tableInfo.kind == NodeKind::Dataset && m_tableInfo.dataset.rank() >= 3;
}

BackgroundJob FileView::exportCsv(const QString& path, CsvOptions options, ExportScope scope,
    std::function<void(const Error& error)> done, ProgressCallback progress)
{
    if (!m_table)
        return {};
    if (const auto box = scope == ExportScope::Selection ? selectionBox() : std::nullopt)
        limitTo(*box, *m_table, options);
    TableSourceFactory source = m_table->sourceFactory();
    if (scope == ExportScope::Whole && showsASlice()) { // the table is one slice; export every element
        TableRef whole = m_table->tableRef();
        whole.everyElement = true;
        source = whole.sourceFactory(m_service);
    }
    return startCsvExport(
        std::move(source), path, options, this,
        [this, path, done = std::move(done)](Result<CsvExported>&& written) {
            if (!written)
                Q_EMIT errorOccurred(written.error());
            else
                Q_EMIT exported(path, written->rows);
            if (done)
                done(written ? Error() : written.error());
        },
        std::move(progress));
}

void FileView::chooseAndExport()
{
    if (!m_table)
        return;
    const QString suggested
        = QDir::home().filePath(m_tableInfo.path.section(QLatin1Char('/'), -1) + QStringLiteral(".csv"));
    ExportDialog dialog(suggested, selectionBox().has_value(), showsASlice(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty())
        return;
    auto* progress
        = new QProgressDialog(tr("Exporting %1…").arg(m_tableInfo.path), tr("Cancel"), 0, 1000, this);
    progress->setWindowModality(Qt::NonModal);
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<QProgressDialog> shown = progress;
    auto job = std::make_shared<BackgroundJob>(exportCsv(
        dialog.path(), dialog.options(), dialog.scope(),
        [shown](const Error&) {
            if (shown)
                shown->close();
        },
        [shown](qint64 done, qint64 total) {
            // In double: 1000 * done overflows qint64 for the cells of a dataset like tlayouto.h5's.
            if (shown)
                shown->setValue(total > 0 ? int(1000.0 * double(done) / double(total)) : 1000);
        }));
    if (!job->isRunning()) {
        progress->deleteLater();
        return;
    }
    // The dialog owns the export (this connection holds it): Cancel ends both, and the dialog
    // closing once the export is done releases it.
    connect(progress, &QProgressDialog::canceled, progress, [job, progress] {
        job->cancel();
        progress->close();
    });
}

} // namespace H5Hdfs

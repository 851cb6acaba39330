// SPDX-License-Identifier: MIT
#include "statisticspanel.h"

#include "numberformat.h"
#include "table/statisticsjob.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace H5Hdfs {

namespace {

QString count(qint64 n)
{
    return QLocale().toString(n);
}

// Min and max are values of the data: shown exactly, as the table shows them. Mean and spread
// are derived: 10 digits.
QString exact(double v, bool single)
{
    return single ? NumberFormat::fromFloat(float(v)) : NumberFormat::fromDouble(v);
}

QString derived(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'g', 10);
}

QTableWidgetItem* cell(const QString& text, bool number = true)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

StatisticsPanel::StatisticsPanel(H5Service& service, H5Service::FileId file, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_file(file)
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_table(new QTableWidget(0, StdColumn + 1, this))
{
    m_table->setHorizontalHeaderLabels({tr("Column"), tr("Values"), tr("NaN"), tr("Inf"), tr("Min"),
        tr("Max"), tr("Mean"), tr("Std")});
    m_table->horizontalHeaderItem(MeanColumn)->setToolTip(tr("Mean of the finite values"));
    m_table->horizontalHeaderItem(StdColumn)
        ->setToolTip(tr("Sample standard deviation of the finite values (n − 1, as pandas' describe())"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22); // as the table's rows
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_status->setContentsMargins(4, 4, 4, 4);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_table, 1);
    clear(tr("Select a dataset or a DataFrame to see statistics of its columns."));
}

StatisticsPanel::~StatisticsPanel() = default; // the job handle cancels and joins its thread

QString StatisticsPanel::statusText() const
{
    return m_status->text();
}

void StatisticsPanel::setTable(const TableRef& table)
{
    // Another view of the same dataset has the same statistics: they are of every element.
    const QString kind = table.isNamed() ? QStringLiteral("table:") : QStringLiteral("dataset:");
    const QString key = kind + table.path;
    setTarget(key, table.path, [this, table] {
        return takeStatistics(
            m_service, table, this, [this](Result<NumericStats>&& stats) { onFinished(std::move(stats)); },
            [this](qint64 done, qint64 total) {
                // In double: 1000 * done overflows qint64 for a 2^61-element dataset's rows.
                m_progress->setValue(total > 0 ? int(1000.0 * double(done) / double(total)) : 0);
                m_status->setText(tr("Reading %1: row %L2 of %L3…").arg(m_path).arg(done).arg(total));
            });
    });
}

void StatisticsPanel::clear(const QString& reason)
{
    setTarget(QString(), QString(), {});
    m_status->setText(reason);
}

void StatisticsPanel::setTarget(const QString& target, const QString& path, JobFactory factory)
{
    // Another slice or window of the same object: its statistics (of every element) stand.
    if (!target.isEmpty() && target == m_target)
        return;
    m_target = target;
    m_job = {}; // cancels the statistics of the object selected before
    m_path = path;
    m_pending = std::move(factory);
    m_table->setRowCount(0);
    m_progress->hide();
    if (m_pending)
        m_status->setText(tr("Statistics of %1 are taken when this tab is shown.").arg(path));
    if (isVisible())
        startPending();
}

void StatisticsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    startPending();
}

void StatisticsPanel::startPending()
{
    if (!m_pending)
        return;
    m_status->setText(tr("Reading %1…").arg(m_path));
    m_progress->setValue(0);
    m_progress->show();
    m_job = m_pending();
    m_pending = {};
}

void StatisticsPanel::onFinished(Result<NumericStats>&& stats)
{
    m_progress->hide();
    if (!stats) {
        m_status->setText(tr("No statistics: %1").arg(stats.error().message));
        Q_EMIT finished(stats.error());
        return;
    }
    showStatistics(*stats);
    Q_EMIT finished(Error());
}

void StatisticsPanel::showStatistics(const NumericStats& stats)
{
    int textColumns = 0;
    m_table->setRowCount(0);
    for (qsizetype i = 0; i < stats.columns.size(); ++i) {
        if (!stats.numeric[i]) {
            ++textColumns;
            continue;
        }
        const ColumnStats& c = stats.columns[i];
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, NameColumn, cell(c.name, false));
        m_table->setItem(row, CountColumn, cell(count(c.values)));
        m_table->setItem(row, NanColumn, cell(count(c.nan)));
        m_table->setItem(row, InfColumn, cell(count(c.inf)));
        m_table->setItem(row, MinColumn, cell(c.hasRange() ? exact(c.min, c.single) : QStringLiteral("–")));
        m_table->setItem(row, MaxColumn, cell(c.hasRange() ? exact(c.max, c.single) : QStringLiteral("–")));
        m_table->setItem(row, MeanColumn, cell(c.finite() > 0 ? derived(c.mean) : QStringLiteral("–")));
        m_table->setItem(row, StdColumn, cell(derived(c.standardDeviation())));
    }
    m_table->resizeColumnsToContents();
    const int numeric = m_table->rowCount();
    QString text = numeric == 0 ? tr("%1 holds no numbers.").arg(m_path)
        : numeric == 1          ? tr("%1: 1 numeric column.").arg(m_path)
                                : tr("%1: %L2 numeric columns.").arg(m_path).arg(numeric);
    if (textColumns > 0 && numeric > 0)
        text += QLatin1Char(' ')
            + (textColumns == 1 ? tr("1 text column not shown.") : tr("%L1 text columns not shown.").arg(textColumns));
    if (numeric > 0)
        text += QLatin1Char(' ') + tr("Mean and Std leave NaN and Inf out.");
    m_status->setText(text);
}

} // namespace H5Hdfs

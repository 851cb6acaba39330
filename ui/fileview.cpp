// SPDX-License-Identifier: MIT
#include "fileview.h"

#include "attributesmodel.h"
#include "datasettablemodel.h"
#include "h5treemodel.h"
#include "hdf5/h5describe.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

QString detailsHtml(const ObjectInfo& info)
{
    QString html = QStringLiteral("<table cellspacing='4'>");
    for (const auto& [label, value] : H5Describe::properties(info))
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
{
    setObjectName(title);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(H5TreeModel::NameColumn, QHeaderView::Interactive);
    m_tree->header()->resizeSection(H5TreeModel::NameColumn, 260);
    m_tree->header()->resizeSection(H5TreeModel::KindColumn, 110);
    m_tree->header()->resizeSection(H5TreeModel::ShapeColumn, 120);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_tableView->verticalHeader()->setDefaultSectionSize(22);
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // constant cost for 10^8 rows
    m_tableView->horizontalHeader()->setDefaultSectionSize(150);             // room for exact float64 values
    m_panels->addTab(m_tableView, tr("Table"));
    m_panels->addTab(m_details, tr("Metadata"));
    auto* attributes = new QTableView(this);
    attributes->setModel(m_attributes);
    attributes->verticalHeader()->hide();
    attributes->horizontalHeader()->setStretchLastSection(true);
    attributes->horizontalHeader()->resizeSection(AttributesModel::ValueColumn, 320);
    attributes->setWordWrap(false);
    m_panels->addTab(attributes, tr("Attributes"));
    m_panels->setDocumentMode(true);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_panels);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setSizes({300, 750});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_model, &H5TreeModel::errorOccurred, this, &FileView::errorOccurred);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FileView::showDetails);
    connect(&m_service, &H5Service::finished, this, &FileView::onFinished);
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
    DatasetTableModel* old = m_table;
    m_table = nullptr;
    if (info.kind == NodeKind::Dataset) {
        m_table = new DatasetTableModel(m_service, m_file, info.path, info.dataset, {}, this);
        connect(m_table, &DatasetTableModel::errorOccurred, this, &FileView::errorOccurred);
    }
    m_tableView->setModel(m_table);
    delete old;
    m_panels->setCurrentWidget(m_table ? static_cast<QWidget*>(m_tableView) : m_details);
}

void FileView::showDetails(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    m_infoRequest = m_service.post(m_file, H5Request::info(m_model->node(index).path));
}

void FileView::onFinished(quint64 requestId, const H5Response& response)
{
    if (requestId != m_infoRequest)
        return; // a stale answer, or another view's request
    if (!response.ok()) {
        m_details->setPlainText(response.error.toString());
        Q_EMIT errorOccurred(response.error);
        return;
    }
    m_details->setHtml(detailsHtml(response.info));
    m_attributes->setAttributes(response.info.attributes);
    showTable(response.info);
    Q_EMIT detailsShown();
}

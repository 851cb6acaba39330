// SPDX-License-Identifier: MIT
#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace H5Hdfs {

ExportDialog::ExportDialog(const QString& suggestedPath, bool hasSelection, bool hasSlices, QWidget* parent)
    : QDialog(parent)
    , m_path(new QLineEdit(suggestedPath, this))
    // For N-D data the table shows one slice; "whole" must still mean every element.
    , m_whole(new QRadioButton(hasSlices
              ? tr("Whole dataset (every element, one row each: dim_0, dim_1, …, value)")
              : tr("Whole table"),
          this))
    , m_slice(new QRadioButton(tr("Current slice (the table shown)"), this))
    , m_selection(new QRadioButton(tr("Selected cells"), this))
    , m_delimiter(new QComboBox(this))
    , m_header(new QCheckBox(tr("Header row with column names"), this))
    , m_index(new QCheckBox(tr("Index column (row numbers)"), this))
{
    setWindowTitle(tr("Export to CSV"));
    m_whole->setChecked(true);
    m_slice->setVisible(hasSlices);
    m_selection->setEnabled(hasSelection);
    m_delimiter->addItem(tr("Comma ( , )"), QVariant::fromValue(','));
    m_delimiter->addItem(tr("Semicolon ( ; )"), QVariant::fromValue(';'));
    m_delimiter->addItem(tr("Tab"), QVariant::fromValue('\t'));
    m_header->setChecked(true);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto* scope = new QVBoxLayout;
    scope->addWidget(m_whole);
    scope->addWidget(m_slice);
    scope->addWidget(m_selection);
    auto* form = new QFormLayout;
    form->addRow(tr("Export"), scope);
    form->addRow(tr("Delimiter"), m_delimiter);
    form->addRow(QString(), m_header);
    form->addRow(QString(), m_index);
    form->addRow(tr("File"), pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(
            this, tr("Export to CSV"), m_path->text(), tr("CSV files (*.csv);;All files (*)"));
        if (!chosen.isEmpty())
            m_path->setText(chosen);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, sizeHint().height());
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

ExportScope ExportDialog::scope() const
{
    if (m_selection->isChecked())
        return ExportScope::Selection;
    return m_slice->isChecked() ? ExportScope::Slice : ExportScope::Whole;
}

CsvOptions ExportDialog::options() const
{
    CsvOptions o;
    o.delimiter = m_delimiter->currentData().value<char>();
    o.header = m_header->isChecked();
    o.indexColumn = m_index->isChecked();
    return o;
}

} // namespace H5Hdfs

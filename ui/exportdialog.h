// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;

/// Asks how to export the table: all of it or the selected cells, delimiter, header, index column,
/// and where to write.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedPath, bool hasSelection, QWidget* parent = nullptr);

    [[nodiscard]] QString path() const;
    [[nodiscard]] bool selectionOnly() const;
    /// The options chosen (the rectangle is the caller's to fill for selectionOnly()).
    [[nodiscard]] CsvOptions options() const;

private:
    QLineEdit* m_path;
    QRadioButton* m_selection;
    QComboBox* m_delimiter;
    QCheckBox* m_header;
    QCheckBox* m_index;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;

namespace H5Hdfs {

/// What an export writes: the whole object (an N-D dataset flattened, every element a row with its
/// indices), the 2-D slice on screen, or the selected cells of what is on screen.
enum class ExportScope { Whole, Slice, Selection };

/// Asks how to export the table: all of it, the current slice (N-D datasets) or the selected cells,
/// delimiter, header, index column, and where to write.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// `hasSlices`: the table shows one 2-D slice of an N-D dataset, so whole and slice differ.
    ExportDialog(const QString& suggestedPath, bool hasSelection, bool hasSlices, QWidget* parent = nullptr);

    [[nodiscard]] QString path() const;
    [[nodiscard]] ExportScope scope() const;
    /// The options chosen (the rectangle is the caller's to fill for selectionOnly()).
    [[nodiscard]] CsvOptions options() const;

private:
    QLineEdit* m_path;
    QRadioButton* m_whole;
    QRadioButton* m_slice;
    QRadioButton* m_selection;
    QComboBox* m_delimiter;
    QCheckBox* m_header;
    QCheckBox* m_index;
};

} // namespace H5Hdfs

// SPDX-License-Identifier: MIT
#include "downloadspanel.h"

#include "text/h5describe.h"
#include "webhdfs/webhdfsclient.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace H5Hdfs {

DownloadsPanel::DownloadsPanel(QWidget* parent)
    : QWidget(parent)
    , m_rows(new QVBoxLayout(this))
{
    m_rows->setContentsMargins(4, 2, 4, 2);
    m_rows->addStretch();
}

void DownloadsPanel::track(WebHdfsDownload* download, const QString& name)
{
    auto* row = new QWidget(this);
    auto* label = new QLabel(name, row);
    auto* bar = new QProgressBar(row);
    auto* info = new QLabel(tr("waiting for the size…"), row);
    auto* cancel = new QToolButton(row);
    cancel->setText(tr("Cancel"));
    bar->setRange(0, 1000);
    bar->setValue(0);
    bar->setMaximumWidth(260);
    // The panel shares the browser's column, which narrows once a file is open: the texts give
    // way (cut at the right) rather than widen it.
    bar->setMinimumWidth(60);
    label->setMinimumWidth(80);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setToolTip(name);
    info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(bar);
    layout->addWidget(info, 1);
    layout->addWidget(cancel);
    m_rows->insertWidget(m_rows->count() - 1, row);
    ++m_active;
    show();

    connect(cancel, &QToolButton::clicked, download, &WebHdfsDownload::cancel);
    connect(download, &WebHdfsDownload::progress, row, [bar, info, download](qint64 got, qint64 total) {
        bar->setValue(total > 0 ? int(1000 * got / total) : 1000);
        info->setText(
            tr("%1 of %2, %3/s").arg(H5Describe::size(got), H5Describe::size(total), H5Describe::size(qint64(download->rate()))));
    });
    connect(download, &WebHdfsDownload::finished, row, [this, row, bar, info, cancel](const Error& error) {
        --m_active;
        cancel->hide();
        if (error.isError() && !error.isCancelled()) {
            bar->hide();
            info->setText(error.message);
            info->setStyleSheet(QStringLiteral("color: #a12622;"));
            info->setToolTip(error.detail);
        } else {
            info->setText(error.isCancelled() ? tr("cancelled") : tr("done"));
        }
        // Finished rows go after a moment; failed ones stay long enough to be read.
        QTimer::singleShot(
            error.isError() && !error.isCancelled() ? 30000 : 3000, row, &QObject::deleteLater);
    });
}

} // namespace H5Hdfs

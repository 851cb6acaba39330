// SPDX-License-Identifier: MIT
#include "downloadspanel.h"

#include "error.h"
#include "text/h5describe.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace H5Hdfs {

namespace {

// Finished rows go after a moment; failed ones stay long enough to be read.
constexpr int kShownAfterEndMs = 3000;
constexpr int kShownAfterErrorMs = 30000;

} // namespace

DownloadRow::DownloadRow(const QString& name, std::function<void()> ended, QWidget* parent)
    : QWidget(parent)
    , m_bar(new QProgressBar(this))
    , m_info(new QLabel(tr("waiting for the size…"), this))
    , m_cancel(new QToolButton(this))
    , m_ended(std::move(ended))
{
    auto* label = new QLabel(name, this);
    m_cancel->setText(tr("Cancel"));
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setMaximumWidth(260);
    // The panel shares the browser's column, which narrows once a file is open: the texts give
    // way (cut at the right) rather than widen it.
    m_bar->setMinimumWidth(60);
    // Between 80 and 160 pixels: an Ignored size policy would let the layout squeeze the name under
    // the bar (it did, below its minimum width).
    label->setMinimumWidth(80);
    label->setMaximumWidth(160);
    label->setToolTip(name);
    m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(m_bar);
    layout->addWidget(m_info, 1);
    layout->addWidget(m_cancel);
}

void DownloadRow::setDownload(DownloadHandle download, std::function<void()> cancelled)
{
    m_download = std::move(download);
    connect(m_cancel, &QToolButton::clicked, this, [this, cancelled = std::move(cancelled)] {
        m_download.cancel();
        m_info->setText(tr("cancelled"));
        end(kShownAfterEndMs);
        if (cancelled)
            cancelled();
    });
}

void DownloadRow::showProgress(qint64 received, qint64 total)
{
    m_bar->setValue(total > 0 ? int(1000 * received / total) : 1000);
    m_info->setText(tr("%1 of %2, %3/s")
                        .arg(H5Describe::size(received), H5Describe::size(total),
                            H5Describe::size(qint64(m_download.bytesPerSecond()))));
}

void DownloadRow::showEnd(const Error& error)
{
    if (!error.isError() || error.isCancelled()) { // cancelled here: its client closed
        m_info->setText(error.isCancelled() ? tr("cancelled") : tr("done"));
        return end(kShownAfterEndMs);
    }
    m_bar->hide();
    m_info->setText(error.message);
    m_info->setStyleSheet(QStringLiteral("color: #a12622;"));
    m_info->setToolTip(error.detail);
    end(kShownAfterErrorMs);
}

void DownloadRow::end(int ms)
{
    m_cancel->hide();
    if (m_ended)
        std::exchange(m_ended, nullptr)();
    QTimer::singleShot(ms, this, &QObject::deleteLater);
}

DownloadsPanel::DownloadsPanel(QWidget* parent)
    : QWidget(parent)
    , m_rows(new QVBoxLayout(this))
{
    m_rows->setContentsMargins(4, 2, 4, 2);
    m_rows->addStretch();
}

DownloadRow* DownloadsPanel::add(const QString& name)
{
    auto* row = new DownloadRow(name, [this] { --m_active; }, this);
    m_rows->insertWidget(m_rows->count() - 1, row);
    ++m_active;
    show();
    return row;
}

} // namespace H5Hdfs

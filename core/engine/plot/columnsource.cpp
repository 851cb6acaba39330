// SPDX-License-Identifier: MIT
#include "plot/columnsource.h"

#include "h5fileimage.h"
#include "h5reader.h"
#include "plot/numericdataset.h"
#include "plot/plotreader.h"
#include "frames/framereader.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace H5Hdfs {

namespace {

// Column `position` of a numeric dataset's 2-D view, read straight into doubles in big blocks.
class NumericColumn final : public ColumnSource {
public:
    NumericColumn(std::unique_ptr<NumericDataset> d, qint64 position)
        : m_data(std::move(d))
        , m_position(position)
    {
    }
    [[nodiscard]] qint64 rows() const override { return m_data->length(m_data->view().rowDim); }
    [[nodiscard]] qint64 blockRows() const override { return PlotReader::kBlockValues; }
    Status read(qint64 row, qint64 n, std::vector<double>& out) override
    {
        out.resize(size_t(n));
        return m_data->read(NumericDataset::Box {row, 1, n, m_position, 1, 1}, out.data());
    }
    [[nodiscard]] bool isFloat32() override { return m_data->isFloat32(); }

private:
    std::unique_ptr<NumericDataset> m_data;
    qint64 m_position;
};

// A pandas time column read as its stored ticks: `secondsPerTick` makes them seconds, and the
// smallest int64 is NaT.
struct Ticks {
    double secondsPerTick = 0; ///< 0: not ticks
    bool time = false;         ///< a point in time (datetime64), not a duration
};

// Anything else (compound fields, DataFrame columns, enums) through the table's own page reading,
// so that a plotted column holds what the table shows; text reads as NaN.
class PageColumn final : public ColumnSource {
public:
    using ReadPage = std::function<Result<Page>(const PageRequest&)>;
    PageColumn(qint64 rows, PageRequest page, ReadPage readPage, Ticks ticks = {})
        : m_rows(rows)
        , m_page(std::move(page))
        , m_readPage(std::move(readPage))
        , m_ticks(ticks)
    {
    }
    [[nodiscard]] qint64 rows() const override { return m_rows; }
    [[nodiscard]] qint64 blockRows() const override { return 1 << 16; }
    Status read(qint64 row, qint64 n, std::vector<double>& out) override
    {
        PageRequest page = m_page;
        page.rowStart = row;
        page.rowCount = n;
        auto slice = m_readPage(page);
        if (!slice)
            return slice.error();
        const ColumnData& c = slice->columns.at(0);
        m_kind = c.kind;
        out.resize(size_t(n));
        for (qint64 i = 0; i < n; ++i) {
            const auto at = size_t(i);
            if (m_ticks.secondsPerTick > 0 && c.kind == CellKind::Int) {
                const qint64 tick = c.ints[at];
                out[at] = tick == std::numeric_limits<qint64>::min() ? std::nan("") : double(tick) * m_ticks.secondsPerTick;
                continue;
            }
            out[at] = c.kind == CellKind::Int ? double(c.ints[at])
                : c.kind == CellKind::UInt    ? double(c.uints[at])
                : c.kind == CellKind::Text    ? std::nan("")
                                              : c.reals[at];
        }
        return {};
    }
    [[nodiscard]] bool isFloat32() override
    {
        std::vector<double> first;
        if (!m_kind && m_rows > 0)
            (void)read(0, 1, first); // the kind of the cells decides; an error shows on the real read
        return m_kind == CellKind::Float32;
    }
    [[nodiscard]] bool isTime() const override { return m_ticks.time; }

private:
    qint64 m_rows;
    PageRequest m_page;
    ReadPage m_readPage;
    Ticks m_ticks;
    std::optional<CellKind> m_kind; ///< of the cells read so far
};

// A named table's column; its times (datetime64, timedelta64) as seconds, read from their stored
// ticks rather than from the text the table shows.
std::unique_ptr<ColumnSource> tableColumn(const H5FileImage& image, const FramePlan& plan, PageRequest page)
{
    FramePlan copy = plan;
    FrameColumn& stored = copy.columns[page.colStart];
    Ticks ticks;
    if (stored.convert == FrameColumn::Convert::DateTime || stored.convert == FrameColumn::Convert::TimeDelta) {
        ticks.secondsPerTick = double(stored.unitNanos) / 1e9;
        ticks.time = stored.convert == FrameColumn::Convert::DateTime;
        stored.convert = FrameColumn::Convert::None;
    }
    return std::make_unique<PageColumn>(plan.description.rows, page,
        [&image, copy](const PageRequest& p) { return FrameReader(image).read(copy, p); }, ticks);
}

} // namespace

Result<std::unique_ptr<ColumnSource>> ColumnSource::open(
    const H5FileImage& image, const QString& path, const PlotRequest& r, const FramePlan* plan, qint64 column)
{
    PageRequest page;
    page.colStart = column;
    page.colCount = 1;
    page.unpack = r.unpack;
    if (r.table) {
        if (!plan || column < 0 || column >= plan->description.columns.size())
            return Error(Error::Code::OutOfRange, QStringLiteral("%1 has no column %2").arg(path).arg(column));
        return tableColumn(image, *plan, page);
    }
    auto numeric = NumericDataset::open(image, path, r.view, r.unpack);
    if (numeric) {
        const qint64 positions = (*numeric)->length((*numeric)->view().colDim);
        if (column < 0 || column >= positions)
            return Error(Error::Code::OutOfRange, QStringLiteral("%1 has no column %2").arg(path).arg(column));
        return std::unique_ptr<ColumnSource>(new NumericColumn(std::move(numeric).value(), column));
    }
    if (numeric.error().code != Error::Code::Unsupported)
        return numeric.error();
    // Not plain numbers: the page reader decides what the column holds.
    const H5Reader reader(image);
    auto info = reader.info(path);
    if (!info)
        return info.error();
    const DimView view = r.view.orDefaultFor(info->dataset.rank());
    if (view.rowDim < 0)
        return Error(Error::Code::Unsupported, QStringLiteral("%1 is a single value: nothing to plot").arg(path));
    page.view = view;
    return std::unique_ptr<ColumnSource>(new PageColumn(info->dataset.shape[view.rowDim], page,
        [&image, path](const PageRequest& p) { return H5Reader(image).readPage(path, p); }));
}

} // namespace H5Hdfs

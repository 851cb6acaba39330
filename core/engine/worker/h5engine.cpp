// SPDX-License-Identifier: MIT
#include "h5engine.h"

#include "blockcache.h"
#include "frames/framereader.h"
#include "h5fileimage.h"
#include "h5reader.h"
#include "plot/plotreader.h"

namespace H5Hdfs {

namespace {
constexpr int kMaxFound = 2000; // a search is for finding things, not for listing whole files
}

H5Engine::H5Engine(std::shared_ptr<const ImageBuffer> bytes)
    : m_bytes(std::move(bytes))
{
}

H5Engine::H5Engine(std::shared_ptr<BlockCache> cache)
    : m_cache(std::move(cache))
{
}

H5Engine::~H5Engine() = default;

Status H5Engine::ensureOpen()
{
    if (m_image || m_openError.isError())
        return m_openError;
    auto image = m_cache ? H5FileImage::openLazy(m_cache) : H5FileImage::open(m_bytes);
    if (!image)
        m_openError = image.error();
    else
        m_image = std::move(image).value();
    return m_openError;
}

H5Response H5Engine::execute(const H5Request& request, const Progress& progress)
{
    H5Response response;
    if (m_cache)
        m_cache->forgetFailure();
    if (Status s = ensureOpen(); s.isError()) {
        response.error = s;
        return response;
    }
    const H5Reader reader(*m_image);
    auto take = [&response](auto result, auto& into) {
        if (result)
            into = std::move(result).value();
        else
            response.error = result.error();
    };
    switch (request.kind) {
    case H5Request::Kind::Open: take(reader.info(QStringLiteral("/")), response.info); break;
    case H5Request::Kind::ListChildren: take(reader.children(request.path), response.children); break;
    case H5Request::Kind::Info: take(reader.info(request.path), response.info); break;
    case H5Request::Kind::Find: take(reader.find(request.path, kMaxFound), response.children); break;
    case H5Request::Kind::ReadPage:
        take(reader.readPage(request.path, request.page, progress), response.page);
        break;
    case H5Request::Kind::DescribeTable: {
        auto plan = framePlan(request.path);
        if (plan)
            response.table = plan->description;
        else
            response.error = plan.error();
        break;
    }
    case H5Request::Kind::ReadTable: {
        auto plan = framePlan(request.path);
        if (plan)
            take(FrameReader(*m_image).read(*plan, request.page, progress), response.page);
        else
            response.error = plan.error();
        break;
    }
    case H5Request::Kind::Plot: {
        Result<FramePlan> plan = request.plot.table ? framePlan(request.path) : Result<FramePlan>(FramePlan {});
        if (plan)
            take(PlotReader(*m_image).run(request.path, request.plot, request.plot.table ? &*plan : nullptr, progress),
                response.plot);
        else
            response.error = plan.error();
        break;
    }
    }
    if (request.kind == H5Request::Kind::ListChildren && response.ok())
        m_framePlans.insert(FrameReader(*m_image).annotate(request.path, response.children));
    // A block that could not be fetched says more than the library's "cannot read" does.
    if (m_cache && response.error.isError() && m_cache->failure().isError())
        response.error = m_cache->failure();
    return response;
}

Result<FramePlan> H5Engine::framePlan(const QString& path)
{
    // Plans are kept: they hold parsed metadata and decoded string blocks that every page needs.
    if (const auto it = m_framePlans.constFind(path); it != m_framePlans.constEnd())
        return *it;
    auto plan = FrameReader(*m_image).plan(path);
    if (plan)
        m_framePlans.insert(path, *plan);
    return plan;
}

} // namespace H5Hdfs

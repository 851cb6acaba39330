// SPDX-License-Identifier: MIT
// The WebHDFS JSON parsers (core/webhdfs/webhdfsparser.*) on arbitrary reply bodies: every parser on
// every input, as a hostile or broken NameNode, DataNode, HttpFS or Knox could send any of them to
// any request. Never a crash or a hang; results are well-formed: file types known, a listing's
// entries complete, a failed reply always an Error with a message, printable text free of
// control characters.
#include "fuzzcheck.h"
#include "webhdfs/webhdfsparser.h"

using namespace H5Hdfs;

namespace {

void checkStatus(const HdfsFileStatus& s)
{
    FUZZ_CHECK(s.type == HdfsFileStatus::Type::File || s.type == HdfsFileStatus::Type::Directory
        || s.type == HdfsFileStatus::Type::Symlink);
    FUZZ_CHECK(s.permission <= 07777);
}

void checkPrintable(const QString& text)
{
    for (const QChar c : text)
        FUZZ_CHECK(c.category() != QChar::Other_Control && c != QChar::ReplacementCharacter);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray body = Fuzz::bytes(data, size);
    using namespace WebHdfsParser;

    if (auto s = fileStatus(body); s.ok())
        checkStatus(*s);
    else
        FUZZ_CHECK(s.error().code == Error::Code::Protocol);
    if (auto list = fileStatuses(body); list.ok()) {
        for (const HdfsFileStatus& s : *list)
            checkStatus(s);
    } else {
        FUZZ_CHECK(list.error().code == Error::Code::Protocol);
    }
    if (auto page = directoryListing(body); page.ok()) {
        for (const HdfsFileStatus& s : page->entries)
            checkStatus(s);
    } else {
        FUZZ_CHECK(page.error().code == Error::Code::Protocol);
    }
    if (auto summary = contentSummary(body); !summary.ok())
        FUZZ_CHECK(summary.error().code == Error::Code::Protocol);
    if (auto home = homeDirectory(body); !home.ok())
        FUZZ_CHECK(home.error().code == Error::Code::Protocol);
    if (auto location = redirectLocation(body); !location.ok())
        FUZZ_CHECK(location.error().code == Error::Code::Protocol);
    if (auto token = delegationToken(body); token.ok())
        FUZZ_CHECK(!token->isEmpty());
    else
        FUZZ_CHECK(token.error().code == Error::Code::Protocol || token.error().code == Error::Code::Unsupported);

    checkPrintable(printable(body));
    const int statuses[] = {400, 401, 403, 404, 500, 503, 307};
    const int status = statuses[size % std::size(statuses)];
    for (const QByteArray& contentType : {QByteArray("application/json"), QByteArray("text/html")}) {
        const Error e = replyError(status, contentType, body, QStringLiteral("listing /data"));
        FUZZ_CHECK(e.isError());
        FUZZ_CHECK(!e.message.isEmpty());
    }
    return 0;
}

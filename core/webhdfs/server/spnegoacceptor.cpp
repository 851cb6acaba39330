// SPDX-License-Identifier: MIT
#include "webhdfs/server/spnegoacceptor.h"

#include "webhdfs/gsstext.h"
#include "webhdfs/spnego.h"

#include <gssapi/gssapi_krb5.h>

namespace H5Hdfs {

Result<SpnegoAcceptor::Accepted> SpnegoAcceptor::accept(
    const QByteArray& authorization, const QString& keytab)
{
    const auto refused = [](const QString& detail) {
        return Error(Error::Code::AuthenticationFailed, QStringLiteral("Negotiate token refused"), detail);
    };
    if (!Spnego::isChallenge(authorization))
        return refused(QStringLiteral("no Negotiate token"));
    if (!keytab.isEmpty())
        krb5_gss_register_acceptor_identity(keytab.toLocal8Bit().constData()); // process-wide: a test double
    QByteArray input = Spnego::challengeToken(authorization);
    gss_buffer_desc in {size_t(input.size()), input.data()};
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    gss_ctx_id_t context = GSS_C_NO_CONTEXT;
    gss_name_t client = GSS_C_NO_NAME;
    OM_uint32 minor = 0;
    const OM_uint32 major = gss_accept_sec_context(&minor, &context, GSS_C_NO_CREDENTIAL, &in,
        GSS_C_NO_CHANNEL_BINDINGS, &client, nullptr, &out, nullptr, nullptr, nullptr);
    const QByteArray response = GssText::take(out);
    Accepted accepted;
    if (major == GSS_S_COMPLETE) {
        gss_buffer_desc name = GSS_C_EMPTY_BUFFER;
        if (!GSS_ERROR(gss_display_name(&minor, client, &name, nullptr)))
            accepted.principal = QString::fromUtf8(GssText::take(name));
    }
    OM_uint32 ignored = 0;
    if (client != GSS_C_NO_NAME)
        gss_release_name(&ignored, &client);
    if (context != GSS_C_NO_CONTEXT)
        gss_delete_sec_context(&ignored, &context, GSS_C_NO_BUFFER);
    if (major != GSS_S_COMPLETE) // krb5 inside SPNEGO completes in one round; more is not needed here
        return refused(GssText::detail(major, minor));
    if (!response.isEmpty())
        accepted.response = "Negotiate " + response.toBase64();
    return accepted;
}

} // namespace H5Hdfs

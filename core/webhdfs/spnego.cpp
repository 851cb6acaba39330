// SPDX-License-Identifier: MIT
#include "webhdfs/spnego.h"

#include "webhdfs/gsstext.h"

#include <QList>
#include <QStringList>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5/krb5.h>

namespace H5Hdfs {

namespace {

// 1.3.6.1.5.5.2: SPNEGO, what Hadoop's KerberosAuthenticationHandler (and curl) speak.
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};

QString statusText(OM_uint32 status, int type)
{
    QStringList parts;
    OM_uint32 context = 0;
    do {
        OM_uint32 minor = 0;
        gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
        if (GSS_ERROR(gss_display_status(&minor, status, type, GSS_C_NO_OID, &context, &text)))
            break;
        parts.append(QString::fromUtf8(static_cast<const char*>(text.value), int(text.length)));
        gss_release_buffer(&minor, &text);
    } while (context != 0);
    return parts.join(QStringLiteral("; "));
}

// GSSAPI's mechglue renumbers the mechanism's minor codes, so the Kerberos error behind a failure
// is found by asking libkrb5 the same question: a ticket for HTTP/host from the default cache.
krb5_error_code diagnose(const QString& host)
{
    krb5_context context = nullptr;
    if (krb5_init_context(&context) != 0)
        return 0;
    krb5_ccache cache = nullptr;
    krb5_principal client = nullptr;
    krb5_principal server = nullptr;
    krb5_creds* creds = nullptr;
    krb5_error_code code = krb5_cc_default(context, &cache);
    if (code == 0)
        code = krb5_cc_get_principal(context, cache, &client);
    if (code == 0)
        code = krb5_sname_to_principal(context, host.toUtf8().constData(), "HTTP", KRB5_NT_SRV_HST, &server);
    if (code == 0) {
        krb5_creds wanted {};
        wanted.client = client;
        wanted.server = server;
        code = krb5_get_credentials(context, 0, cache, &wanted, &creds);
    }
    if (creds)
        krb5_free_creds(context, creds);
    krb5_free_principal(context, server);
    krb5_free_principal(context, client);
    if (cache)
        krb5_cc_close(context, cache);
    krb5_free_context(context);
    return code;
}

// What went wrong, in terms of what the user can do about it.
Error initError(const QString& host, OM_uint32 major, OM_uint32 minor)
{
    const QString detail = GssText::detail(major, minor);
    const krb5_error_code krb = diagnose(host);
    const auto is = [krb](krb5_error_code code) { return krb == code; };
    const auto code = Error::Code::AuthenticationFailed;
    if (GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED || is(KRB5KRB_AP_ERR_TKT_EXPIRED))
        return Error(code, QStringLiteral("The Kerberos ticket has expired (run kinit)"), detail);
    if (GSS_ROUTINE_ERROR(major) == GSS_S_NO_CRED || is(KRB5_FCC_NOFILE) || is(KRB5_CC_NOTFOUND))
        return Error(code, QStringLiteral("No Kerberos ticket (run kinit)"), detail);
    if (is(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN))
        return Error(code, QStringLiteral("No Kerberos service principal HTTP/%1").arg(host), detail);
    return Error(code, QStringLiteral("Kerberos authentication with %1 failed").arg(host), detail);
}

} // namespace

QString GssText::detail(OM_uint32 major, OM_uint32 minor)
{
    QString detail = statusText(major, GSS_C_GSS_CODE);
    if (minor != 0)
        detail += QStringLiteral(": ") + statusText(minor, GSS_C_MECH_CODE);
    return detail;
}

QByteArray GssText::take(gss_buffer_desc& buffer)
{
    QByteArray bytes(static_cast<const char*>(buffer.value), qsizetype(buffer.length));
    OM_uint32 minor = 0;
    gss_release_buffer(&minor, &buffer);
    return bytes;
}

bool Spnego::isChallenge(const QByteArray& wwwAuthenticate)
{
    // Several challenges may arrive joined by ", " (Qt joins repeated headers).
    for (const QByteArray& part : wwwAuthenticate.split(',')) {
        const QByteArray scheme = part.trimmed().split(' ').value(0);
        if (scheme.compare("Negotiate", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray Spnego::challengeToken(const QByteArray& wwwAuthenticate)
{
    for (const QByteArray& part : wwwAuthenticate.split(',')) {
        const QList<QByteArray> words = part.trimmed().split(' ');
        if (words.size() >= 2 && words[0].compare("Negotiate", Qt::CaseInsensitive) == 0)
            return QByteArray::fromBase64(words[1].trimmed());
    }
    return {};
}

struct SpnegoClient::Gss {
    gss_ctx_id_t context = GSS_C_NO_CONTEXT;
    gss_name_t target = GSS_C_NO_NAME;
    ~Gss()
    {
        OM_uint32 minor = 0;
        if (context != GSS_C_NO_CONTEXT)
            gss_delete_sec_context(&minor, &context, GSS_C_NO_BUFFER);
        if (target != GSS_C_NO_NAME)
            gss_release_name(&minor, &target);
    }
};

SpnegoClient::SpnegoClient(QString host)
    : m_host(std::move(host))
    , m_gss(std::make_unique<Gss>())
{
}

SpnegoClient::~SpnegoClient() = default;

Result<QByteArray> SpnegoClient::step(const QByteArray& serverToken)
{
    OM_uint32 minor = 0;
    if (m_gss->target == GSS_C_NO_NAME) {
        // HTTP@host, the service Hadoop registers (HTTP/host@REALM), whatever the URL scheme.
        QByteArray service = "HTTP@" + m_host.toUtf8();
        gss_buffer_desc name {size_t(service.size()), service.data()};
        const OM_uint32 major = gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &m_gss->target);
        if (GSS_ERROR(major))
            return initError(m_host, major, minor);
    }
    QByteArray input = serverToken;
    gss_buffer_desc in {size_t(input.size()), input.data()};
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    const OM_uint32 major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &m_gss->context, m_gss->target,
        &kSpnegoOid, GSS_C_MUTUAL_FLAG, GSS_C_INDEFINITE, GSS_C_NO_CHANNEL_BINDINGS,
        input.isEmpty() ? GSS_C_NO_BUFFER : &in, nullptr, &out, nullptr, nullptr);
    const QByteArray token = GssText::take(out);
    if (GSS_ERROR(major))
        return initError(m_host, major, minor);
    m_complete = major == GSS_S_COMPLETE;
    return QByteArray("Negotiate " + token.toBase64());
}

Error SpnegoClient::finish(const QByteArray& serverToken)
{
    if (m_complete || serverToken.isEmpty())
        return Error();
    auto next = step(serverToken);
    if (!next)
        return Error(Error::Code::AuthenticationFailed,
            QStringLiteral("The Kerberos reply of %1 could not be verified").arg(m_host),
            next.error().detail);
    return Error();
}

Error SpnegoClient::refused() const
{
    return Error(Error::Code::AuthenticationFailed,
        QStringLiteral("The server refused the Kerberos ticket for HTTP/%1").arg(m_host),
        QStringLiteral("a second 401 after the Negotiate token; is the clock in sync, and is the "
                       "keytab of HTTP/%1 current?")
            .arg(m_host));
}

} // namespace H5Hdfs

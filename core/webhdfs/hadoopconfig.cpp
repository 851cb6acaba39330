// SPDX-License-Identifier: MIT
#include "webhdfs/hadoopconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <QXmlStreamReader>

namespace H5Hdfs {

namespace {

constexpr int kMaxSubstitutions = 20; // Configuration.MAX_SUBST
constexpr int kDefaultRpcPort = 8020;
constexpr int kDefaultHttpPort = 9870;
constexpr int kDefaultHttpsPort = 9871;
const QString kRestPrefix = QStringLiteral("/webhdfs/v1");

Error configError(const QString& message, const QString& detail = {})
{
    return Error(Error::Code::InvalidArgument, message, detail);
}

Error malformed(const QString& source, const QXmlStreamReader& reader, const QString& why)
{
    return configError(QStringLiteral("Malformed Hadoop configuration file %1 at line %2, column %3")
                           .arg(source)
                           .arg(reader.lineNumber())
                           .arg(reader.columnNumber()),
        why);
}

// Configuration.getTrimmedStrings: comma-separated, blanks dropped.
QStringList trimmedList(const QString& value)
{
    QStringList items;
    for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    }
    return items;
}

struct Address {
    QString host;
    int port = -1;
};

// "host", "host:port" or "[v6]:port"; QUrl knows all three as an authority.
Address splitAddress(const QString& authority)
{
    const QUrl url(QStringLiteral("//") + authority.trimmed());
    return {url.host(), url.port(-1)};
}

QString joinAddress(const QString& host, int port)
{
    QUrl url;
    url.setHost(host);
    url.setPort(port);
    return url.authority();
}

// A bare environment variable, or Hadoop 3's ${env.NAME:-default} (also used when empty) and
// ${env.NAME-default} (used only when unset).
std::optional<QString> environment(const QString& spec)
{
    auto get = [](const QString& name) -> std::optional<QString> {
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    };
    for (qsizetype i = 0; i < spec.size(); ++i) {
        if (spec[i] == QLatin1Char(':') && i + 1 < spec.size() - 1 && spec[i + 1] == QLatin1Char('-')) {
            const auto value = get(spec.left(i));
            return value && !value->isEmpty() ? *value : spec.mid(i + 2);
        }
        if (spec[i] == QLatin1Char('-'))
            return get(spec.left(i)).value_or(spec.mid(i + 1));
    }
    return get(spec);
}

struct Property {
    QString name;
    std::optional<QString> value;
    bool final = false;
};

// <property> with <name>, <value> and <final> children, or Hadoop 3's attribute form
// <property name="..." value="..." final="true"/>.
Property readProperty(QXmlStreamReader& reader)
{
    Property p;
    const QXmlStreamAttributes attributes = reader.attributes();
    p.name = attributes.value(QLatin1String("name")).toString().trimmed();
    if (attributes.hasAttribute(QLatin1String("value")))
        p.value = attributes.value(QLatin1String("value")).toString();
    p.final = attributes.value(QLatin1String("final")) == QLatin1String("true");
    while (reader.readNextStartElement()) {
        const QString element = reader.name().toString();
        const QString text = reader.readElementText(QXmlStreamReader::IncludeChildElements);
        if (element == QLatin1String("name"))
            p.name = text.trimmed();
        else if (element == QLatin1String("value"))
            p.value = text;
        else if (element == QLatin1String("final"))
            p.final = text.trimmed() == QLatin1String("true");
    }
    return p;
}

} // namespace

struct HadoopConfig::NameNode {
    QString suffix; ///< "", ".ns" or ".ns.nn": what follows dfs.namenode.http-address
    Address rpc;
};

QString HadoopConfig::defaultDirectory()
{
    const QString dir = qEnvironmentVariable("HADOOP_CONF_DIR");
    return dir.isEmpty() ? QStringLiteral("/etc/hadoop/conf") : dir;
}

Result<HadoopConfig> HadoopConfig::load(const QString& directory)
{
    HadoopConfig config;
    config.m_directory = directory;
    // hdfs-site.xml last: Hadoop's HdfsConfiguration adds it after core-site.xml.
    for (const char* name : {"core-site.xml", "hdfs-site.xml"}) {
        const QString file = QDir(directory).filePath(QLatin1String(name));
        if (!QFileInfo(file).isFile())
            continue;
        if (const Status s = config.addFile(file); s.isError())
            return s;
    }
    return config;
}

Status HadoopConfig::addFile(const QString& fileName)
{
    QFile f(fileName);
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Code::Io,
            QStringLiteral("Cannot read the Hadoop configuration file %1").arg(fileName), f.errorString());
    return addXml(f.readAll(), fileName);
}

Status HadoopConfig::addXml(const QByteArray& xml, const QString& source)
{
    QXmlStreamReader reader(xml);
    if (!reader.readNextStartElement())
        return malformed(
            source, reader, reader.hasError() ? reader.errorString() : QStringLiteral("no element"));
    if (reader.name() != QLatin1String("configuration"))
        return malformed(source, reader,
            QStringLiteral("the top-level element is <%1>, not <configuration>").arg(reader.name()));
    QList<Property> properties;
    while (reader.readNextStartElement()) {
        if (reader.name() == QLatin1String("property"))
            properties << readProperty(reader);
        else
            reader.skipCurrentElement();
    }
    while (!reader.hasError() && !reader.atEnd()) // errors after </configuration> count too
        reader.readNext();
    if (reader.hasError())
        return malformed(source, reader, reader.errorString());
    // Applied only once the whole file is read, so a malformed file changes nothing.
    for (const Property& p : std::as_const(properties)) {
        // Like Configuration.loadProperty: a final property is never overridden, and a property
        // without a value is ignored.
        if (p.name.isEmpty() || !p.value || m_final.contains(p.name))
            continue;
        m_values.insert(p.name, *p.value);
        if (p.final)
            m_final.insert(p.name);
    }
    return {};
}

Result<QString> HadoopConfig::value(const QString& name) const
{
    const auto it = m_values.constFind(name);
    if (it == m_values.cend())
        return QString();
    return substitute(name, *it);
}

std::optional<QString> HadoopConfig::lookup(const QString& variable) const
{
    // Java system properties come first in Hadoop; there are none here.
    std::optional<QString> found;
    if (variable.startsWith(QLatin1String("env.")) && variable.size() > 4)
        found = environment(variable.mid(4));
    if (!found) {
        if (const auto it = m_values.constFind(variable); it != m_values.cend())
            found = *it;
    }
    return found;
}

Result<QString> HadoopConfig::substitute(const QString& name, const QString& expression) const
{
    // Configuration.substituteVars: one variable at a time, the first one first.
    static const QRegularExpression variable(QStringLiteral("\\$\\{([^}$ ]+)\\}"));
    QString text = expression;
    for (int step = 0; step < kMaxSubstitutions; ++step) {
        const QRegularExpressionMatch m = variable.match(text);
        if (!m.hasMatch())
            return text;
        const std::optional<QString> replacement = lookup(m.captured(1));
        // Like Hadoop, an unknown variable ends substitution and stays as written.
        if (!replacement)
            return text;
        // A value that contains its own reference would grow forever; Hadoop keeps the original.
        if (replacement->contains(m.captured(0)))
            return expression;
        text.replace(m.capturedStart(), m.capturedLength(), *replacement);
    }
    return configError(QStringLiteral("In %1, %2 needs more than %3 variable substitutions (a cycle?)")
                           .arg(where(), name)
                           .arg(kMaxSubstitutions),
        expression);
}

Result<QString> HadoopConfig::setting(const QString& name) const
{
    // Configuration.getTrimmed: addresses and names are read without surrounding blanks.
    auto v = value(name);
    if (!v)
        return v.error();
    return v->trimmed();
}

QString HadoopConfig::where() const
{
    return m_directory.isEmpty()
        ? QStringLiteral("the Hadoop configuration")
        : QStringLiteral("the Hadoop configuration in %1 (HADOOP_CONF_DIR)").arg(m_directory);
}

bool HadoopConfig::isHdfsUrl(const QString& text)
{
    return text.trimmed().startsWith(QLatin1String("hdfs://"), Qt::CaseInsensitive);
}

bool HadoopConfig::hasDefaultFs() const
{
    const auto base = setting(QStringLiteral("fs.defaultFS"));
    if (!base)
        return false;
    const QUrl url(*base);
    return !url.host().isEmpty() && (isHdfsUrl(*base) || WebHdfsLocation::isUrl(*base));
}

Result<HadoopLocation> HadoopConfig::resolve(const QString& urlOrPath) const
{
    const auto auth = setting(QStringLiteral("hadoop.security.authentication"));
    if (!auth)
        return auth.error();
    const bool kerberos = auth->compare(QLatin1String("kerberos"), Qt::CaseInsensitive) == 0;
    const QString text = urlOrPath.trimmed();
    if (!isHdfsUrl(text))
        return resolveBarePath(text, kerberos);
    static const QRegularExpression shape(
        QStringLiteral("^hdfs://([^/]*)(/.*)?$"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = shape.match(text);
    if (!m.hasMatch())
        return configError(QStringLiteral("Not an HDFS URL: %1").arg(text));
    const QString authority = m.captured(1);
    const QString path = m.captured(2).isEmpty() ? QStringLiteral("/") : m.captured(2);
    if (authority.isEmpty()) // hdfs:///p is p on the default file system
        return resolveBarePath(path, kerberos);
    const auto policy = setting(QStringLiteral("dfs.http.policy"));
    if (!policy)
        return policy.error();
    // HTTP_AND_HTTPS serves both; plain HTTP is what Hadoop's webhdfs:// client would use then.
    const bool https = policy->compare(QLatin1String("HTTPS_ONLY"), Qt::CaseInsensitive) == 0;
    const auto addresses = httpAddresses(authority, https);
    if (!addresses)
        return addresses.error();
    // WebHdfsLocation::parse builds the roots and decodes the path; the explicit REST prefix keeps
    // a path that itself contains /webhdfs/v1 intact.
    auto location = WebHdfsLocation::parse(QLatin1String(https ? "swebhdfs://" : "webhdfs://")
        + addresses->join(QLatin1Char(',')) + kRestPrefix + path);
    if (!location)
        return location.error();
    return HadoopLocation {std::move(location).value(), kerberos};
}

Result<HadoopLocation> HadoopConfig::resolveBarePath(const QString& path, bool kerberos) const
{
    if (!path.startsWith(QLatin1Char('/')))
        return configError(
            QStringLiteral("%1 is neither an hdfs:// URL nor an absolute HDFS path").arg(path));
    const auto base = setting(QStringLiteral("fs.defaultFS"));
    if (!base)
        return base.error();
    if (!hasDefaultFs())
        return configError(QStringLiteral("No HDFS cluster in fs.defaultFS for %1 in %2").arg(path, where()),
            base->isEmpty() ? QStringLiteral("fs.defaultFS is not set")
                            : QStringLiteral("fs.defaultFS is %1").arg(*base));
    QString joined = *base;
    while (joined.endsWith(QLatin1Char('/')))
        joined.chop(1);
    joined += path;
    if (isHdfsUrl(joined))
        return resolve(joined); // has a host now, so this does not come back here
    auto location = WebHdfsLocation::parse(joined);
    if (!location)
        return location.error();
    return HadoopLocation {std::move(location).value(), kerberos};
}

Result<QStringList> HadoopConfig::httpAddresses(const QString& authority, bool https) const
{
    // A logical name (no port) is an HA nameservice when it lists NameNodes.
    if (!authority.contains(QLatin1Char(':'))) {
        const QString key = QStringLiteral("dfs.ha.namenodes.") + authority;
        const auto nameNodes = setting(key);
        if (!nameNodes)
            return nameNodes.error();
        if (!nameNodes->isEmpty())
            return haAddresses(authority, trimmedList(*nameNodes), https);
    }
    Address wanted = splitAddress(authority);
    if (wanted.port < 0)
        wanted.port = kDefaultRpcPort;
    const auto known = nameNodes();
    if (!known)
        return known.error();
    for (const NameNode& nn : *known) {
        // A nameservice without HA is named like an HA one; a NameNode is found by its RPC address.
        const bool named = nn.suffix == QLatin1Char('.') + authority;
        if (named
            || (!nn.rpc.host.isEmpty() && nn.rpc.host.compare(wanted.host, Qt::CaseInsensitive) == 0
                && nn.rpc.port == wanted.port)) {
            auto address = httpAddress(nn, https);
            if (!address)
                return address.error();
            return QStringList {*address};
        }
    }
    const QString rpcKeys = QStringLiteral("a dfs.namenode.rpc-address or fs.defaultFS equal to %1")
                                .arg(joinAddress(wanted.host, wanted.port));
    return Error(Error::Code::NotFound,
        QStringLiteral("Unknown HDFS nameservice or NameNode %1 in %2").arg(authority, where()),
        QStringLiteral("looked for ")
            + (authority.contains(QLatin1Char(':'))
                    ? rpcKeys
                    : QStringLiteral("dfs.ha.namenodes.%1, %1 in dfs.nameservices, and ").arg(authority)
                        + rpcKeys));
}

Result<QStringList> HadoopConfig::haAddresses(
    const QString& nameservice, const QStringList& nameNodes, bool https) const
{
    QStringList addresses;
    for (const QString& id : nameNodes) {
        const QString suffix = QLatin1Char('.') + nameservice + QLatin1Char('.') + id;
        const auto rpc = setting(QStringLiteral("dfs.namenode.rpc-address") + suffix);
        if (!rpc)
            return rpc.error();
        auto address = httpAddress(NameNode {suffix, splitAddress(*rpc)}, https);
        if (!address)
            return address.error();
        addresses << *address;
    }
    return addresses;
}

Result<QList<HadoopConfig::NameNode>> HadoopConfig::nameNodes() const
{
    // Every NameNode whose RPC address the configuration names, as DFSUtil enumerates them: the
    // non-HA one (its RPC address defaults to fs.defaultFS), each nameservice's, each HA NameNode's.
    QList<NameNode> found;
    const QStringList keys {QStringLiteral("dfs.namenode.rpc-address"), QStringLiteral("fs.defaultFS"),
        QStringLiteral("dfs.nameservices")};
    QStringList values;
    for (const QString& key : keys) {
        auto v = setting(key);
        if (!v)
            return v.error();
        values << *v;
    }
    if (!values[0].isEmpty())
        found << NameNode {{}, splitAddress(values[0])};
    // fs.defaultFS names the same non-HA NameNode, possibly by another name for its host
    // (MiniDFSCluster writes hdfs://127.0.0.1:P beside an rpc-address of localhost:P).
    if (const Address base = splitAddress(QUrl(values[1]).authority());
             isHdfsUrl(values[1]) && !contains(QStringLiteral("dfs.ha.namenodes.") + base.host))
        found << NameNode {{}, base};
    for (const QString& ns : trimmedList(values[2])) {
        const auto ids = setting(QStringLiteral("dfs.ha.namenodes.") + ns);
        if (!ids)
            return ids.error();
        QStringList suffixes {QLatin1Char('.') + ns};
        for (const QString& id : trimmedList(*ids))
            suffixes << QLatin1Char('.') + ns + QLatin1Char('.') + id;
        for (const QString& suffix : std::as_const(suffixes)) {
            const auto rpc = setting(QStringLiteral("dfs.namenode.rpc-address") + suffix);
            if (!rpc)
                return rpc.error();
            found << NameNode {suffix, splitAddress(*rpc)}; // without one, it may be named
        }
    }
    for (NameNode& nn : found) {
        if (nn.rpc.port < 0)
            nn.rpc.port = kDefaultRpcPort;
    }
    return found;
}

Result<QString> HadoopConfig::httpAddress(const NameNode& nameNode, bool https) const
{
    const QString key
        = QLatin1String(https ? "dfs.namenode.https-address" : "dfs.namenode.http-address") + nameNode.suffix;
    const auto configured = setting(key);
    if (!configured)
        return configured.error();
    if (configured->isEmpty() && nameNode.rpc.host.isEmpty())
        return Error(Error::Code::NotFound, QStringLiteral("No %1 in %2").arg(key, where()),
            QStringLiteral("needed for the NameNode's web address"));
    Address address = configured->isEmpty() ? Address {} : splitAddress(*configured);
    // Only a host (or a wildcard bind address, as DFSUtil.substituteForWildcardAddress knows it):
    // the NameNode's RPC host with the default web port.
    if (address.host.isEmpty() || address.host == QLatin1String("0.0.0.0")
        || address.host == QLatin1String("::"))
        address.host = nameNode.rpc.host;
    if (address.host.isEmpty())
        return Error(
            Error::Code::NotFound, QStringLiteral("No host in %1 in %2").arg(key, where()), *configured);
    if (address.port < 0)
        address.port = https ? kDefaultHttpsPort : kDefaultHttpPort;
    return joinAddress(address.host, address.port);
}

bool HadoopConfig::isRemote(const QString& text)
{
    if (WebHdfsLocation::isUrl(text) || isHdfsUrl(text))
        return true;
    // A bare path is HDFS only when it cannot be a local file and a cluster is configured.
    if (!text.startsWith(QLatin1Char('/')) || QFileInfo::exists(text))
        return false;
    const auto config = load();
    return config && config->hasDefaultFs();
}

Result<HadoopLocation> HadoopConfig::locate(const QString& text)
{
    const bool hdfs = isHdfsUrl(text);
    if (!hdfs && !text.trimmed().startsWith(QLatin1Char('/'))) {
        auto location = WebHdfsLocation::parse(text);
        if (!location)
            return location.error();
        return HadoopLocation {std::move(location).value(), false};
    }
    auto config = load();
    if (!config)
        return config.error();
    if (hdfs && config->isEmpty())
        return configError(
            QStringLiteral("%1 needs Hadoop's client configuration, but %2 has no core-site.xml or "
                           "hdfs-site.xml")
                .arg(text, defaultDirectory()),
            QStringLiteral("set HADOOP_CONF_DIR to the directory that holds them"));
    // Without a cluster a bare path is no URL: say so as before.
    if (!hdfs && !config->hasDefaultFs())
        return WebHdfsLocation::parse(text).error();
    return config->resolve(text);
}

} // namespace H5Hdfs

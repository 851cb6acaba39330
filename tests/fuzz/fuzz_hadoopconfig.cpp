// SPDX-License-Identifier: MIT
// The HADOOP_CONF_DIR reader (core/webhdfs/hadoopconfig.*) on arbitrary XML: HadoopConfig::addXml,
// then what a client asks of it (values with ${...} substitution, hdfs:// URLs and bare paths
// resolved through fs.defaultFS, nameservices and HA NameNodes). Never a crash or a hang; a
// malformed file changes nothing; a resolved location names at least one NameNode.
#include "fuzzcheck.h"
#include "webhdfs/hadoopconfig.h"

using namespace H5Hdfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray xml = Fuzz::bytes(data, size);
    HadoopConfig config;
    const Status added = config.addXml(xml, QStringLiteral("core-site.xml"));
    if (added.isError()) {
        FUZZ_CHECK(config.isEmpty());
        FUZZ_CHECK(!added.message.isEmpty());
        return 0;
    }
    // The same file twice: final properties and overrides, never a different outcome.
    FUZZ_CHECK(!config.addXml(xml, QStringLiteral("hdfs-site.xml")).isError());

    for (const char* name : {"fs.defaultFS", "dfs.nameservices", "hadoop.security.authentication",
             "dfs.namenode.http-address", "dfs.http.policy", "a", "x"}) {
        const QString key = QString::fromLatin1(name);
        auto value = config.value(key);
        if (value.ok() && !config.contains(key))
            FUZZ_CHECK(value->isNull());
    }
    (void)config.hasDefaultFs();
    for (const char* where : {"/data/x.h5", "hdfs:///data/x.h5", "hdfs://ns1/data", "hdfs://nn:8020/d",
             "hdfs://a/", "hdfs://"}) {
        auto location = config.resolve(QString::fromLatin1(where));
        if (!location.ok())
            FUZZ_CHECK(location.error().isError());
    }
    return 0;
}

// SPDX-License-Identifier: MIT
package h5hdfs.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Kerberos mode: a MiniKdc (realm EXAMPLE.COM on a loopback port), service principals
 * OSUSER/localhost (NameNode and DataNodes, so the superuser is the OS user) and HTTP/localhost
 * (SPNEGO on WebHDFS, plain HTTP), and the users analyst and mallory, each with its own keytab.
 * Also writes an MIT krb5.conf that Debian's kinit/curl --negotiate can use.
 */
final class Kerberos {
  private final File dir;
  private final String osUser;
  private MiniKdc kdc;
  final File serviceKeytab, userKeytab, malloryKeytab, krb5conf;

  Kerberos(File out, String osUser) {
    this.dir = new File(out, "kdc");
    this.osUser = osUser;
    serviceKeytab = new File(dir, "service.keytab");
    userKeytab = new File(dir, "analyst.keytab");
    malloryKeytab = new File(dir, "mallory.keytab");
    krb5conf = new File(dir, "krb5.conf");
  }

  String realm() {
    return kdc.getRealm();
  }

  void start() throws Exception {
    dir.mkdirs();
    Properties p = MiniKdc.createConf();
    p.setProperty(MiniKdc.KDC_BIND_ADDRESS, "localhost");
    kdc = new MiniKdc(p, dir);
    kdc.start(); // sets java.security.krb5.conf to the KDC's own (Kerby) krb5.conf
    kdc.createPrincipal(serviceKeytab, osUser + "/localhost", "HTTP/localhost");
    kdc.createPrincipal(userKeytab, "analyst");
    kdc.createPrincipal(malloryKeytab, "mallory");
    Files.writeString(krb5conf.toPath(), String.join("\n",
        "[libdefaults]",
        "  default_realm = " + realm(),
        "  rdns = false",
        "  dns_canonicalize_hostname = false",
        "  dns_lookup_kdc = false",
        "  dns_lookup_realm = false",
        "  udp_preference_limit = 1",
        "  forwardable = true",
        "  ticket_lifetime = 24h",
        "[realms]",
        "  " + realm() + " = {",
        "    kdc = localhost:" + kdc.getPort(),
        "  }",
        "[domain_realm]",
        "  localhost = " + realm(),
        ""), StandardCharsets.UTF_8);
    MiniHdfs.log("KDC on localhost:" + kdc.getPort() + ", realm " + realm());
  }

  void configure(Configuration conf) throws IOException {
    String svc = osUser + "/localhost@" + realm(), http = "HTTP/localhost@" + realm();
    String keytab = serviceKeytab.getAbsolutePath();
    conf.set("hadoop.security.authentication", "kerberos");
    conf.set("dfs.namenode.kerberos.principal", svc);
    conf.set("dfs.namenode.keytab.file", keytab);
    conf.set("dfs.datanode.kerberos.principal", svc);
    conf.set("dfs.datanode.keytab.file", keytab);
    conf.set("dfs.web.authentication.kerberos.principal", http);
    conf.set("dfs.web.authentication.kerberos.keytab", keytab);
    // WebHDFS's AuthFilter takes its settings from hadoop.http.authentication.* (its type
    // defaults to simple, which would trust user.name even on a secure cluster).
    conf.set("hadoop.http.authentication.type", "kerberos");
    conf.set("hadoop.http.authentication.kerberos.principal", http);
    conf.set("hadoop.http.authentication.kerberos.keytab", keytab);
    conf.setBoolean("hadoop.http.authentication.simple.anonymous.allowed", false);
    conf.setBoolean("dfs.block.access.token.enable", true);
    // Secure DataNodes without privileged ports or HTTPS: SASL on data transfer + testing switch.
    conf.set("dfs.data.transfer.protection", "authentication");
    conf.setBoolean("ignore.secure.ports.for.testing", true);
    conf.set("dfs.http.policy", "HTTP_ONLY");
    conf.setInt("ipc.client.connect.max.retries.on.sasl", 10);
    UserGroupInformation.setConfiguration(conf);
    UserGroupInformation.loginUserFromKeytab(svc, keytab);
  }

  void addEnv(Map<String, String> env) {
    env.put("KRB5_CONFIG", krb5conf.getAbsolutePath());
    env.put("KEYTAB", userKeytab.getAbsolutePath());
    env.put("PRINCIPAL", "analyst@" + realm());
    env.put("MALLORY_KEYTAB", malloryKeytab.getAbsolutePath());
    env.put("MALLORY_PRINCIPAL", "mallory@" + realm());
    env.put("SERVICE_KEYTAB", serviceKeytab.getAbsolutePath());
    env.put("REALM", realm());
    env.put("KDC_ADDRESS", "localhost:" + kdc.getPort());
  }

  void stop() {
    if (kdc != null) kdc.stop();
  }
}

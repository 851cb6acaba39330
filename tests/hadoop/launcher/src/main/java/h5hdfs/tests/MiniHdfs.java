// SPDX-License-Identifier: MIT
package h5hdfs.tests;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.apache.hadoop.hdfs.server.datanode.DataNode;

/**
 * Starts a real HDFS (Hadoop's MiniDFSCluster) on 127.0.0.1 for the h5hdfs tests.
 *
 * <pre>
 * java ... h5hdfs.tests.MiniHdfs --mode simple|ha|kerberos --import DIR --out DIR [--ls-limit N]
 * </pre>
 * Writes OUT/minihdfs.env (the cluster part of cluster.env), OUT/conf/{core,hdfs}-site.xml and
 * prints "MINIHDFS READY" once the cluster is up, imported and the control endpoint listens.
 */
public final class MiniHdfs {
  static final String NAMESERVICE = "h5ns";
  static final int DATANODES = 2;

  final String mode;
  final File out;
  final Path importDir;
  final int lsLimit;
  final String osUser = System.getProperty("user.name");
  Kerberos kerberos;
  MiniDFSCluster cluster;
  final long startNanos = System.nanoTime();

  MiniHdfs(String mode, File out, Path importDir, int lsLimit) {
    this.mode = mode;
    this.out = out;
    this.importDir = importDir;
    this.lsLimit = lsLimit;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i], args[i + 1]);
    String mode = opt.getOrDefault("--mode", "simple");
    if (!List.of("simple", "ha", "kerberos").contains(mode) || !opt.containsKey("--out")) {
      System.err.println("usage: MiniHdfs --mode simple|ha|kerberos --out DIR [--import DIR] [--ls-limit N]");
      System.exit(2);
    }
    Path imp = opt.containsKey("--import") ? Path.of(opt.get("--import")) : null;
    MiniHdfs m = new MiniHdfs(mode, new File(opt.get("--out")).getAbsoluteFile(), imp,
        Integer.parseInt(opt.getOrDefault("--ls-limit", "100")));
    try {
      m.run();
    } catch (Throwable t) {
      System.out.println("MINIHDFS FAILED: " + t);
      t.printStackTrace(System.out);
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
  }

  static void log(String s) {
    System.out.println("[minihdfs] " + s);
    System.out.flush();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  Configuration baseConf() {
    Configuration conf = new HdfsConfiguration();
    conf.setBoolean("dfs.webhdfs.enabled", true);
    conf.setBoolean("dfs.permissions.enabled", true);
    conf.setInt("dfs.ls.limit", lsLimit);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 0);
    conf.setLong("dfs.blocksize", 1024 * 1024);
    conf.setInt("dfs.replication", DATANODES);
    conf.set("hadoop.proxyuser." + osUser + ".hosts", "*");
    conf.set("hadoop.proxyuser." + osUser + ".groups", "*");
    conf.setBoolean("dfs.namenode.delegation.token.always-use", true);
    // Test users get groups without OS accounts; dr.who keeps its default (no groups).
    conf.set("hadoop.user.group.static.mapping.overrides",
        "dr.who=;analyst=analysts;mallory=others;");
    conf.set("dfs.ha.tail-edits.period", "1s");
    conf.set("hdfs.minidfs.basedir", new File(out, "dfs").getPath());
    return conf;
  }

  void run() throws Exception {
    Configuration conf = baseConf();
    if (mode.equals("kerberos")) {
      log("starting KDC");
      kerberos = new Kerberos(out, osUser);
      kerberos.start();
      kerberos.configure(conf);
    }
    int[] dnHttp = new int[DATANODES], dnIpc = new int[DATANODES];
    for (int i = 0; i < DATANODES; i++) { dnHttp[i] = freePort(); dnIpc[i] = freePort(); }
    MiniDFSCluster.Builder b = new MiniDFSCluster.Builder(conf, new File(out, "dfs"))
        .numDataNodes(DATANODES).format(true).setDnHttpPorts(dnHttp).setDnIpcPorts(dnIpc);
    if (mode.equals("ha")) {
      b.nnTopology(new MiniDFSNNTopology().addNameservice(new MiniDFSNNTopology.NSConf(NAMESERVICE)
          .addNN(new MiniDFSNNTopology.NNConf("nn1").setIpcPort(freePort()).setHttpPort(freePort()))
          .addNN(new MiniDFSNNTopology.NNConf("nn2").setIpcPort(freePort()).setHttpPort(freePort()))));
    } else {
      b.nameNodePort(freePort()).nameNodeHttpPort(freePort());
    }
    log("starting MiniDFSCluster, mode " + mode);
    cluster = b.build();
    if (mode.equals("ha")) {
      cluster.transitionToActive(0);
      conf = clientConf();
    }
    cluster.waitActive();
    cluster.waitClusterUp();
    log("cluster up after " + seconds() + " s");

    FileSystem fs = FileSystem.get(clientConf());
    new Importer(fs, importDir).run();
    log("import done after " + seconds() + " s");

    File confDir = new File(out, "conf");
    writeClientConf(confDir);
    Control control = new Control(this);
    control.start();
    writeEnv(confDir, control.port());
    log("ready after " + seconds() + " s");
    System.out.println("MINIHDFS READY");
    System.out.flush();
  }

  String seconds() {
    return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
  }

  /** Client configuration: fs.defaultFS and, in HA mode, the failover proxy provider. */
  Configuration clientConf() {
    Configuration c = new Configuration(cluster.getConfiguration(0));
    if (mode.equals("ha")) {
      c.set("fs.defaultFS", "hdfs://" + NAMESERVICE);
      c.set("dfs.client.failover.proxy.provider." + NAMESERVICE,
          "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider");
    } else {
      c.set("fs.defaultFS", "hdfs://127.0.0.1:" + cluster.getNameNodePort());
    }
    return c;
  }

  private static final Pattern CORE_KEYS = Pattern.compile(
      "fs\\.defaultFS|hadoop\\.security\\.authentication|hadoop\\.rpc\\.protection"
      + "|hadoop\\.user\\.group\\.static\\.mapping\\.overrides");
  private static final Pattern HDFS_KEYS = Pattern.compile(
      "dfs\\.nameservices|dfs\\.ha\\.namenodes\\..*|dfs\\.namenode\\.(rpc|http|servicerpc)-address.*"
      + "|dfs\\.client\\.failover\\.proxy\\.provider\\..*|dfs\\.(namenode|datanode)\\.kerberos\\.principal"
      + "|dfs\\.web\\.authentication\\.kerberos\\.principal|dfs\\.data\\.transfer\\.protection"
      + "|dfs\\.block\\.access\\.token\\.enable|dfs\\.replication|dfs\\.blocksize|dfs\\.http\\.policy"
      + "|dfs\\.webhdfs\\.enabled|dfs\\.ha\\.automatic-failover\\.enabled.*|dfs\\.ls\\.limit"
      + "|dfs\\.namenode\\.fs-limits\\.min-block-size");

  /** A filtered copy of the cluster's actual Configuration, as a Hadoop client would use it. */
  void writeClientConf(File dir) throws IOException {
    dir.mkdirs();
    Configuration all = clientConf();
    Configuration core = new Configuration(false), hdfs = new Configuration(false);
    for (Map.Entry<String, String> e : all) {
      String k = e.getKey(), v = all.get(k);
      if (CORE_KEYS.matcher(k).matches()) core.set(k, v);
      else if (HDFS_KEYS.matcher(k).matches()) hdfs.set(k, v);
    }
    if (mode.equals("ha")) { // only the per-NameNode keys of the nameservice are meaningful
      hdfs.unset("dfs.namenode.rpc-address");
      hdfs.unset("dfs.namenode.http-address");
    }
    if (mode.equals("simple") || mode.equals("ha")) core.set("hadoop.security.authentication", "simple");
    for (String u : new String[] {osUser}) {
      core.set("hadoop.proxyuser." + u + ".hosts", "*");
      core.set("hadoop.proxyuser." + u + ".groups", "*");
    }
    try (OutputStream o = new FileOutputStream(new File(dir, "core-site.xml"))) { core.writeXml(o); }
    try (OutputStream o = new FileOutputStream(new File(dir, "hdfs-site.xml"))) { hdfs.writeXml(o); }
  }

  String webHost() {
    return mode.equals("kerberos") ? "localhost" : "127.0.0.1";
  }

  String dataNodeHttpAddresses() {
    List<String> l = new ArrayList<>();
    for (DataNode dn : cluster.getDataNodes()) l.add("127.0.0.1:" + dn.getInfoPort());
    return String.join(",", l);
  }

  void writeEnv(File confDir, int controlPort) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MODE", mode);
    List<String> nns = new ArrayList<>();
    for (int i = 0; i < cluster.getNumNameNodes(); i++) {
      nns.add(webHost() + ":" + cluster.getNameNode(i).getHttpAddress().getPort());
    }
    env.put("WEBHDFS_URL", "webhdfs://" + String.join(",", nns));
    env.put("HADOOP_CONF_DIR", confDir.getPath());
    if (mode.equals("ha")) env.put("NAMESERVICE", NAMESERVICE);
    if (kerberos != null) kerberos.addEnv(env);
    env.put("CONTROL_URL", "http://127.0.0.1:" + controlPort);
    env.put("DATANODE_HTTP_ADDRESSES", dataNodeHttpAddresses());
    env.put("HDFS_SUPERUSER", osUser);
    env.put("MINIHDFS_PID", String.valueOf(ProcessHandle.current().pid()));
    env.put("MINIHDFS_SECONDS", seconds());
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append(k).append("='").append(v).append("'\n"));
    Path tmp = new File(out, "minihdfs.env.tmp").toPath();
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, new File(out, "minihdfs.env").toPath(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  void shutdown() {
    log("shutting down");
    try {
      cluster.shutdown(true);
    } catch (Throwable t) {
      log("cluster shutdown: " + t);
    }
    if (kerberos != null) kerberos.stop();
    log("stopped");
    Runtime.getRuntime().halt(0);
  }
}

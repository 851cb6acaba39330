// SPDX-License-Identifier: MIT
package h5hdfs.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants.SafeModeAction;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.NameNode;

/**
 * Loopback control endpoint: /status, /failover, /safemode?action=enter|leave|get[&nn=i],
 * /datanode/stop?index=i[&dead=true], /datanode/restart?index=i, /shutdown. Answers JSON; errors are 400/500
 * with {"error": "..."}. DataNode indices are stable (0..n-1 in start order) across stop/restart.
 */
final class Control {
  private final MiniHdfs m;
  private final MiniDFSCluster cluster;
  private final HttpServer server;
  /** Transfer port of DataNode i (stable identity), and its properties while stopped. */
  private final int[] xferPorts;
  private final MiniDFSCluster.DataNodeProperties[] stopped;

  Control(MiniHdfs m) throws IOException {
    this.m = m;
    this.cluster = m.cluster;
    List<DataNode> dns = cluster.getDataNodes();
    xferPorts = new int[dns.size()];
    stopped = new MiniDFSCluster.DataNodeProperties[dns.size()];
    for (int i = 0; i < dns.size(); i++) xferPorts[i] = dns.get(i).getXferPort();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/", this::handle);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    String path = ex.getRequestURI().getPath();
    int code = 200;
    String body;
    try {
      synchronized (this) {
        switch (path) {
          case "/status": body = status(); break;
          case "/failover": body = failover(); break;
          case "/safemode": body = safemode(q.getOrDefault("action", "get"), q.get("nn")); break;
          case "/datanode/stop":
            body = stopDn(index(q), Boolean.parseBoolean(q.getOrDefault("dead", "false")));
            break;
          case "/datanode/restart": body = restartDn(index(q)); break;
          case "/shutdown":
            body = "{\"shutdown\":true}";
            new Thread(() -> { sleep(200); m.shutdown(); }).start();
            break;
          default: code = 404; body = err("unknown endpoint " + path);
        }
      }
    } catch (IllegalArgumentException e) {
      code = 400;
      body = err(e.getMessage());
    } catch (Exception e) {
      code = 500;
      body = err(e.toString());
    }
    MiniHdfs.log("control " + path + " -> " + code + " " + body);
    byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream o = ex.getResponseBody()) { o.write(b); }
  }

  private String status() {
    StringBuilder sb = new StringBuilder("{\"mode\":\"").append(m.mode).append("\",\"namenodes\":[");
    int active = -1;
    for (int i = 0; i < cluster.getNumNameNodes(); i++) {
      NameNode nn = cluster.getNameNode(i);
      if (nn.isActiveState()) active = active < 0 ? i : active;
      sb.append(i > 0 ? "," : "").append("{\"index\":").append(i)
          .append(",\"state\":\"").append(nn.getState().toLowerCase())
          .append("\",\"http\":\"127.0.0.1:").append(nn.getHttpAddress().getPort())
          .append("\",\"safemode\":").append(nn.getNamesystem().isInSafeMode())
          .append(",\"liveDatanodes\":").append(nn.getNamesystem().getNumLiveDataNodes()).append('}');
    }
    sb.append("],\"active\":").append(active).append(",\"datanodes\":[");
    for (int i = 0; i < xferPorts.length; i++) {
      DataNode dn = running(i);
      sb.append(i > 0 ? "," : "").append("{\"index\":").append(i).append(",\"alive\":").append(dn != null)
          .append(",\"http\":\"127.0.0.1:")
          .append(dn != null ? dn.getInfoPort() : stopped[i].getDatanode().getInfoPort()).append("\"}");
    }
    return sb.append("]}").toString();
  }

  private String failover() throws Exception {
    if (cluster.getNumNameNodes() < 2) throw new IllegalArgumentException("not an HA cluster");
    int from = cluster.getNameNode(0).isActiveState() ? 0 : 1, to = 1 - from;
    cluster.transitionToStandby(from);
    cluster.transitionToActive(to);
    return "{\"active\":" + to + ",\"standby\":" + from + "}";
  }

  private String safemode(String action, String nnArg) throws Exception {
    int nn = nnArg != null ? Integer.parseInt(nnArg) : activeIndex();
    if (nn < 0 || nn >= cluster.getNumNameNodes()) throw new IllegalArgumentException("bad nn " + nn);
    SafeModeAction a;
    switch (action) {
      case "enter": a = SafeModeAction.SAFEMODE_ENTER; break;
      case "leave": a = SafeModeAction.SAFEMODE_LEAVE; break;
      case "get": a = SafeModeAction.SAFEMODE_GET; break;
      default: throw new IllegalArgumentException("action must be enter, leave or get");
    }
    boolean on = cluster.getNameNodeRpc(nn).setSafeMode(a, false);
    return "{\"nn\":" + nn + ",\"safemode\":" + on + "}";
  }

  private int activeIndex() {
    for (int i = 0; i < cluster.getNumNameNodes(); i++) if (cluster.getNameNode(i).isActiveState()) return i;
    return 0;
  }

  private DataNode running(int i) {
    for (DataNode dn : cluster.getDataNodes()) if (dn.getXferPort() == xferPorts[i]) return dn;
    return null;
  }

  /** With dead=true NameNode 0 is told at once (else it notices after ~10 min without heartbeats). */
  private String stopDn(int i, boolean dead) throws IOException {
    if (stopped[i] == null) {
      List<DataNode> dns = cluster.getDataNodes();
      stopped[i] = cluster.stopDataNode(dns.indexOf(running(i)));
    }
    if (dead) cluster.setDataNodeDead(stopped[i].getDatanode().getDatanodeId());
    return status();
  }

  private String restartDn(int i) throws IOException {
    stopDn(i, false);
    if (!cluster.restartDataNode(stopped[i], true)) throw new IOException("restart failed");
    stopped[i] = null;
    cluster.waitActive();
    return status();
  }

  private int index(Map<String, String> q) {
    int i = Integer.parseInt(q.getOrDefault("index", "-1"));
    if (i < 0 || i >= xferPorts.length) throw new IllegalArgumentException("index must be 0.." + (xferPorts.length - 1));
    return i;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) return q;
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static String err(String msg) {
    return "{\"error\":\"" + String.valueOf(msg).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"}";
  }

  private static void sleep(long ms) {
    try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
  }
}

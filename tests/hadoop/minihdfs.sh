#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Starts/stops a real Apache HDFS (Hadoop MiniDFSCluster, optionally HttpFS) for the h5hdfs tests.
#
#   minihdfs.sh start --mode simple|ha|kerberos [--httpfs] [--import LOCAL_DIR] --out OUT_DIR [--ls-limit N]
#   minihdfs.sh stop --out OUT_DIR
#
# start writes OUT_DIR/cluster.env (shell KEY='value' lines) once everything answers; logs are in
# OUT_DIR/logs. Kerberos mode with --httpfs needs kinit (krb5-user). See tests/hadoop/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAUNCHER="$HERE/launcher"
HTTPFS="$HERE/httpfs"
READY_TIMEOUT=${MINIHDFS_READY_TIMEOUT:-180}

# shellcheck source=common.sh
source "$HERE/common.sh"

die() { echo "minihdfs: $*" >&2; exit 1; }
usage() {
  sed -n '3,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
pid_of() { [[ -f $1 ]] && cat "$1" || true; }
env_value() { sed -n "s/^$2='\(.*\)'$/\1/p" "$1"; } # file key
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Ends the process group led by pid $1: TERM, then KILL after $2 seconds.
end_group() {
  local pid=$1 wait=$2 i
  alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
  echo "minihdfs: pid $pid ignored TERM, killing" >&2
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do alive "$pid" || return 0; sleep 0.1; done
}

write_log4j() { # file logfile
  cat >"$1" <<L4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$2
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p %c{2} (%t): %m%n
log4j.logger.org.apache.hadoop.hdfs.StateChange=WARN
log4j.logger.BlockStateChange=WARN
log4j.logger.org.apache.hadoop.hdfs.server.datanode.DataNode.clienttrace=WARN
log4j.logger.org.apache.hadoop.hdfs.server.namenode.FSNamesystem.audit=WARN
L4J
}

cmd_stop() {
  local out=$1 pid hpid ctl=""
  [[ -d $out ]] || { echo "minihdfs: nothing running from $out"; return 0; }
  hpid=$(pid_of "$out/httpfs.pid")
  end_group "$hpid" 15
  pid=$(pid_of "$out/minihdfs.pid")
  if alive "$pid"; then
    [[ -f $out/minihdfs.env ]] && ctl=$(env_value "$out/minihdfs.env" CONTROL_URL)
    if [[ -n $ctl ]] && curl -fsS -m 10 "$ctl/shutdown" >/dev/null 2>&1; then
      for ((i = 0; i < 300; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
    end_group "$pid" 15
  fi
  rm -f "$out/minihdfs.pid" "$out/httpfs.pid"
  if alive "$pid" || alive "$hpid"; then die "could not stop pid(s) $pid $hpid"; fi
  echo "minihdfs: stopped"
}

start_httpfs() { # out port mode
  local out=$1 port=$2 mode=$3 h=$1/httpfs auth="" jopts=()
  mkdir -p "$h/conf" "$h/log" "$h/temp"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$h/conf/httpfs-signature.secret"
  chmod 600 "$h/conf/httpfs-signature.secret"
  if [[ $mode == kerberos ]]; then # SPNEGO as HTTP/localhost, HDFS access as the superuser principal
    local realm keytab user
    realm=$(env_value "$out/minihdfs.env" REALM)
    keytab=$(env_value "$out/minihdfs.env" SERVICE_KEYTAB)
    user=$(env_value "$out/minihdfs.env" HDFS_SUPERUSER)
    auth="
  <property><name>hadoop.http.authentication.type</name><value>kerberos</value></property>
  <property><name>hadoop.http.authentication.kerberos.principal</name><value>HTTP/localhost@$realm</value></property>
  <property><name>hadoop.http.authentication.kerberos.keytab</name><value>$keytab</value></property>
  <property><name>httpfs.hadoop.authentication.type</name><value>kerberos</value></property>
  <property><name>httpfs.hadoop.authentication.kerberos.principal</name><value>$user/localhost@$realm</value></property>
  <property><name>httpfs.hadoop.authentication.kerberos.keytab</name><value>$keytab</value></property>"
    jopts=(-Djava.security.krb5.conf="$(env_value "$out/minihdfs.env" KRB5_CONFIG)")
  else
    auth="
  <property><name>hadoop.http.authentication.type</name><value>simple</value></property>"
  fi
  cat >"$h/conf/httpfs-site.xml" <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>httpfs.http.hostname</name><value>127.0.0.1</value></property>
  <property><name>httpfs.http.port</name><value>$port</value></property>
  <property><name>httpfs.hadoop.config.dir</name><value>$out/conf</value></property>
  <property><name>hadoop.http.authentication.signature.secret.file</name><value>$h/conf/httpfs-signature.secret</value></property>$auth
</configuration>
XML
  write_log4j "$h/conf/log4j.properties" "$out/logs/httpfs.log"
  # httpfs-site.xml is read from the classpath: the conf dir goes first.
  setsid nohup java "${JPMS[@]}" -Xmx384m "${jopts[@]}" \
    -Dhttpfs.home.dir="$h" -Dhttpfs.config.dir="$h/conf" -Dhttpfs.log.dir="$h/log" \
    -Dhttpfs.temp.dir="$h/temp" -Dlog4j.configuration="file:$h/conf/log4j.properties" \
    -cp "$h/conf:$HTTPFS/target/lib/*" org.apache.hadoop.fs.http.server.HttpFSServerWebServer \
    >"$out/logs/httpfs.out" 2>&1 </dev/null &
  echo $! >"$out/httpfs.pid"
}

cmd_start() {
  local mode="" httpfs=0 import="" out="" lslimit=100
  while (($#)); do
    case $1 in
      --mode) mode=${2:-}; shift 2 ;;
      --httpfs) httpfs=1; shift ;;
      --import) import=${2:-}; shift 2 ;;
      --out) out=${2:-}; shift 2 ;;
      --ls-limit) lslimit=${2:-}; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ $mode == simple || $mode == ha || $mode == kerberos ]] || usage
  [[ -n $out ]] || usage
  [[ -z $import || -d $import ]] || die "import directory $import does not exist"
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  [[ -n $import ]] && import=$(cd "$import" && pwd)
  local pid
  pid=$(pid_of "$out/minihdfs.pid")
  alive "$pid" && die "a cluster is already running from $out (pid $pid); stop it first"
  pid=$(pid_of "$out/httpfs.pid")
  alive "$pid" && die "an HttpFS is already running from $out (pid $pid); stop it first"

  build "$LAUNCHER"
  [[ $httpfs == 1 ]] && build "$HTTPFS"

  rm -rf "$out/dfs" "$out/kdc" "$out/conf" "$out/httpfs" "$out/logs"
  rm -f "$out/cluster.env" "$out/minihdfs.env" "$out/minihdfs.pid" "$out/httpfs.pid"
  mkdir -p "$out/logs"
  write_log4j "$out/logs/log4j.properties" "$out/logs/hadoop.log"

  local t0 args=(--mode "$mode" --out "$out" --ls-limit "$lslimit")
  [[ -n $import ]] && args+=(--import "$import")
  t0=$(date +%s.%N)
  setsid nohup java "${JPMS[@]}" -Xmx768m -Djava.net.preferIPv4Stack=true \
    -Dlog4j.configuration="file:$out/logs/log4j.properties" \
    -cp "$LAUNCHER/target/classes:$LAUNCHER/target/lib/*" h5hdfs.tests.MiniHdfs "${args[@]}" \
    >"$out/logs/minihdfs.out" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$out/minihdfs.pid"
  echo "minihdfs: starting $mode cluster (pid $pid), log $out/logs/minihdfs.out" >&2

  local deadline=$((SECONDS + READY_TIMEOUT))
  until grep -q '^MINIHDFS READY' "$out/logs/minihdfs.out" 2>/dev/null; do
    if ! alive "$pid" || grep -q '^MINIHDFS FAILED' "$out/logs/minihdfs.out" || ((SECONDS > deadline)); then
      echo "minihdfs: the cluster did not become ready; last lines of $out/logs/minihdfs.out:" >&2
      tail -n 40 "$out/logs/minihdfs.out" >&2 || true
      cmd_stop "$out" >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.3
  done

  local httpfs_url=""
  if [[ $httpfs == 1 ]]; then
    local port
    port=$(free_port)
    start_httpfs "$out" "$port" "$mode"
    echo "minihdfs: starting HttpFS on 127.0.0.1:$port, log $out/logs/httpfs.out" >&2
    local host=127.0.0.1 probe=(-fsS -m 5) ccache="FILE:$out/httpfs/probe.ccache"
    if [[ $mode == kerberos ]]; then # SPNEGO needs the host name of HTTP/localhost and a ticket
      host=localhost
      probe+=(--negotiate -u :)
      KRB5_CONFIG=$(env_value "$out/minihdfs.env" KRB5_CONFIG) KRB5CCNAME=$ccache \
        kinit -kt "$(env_value "$out/minihdfs.env" KEYTAB)" "$(env_value "$out/minihdfs.env" PRINCIPAL)" ||
        die "kinit failed (is krb5-user installed?)"
    fi
    deadline=$((SECONDS + 90))
    until KRB5_CONFIG=$(env_value "$out/minihdfs.env" KRB5_CONFIG) KRB5CCNAME=$ccache \
          curl "${probe[@]}" "http://$host:$port/webhdfs/v1/?op=GETHOMEDIRECTORY&user.name=analyst" >/dev/null 2>&1; do
      if ! alive "$(pid_of "$out/httpfs.pid")" || ((SECONDS > deadline)); then
        echo "minihdfs: HttpFS did not answer; last lines of $out/logs/httpfs.out and httpfs.log:" >&2
        tail -n 30 "$out/logs/httpfs.out" "$out/logs/httpfs.log" >&2 || true
        cmd_stop "$out" >/dev/null 2>&1 || true
        exit 1
      fi
      sleep 0.3
    done
    httpfs_url="http://$host:$port/webhdfs/v1"
  fi

  {
    cat "$out/minihdfs.env"
    [[ -n $httpfs_url ]] && echo "HTTPFS_URL='$httpfs_url'"
    [[ -n $httpfs_url ]] && echo "HTTPFS_PID='$(pid_of "$out/httpfs.pid")'"
    echo "START_SECONDS='$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')'"
  } >"$out/cluster.env.tmp"
  mv "$out/cluster.env.tmp" "$out/cluster.env"
  echo "minihdfs: ready, see $out/cluster.env" >&2
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop)
    shift
    [[ ${1:-} == --out && -n ${2:-} ]] || usage
    cmd_stop "$2"
    ;;
  *) usage ;;
esac

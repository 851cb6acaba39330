#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a Hadoop Streaming job (hadoop-streaming 3.4.2, the newest on Maven Central) with the local job runner:
# the input is a local text file split into map tasks of N lines, each task pipes its lines into
# the mapper command, and the output directory gets one part-NNNNN file per task.
#
#   streaming.sh --input FILE --output DIR --mapper COMMAND [--lines-per-map N] [--cmdenv NAME=VALUE]...
#
# Builds streaming/ with Maven the first time (set STREAMING_BUILD_LOCK to a file to serialise
# that with other Maven builds). Logs of the job: OUTPUT_DIR.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
source "$HERE/common.sh"

usage() {
  sed -n '7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

input="" output="" mapper="" lines=50 cmdenv=()
while (($#)); do
  case $1 in
    --input) input=${2:-}; shift 2 ;;
    --output) output=${2:-}; shift 2 ;;
    --mapper) mapper=${2:-}; shift 2 ;;
    --lines-per-map) lines=${2:-}; shift 2 ;;
    --cmdenv) cmdenv+=(-cmdenv "${2:-}"); shift 2 ;;
    *) usage ;;
  esac
done
[[ -f $input && -n $output && -n $mapper ]] || usage
input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")
mkdir -p "$(dirname "$output")"
output=$(cd "$(dirname "$output")" && pwd)/$(basename "$output")

if [[ -n ${STREAMING_BUILD_LOCK:-} ]]; then
  exec {lock}>"$STREAMING_BUILD_LOCK"
  flock "$lock"
  build "$HERE/streaming"
  flock -u "$lock"
else
  build "$HERE/streaming"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/log4j.properties" <<L4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$output.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p %c{2} (%t): %m%n
L4J

# Local everything: the job's own file system is this machine's (the mapper talks WebHDFS to the
# cluster itself). NLineInputFormat hands "offset<TAB>line" to a mapper unless the key is ignored.
java "${JPMS[@]}" -Xmx512m -Dlog4j.configuration="file:$work/log4j.properties" \
  -cp "$HERE/streaming/target/lib/*" org.apache.hadoop.streaming.HadoopStreaming \
  -D mapreduce.framework.name=local -D fs.defaultFS=file:/// -D hadoop.tmp.dir="$work/tmp" \
  -D mapreduce.job.reduces=0 -D mapreduce.local.map.tasks.maximum=2 \
  -D mapreduce.input.lineinputformat.linespermap="$lines" -D stream.map.input.ignoreKey=true \
  -inputformat org.apache.hadoop.mapred.lib.NLineInputFormat \
  -input "file://$input" -output "file://$output" -mapper "$mapper" "${cmdenv[@]}" \
  >"$output.out" 2>&1 || {
  echo "streaming: the job failed; last lines of $output.out and $output.log:" >&2
  tail -n 40 "$output.out" "$output.log" >&2 || true
  exit 1
}

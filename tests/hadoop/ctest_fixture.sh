#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CTest's fixture for a real HDFS: writes the import directory, then starts (or stops) the cluster.
#   ctest_fixture.sh start MODE OUT_DIR BIN_DIR [--httpfs]
#   ctest_fixture.sh stop OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${1:-}" in
    start)
        mode=$2 out=$3 bin=$4; shift 4
        "$here/minihdfs.sh" stop --out "$out" >/dev/null 2>&1 || true   # a cluster left by an aborted run
        mkdir -p "$out"
        "$bin/make_import_dir" "$out/import" "$mode"
        started=$(date +%s)
        # One start at a time: the first builds the launcher with Maven, and clusters starting
        # side by side on two cores would each take longer than all of them in turn. --close: the
        # cluster left running must not inherit (and hold) the lock.
        export MINIHDFS_READY_TIMEOUT=${MINIHDFS_READY_TIMEOUT:-600}
        flock --close "$(dirname "$out")/.start.lock" \
            "$here/minihdfs.sh" start --mode "$mode" "$@" --import "$out/import" --out "$out"
        echo "the $mode cluster started in $(( $(date +%s) - started )) s (with the launcher build, if any)"
        ;;
    stop)
        "$here/minihdfs.sh" stop --out "$2"
        ;;
    *)
        echo "usage: $0 start MODE OUT_DIR BIN_DIR [--httpfs] | stop OUT_DIR" >&2
        exit 2
        ;;
esac

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's two commands live here, so they stay true:
#   ./run.sh demo   install what is missing, build, start the viewer on its demo
#   ./run.sh test   install what is missing, build, run the whole test suite
# Further: ./run.sh build | package | bench | asan
set -euo pipefail
cd "$(dirname "$0")"

# Build, runtime and test packages. python3-h5py/pandas/tables are only for the side-by-side benchmarks.
PACKAGES=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-base-dev-tools libgl-dev qtkeychain-qt6-dev qt6-svg-dev  # Svg: plots saved as SVG
          libhdf5-dev hdf5-tools hdf5-filter-plugin hdf5-plugin-lzf liblzf1 hdf5-filter-plugin-blosc-serial
          libseccomp-dev                        # the worker's sandbox (core/engine/worker/workersandbox.h)
          libfmt-dev                            # the shortest digits of floats for CSV (core/shared/shortestchars)
          xvfb xauth libkrb5-dev krb5-user krb5-kdc krb5-admin-server  # kadmin.local: the test KDC (kdcfixture)
          openjdk-17-jdk-headless maven curl    # the real-HDFS test harness (tests/hadoop)
          desktop-file-utils appstream man-db xdg-utils shared-mime-info bash-completion file binutils
          dpkg-dev lintian                      # the install and package tests (tests/install)
          python3)                              # the layer check (tests/layers)
BENCH_PACKAGES=(curl python3-h5py python3-pandas python3-tables python3-requests)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# H5HDFS_BUILD_LOCK=FILE: configure and build under flock FILE (builds sharing the cores one at a time).
locked() {
    if [ -n "${H5HDFS_BUILD_LOCK:-}" ]; then flock "$H5HDFS_BUILD_LOCK" "$@"; else "$@"; fi
}

build() {  # build DIR BUILD_TYPE [extra cmake args]
    local dir=$1 type=$2; shift 2
    locked cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@"
    locked cmake --build "$dir" --parallel "$(nproc)"
}

case "${1:-}" in
    demo)
        install_missing "${PACKAGES[@]}"
        build build RelWithDebInfo
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
            echo "No display: running the viewer under xvfb-run (offscreen)."
            exec xvfb-run -a build/bin/h5hdfs-viewer --demo
        fi
        exec build/bin/h5hdfs-viewer --demo
        ;;
    test)
        install_missing "${PACKAGES[@]}"
        build build RelWithDebInfo
        cd build && exec ctest --output-on-failure --timeout 600 -j "$(nproc)"
        ;;
    build)
        install_missing "${PACKAGES[@]}"
        build build RelWithDebInfo
        ;;
    package)  # the Debian package, build/h5hdfs_VERSION_ARCH.deb, checked by lintian and run unpacked
        install_missing "${PACKAGES[@]}"
        build build RelWithDebInfo
        corpus=$(sed -n 's/^H5HDFS_CORPUS:PATH=//p' build/CMakeCache.txt)
        exec tests/install/package_test.sh build "$corpus/hdf5/tools/testfiles/tgroup.h5" build
        ;;
    bench)
        install_missing "${PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
        build build RelWithDebInfo  # the build the tests use (-O2): figures match what users run, one build dir
        for b in build/bin/bench_*; do "$b"; done
        ;;
    asan)
        install_missing "${PACKAGES[@]}"
        build build-asan Debug -DH5HDFS_SANITIZE=ON
        cd build-asan && exec ctest --output-on-failure --timeout 1200 -j "$(nproc)"
        ;;
    fuzz)  # ./run.sh fuzz [SECONDS]: each libFuzzer target of tests/fuzz for SECONDS (default 60)
        seconds=${2:-60}
        install_missing "${PACKAGES[@]}" clang libclang-rt-dev
        CC=clang CXX=clang++ locked cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DH5HDFS_FUZZ=ON -DBUILD_TESTING=OFF
        locked cmake --build build-fuzz --target fuzz --parallel "$(nproc)"
        failed=()
        for target in tests/fuzz/corpus/*/; do
            target=$(basename "$target")
            corpus=build-fuzz/fuzz-corpus/$target crashes=build-fuzz/fuzz-crashes/$target
            rm -rf "$corpus" && mkdir -p "$corpus" "$crashes" && cp tests/fuzz/corpus/"$target"/* "$corpus"/
            echo "== fuzz_$target: ${seconds}s"
            log=build-fuzz/fuzz-$target.log rc=0
            ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)} \
                build-fuzz/bin/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
                -print_final_stats=1 -artifact_prefix="$crashes"/ "$corpus" >"$log" 2>&1 || rc=$?
            grep -E '^(#[0-9]+ +DONE|stat::(number_of_executed_units|average_exec_per_sec)|==[0-9]+== ?ERROR|SUMMARY|.*broken invariant)' "$log" || true
            if [ "$rc" -ne 0 ] || grep -q 'Test unit written' "$log"; then
                failed+=("$target")
                echo "fuzz_$target FAILED (exit $rc); reproducer(s):"
                grep -o "Test unit written to .*" build-fuzz/fuzz-"$target".log | sed 's/Test unit written to /  /'
                echo "  log: build-fuzz/fuzz-$target.log (rerun: build-fuzz/bin/fuzz_$target REPRODUCER)"
            fi
        done
        [ ${#failed[@]} -eq 0 ] || { echo "fuzzing found problems in: ${failed[*]}" >&2; exit 1; }
        echo "fuzzing: no crash, hang or broken invariant in ${seconds}s per target"
        ;;
    *)
        echo "usage: $0 demo|test|build|package|bench|asan|fuzz [SECONDS]" >&2
        exit 2
        ;;
esac

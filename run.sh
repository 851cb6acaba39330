#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's two commands live here, so they stay true:
#   ./run.sh demo   install what is missing, build, start the viewer on its demo
#   ./run.sh test   install what is missing, build, run the whole test suite
# Further: ./run.sh build | bench | asan
set -euo pipefail
cd "$(dirname "$0")"

# Build, runtime and test packages. python3-h5py/pandas/tables are only for the side-by-side benchmarks.
PACKAGES=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-base-dev-tools libgl-dev qtkeychain-qt6-dev
          libhdf5-dev hdf5-tools hdf5-filter-plugin hdf5-plugin-lzf liblzf1 hdf5-filter-plugin-blosc-serial
          xvfb xauth libkrb5-dev krb5-user krb5-kdc
          openjdk-17-jdk-headless maven curl)   # the real-HDFS test harness (tests/hadoop)
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

build() {  # build DIR BUILD_TYPE [extra cmake args]
    local dir=$1 type=$2; shift 2
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@"
    cmake --build "$dir" --parallel "$(nproc)"
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
    bench)
        install_missing "${PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
        build build Release
        for b in build/bin/bench_*; do "$b"; done
        ;;
    asan)
        install_missing "${PACKAGES[@]}"
        build build-asan Debug -DH5HDFS_SANITIZE=ON
        cd build-asan && exec ctest --output-on-failure --timeout 1200 -j "$(nproc)"
        ;;
    *)
        echo "usage: $0 demo|test|build|bench|asan" >&2
        exit 2
        ;;
esac

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian package from a build folder (cpack -G DEB), checks it with lintian (no errors),
# unpacks it with dpkg -x into a temporary root and runs the unpacked programs there: h5hdfs tree on
# a corpus file (the worker is found from the package's layout) and h5hdfs-viewer --version.
# dpkg -x rather than a debootstrap'ed chroot: a chroot costs minutes and a mirror; the libraries
# come from this (Debian 12) system, which dpkg-shlibdeps computed the dependencies from.
# usage: package_test.sh BUILD_DIR CORPUS_FILE [OUT_DIR]   (OUT_DIR keeps the .deb; default: temporary)
set -euo pipefail
build=$(realpath "$1") corpus=$2 out=${3:-}
for tool in cpack dpkg-deb dpkg-shlibdeps lintian; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (run.sh PACKAGES)" >&2; exit 1; }
done
[ -f "$corpus" ] || { echo "FAIL: no corpus file $corpus" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] && out=$(realpath -m "$out") || out=$tmp/out
mkdir -p "$out"

# cpack installs the build into OUT/_CPack_Packages, not into the build folder.
(cd "$build" && cpack -G DEB --config CPackConfig.cmake -B "$out") >"$tmp/cpack.log" 2>&1 \
    || { cat "$tmp/cpack.log"; echo "FAIL: cpack" >&2; exit 1; }
rm -rf "$out/_CPack_Packages"
deb=$(ls "$out"/h5hdfs_*.deb)
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Section Maintainer Depends Recommends

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
control=$(dpkg-deb -f "$deb")
grep -q '^Section: science$' <<<"$control" || fail "Section is not science"
grep -q '^Depends:.*libqt6core6' <<<"$control" || fail "no Qt dependency from dpkg-shlibdeps"
grep -q '^Depends:.*libhdf5' <<<"$control" || fail "no HDF5 dependency from dpkg-shlibdeps"
for p in hdf5-filter-plugin hdf5-plugin-lzf hdf5-filter-plugin-blosc-serial; do
    grep -q "^Recommends:.*$p" <<<"$control" || fail "$p is not recommended"
done

# lintian: errors fail the test; warnings are listed.
if ! lintian --fail-on error "$deb" 2>&1 | tee "$tmp/lintian.txt"; then
    fail "lintian reports errors"
fi

root=$tmp/root
dpkg -x "$deb" "$root"
unset H5HDFS_WORKER
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$tmp/run
mkdir -m 700 "$tmp/run"
[ -x "$root/usr/libexec/h5hdfs/h5hdfs-worker" ] || fail "no worker in usr/libexec/h5hdfs"
if tree=$("$root/usr/bin/h5hdfs" tree "$corpus" 2>"$tmp/tree.err") && grep -q group <<<"$tree"; then
    echo "ok: the packaged h5hdfs tree $(basename "$corpus")"
else
    fail "the packaged h5hdfs tree: $(cat "$tmp/tree.err") $tree"
fi
if version=$("$root/usr/bin/h5hdfs-viewer" --version 2>"$tmp/version.err") \
    && grep -q '^h5hdfs-viewer [0-9]' <<<"$version" && grep -q '^HDF5 1\.' <<<"$version" \
    && grep -qF "Worker: $root/usr/libexec/h5hdfs/h5hdfs-worker" <<<"$version"; then
    echo "ok: the packaged h5hdfs-viewer --version"
    echo "$version"
else
    fail "the packaged h5hdfs-viewer --version: $(cat "$tmp/version.err") $version"
fi
if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "package test passed"

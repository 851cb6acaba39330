#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the build into a temporary DESTDIR, as a distribution or a user would, and checks the
# installed tree works as a desktop application: the programs find the worker from the install
# layout (no override), the desktop file, metainfo, man pages, completion and icons are valid, the
# viewer is the default application for HDF5 files, and no build path is baked into the binaries.
# usage: install_test.sh BUILD_DIR SOURCE_DIR CORPUS_FILE
# A missing tool is a failure, not a skip.
set -euo pipefail
build=$1 source=$2 corpus=$3
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
for tool in cmake desktop-file-validate appstreamcli man update-desktop-database update-mime-database \
            xdg-mime strings file bash; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (run.sh PACKAGES)" >&2; exit 1; }
done
[ -f /usr/share/bash-completion/bash_completion ] || { echo "FAIL: bash-completion is not installed" >&2; exit 1; }
[ -f "$corpus" ] || { echo "FAIL: no corpus file $corpus" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=/opt/h5hdfs           # not the build tree's layout, and not /usr: the programs must not care
DESTDIR="$tmp/root" cmake --install "$build" --prefix "$prefix" --strip >"$tmp/install.log" \
    || { cat "$tmp/install.log"; echo "FAIL: cmake --install" >&2; exit 1; }
root=$tmp/root$prefix
share=$root/share

# The files an installed desktop application has.
for f in bin/h5hdfs bin/h5hdfs-viewer libexec/h5hdfs/h5hdfs-worker share/applications/h5hdfs-viewer.desktop \
         share/icons/hicolor/scalable/apps/h5hdfs-viewer.svg share/man/man1/h5hdfs.1.gz \
         share/man/man1/h5hdfs-viewer.1.gz share/bash-completion/completions/h5hdfs share/doc/h5hdfs/copyright; do
    [ -e "$root/$f" ] || fail "not installed: $f"
done
for size in 16 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x${size}/apps/h5hdfs-viewer.png
    file "$png" | grep -q "PNG image data, $size x $size" || fail "icon ${size}x${size}: $(file "$png")"
done
[ ! -e "$root/bin/h5hdfs-worker" ] || fail "the worker is in bin/; it belongs in libexec/h5hdfs/"
metainfo=$(ls "$share"/metainfo/*.metainfo.xml 2>/dev/null | head -1)
[ -n "$metainfo" ] || fail "no metainfo installed"

# The installed CLI finds the installed worker (no H5HDFS_WORKER), and reads a corpus file with it.
unset H5HDFS_WORKER
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$tmp/run
mkdir -m 700 "$tmp/run"
if out=$("$root/bin/h5hdfs" tree "$corpus" 2>"$tmp/tree.err") && grep -q "group" <<<"$out"; then
    ok "installed h5hdfs tree $(basename "$corpus")"
else
    fail "installed h5hdfs tree: $(cat "$tmp/tree.err") $out"
fi
for program in h5hdfs h5hdfs-viewer; do
    before=$failures
    version=$("$root/bin/$program" --version 2>&1) || fail "$program --version exited $?"
    grep -q "^$program [0-9]" <<<"$version" || fail "$program --version: no version: $version"
    grep -q "^HDF5 1\." <<<"$version" || fail "$program --version: no HDF5 version from the worker: $version"
    grep -q "^Filter plugins: " <<<"$version" || fail "$program --version: no plugins: $version"
    grep -qF "Worker: $root/libexec/h5hdfs/h5hdfs-worker" <<<"$version" || fail "$program --version: wrong worker: $version"
    [ "$failures" -eq "$before" ] && ok "$program --version names the installed worker and HDF5"
done

# No absolute build or source path baked into the installed binaries.
before=$failures
for f in "$root/bin/h5hdfs" "$root/bin/h5hdfs-viewer" "$root/libexec/h5hdfs/h5hdfs-worker"; do
    if strings -a "$f" | grep -F -e "$(realpath "$build")" -e "$(realpath "$source")"; then
        fail "$(basename "$f") contains a build path"
    fi
    readelf -d "$f" | grep -q -e RPATH -e RUNPATH && fail "$(basename "$f") has an RPATH"
done
[ "$failures" -eq "$before" ] && ok "no build paths, no RPATH"

# Desktop file, metainfo, man pages.
desktop-file-validate "$share/applications/h5hdfs-viewer.desktop" && ok "desktop-file-validate" \
    || fail "desktop-file-validate"
appstreamcli validate --no-net "$metainfo" && ok "appstreamcli validate" || fail "appstreamcli validate"
for page in h5hdfs h5hdfs-viewer; do
    if MANWIDTH=80 man -l "$share/man/man1/$page.1.gz" >"$tmp/$page.txt" 2>"$tmp/$page.err" \
        && [ ! -s "$tmp/$page.err" ] && grep -q "$page" "$tmp/$page.txt"; then
        ok "man -l $page.1"
    else
        fail "man -l $page.1: $(cat "$tmp/$page.err")"
    fi
done

# The viewer is the default application for HDF5 (and netCDF-4) files in the installed data dir.
update-desktop-database "$share/applications" || fail "update-desktop-database"
mkdir -p "$share/mime/packages" && update-mime-database "$share/mime" >/dev/null 2>&1 || fail "update-mime-database"
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CONFIG_DIRS=$tmp/config-dirs
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_DIRS"
for type in application/x-hdf5 application/x-hdf application/x-netcdf; do
    default=$(env -u XDG_CURRENT_DESKTOP -u DESKTOP_SESSION XDG_DATA_DIRS="$share:/usr/share" \
        xdg-mime query default "$type" || true)
    [ "$default" = h5hdfs-viewer.desktop ] && ok "default for $type" || fail "xdg-mime default for $type: '$default'"
done

# Bash completion: commands, options, local paths.
complete_line() { # complete_line WORD... : what completing the last word offers
    bash -c 'source /usr/share/bash-completion/bash_completion
             source "$0"
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
             _h5hdfs h5hdfs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
             printf "%s\n" "${COMPREPLY[@]}"' "$share/bash-completion/completions/h5hdfs" "$@"
}
[ "$(complete_line h5hdfs tr)" = tree ] || fail "completion of 'h5hdfs tr': $(complete_line h5hdfs tr)"
complete_line h5hdfs export --out | grep -qx -- --out-dir || fail "completion of 'h5hdfs export --out'"
mkdir -p "$tmp/files" && touch "$tmp/files/data.h5"
complete_line h5hdfs tree "$tmp/files/da" | grep -qx "$tmp/files/data.h5" || fail "completion of a local path"
ok "bash completion"

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "install test passed"

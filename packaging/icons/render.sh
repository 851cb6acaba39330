#!/bin/sh
# SPDX-License-Identifier: MIT
# Renders the PNG icons from the SVG. Run once after editing the SVG; the PNGs are committed.
set -eu
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" h5hdfs-viewer.svg -o "h5hdfs-viewer-$size.png"
done

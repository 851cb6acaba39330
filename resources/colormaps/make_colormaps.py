#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the colour tables the plots use (NAME.txt: 256 lines of 8-bit "r g b"), from their
published definitions as matplotlib ships them (Debian's python3-matplotlib):

- viridis and inferno: the 256-entry tables of Smith and van der Walt (matplotlib 1.5, CC0);
- coolwarm: Kenneth Moreland's diverging map ("Diverging Color Maps for Scientific
  Visualization", 2009), as matplotlib's segment data of it;
- gray: black to white.

Run once in this directory with Debian's python: /usr/bin/python3 make_colormaps.py
"""
import matplotlib

for name in ("viridis", "inferno", "coolwarm", "gray"):
    cmap = matplotlib.colormaps[name].resampled(256)
    with open(f"{name}.txt", "w") as out:
        out.write(f"# {name}, 256 entries, from matplotlib {matplotlib.__version__} (make_colormaps.py)\n")
        for i in range(256):
            r, g, b, _ = cmap(i)
            out.write(f"{round(r * 255)} {round(g * 255)} {round(b * 255)}\n")

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes histogram_numpy.txt: numpy's histogram and statistics of the data tst_plotreduce plots.

The data are the formulas of tests/support/plotfixtures.cpp (waves, steps, constant); the test
compares the worker's bins with numpy's, read from the file, so no Python runs at test time.
Run once with Debian's python3-numpy: /usr/bin/python3 make_histogram_reference.py > histogram_numpy.txt
Each line: name bins range lo hi counts... | count nan posinf neginf min max mean std (ddof=1).
"""
import math

import numpy as np


def waves(i):
    if i % 997 == 0:
        return math.nan
    if i % 1999 == 0:
        return math.inf
    if i % 2503 == 0:
        return -math.inf
    return 3 * math.sin(i * 0.37) + (i % 7) * 0.25


SERIES = {
    "waves": np.array([waves(i) for i in range(10000)], dtype=np.float64),
    "steps": np.array([i % 11 for i in range(1000)], dtype=np.float64),
    "constant": np.full(100, 4.25, dtype=np.float64),
}

# (series, bins, range or None for the finite values' own range)
CASES = [
    ("waves", 37, None),
    ("waves", 10, (-1.0, 2.0)),
    ("waves", 1, None),
    ("steps", 5, None),
    ("steps", 4, (2.0, 9.0)),
    ("constant", 4, None),
]

print(f"# numpy {np.__version__}")
for name, bins, rng in CASES:
    data = SERIES[name]
    finite = data[np.isfinite(data)]
    if rng is None:
        counts, edges = np.histogram(finite, bins=bins)
    else:
        counts, edges = np.histogram(data, bins=bins, range=rng)
    stats = [
        len(finite),
        int(np.isnan(data).sum()),
        int(np.isposinf(data).sum()),
        int(np.isneginf(data).sum()),
        repr(float(finite.min())),
        repr(float(finite.max())),
        repr(float(finite.mean())),
        repr(float(finite.std(ddof=1))),
    ]
    rng_text = "auto" if rng is None else f"{rng[0]!r},{rng[1]!r}"
    print(name, bins, rng_text, repr(float(edges[0])), repr(float(edges[-1])),
          *(int(c) for c in counts), "|", *stats)

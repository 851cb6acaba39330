#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes histogram_numpy.txt: numpy's histogram and statistics of the data tst_plotreduce plots.

The data are the formulas of tests/support/plotfixtures.cpp (waves, steps, constant); the test
compares the worker's bins with numpy's, read from the file, so no Python runs at test time.
Run once with Debian's python3-numpy: /usr/bin/python3 make_histogram_reference.py > histogram_numpy.txt
and, for float32 data (numpy's bins then have float32 edges and float32 arithmetic),
/usr/bin/python3 make_histogram_reference.py --float32 > histogram_numpy_float32.txt
Each line: name bins range lo hi counts... | count nan posinf neginf min max mean std (ddof=1),
the statistics of the values as float64 (as the worker keeps them).
"""
import math
import sys

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

SERIES32 = {
    "waves32": np.array([waves(i) for i in range(10000)], dtype=np.float32),
    "tenths32": np.array([i * 0.1 for i in range(1001)], dtype=np.float32),
}

# (series, bins, range or None for the finite values' own range)
CASES32 = [
    ("waves32", 37, None),
    ("waves32", 10, (-1.1, 2.3)),
    ("tenths32", 10, None),
    ("tenths32", 7, None),
    ("tenths32", 13, (0.3, 77.7)),
    ("tenths32", 1000, None),
]

CASES = [
    ("waves", 37, None),
    ("waves", 10, (-1.0, 2.0)),
    ("waves", 1, None),
    ("steps", 5, None),
    ("steps", 4, (2.0, 9.0)),
    ("constant", 4, None),
]

float32 = "--float32" in sys.argv[1:]
series, cases = (SERIES32, CASES32) if float32 else (SERIES, CASES)
print(f"# numpy {np.__version__}")
for name, bins, rng in cases:
    data = series[name]
    finite = data[np.isfinite(data)]
    if rng is None:
        counts, edges = np.histogram(finite, bins=bins)
    else:
        counts, edges = np.histogram(data, bins=bins, range=rng)
    finite = finite.astype(np.float64)
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

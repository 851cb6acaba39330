#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the sample files the viewer's --demo serves (compiled into the viewer, extracted on first
use). Run once by a developer with Debian's python3-h5py, python3-pandas and python3-tables; the
viewer itself never needs Python. Kept small: every file is a resource of the viewer."""
import subprocess

import numpy as np
import h5py
import pandas as pd

rng = np.random.default_rng(20261124)

# A wide float table with a column-names dataset: the analysts' own layout (data_f + f_axis0).
with h5py.File("sensors_wide.h5", "w") as f:
    names = [f"sensor_{i:02d}" for i in range(16)]
    f.create_dataset("data_f", data=rng.normal(20.0, 3.0, size=(2000, 16)), chunks=(500, 16), compression="gzip")
    f.create_dataset("f_axis0", data=np.array(names, dtype="S"))
    f.create_dataset("f_axis1", data=np.arange(1_700_000_000, 1_700_000_000 + 2000 * 60, 60, dtype="i8"))
    f.attrs["site"] = "Hall B"
    f.attrs["units"] = "degC"

# pandas-written frames: fixed format and table format, several keys in one file.
frame = pd.DataFrame({
    "temperature": rng.normal(20, 2, 300),
    "pressure": rng.normal(1013, 5, 300),
    "station": pd.Categorical(rng.choice(["north", "south", "east"], 300)).astype(str),
    "ok": rng.random(300) > 0.1,
}, index=pd.date_range("2026-01-01", periods=300, freq="h"))
with pd.HDFStore("pandas_frames.h5", mode="w") as store:
    store.put("weather_fixed", frame, format="fixed")
    # expectedrows keeps PyTables from sizing chunks for a million rows (a 1 MB file for 300 rows).
    store.append("weather_table", frame, complevel=5, complib="zlib", expectedrows=300)
# PyTables stores the pickled string block in one 64 Ki-element chunk (1 MB for one element).
subprocess.run(["h5repack", "-l", "/weather_fixed/block1_values:CONTI", "pandas_frames.h5", "repacked.h5"], check=True)
subprocess.run(["mv", "repacked.h5", "pandas_frames.h5"], check=True)

# A compound table and nested groups with attributes, strings and an enum.
with h5py.File("experiment.h5", "w") as f:
    f.attrs["title"] = "h5hdfs demo experiment"
    run = f.create_group("runs/run1")
    run.attrs["operator"] = "Zoë"
    run.attrs["temperature_K"] = 293.15
    run.attrs["tags"] = np.array(["calibrated", "night shift"], dtype=h5py.string_dtype())
    rec = np.dtype([("id", "<i4"), ("pos", [("x", "<f8"), ("y", "<f8")]), ("energy", "<f4"), ("flag", "u1")])
    table = np.zeros(5000, dtype=rec)
    table["id"] = np.arange(5000)
    table["pos"]["x"] = rng.random(5000)
    table["pos"]["y"] = rng.random(5000) * 10
    table["energy"] = rng.exponential(2.0, 5000)
    table["flag"] = rng.integers(0, 2, 5000)
    run.create_dataset("events", data=table, chunks=(1000,), compression="gzip", compression_opts=4)
    run.create_dataset("labels", data=np.array(["alpha", "beta", "γάμμα", "δ"], dtype=h5py.string_dtype()))
    colors = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="i1")
    run.create_dataset("colors", data=np.array([0, 1, 2, 1], dtype="i1"), dtype=colors)
    f.create_group("runs/run2").attrs["note"] = "aborted after 3 minutes"
    f["runs/latest"] = h5py.SoftLink("/runs/run1")

# An image stack, chunked per frame and compressed with the lzf plugin filter.
with h5py.File("image_stack.h5", "w") as f:
    frames = (rng.random((8, 96, 96)) * 4095).astype("u2")
    f.create_dataset("frames", data=frames, chunks=(1, 96, 96), compression="lzf")
    f["frames"].attrs["exposure_ms"] = np.array([10.0] * 8)

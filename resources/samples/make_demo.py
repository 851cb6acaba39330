#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes demo.h5, the sample the viewer opens with --demo. Run once by a developer (needs h5py and
numpy); the viewer itself never needs Python. Kept small: it is compiled into the viewer."""
import numpy as np
import h5py

rng = np.random.default_rng(20261124)
with h5py.File("demo.h5", "w", libver="earliest") as f:
    f.attrs["title"] = "h5hdfs demo"
    f.attrs["created_by"] = "resources/samples/make_demo.py"
    sensors = [f"sensor_{i:02d}" for i in range(8)]
    f.create_dataset("data_f", data=rng.normal(20.0, 3.0, size=(1600, 8)))
    f.create_dataset("f_axis0", data=np.array(sensors, dtype="S"))
    run = f.create_group("experiment/run1")
    run.attrs["operator"] = "Zoë"
    run.attrs["temperature_K"] = 293.15
    rec = np.dtype([("id", "<i4"), ("x", "<f8"), ("y", "<f8"), ("flag", "u1")])
    table = np.zeros(500, dtype=rec)
    table["id"] = np.arange(500)
    table["x"] = rng.random(500)
    table["y"] = rng.random(500) * 10
    table["flag"] = rng.integers(0, 2, 500)
    run.create_dataset("events", data=table, compression="gzip", compression_opts=4, chunks=(100,))
    run.create_dataset("image_stack", data=rng.integers(0, 4096, size=(4, 32, 32), dtype="u2"), chunks=(1, 32, 32))
    labels = np.array(["alpha", "beta", "γάμμα", "δ"], dtype=h5py.string_dtype())
    run.create_dataset("labels", data=labels)
    colors = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="i1")
    run.create_dataset("colors", data=np.array([0, 1, 2, 1], dtype="i1"), dtype=colors)
    f["experiment/latest"] = h5py.SoftLink("/experiment/run1")

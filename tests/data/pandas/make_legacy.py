#!/usr/bin/env python3
"""Writes the older and version-specific pandas layouts h5hdfs reads as pandas does, and pandas' CSV.

Each pandas version writes its own file, old_pandas-<version>.h5 (the keys below), and pandas' CSV
of every key as <file>.<key with / as _>.csv (DataFrame.to_csv; a Series via to_frame(), so an
unnamed one gets the header "0"). Run it once with each interpreter, in this directory:
    /usr/bin/python3 make_legacy.py          Debian 12: pandas 1.5.3, PyTables 3.7.0, numpy 1.24.2
    /tmp/venv-pd22/bin/python make_legacy.py pip install pandas==2.2.3 tables==3.10.1 "numpy<2.1"
    /tmp/venv-pd3/bin/python make_legacy.py  pip install pandas==3.0.6 tables==3.10.2 (numpy 2.4.6)
(each venv made by python3.11 -m venv). Needs h5repack (Debian's hdf5-tools) to keep files small.
The Debian run also writes py2_and_0.10.h5: layouts no current pandas writes, rebuilt from a file
pandas 1.5.3 wrote the way Python 2 and pandas 0.10 wrote them (see the end). Tests never run Python.
"""
import os
import struct
import subprocess

import numpy as np
import pandas as pd
import tables

VERSION = pd.__version__


def write(path, keys):
    with pd.HDFStore(path, mode="w") as store:
        for key, (obj, fmt) in keys.items():
            # small chunks keep the files a few KiB
            if fmt == "table":
                store.append(key, obj, expectedrows=8, index=False)
            else:
                store.put(key, obj, format=fmt)


def shrink(path):
    """Rewrites the file with small chunks (PyTables asks for 64 KiB): only the storage changes."""
    with tables.open_file(path) as h5:
        layouts = [a for kind, rows in (("Table", 8), ("VLArray", 1)) for t in h5.walk_nodes("/", kind)
                   for a in ("-l", f"{t._v_pathname}:CHUNK={rows}")]
    subprocess.run(["h5repack", *layouts, path, path + ".tmp"], check=True)
    os.replace(path + ".tmp", path)


def references(path, keys):
    shrink(path)
    for key in keys:
        back = pd.read_hdf(path, key)
        out = back.to_frame() if isinstance(back, pd.Series) else back
        out.to_csv(f"{path}.{key.strip('/').replace('/', '_')}.csv")


# pandas' own legacy case (GH 8260): zones that are aliases ("CET", "US/Eastern"), not region names.
zones = pd.DataFrame({"A": pd.Timestamp("20130102", tz="US/Eastern"),
                      "B": pd.Timestamp("20130603", tz="CET"),
                      "C": pd.date_range("2013-03-31 00:30", periods=5, freq="30min", tz="EST5EDT")},
                     index=range(5)).astype({"A": "datetime64[ns, US/Eastern]", "B": "datetime64[ns, CET]"})
zones.loc[3, "B"] = pd.NaT
periods = pd.DataFrame({"v": [1.5, 2.5, np.nan]}, index=pd.period_range("2015-01-01", periods=3, freq="D"))
months = pd.DataFrame({"v": [1, 2, 3]}, index=pd.period_range("1999-11", periods=3, freq="M"))
quarters = pd.DataFrame({"v": [1, 2]}, index=pd.period_range("1969Q4", periods=2, freq="Q"))
hours = pd.DataFrame({"v": [1, 2]}, index=pd.PeriodIndex(["2015-03-29 01:00", "2015-03-29 02:00"], freq="h"
                                                         if VERSION >= "2.2" else "H"))
unnamed = pd.Series([1.5, -2.0, np.nan, 4.25])

keys = {}
for fmt in ("fixed", "table"):
    keys[f"/{fmt}/zones"] = (zones, fmt)
    keys[f"/{fmt}/days"] = (periods, fmt)
    keys[f"/{fmt}/months"] = (months, fmt)
    keys[f"/{fmt}/quarters"] = (quarters, fmt)
    keys[f"/{fmt}/hours"] = (hours, fmt)
    keys[f"/{fmt}/unnamed"] = (unnamed, fmt)
path = f"old_pandas-{VERSION}.h5"
write(path, keys)


# Native PyTables tables, as PyTables alone writes them: one at a key of its own, and one as the
# "table" child of a group (pandas reads both as a frame with a 0..n-1 index).
class Readout(tables.IsDescription):
    event = tables.Int32Col(pos=0)
    energy = tables.Float64Col(pos=1)
    name = tables.StringCol(8, pos=2)
    good = tables.BoolCol(pos=3)
    small = tables.Float32Col(pos=4)


with tables.open_file(path, mode="a") as h5:
    for where, name in (("/native", "readout"), ("/plain", "table")):
        t = h5.create_table(where, name, Readout, createparents=True, expectedrows=8)
        row = t.row
        for i in range(6):
            row["event"], row["energy"], row["name"] = i - 2, i * 1.25 + 0.1, f"e{i}".encode()
            row["good"], row["small"] = i % 2 == 0, i / 3
            row.append()
        t.flush()
keys["/native/readout"] = None
keys["/plain"] = None
references(path, keys)

if VERSION != "1.5.3" or tables.__version__ != "3.7.0":
    raise SystemExit(0)

# ---- Layouts of older pandas, rebuilt --------------------------------------------------------
# Python 2 pickles: pandas under Python 2 pickled the strings of an object block as Python 2 str
# (SHORT_BINSTRING "U", BINSTRING "T"). Python 3 reads them as ASCII text (PyTables calls
# pickle.loads with its default encoding). The block is rewritten here as Python 2's cPickle
# wrote it, protocol 2.


def py2_pickle(items, shape):
    def s(text):
        b = text.encode("ascii")
        return (b"U" + bytes([len(b)]) + b) if len(b) < 256 else (b"T" + struct.pack("<I", len(b)) + b)

    out = [b"\x80\x02cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87Rq\x03(K\x01"]
    out.append(b"".join(b"K" + bytes([d]) for d in shape) + (b"\x85" if len(shape) == 1 else b"\x86"))
    out.append(b"cnumpy\ndtype\nq\x04U\x02O8K\x00K\x01\x87Rq\x05(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]q\x06(")
    for item in items:
        out.append(b"N" if item is None else s(item))
    out.append(b"etb.")
    return b"".join(out)


legacy = "py2_and_0.10.h5"
strings = pd.DataFrame({"name": ["alpha", None, "x" * 300, "gamma"], "code": ["a", "b", "c", None],
                        "n": [1, 2, 3, 4]})
with pd.HDFStore(legacy, mode="w") as store:
    store.put("/fixed/py2strings", strings, format="fixed")
    store.append("/table/legacy", pd.DataFrame({"x": [1.5, 2.5], "y": [3, 4], "s": ["a", "b"]},
                                             index=pd.date_range("2013-01-01", periods=2, freq="D")),
                 expectedrows=8, index=False)
with tables.open_file(legacy, mode="a") as h5:
    group = h5.get_node("/fixed/py2strings")
    block = next(i for i in range(group._v_attrs.nblocks)
                 if isinstance(getattr(group, f"block{i}_values"), tables.VLArray))
    values = getattr(group, f"block{block}_values")[0]  # rows x columns, as pandas wrote it
    assert values.ndim == 2
    data = py2_pickle([values[r, c] for r in range(values.shape[0]) for c in range(values.shape[1])],
                      values.shape)
    h5.remove_node(group, f"block{block}_values")
    raw = h5.create_vlarray(group, f"block{block}_values", tables.UInt8Atom())
    raw.append(np.frombuffer(data, dtype=np.uint8))
    raw._v_attrs.PSEUDOATOM = "object"
    raw._v_attrs.transposed = True

    # pandas up to 0.10.0 named a block's attributes after "values_N", not its "values_block_N"
    # column (pandas still maps the names for files whose pandas_version is 0.10 or older), and
    # wrote no _meta, info, encoding or errors attributes.
    group = h5.get_node("/table/legacy")
    table = group.table
    for name in list(table._v_attrs._v_attrnamesuser):
        if name.startswith("values_block_"):
            value = table._v_attrs[name]
            table._v_attrs.__delattr__(name)
            if not name.endswith("_meta"):
                table._v_attrs[name.replace("values_block_", "values_")] = value
    for name in ("info", "encoding", "errors", "levels"):
        group._v_attrs.__delattr__(name)
    group._v_attrs.pandas_version = "0.10"
references(legacy, ["/fixed/py2strings", "/table/legacy"])

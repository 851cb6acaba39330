#!/usr/bin/python3
"""Writes the pandas reference files h5hdfs's table tests read, and pandas' own CSV of each key.

Run with Debian 12's python3-pandas (1.5.3) and python3-tables (3.7.0):
    /usr/bin/python3 make_reference.py
Every key of every file gets <file>.<key with / as _>.csv, written by DataFrame.to_csv() (Series
are written as a one-column frame via to_frame(), so they carry a header). Tests never run Python.
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20261124)
N = 1000


def frame(n=N):
    times = pd.date_range("2026-01-01 06:30:15", periods=n, freq="37min")
    return pd.DataFrame({
        "id": np.arange(n, dtype=np.int64) * 3 - 100,
        "temp": np.round(rng.normal(12.5, 4.0, n), 3),
        "ratio32": rng.random(n).astype(np.float32),
        "count8": rng.integers(-100, 100, n).astype(np.int8),
        "ok": rng.random(n) > 0.3,
        "station": [["Zürich", "Besançon", "Kraków", "東京", "plain", "with,comma", 'say "hi"'][i % 7] for i in range(n)],
        "when": times,
        "when_tz": times.tz_localize("UTC").tz_convert("Europe/Berlin"),
        "lag": pd.to_timedelta(np.arange(n) * 37, unit="min"),
    })


def with_missing(df):
    df = df.copy()
    df.loc[df.index % 10 == 3, "temp"] = np.nan
    df.loc[df.index % 11 == 4, "station"] = None
    df.loc[df.index % 13 == 5, "when"] = pd.NaT
    return df


def write(path, keys, **store_options):
    with pd.HDFStore(path, mode="w", **store_options) as store:
        for key, (obj, kwargs) in keys.items():
            store.put(key, obj, **kwargs)
    for key, (obj, _) in keys.items():
        if key == "/unsafe":
            continue  # no reference CSV: h5hdfs refuses this column
        back = pd.read_hdf(path, key)
        out = back.to_frame() if isinstance(back, pd.Series) else back
        out.to_csv(f"{path}.{key.strip('/').replace('/', '_')}.csv")


base = with_missing(frame())
cat = base.assign(level=pd.Categorical([["low", "mid", "high"][i % 3] for i in range(N)]))
multi = base.set_index(["station", "id"]).drop(columns=["when_tz"])
named = base.set_index("id")
series = pd.Series(np.round(rng.normal(0, 1, 200), 6), name="signal",
                   index=pd.date_range("2026-03-01 12:00:00", periods=200, freq="s"))

# Wider than any small-array limit: a value block of 100 float columns.
wide = pd.DataFrame(np.arange(200 * 100, dtype=float).reshape(200, 100) / 7,
                    columns=[f"c{i:03d}" for i in range(100)])

# An object column pandas can only pickle: h5hdfs must refuse to decode it, not run it.
unsafe = pd.DataFrame({"meta": [{"k": i} for i in range(5)]})

write("frames_fixed.h5", {
    "/df": (base, dict(format="fixed")),
    "/by_id": (named, dict(format="fixed")),
    "/multi": (multi, dict(format="fixed")),
    "/series": (series, dict(format="fixed")),
    "/unsafe": (unsafe, dict(format="fixed")),
    "/wide": (wide, dict(format="fixed")),
})
write("frames_fixed_zlib.h5", {"/nested/df": (base, dict(format="fixed"))}, complevel=5, complib="zlib")
write("frames_table.h5", {
    "/df": (base, dict(format="table")),
    "/with_columns": (cat, dict(format="table", data_columns=["station", "level"])),
    "/multi": (multi, dict(format="table")),
    "/series": (series, dict(format="table")),
    "/nested/blosc": (base, dict(format="table", complevel=5, complib="blosc")),
    "/wide": (wide, dict(format="table")),
})

# Edge cases, each as fixed and table format where pandas allows it (keys /fixed/NAME, /table/NAME).
edges = {
    "string_index": pd.DataFrame({"a": [1.5, 2.5, np.nan]}, index=pd.Index(["x", "y", "ü"], name="key")),
    "tz_index": pd.DataFrame({"v": [1, 2, 3]},
                             index=pd.date_range("2026-03-28 23:00", periods=3, freq="H", tz="Europe/Berlin")),
    "int_column_names": pd.DataFrame(np.arange(6).reshape(2, 3), columns=[0, 1, 2]),
    "extreme_ints": pd.DataFrame({"u": np.array([0, 2**64 - 1], dtype=np.uint64),
                                  "i": np.array([-2**63, 2**63 - 1])}),
    "string_series": pd.Series(["a", None, "c"], name="s"),
    "categorical_block": pd.DataFrame({"c": pd.Categorical(["a", "b", "a", None])}),
    "millisecond_times": pd.DataFrame({"t": pd.to_datetime(["2026-01-01 00:00:00.5", "2026-01-01 00:00:01.25"])}),
    "utc_times": pd.DataFrame({"t": pd.date_range("2026-01-01", periods=2, freq="D", tz="UTC") + pd.Timedelta("1h")}),
    "mixed_objects": pd.DataFrame({"o": ["a", 1.5, None, "b"]}),
    "float_index": pd.DataFrame({"v": [1, 2]}, index=[0.5, 1.25]),
    "negative_timedeltas": pd.DataFrame({"d": pd.to_timedelta([-90, 3600 * 30 + 0.5], unit="s")}),
    "float_repr": pd.DataFrame({"f": [1e15, 123456789012.0, 1e16, 1e-7, 0.0001, -0.0, np.inf]}),
    "empty": pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype="int64")}),
    # pandas writes dates only when every time is midnight, and whole days as "N days".
    "daily": pd.DataFrame({"day": pd.to_datetime(["2026-01-01", None, "2026-01-03", "2026-01-04"]),
                           "span": pd.to_timedelta([1, 0, None, -3], unit="D"),
                           "when": pd.to_datetime(["2026-01-01", "2026-01-02 06:00", None, "2026-01-04"])},
                          index=pd.date_range("2026-01-01", periods=4, freq="D")),
}
# pandas refuses some: categoricals in fixed format, mixed objects in table format.
keys = {}
for name, obj in edges.items():
    for fmt in ("fixed", "table"):
        keys[f"/{fmt}/{name}"] = (obj, dict(format=fmt))
# to_csv decides "dates only" and "whole days" per chunk of 100,000 cells: with 100 columns,
# rows 0-999 are one chunk (all midnight, whole days) and rows 1000-1199 the next (not).
chunks = pd.DataFrame(np.zeros((1200, 98), dtype=np.int8), columns=[f"z{i}" for i in range(98)],
                      index=pd.date_range("2026-01-01", periods=1200, freq="D"))
chunks["day"] = pd.date_range("2020-01-01", periods=1200, freq="D")
chunks["span"] = pd.to_timedelta(np.arange(1200), unit="D")
chunks.loc[chunks.index[1100], "day"] += pd.Timedelta("1s")
chunks.loc[chunks.index[1150], "span"] += pd.Timedelta("1h")
chunks.index = chunks.index.where(np.arange(1200) != 1199, chunks.index[1199] + pd.Timedelta("12h"))
keys["/table/chunks"] = (chunks, dict(format="table", complevel=9, complib="zlib"))
with pd.HDFStore("edges.h5", mode="w") as store:
    for key, (obj, kwargs) in list(keys.items()):
        try:
            store.put(key, obj, **kwargs)
        except (NotImplementedError, TypeError, ValueError):
            del keys[key]
for key in keys:
    try:
        back = pd.read_hdf("edges.h5", key)
    except KeyError:  # pandas writes no table for an empty frame
        continue
    out = back.to_frame() if isinstance(back, pd.Series) else back
    out.to_csv(f"edges.h5.{key.strip('/').replace('/', '_')}.csv")

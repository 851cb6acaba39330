#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of fuzz_pickle (corpus/pickle): the pickles pandas leaves in HDF5 files.

Protocol-0 text pickles of metadata (lists, tuples, dicts, strings, ints, None, a frequency object) as
pandas writes into attributes, and binary pickles (protocols 2 to 5) of numpy object arrays as in a
fixed-format string block. Needs no numpy: the arrays are those of tests/tst_frames.cpp, and more are
made with a stand-in numpy module that pickles to the same opcodes. Run once; the output is kept.
"""
import pickle
import sys
import types
from pathlib import Path

out = Path(__file__).resolve().parent / "corpus" / "pickle"
out.mkdir(parents=True, exist_ok=True)


def write(name, data):
    (out / name).write_bytes(data)


# Metadata as pandas pickles it into attributes (protocol 0).
write("text-list", b"(lp0\nVid\np1\naVt\\u00fcmp\np2\na.")
write("text-nested", b"(lp0\n(I1\n(lp1\nVid\np2\naVt\\u00fcmp\np3\natp4\na.")
write("text-dict", b"(dp0\nVindex\np1\n(dp2\nVtz\np3\nVUTC\np4\nssVn\np5\nNs.")
write("text-freq", b"cpandas._libs.tslibs.offsets\nSecond\np0\n(I1\nI00\ntp1\nRp2\n.")
for proto in (0, 2, 4):
    write(f"meta-p{proto}", pickle.dumps(
        {"index": {"tz": "UTC", "n": None}, "cols": ["a", "ü", 1, 2**40, -5, 1.5, True, (1, "x")],
         "s": b"bytes"}, protocol=proto))

# numpy object arrays (from tests/tst_frames.cpp): ['a', None, 'ü', nan, 2.5] in protocols 5 and 2.
write("array-p5", bytes.fromhex(
    "800595a5000000000000008c156e756d70792e636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493"
    "948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b05859468038c0564747970659493"
    "948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d94288c0161944e8c02c3bc94"
    "477ff8000000000000474004000000000000657494622e"))
write("array-p2", bytes.fromhex(
    "8002636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e646172"
    "7261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e31710586"
    "7106527107877108527109284b014b0585710a636e756d70790a64747970650a710b58020000004f38710c898887710d52710e"
    "284b0358010000007c710f4e4e4e4affffffff4affffffff4b3f74711062895d71112858010000006171124e5802000000c3bc"
    "7113477ff800000000000047400400000000000065747114622e"))

# More arrays, 2-D and Fortran-ordered, with a stand-in numpy: the same GLOBAL/REDUCE/BUILD opcodes.
multiarray = types.ModuleType("numpy.core.multiarray")
numpy = types.ModuleType("numpy")
core = types.ModuleType("numpy.core")
sys.modules.update({"numpy": numpy, "numpy.core": core, "numpy.core.multiarray": multiarray})


def _reconstruct(*args):
    raise AssertionError("never called")


_reconstruct.__module__ = "numpy.core.multiarray"
multiarray._reconstruct = _reconstruct


class dtype:
    def __init__(self, *args):
        self.args = args

    def __reduce__(self):
        return (dtype, self.args, (3, "|", None, None, None, -1, -1, 63))


dtype.__module__ = "numpy"
numpy.dtype = dtype


class ndarray:
    def __init__(self, shape, fortran, items):
        self.shape, self.fortran, self.items = shape, fortran, items

    def __reduce__(self):
        return (_reconstruct, (ndarray, (0,), b"b"),
                (1, self.shape, dtype("O8", False, True), self.fortran, self.items))


ndarray.__module__ = "numpy"
numpy.ndarray = ndarray

for proto in (2, 3, 4, 5):
    write(f"array2d-p{proto}", pickle.dumps(
        ndarray((2, 3), proto % 2 == 0, ["a", None, float("nan"), 7, True, "é,\"x\"\n"]), protocol=proto))
write("array-empty-p4", pickle.dumps(ndarray((0,), False, []), protocol=4))
write("array-long-p5", pickle.dumps(ndarray((40,), False, ["row %d" % i for i in range(40)]), protocol=5))

# Python 2's pickles, as pandas < 0.23 under Python 2 left them: protocol-0 metadata with str
# (STRING 'S'), protocol-2 metadata and object arrays with str as SHORT_BINSTRING ('U', under 256
# bytes) and BINSTRING ('T', 256 bytes and more), written opcode by opcode (no Python 2 here).
write("py2-text-list", b"(lp0\nS'id'\np1\naS'temp\\xc3'\np2\naI1\naL12345678901L\na.")
write("py2-meta-p2", b"\x80\x02}q\x00(U\x05indexq\x01}q\x02U\x02tzq\x03U\x03UTCq\x04sU\x01nq\x05NU\x04colsq\x06"
                     b"]q\x07(U\x01aq\x08K\x01\x8a\x05\x00\x00\x00\x00\x01eu.")


def py2_array(items):
    """np.array(items, dtype=object) as Python 2's cPickle wrote it (protocol 2), as in tst_frames."""
    return (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87Rq\x03"
            b"(K\x01K" + bytes([len(items)]) + b"\x85cnumpy\ndtype\nq\x04U\x02O8K\x00K\x01\x87Rq\x05"
            b"(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]q\x06(" + b"".join(items) + b"etb.")


def short_binstring(s):
    return b"U" + bytes([len(s)]) + s


def binstring(s):
    return b"T" + len(s).to_bytes(4, "little") + s


write("py2-array-U", py2_array([short_binstring(b"ab"), b"N", short_binstring(b"cd")]))
write("py2-array-T", py2_array([binstring(b"x" * 300), short_binstring(b"y"), b"N"]))
write("py2-array-nonascii", py2_array([short_binstring(b"c\xe9")]))

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Developer tool: reduce a crashing or hanging mutant to the fewest bytes that differ from its seed.

usage: minimize.py SEED MUTANT OUT [--h5hdfs build/bin/h5hdfs]
A candidate still fails when `h5hdfs tree --read --timeout 2` reports a worker crash or hang.
Only same-length mutants (bit flips, stomps, zeroed blocks) can be reduced this way."""
import argparse, os, subprocess, tempfile

def fails(h5hdfs, data):
    with tempfile.NamedTemporaryFile(suffix=".h5", delete=False) as f:
        f.write(data)
    try:
        r = subprocess.run([h5hdfs, "tree", "--read", "--timeout", "2", f.name], capture_output=True, text=True, timeout=120)
        return "crashed the HDF5 library" in r.stderr or "did not finish within" in r.stderr
    finally:
        os.unlink(f.name)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("seed"); p.add_argument("mutant"); p.add_argument("out")
    p.add_argument("--h5hdfs", default="build/bin/h5hdfs")
    a = p.parse_args()
    seed, mutant = open(a.seed, "rb").read(), bytearray(open(a.mutant, "rb").read())
    assert len(seed) == len(mutant), "only same-length mutants can be minimized"
    assert fails(a.h5hdfs, bytes(mutant)), "the mutant does not fail"
    for i in [i for i in range(len(seed)) if seed[i] != mutant[i]]:
        trial = bytearray(mutant); trial[i] = seed[i]
        if fails(a.h5hdfs, bytes(trial)):
            mutant = trial
    diffs = [i for i in range(len(seed)) if seed[i] != mutant[i]]
    print(f"{len(diffs)} byte(s) differ from the seed at {[hex(i) for i in diffs]}")
    open(a.out, "wb").write(mutant)

if __name__ == "__main__":
    main()

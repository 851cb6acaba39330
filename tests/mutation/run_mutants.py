#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""One-line mutants against the test suite: each is applied, its test run, and survivors reported.

    tests/mutation/run_mutants.py CLONE [--mutants FILE] [--with-changes] [--only WORD]

Never touches the source tree it comes from: CLONE is a git clone of it (made on the first run,
reset to its HEAD on the next ones), with its own build directory CLONE/build built under
/tmp/h5hdfs-build.lock like every build here. --with-changes also copies the uncommitted changes
(tracked and untracked) of the source tree into the clone, to try tests not committed yet.

Each line of the mutants file (tests/mutation/mutants.tsv) is, tab-separated:
    file  original  replacement  test[:function]
`original` must occur exactly once in `file`. A mutant is killed when its test fails (or does not
build), survives when it passes. Each test must pass unmutated first, or its mutants are skipped.
Exit status: 0 when every mutant was killed, 1 otherwise.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

SOURCE = pathlib.Path(__file__).resolve().parents[2]
LOCK = "/tmp/h5hdfs-build.lock"
CORPUS = SOURCE.parent / "shared" / "corpus"


def run(cmd, **kw):
    return subprocess.run(cmd, text=True, capture_output=True, **kw)


def git(repo, *args, **kw):
    return run(["git", "-C", str(repo), *args], **kw)


def prepare_clone(clone, with_changes):
    if not (clone / ".git").exists():
        subprocess.run(["git", "clone", "-q", str(SOURCE), str(clone)], check=True)
    # The clone is ours: bring it to the source tree's HEAD, keeping its build directory.
    subprocess.run(["git", "-C", str(clone), "fetch", "-q", "origin"], check=True)
    head = git(SOURCE, "rev-parse", "HEAD").stdout.strip()
    subprocess.run(["git", "-C", str(clone), "reset", "-q", "--hard", head], check=True)
    subprocess.run(["git", "-C", str(clone), "clean", "-fdq", "-e", "build/"], check=True)
    if with_changes:
        diff = git(SOURCE, "diff", "--binary", "HEAD").stdout
        if diff:
            subprocess.run(["git", "-C", str(clone), "apply"], input=diff, text=True, check=True)
        untracked = git(SOURCE, "ls-files", "--others", "--exclude-standard", "-z").stdout.split("\0")
        for name in filter(None, untracked):
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(SOURCE / name, target)
    build = clone / "build"
    if not (build / "build.ninja").exists():
        subprocess.run(["cmake", "-S", str(clone), "-B", str(build), "-G", "Ninja",
                        "-DCMAKE_BUILD_TYPE=RelWithDebInfo", f"-DH5HDFS_CORPUS={CORPUS}"],
                       check=True, stdout=subprocess.DEVNULL)


def build(clone, target):
    r = run(["flock", LOCK, "cmake", "--build", str(clone / "build"), "--target", target])
    return r.returncode == 0, r.stdout[-2000:]


def test_passes(clone, test):
    name, _, function = test.partition(":")
    cmd = [str(clone / "build" / "bin" / name)] + ([function] if function else [])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        return run(cmd, env=env, timeout=600, cwd=str(clone / "build")).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def read_mutants(path, only):
    mutants = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            sys.exit(f"{path}:{number}: expected 4 tab-separated fields, got {len(fields)}")
        if only and not any(only in f for f in fields):
            continue
        mutants.append((number, *fields))
    return mutants


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clone", type=pathlib.Path)
    parser.add_argument("--mutants", type=pathlib.Path, default=SOURCE / "tests" / "mutation" / "mutants.tsv")
    parser.add_argument("--with-changes", action="store_true")
    parser.add_argument("--only", default="", help="run the mutants whose line contains this")
    args = parser.parse_args()
    clone = args.clone.resolve()
    if clone == SOURCE or SOURCE in clone.parents:
        sys.exit("the clone must be outside the source tree")
    mutants = read_mutants(args.mutants, args.only)
    prepare_clone(clone, args.with_changes)

    baseline = {}
    survivors, results = [], []
    for number, file, original, replacement, test in mutants:
        target = test.partition(":")[0]
        if test not in baseline:
            ok, log = build(clone, target)
            baseline[test] = ok and test_passes(clone, test)
            if not baseline[test]:
                print(f"line {number}: {test} fails unmutated; its mutants are skipped", flush=True)
        if not baseline[test]:
            results.append((number, "skipped"))
            continue
        path = clone / file
        text = path.read_text()
        if text.count(original) != 1:
            print(f"line {number}: {file}: the original occurs {text.count(original)} times", flush=True)
            results.append((number, "not applied"))
            continue
        try:
            path.write_text(text.replace(original, replacement))
            built, _ = build(clone, target)
            outcome = "killed (does not build)" if not built else (
                "SURVIVED" if test_passes(clone, test) else "killed")
        finally:
            path.write_text(text)
        print(f"line {number}: {outcome:24} {file}: {original.strip()} -> {replacement.strip()} [{test}]",
              flush=True)
        results.append((number, outcome))
        if outcome == "SURVIVED":
            survivors.append(number)
    killed = sum(1 for _, o in results if o.startswith("killed"))
    print(f"{len(results)} mutants: {killed} killed, {len(survivors)} survived"
          + (f" (lines {', '.join(map(str, survivors))})" if survivors else "")
          + f", {len(results) - killed - len(survivors)} not run")
    return 1 if survivors or killed + len(survivors) < len(results) else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The layers of the source tree hold (README, "Layout"; core/CMakeLists.txt).

  check_layers.py SOURCE_DIR --clean PROGRAM... --hdf5 PROGRAM...

Checks, printing every violation (exit 1 when there is one):
- each source file includes only headers of the layers its own layer may use (the worker side and
  the client side never include each other; shared includes nothing of either);
- only the engine includes an HDF5 header or names HDF5's C types (hid_t, herr_t, hsize_t, ...);
- the folders' include graph has no circle;
- `ldd` of each --clean program shows no libhdf5, and of each --hdf5 program shows it.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

# Layer of a file: the first matching folder prefix (longest first).
LAYERS = [
    ("core/shared/", "shared"),
    ("core/engine/", "engine"),
    ("core/webhdfs/server/", "localserver"),
    ("core/", "core"),
    ("ui/", "ui"),
    ("app/worker_main.cpp", "worker"),
    ("app/workertesthooks.", "worker"),
    ("app/", "app"),
]
# Which layers a layer's files may include, and where its quoted includes are looked up.
ALLOWED = {
    "shared": {"shared"},
    "engine": {"engine", "shared"},
    "core": {"core", "shared"},
    "localserver": {"localserver", "core", "shared"},
    "ui": {"ui", "core", "shared", "localserver"},
    "app": {"app", "ui", "core", "shared", "localserver"},
    "worker": {"worker", "engine", "shared"},
}
ROOTS = {
    "shared": ["core/shared"],
    "engine": ["core/engine", "core/shared"],
    "core": ["core", "core/shared"],
    "localserver": ["core", "core/shared"],
    "ui": ["ui", "ui/plot", "core", "core/shared"],
    "app": ["app", "app/cli", "ui", "ui/plot", "core", "core/shared"],
    "worker": ["app", "core/engine", "core/shared"],
}
HDF5_HEADER = re.compile(r'^\s*#\s*include\s*<(hdf5[^>]*|H5[^>]*)>', re.M)
HDF5_TYPES = re.compile(r'\b(hid_t|herr_t|hsize_t|hssize_t|htri_t|haddr_t|H5T_[A-Za-z_]+_t)\b')
QUOTED = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
COMMENT = re.compile(r'//[^\n]*|/\*.*?\*/', re.S)


def layer_of(relative):
    for prefix, layer in LAYERS:
        if relative.startswith(prefix):
            return layer
    return None


def resolve(source_dir, includer, name, roots):
    for directory in [includer.parent] + [source_dir / r for r in roots]:
        candidate = (directory / name).resolve()
        if candidate.is_file():
            return candidate.relative_to(source_dir.resolve()).as_posix()
    return None


def find_cycle(edges):
    """One circle of the directed graph `edges` (node -> set of nodes), or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check_sources(source_dir):
    problems = []
    folders = {}
    files = [p for d in ("core", "ui", "app") for p in (source_dir / d).rglob("*")
             if p.suffix in (".h", ".cpp")]
    if not files:
        return [f"no sources found under {source_dir}"]
    for path in sorted(files):
        relative = path.relative_to(source_dir).as_posix()
        layer = layer_of(relative)
        text = path.read_text(encoding="utf-8")
        if layer != "engine":
            if HDF5_HEADER.search(text):
                problems.append(f"{relative}: includes an HDF5 header outside the engine")
            code = COMMENT.sub("", text)
            if HDF5_TYPES.search(code):
                problems.append(f"{relative}: uses HDF5's {HDF5_TYPES.search(code).group(1)} outside the engine")
        for name in QUOTED.findall(text):
            if name.endswith(".moc") or name.startswith("ui_"):
                continue
            target = resolve(source_dir, path, name, ROOTS[layer])
            if target is None:
                problems.append(f"{relative}: \"{name}\" is not found from the {layer} layer")
                continue
            target_layer = layer_of(target)
            if target_layer not in ALLOWED[layer]:
                problems.append(f"{relative}: the {layer} layer includes {target} ({target_layer})")
            here, there = path.parent.relative_to(source_dir).as_posix(), str(Path(target).parent)
            if here != there:
                folders.setdefault(here, set()).add(there)
    cycle = find_cycle(folders)
    if cycle:
        problems.append("the folders include each other in a circle: " + " -> ".join(cycle))
    return problems


def linked_libraries(program):
    result = subprocess.run(["ldd", program], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ldd {program} failed: {result.stderr.strip()}")
    return [line.split()[0] for line in result.stdout.splitlines() if line.strip()]


def check_programs(clean, hdf5):
    problems = []
    for program in clean:
        linked = [lib for lib in linked_libraries(program) if "hdf5" in lib.lower()]
        if linked:
            problems.append(f"{program} links {', '.join(linked)}; only the worker may")
    for program in hdf5:
        if not any("hdf5" in lib.lower() for lib in linked_libraries(program)):
            problems.append(f"{program} does not link libhdf5 (is ldd seeing the right file?)")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--clean", nargs="*", default=[], help="programs that must not link libhdf5")
    parser.add_argument("--hdf5", nargs="*", default=[], help="programs that must link it")
    args = parser.parse_args()
    problems = check_sources(args.source_dir) + check_programs(args.clean, args.hdf5)
    for p in problems:
        print(p)
    print(f"{len(problems)} layer violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The bash completion offers what `h5hdfs --help` lists, and only that.

    completion_test.py H5HDFS COMPLETION_FILE

Every command of `h5hdfs --help` completes after `h5hdfs`, and completing `-` after a command
offers exactly the options of `h5hdfs COMMAND --help` (Qt's own -h and --help-all aside: the
completion offers --help), so that a new command or option cannot be forgotten there, nor a removed
one linger. Needs bash-completion (Debian's bash-completion package); without it the test fails.
"""
import re
import subprocess
import sys
from pathlib import Path

BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")
# The options Qt's QCommandLineParser adds to every command; the completion offers --help alone.
QT_OWN = {"-h", "--help-all"}
# What completing the last word offers: the completion function run as bash runs it.
COMPLETE = r'''source /usr/share/bash-completion/bash_completion
source "$0"
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_h5hdfs h5hdfs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf "%s\n" "${COMPREPLY[@]}"'''


def completions(completion_file, *words):
    run = subprocess.run(["bash", "-c", COMPLETE, completion_file, "h5hdfs", *words],
                         capture_output=True, text=True, check=True)
    return set(filter(None, run.stdout.split("\n")))


def help_text(h5hdfs, *args):
    run = subprocess.run([h5hdfs, *args, "--help"], capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    return run.stdout


def commands(h5hdfs):
    """The commands of the top-level --help: the first word of each line of its commands section."""
    section = help_text(h5hdfs).split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return sorted({m.group(1) for m in re.finditer(r"^  ([a-z]+)\b", section, re.M)})


def options(h5hdfs, command):
    """The options of `h5hdfs COMMAND --help`: each option line's names ("-o, --output <FILE>")."""
    section = help_text(h5hdfs, command).split("Options:\n", 1)[1].split("\n\n", 1)[0]
    names = set()
    for line in section.split("\n"):
        m = re.match(r"^  (-[^ ,]+(?:, -[^ ,]+)*)", line)
        if m:
            names.update(name.split(" <")[0] for name in m.group(1).split(", "))
    return names - QT_OWN


def main():
    h5hdfs, completion_file = sys.argv[1:3]
    if not BASH_COMPLETION.exists():
        print(f"FAIL: {BASH_COMPLETION} is missing (Debian's bash-completion package)")
        return 1
    failures = []
    listed = commands(h5hdfs)
    if len(listed) < 10:
        failures.append(f"h5hdfs --help lists {len(listed)} commands: {listed}; the parser is wrong")
    offered = completions(completion_file, "")
    for missing in sorted(set(listed) - offered):
        failures.append(f"'h5hdfs <TAB>' does not offer the command {missing}")
    for command in listed:
        expected = options(h5hdfs, command) | {"--help"}
        offered = completions(completion_file, command, "-")
        for missing in sorted(expected - offered):
            failures.append(f"'h5hdfs {command} -<TAB>' does not offer {missing}")
        for stale in sorted(offered - expected):
            failures.append(f"'h5hdfs {command} -<TAB>' offers {stale}, which 'h5hdfs {command} --help' lacks")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(listed)} commands checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""A few TAP helpers for the install tests (tests/install), which check files
and tools rather than runs of one database (tests/cli/stancetest.py)."""

import os
import shutil
import subprocess
import sys

SOURCE = os.environ.get("STANCE_SOURCE_ROOT", "")
BUILD = os.environ.get("STANCE_BUILD_ROOT", "")
BIN = os.environ.get("STANCE_BIN", "")
_count = 0


def ok(cond, desc, diag=None):
    global _count
    _count += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (_count, desc.replace("#", "\\#")))
    if not cond and diag:
        for line in str(diag).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return bool(cond)


def skip(desc, reason):
    global _count
    _count += 1
    print("ok %d - %s # SKIP %s" % (_count, desc, reason))


def need(tool, package):
    """The path of tool; None (after a failure under CI, where scripts/test
    installs it, or a skip on a developer's machine) when it is missing."""
    path = shutil.which(tool)
    if not path:
        if os.environ.get("CI"):
            ok(False, "%s is installed (apt-get install %s)" % (tool, package))
        else:
            skip("%s checks" % tool, "%s is not installed (package %s)" % (tool, package))
    return path


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=240, **kw)


def stance_help(*command):
    return run([BIN] + list(command) + ["--help"]).stdout.decode()


def commands():
    """Every command name ("party add" as one) from `stance --help`."""
    out, names, on = stance_help(), [], False
    for line in out.splitlines():
        if line.startswith("commands:"):
            on = True
        elif on and line.startswith("  ") and line[2:3].isalpha():
            # names and summaries are separated by two spaces or more
            names.append(line.strip().split("  ")[0].strip())
        elif on and not line.strip():
            on = False
    return names


def done():
    if not BIN:
        print("1..0 # SKIP STANCE_BIN is not set")
    else:
        print("1..%d" % _count)
    return 0

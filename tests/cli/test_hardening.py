#!/usr/bin/env python3
"""Hardening: the stance binary is built with full RELRO (GNU_RELRO and
BIND_NOW), the stack protector (-fstack-protector-strong: it references
__stack_chk_fail) and, in optimised builds without sanitizers,
_FORTIFY_SOURCE=3 (it references glibc's __*_chk functions). meson.build
sets $STANCE_FORTIFIED to 1 when it asked for fortification."""

import os
import shutil
import subprocess
import sys

from stancetest import BIN, main, skip, test


def readelf(*args):
    return subprocess.run(["readelf", "--wide"] + list(args) + [BIN], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=True).stdout.decode()


@test
def binary(t):
    if not shutil.which("readelf"):
        skip("binary: hardening flags", "readelf (binutils) is not installed")
        return
    segments = readelf("--segments")
    t.ok("GNU_RELRO" in segments, "a GNU_RELRO segment", segments[-2000:])
    dynamic = readelf("--dynamic")
    t.ok("BIND_NOW" in dynamic or ("FLAGS" in dynamic and " NOW" in dynamic),
         "BIND_NOW: the GOT is read-only after start (full RELRO)", dynamic)
    symbols = readelf("--dyn-syms")
    t.ok("__stack_chk_fail" in symbols, "the stack protector is in (__stack_chk_fail)")
    chk = sorted({w.split("@")[0] for w in symbols.split() if w.startswith("__")
                  and w.split("@")[0].endswith("_chk")})
    if os.environ.get("STANCE_FORTIFIED") == "1":
        t.ok(chk, "_FORTIFY_SOURCE is in: %s" % ", ".join(chk[:6]), symbols[-2000:])
    else:
        skip("binary: _FORTIFY_SOURCE", "not an optimised build without sanitizers")


sys.exit(main())

"""End-to-end test helpers: run the real `stance` binary in a fresh temporary
directory and report in TAP.

The binary is $STANCE_BIN (set by tests/cli/meson.build). Each test function
gets a `Case`: its own temporary directory (the working directory of every
run, so the default database is ./stance.db there) and helpers that check
one thing each and print one TAP line each. A test file calls `main()`.

"The database is unchanged" is checked on the bytes of stance.db after the
command has exited: stance closes its connection cleanly, which checkpoints
and removes the WAL of a read-write connection, so the main file alone holds
the database. (A read-only connection cannot remove the WAL; an empty
stance.db-wal may then remain, which changes no byte of stance.db.)
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback

BIN = os.environ.get("STANCE_BIN")
_count = 0
_failed = 0
_tests = []

# The seed article's statements (DESIGN.md): what the tests record.
ZELENSKYY_TEXT = ("There is nothing new to mention or discuss. "
                  "Ukraine will not recognise the occupation of Crimea.")
SVYRYDENKO_TEXT = "Ukraine is ready to negotiate – but not to surrender"


def _line(ok, desc, diag=None):
    global _count, _failed
    _count += 1
    if not ok:
        _failed += 1
    desc = desc.replace("\n", " ").replace("#", "\\#")
    print(("ok" if ok else "not ok") + " %d - %s" % (_count, desc))
    if not ok and diag:
        for line in str(diag).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return ok


def skip(desc, reason):
    """Prints a TAP line for a check that cannot run here (a tool is
    missing): it passes, marked SKIP with the reason."""
    global _count
    _count += 1
    print("ok %d - %s # SKIP %s" % (_count, desc.replace("#", "\\#"), reason))
    sys.stdout.flush()


def test(fn):
    """Registers a test function taking a Case."""
    _tests.append(fn)
    return fn


class Result:
    def __init__(self, args, proc):
        self.args = args
        self.rc = proc.returncode
        self.out_bytes = proc.stdout
        self.err_bytes = proc.stderr
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.out)

    def __str__(self):
        return "stance %r\nexit %d\nstdout: %r\nstderr: %r" % (
            self.args, self.rc, self.out[:2000], self.err[:2000])


class Case:
    def __init__(self, name):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="stance-cli-")
        self.db = os.path.join(self.dir, "stance.db")
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("STANCE_DB", "STANCE_ANALYST", "NO_COLOR")}
        self.env["STANCE_ANALYST"] = "tester"
        self.env["NO_COLOR"] = "1"
        # a command that runs stance, e.g. as another user (setpriv ...)
        self.wrapper = []

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- running ------------------------------------------------------

    def run(self, *args, env=None, stdout=None, cwd=None):
        """Runs stance with args (str or bytes); env entries override (None
        removes one)."""
        e = dict(self.env)
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        kw = {"stdout": stdout} if stdout is not None else {"stdout": subprocess.PIPE}
        proc = subprocess.run(self.wrapper + [BIN] + list(args), cwd=cwd or self.dir, env=e,
                              stderr=subprocess.PIPE, timeout=60, **kw)
        if proc.stdout is None:
            proc.stdout = b""
        return Result(args, proc)

    def must(self, *args, **kw):
        """Runs a command that must succeed (a setup step, not a check of
        its own unless it fails)."""
        r = self.run(*args, **kw)
        if r.rc != 0:
            _line(False, "%s: setup: stance %s" % (self.name, " ".join(map(str, args))), r)
            raise AssertionError("setup command failed")
        return r

    def init(self):
        self.must("init")

    def seed(self):
        """The seed article's parties, actors, sources and issues."""
        self.init()
        for args in (
            ["party", "add", "ua", "--name", "Ukraine", "--kind", "state"],
            ["party", "add", "ru", "--name", "Russia", "--kind", "state"],
            ["party", "add", "us", "--name", "United States", "--kind", "state"],
            ["actor", "add", "zelenskyy", "--name", "Volodymyr Zelenskyy",
             "--party", "ua", "--role", "President"],
            ["actor", "add", "svyrydenko", "--name", "Yulia Svyrydenko",
             "--party", "ua", "--role", "Deputy Prime Minister"],
            ["actor", "add", "rubio", "--name", "Marco Rubio", "--party", "us",
             "--role", "Secretary of State"],
            ["source", "add", "guardian", "--name", "The Guardian", "--reliability", "B"],
            ["source", "add", "x", "--name", "X"],
            ["issue", "add", "crimea-recognition", "--title",
             "Recognise Russian sovereignty over Crimea"],
            ["issue", "add", "nato-membership", "--title", "Ukraine may join NATO"],
        ):
            self.must(*args)

    def record_seed(self):
        """Records Zelenskyy's and Svyrydenko's statements; their ids."""
        z = self.must("record", "--actor", "zelenskyy", "--date", "2025-04-22",
                      "--kind", "quote", "--source", "guardian", "--credibility", "2",
                      "--text", ZELENSKYY_TEXT,
                      "--position", "crimea-recognition=--!").out.strip()
        s = self.must("record", "--actor", "svyrydenko", "--date", "2025-04-23",
                      "--source", "x", "--url", "https://x.com/Svyrydenko_Y",
                      "--text", SVYRYDENKO_TEXT).out.strip()
        return z, s

    # ---- the database -------------------------------------------------

    def digest(self, path=None):
        path = path or self.db
        if not os.path.isfile(path):
            return "directory" if os.path.isdir(path) else None
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def query(self, sql, params=()):
        """Reads the database with python's sqlite3, read-only."""
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    # ---- checks: each prints one TAP line -----------------------------

    def ok(self, cond, desc, diag=None):
        return _line(bool(cond), "%s: %s" % (self.name, desc), diag)

    def eq(self, got, want, desc):
        return self.ok(got == want, desc, "got:  %r\nwant: %r" % (got, want))

    def succeeds(self, r, desc, out=None):
        """r exited 0 with nothing on stderr (and exactly out on stdout)."""
        good = r.rc == 0 and r.err == "" and (out is None or r.out == out)
        diag = str(r) if out is None else "%s\nwant stdout: %r" % (r, out)
        return self.ok(good, desc, diag)

    def fails(self, args, code, *words, desc=None, env=None, unchanged=True):
        """stance args exits with code, prints nothing on stdout and one
        line 'stance: error: ...' holding every word on stderr, and leaves
        the database file byte for byte as it was."""
        before = self.digest()
        r = self.run(*args, env=env)
        after = self.digest()
        lines = r.err.splitlines()
        problems = []
        if r.rc != code:
            problems.append("exit %d, want %d" % (r.rc, code))
        if r.out:
            problems.append("stdout not empty")
        if len(lines) != 1 or not lines[0].startswith("stance: error: "):
            problems.append("stderr is not one 'stance: error: ' line")
        for w in words:
            if w not in r.err:
                problems.append("stderr lacks %r" % w)
        if unchanged and before != after:
            problems.append("the database changed")
        what = desc or " ".join(a if isinstance(a, str) else repr(a) for a in args)[:100]
        return self.ok(not problems, "%s -> %d" % (what, code),
                       "; ".join(problems) + "\n" + str(r))


def main():
    if not BIN or not os.access(BIN, os.X_OK):
        print("1..0 # SKIP STANCE_BIN is not set to the stance binary")
        return 0
    for fn in _tests:
        case = Case(fn.__name__)
        try:
            fn(case)
        except Exception:
            _line(False, "%s: raised" % fn.__name__, traceback.format_exc())
        finally:
            case.cleanup()
    print("1..%d" % _count)
    return 0

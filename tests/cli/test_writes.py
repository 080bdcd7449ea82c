#!/usr/bin/env python3
"""Writes that cannot half-happen (issue 10): a write command's output is
written and checked before it commits, so a command that exits 74 has
changed nothing; two `init`s racing on one path; read commands on
databases that cannot be written; symbolic links; paths that are not
UTF-8; control characters in messages; --color."""

import json
import os
import pty
import shutil
import subprocess
import sys
import tempfile

from stancetest import BIN, ZELENSKYY_TEXT, main, skip, test


def snapshot(t, n):
    """A small snapshot to import, made by another database: party pN."""
    other = os.path.join(t.dir, "other%d.db" % n)
    t.must("--db", other, "init")
    t.must("--db", other, "party", "add", "p%d" % n, "--name", "Party %d" % n)
    t.must("--db", other, "record", "--party", "p%d" % n, "--date", "2025-05-01",
           "--text", "Kia ora")
    path = os.path.join(t.dir, "snap%d.json" % n)
    t.must("--db", other, "export", "-o", path)
    return path


def run_closed_stdout(t, args):
    """Runs stance with its standard output closed."""
    env = dict(t.env)
    proc = subprocess.run([BIN] + list(args), cwd=t.dir, env=env, stderr=subprocess.PIPE,
                          stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1), timeout=60)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def write_commands(t):
    """Every command that writes, in each format in which it prints
    something on stdout."""
    z, _ = t.record_seed()
    cmds = []
    for fmt in ("json",):
        cmds += [
            ["party", "add", "eu", "--name", "European Union", "--format", fmt],
            ["actor", "add", "putin", "--name", "Vladimir Putin", "--party", "ru", "--format", fmt],
            ["issue", "add", "sanctions", "--title", "Lift sanctions", "--format", fmt],
            ["source", "add", "reuters", "--name", "Reuters", "--format", fmt],
            ["code", z, "--position", "nato-membership=-", "--format", fmt],
            ["retract", z, "--reason", "wrong", "--format", fmt],
        ]
    # v2: code and retract print the revision's id in every format, not only
    # in json (where they printed the statement)
    for fmt in ("table", "csv"):
        u = t.must("record", "--party", "ua", "--date", "2025-04-25",
                   "--text", "To correct in " + fmt).out.strip()
        cmds += [
            ["code", u, "--position", "nato-membership=-", "--format", fmt],
            ["retract", u, "--reason", "wrong", "--format", fmt],
        ]
    for fmt in ("table", "json", "csv"):
        cmds += [
            ["record", "--party", "ru", "--date", "2025-04-24", "--text", "Nyet", "--format", fmt],
            ["import", snapshot(t, len(cmds)), "--format", fmt],
        ]
    return cmds


@test
def output_fails_before_commit(t):
    t.seed()
    for args in write_commands(t):
        what = " ".join(args[:2])
        before = t.digest()
        with open("/dev/full", "wb") as full:
            r = t.run(*args, stdout=full)
        t.ok(r.rc == 74 and "cannot write to standard output" in r.err
             and t.digest() == before, "%s >/dev/full: 74, nothing written" % " ".join(args), r)
        rc, err = run_closed_stdout(t, args)
        t.ok(rc == 74 and "cannot write to standard output" in err and t.digest() == before,
             "%s with stdout closed: 74, nothing written" % what, "exit %d: %s" % (rc, err))
        # and the same command with a working stdout does write
        r = t.run(*args)
        t.ok(r.rc == 0 and t.digest() != before, "%s writes when its output works" % what, r)


@test
def init_output_fails(t):
    for fmt in ("table", "json", "csv"):
        with open("/dev/full", "wb") as full:
            r = t.run("init", "--format", fmt, stdout=full)
        t.ok(r.rc == 74 and not os.path.exists(t.db),
             "init --format %s >/dev/full: 74 and no database" % fmt, r)
        rc, err = run_closed_stdout(t, ["init", "--format", fmt])
        t.ok(rc == 74 and not os.path.exists(t.db),
             "init --format %s, stdout closed: 74 and no database" % fmt, err)
    # an empty file that init would make a database stays empty
    open(t.db, "wb").close()
    with open("/dev/full", "wb") as full:
        r = t.run("init", stdout=full)
    t.ok(r.rc == 74 and os.path.getsize(t.db) == 0, "init of an empty file >/dev/full leaves it empty", r)
    r = t.run("init")
    t.ok(r.rc == 0 and r.out.startswith("created ./stance.db"), "then init makes it", r)
    with open(t.db, "rb") as f:
        t.eq(f.read(20)[18], 2, "in WAL mode")


def wait_all(procs):
    out = []
    for p in procs:
        o, e = p.communicate(timeout=60)
        out.append((p.returncode, o.decode("utf-8", "replace"), e.decode("utf-8", "replace")))
    return out


@test
def racing_inits(t):
    rounds, bad = 120, []
    env = dict(t.env)
    for i in range(rounds):
        path = os.path.join(t.dir, "race%d.db" % i)
        procs = [subprocess.Popen([BIN, "--db", path] + args, cwd=t.dir, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for args in (["init"], ["init"],
                              ["party", "add", "ua", "--name", "Ukraine"])]
        (r1, o1, e1), (r2, o2, e2), (r3, o3, e3) = wait_all(procs)
        created = [o for o in (o1, o2) if o.startswith("created ")]
        current = [o for o in (o1, o2) if " is already at schema " in o]
        problems = []
        if (r1, r2) != (0, 0) or len(created) != 1 or len(current) != 1:
            problems.append("inits: %r" % [(r1, o1, e1), (r2, o2, e2)])
        # the writer ran before the file existed (66), waited for the init
        # and wrote (0), or was told the database is being created (75)
        if r3 not in (0, 66, 75) or (r3 == 75 and "is being created" not in e3):
            problems.append("writer: %r" % [(r3, o3, e3)])
        if not os.path.isfile(path):
            problems.append("the database is gone")
        else:
            c = subprocess.run([BIN, "--db", path, "check"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
            if c.returncode != 0:
                problems.append("check: %r" % c)
        if problems:
            bad.append("round %d: %s" % (i, "; ".join(problems)))
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
    t.ok(not bad, "%d rounds of two inits and a write racing on one path: one creates, "
         "the other finds it, nobody removes it" % rounds, "\n".join(bad[:10]))


def as_nobody(t):
    """Runs stance as nobody when run as root (root may write anything);
    False when that cannot be done here."""
    if os.geteuid() != 0:
        return True
    t.wrapper = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if shutil.which("setpriv") is None or t.run("--version").rc != 0:
        t.wrapper = []
        return False
    return True


READS = (["party", "list"], ["statements"], ["positions"], ["conflicts"],
         ["export"], ["show", None], ["check"], ["report", "-o", "-"])


def reads_work(t, db, what):
    ok = True
    for args in READS:
        args = [a if a is not None else t.zid for a in args]
        r = t.run("--db", db, *args)
        ok = t.ok(r.rc == 0 and r.err == "", "%s: %s works" % (what, " ".join(args)), r) and ok
    r = t.run("--db", db, "statements", "--format", "json")
    t.ok(r.rc == 0 and r.json()[0]["text"] == ZELENSKYY_TEXT, "%s: the data is there" % what, r)
    return ok


@test
def read_only_locations(t):
    t.seed()
    t.zid, _ = t.record_seed()
    if not as_nobody(t):
        skip("read-only locations", "cannot run stance as nobody here")
        return
    ro = os.path.join(t.dir, "ro")
    os.mkdir(ro)
    db = os.path.join(ro, "stance.db")
    shutil.copy(t.db, db)
    if os.geteuid() == 0:
        for path in (t.dir, ro, db):
            os.chown(path, 65534, 65534)
    # a read-only file in a writable directory, then a read-only directory
    before = t.digest(db)
    os.chmod(db, 0o400)
    reads_work(t, db, "a read-only file")
    os.chmod(ro, 0o500)
    for name in os.listdir(ro):
        if name != "stance.db":
            os.unlink(os.path.join(ro, name))
    reads_work(t, db, "a read-only directory")
    r = t.run("--db", db, "party", "add", "nz", "--name", "NZ")
    t.ok(r.rc == 74 and "cannot write" in r.err, "a write to it fails with 74", r)
    t.eq(t.digest(db), before, "the database is as it was")
    os.chmod(ro, 0o700)
    t.wrapper = []


@test
def read_only_mount(t):
    """A read-only bind mount, where this machine allows one (root, mount
    namespaces)."""
    t.seed()
    t.zid, _ = t.record_seed()
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        skip("a read-only mount", "needs root and unshare")
        return
    mnt = os.path.join(t.dir, "mnt")
    os.mkdir(mnt)
    shutil.copy(t.db, os.path.join(mnt, "stance.db"))
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", mnt, "true"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if probe.returncode != 0:
        skip("a read-only mount", "cannot mount here: %s" % probe.stderr.decode().strip())
        return
    t.wrapper = ["unshare", "-m", "sh", "-c", script, "sh", mnt]
    reads_work(t, os.path.join(mnt, "stance.db"), "a read-only mount")
    t.wrapper = []


@test
def check_beside_a_writer(t):
    """check takes no write lock: it answers while another process holds
    one (it would wait for the busy timeout and exit 75 if it took one)."""
    import sqlite3
    t.seed()
    t.record_seed()
    conn = sqlite3.connect(t.db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM current_position")
    try:
        r = t.run("check")
        t.succeeds(r, "check beside a writer holding the lock", "")
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@test
def symbolic_links(t):
    t.seed()
    link = os.path.join(t.dir, "link.db")
    os.symlink("stance.db", link)
    r = t.run("--db", "link.db", "party", "add", "nz", "--name", "New Zealand")
    t.succeeds(r, "a write through a symbolic link")
    r = t.run("--db", "link.db", "party", "list", "--format", "json")
    t.ok(r.rc == 0 and "nz" in [p["slug"] for p in r.json()], "a read through it", r)
    t.ok(os.path.islink(link), "the link stays a link")
    r = t.run("party", "list", "--format", "json")
    t.ok("nz" in [p["slug"] for p in r.json()], "the write reached the database it names", r)
    os.symlink("nowhere.db", os.path.join(t.dir, "dangling.db"))
    t.fails(["--db", "dangling.db", "init"], 73, "cannot create dangling.db",
            "symbolic link to 'nowhere.db'", "does not exist", unchanged=False)
    t.ok(not os.path.exists(os.path.join(t.dir, "nowhere.db")), "init made nothing through it")
    t.fails(["--db", "dangling.db", "party", "list"], 66, "no database at dangling.db",
            "symbolic link", unchanged=False)


@test
def paths_that_are_not_utf8(t):
    name = b"caf\xe9.db"
    r = t.run(b"--db", name, b"--format", b"json", b"init")
    t.ok(r.rc == 0 and r.err == "", "init --format json with a path that is not UTF-8", r)
    try:
        got = r.json()
    except ValueError:
        got = None
    t.ok(got is not None and got["path"] == "caf\ufffd.db" and got["result"] == "created",
         "the path is printed with U+FFFD for the bad byte", r)
    t.ok(os.path.exists(os.path.join(t.dir.encode(), name)), "the database is there")
    r = t.run(b"--db", name, b"init")
    t.ok(r.rc == 0 and "is already at schema" in r.out, "and init finds it", r)


@test
def control_characters_in_messages(t):
    t.seed()
    for text, shown in (("\u009b31m", "\\u009b31m"), ("\u0085x", "\\u0085x"),
                        ("\x1b[31m", "\\x1b[31m"), ("a\nb", "a\\nb")):
        r = t.run("record", "--party", "zz" + text, "--date", "2025-01-01", "--text", "x")
        line = r.err
        t.ok(r.rc == 65 and shown in line and text not in line and line.count("\n") == 1,
             "an error quoting %r escapes it" % text, r)
    r = t.run("record", "--party", "ua", "--date", "2025-01-01", "--text", "é ü ñ")
    t.ok(r.rc == 0, "other text outside ASCII is fine", r)


def on_terminal(t, *args, env=None):
    """Runs stance on a pseudo-terminal; what it printed."""
    e = dict(t.env)
    e.update(env or {})
    for k in [k for k, v in e.items() if v is None]:
        del e[k]
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(t.dir)
        os.execve(BIN, [BIN] + list(args), e)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace")


@test
def color(t):
    t.seed()
    bold = "\033[1m"
    xterm = {"TERM": "xterm", "NO_COLOR": None}
    t.ok(bold in on_terminal(t, "party", "list", env=xterm), "colour on a terminal")
    t.ok(bold not in on_terminal(t, "party", "list", env=dict(xterm, TERM="dumb")),
         "no colour with TERM=dumb")
    t.ok(bold not in on_terminal(t, "party", "list", env=dict(xterm, NO_COLOR="1")),
         "no colour with NO_COLOR")
    t.ok(bold not in on_terminal(t, "--color", "never", "party", "list", env=xterm),
         "--color never")
    r = t.run("party", "list", "--color", "always")
    t.ok(r.rc == 0 and bold in r.out, "--color always, even into a pipe", r)
    r = t.run("party", "list", "--color=auto", env={"TERM": "xterm", "NO_COLOR": None})
    t.ok(r.rc == 0 and bold not in r.out, "--color auto into a pipe: none", r)
    t.fails(["party", "list", "--color", "sometimes"], 65,
            "invalid color 'sometimes' (choose from: auto, always, never)")


sys.exit(main())

#!/usr/bin/env python3
"""What stance writes, and where (DESIGN.md §3):

- `-o FILE` writes a device, a FIFO or an open descriptor (/dev/fd/N, as
  `>(gzip)` gives) directly and replaces a regular file whole, through a
  symlink; it never writes over the database or its -wal and -shm files.
- XML outputs (the report, GraphML) hold no character XML forbids: U+FFFD
  stands for it, and for the other controls (DEL, C1).
- Control characters never reach a terminal: tables and `check` show C0,
  DEL and C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F) as spaces; csv is exact
  data, cleaned as a table is only when it goes to a terminal; JSON escapes
  them (\\u001B, \\u009B), which keeps the data exact.
- Numbers in csv and JSON are the shortest text that reads back as the same
  double.
- `report` of a large database is bounded and says what it left out.
- `check` lists each problem once.

As root (CI), `-o /dev/null` that replaced the device would break the
machine: the device tests then use nodes made with mknod in the test's own
directory."""

import json
import os
import pty
import shutil
import sqlite3
import stat
import subprocess
import threading
import uuid
import xml.etree.ElementTree as ET

from stancetest import BIN, main, skip, test

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "ukraine-talks-2025-04.json")
XSD = os.path.join(HERE, "graphml.xsd")
G = "{http://graphml.graphdrawing.org/xmlns}"

# every -o command, with the arguments that make its output reproducible
# (export's "exported_at" differs from run to run)
OUTPUT_COMMANDS = (["export"], ["report"], ["network"], ["network", "--format", "csv"])


def load(t):
    t.init()
    t.must("import", EXAMPLE)


def device(t, name, minor):
    """A character device: /dev/<name>, or as root a node of the same device
    made in the test's directory, so that a stance that replaced it could not
    break the machine. None when no such node can be made here."""
    if os.geteuid() != 0:
        return "/dev/" + name
    path = os.path.join(t.dir, name)
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "wb"):
            pass
    except OSError:
        return None  # no CAP_MKNOD, or a nodev mount
    return path


def is_device(path, minor):
    st = os.lstat(path)
    return stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, minor)


def run_fds(t, args, stdout=subprocess.PIPE, pass_fds=()):
    """Runs stance with extra descriptors open (subprocess's pass_fds)."""
    return subprocess.run([BIN] + list(args), cwd=t.dir, env=t.env, stdout=stdout,
                          stderr=subprocess.PIPE, pass_fds=pass_fds, timeout=60)


def read_in_thread(open_fn):
    """Starts a thread that reads everything from open_fn(); the result is
    in box[0] once the thread has ended."""
    box = [None]

    def reader():
        with open_fn() as f:
            box[0] = f.read()

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    return th, box


def xmllint(t, path, desc, schema=None):
    tool = shutil.which("xmllint")
    if not tool:
        if os.environ.get("CI"):
            return t.ok(False, desc + ": xmllint is missing (apt-get install libxml2-utils)")
        return skip("%s: %s" % (t.name, desc), "xmllint is not installed")
    args = [tool, "--noout", "--nonet"] + (["--schema", schema] if schema else []) + [path]
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return t.ok(r.returncode == 0, desc, r.stderr.decode("utf-8", "replace")[:2000])


# ---- -o FILE ----------------------------------------------------------------

@test
def output_to_null_device(t):
    load(t)
    null = device(t, "null", 3)
    if not null:
        return skip("%s: -o a device" % t.name, "cannot make a device node here")
    before, ino = t.digest(), os.lstat(null).st_ino
    for cmd in OUTPUT_COMMANDS:
        r = t.run(*cmd, "-o", null)
        t.succeeds(r, "%s -o %s" % (" ".join(cmd), null), "")
        t.ok(is_device(null, 3) and os.lstat(null).st_ino == ino,
             "%s: %s is still the null device" % (" ".join(cmd), null))
    t.eq(t.digest(), before, "the database is unchanged")
    t.eq(sorted(n for n in os.listdir(os.path.dirname(null)) if n.startswith(".null")), [],
         "no temporary file is left beside it")


@test
def output_to_full_device(t):
    load(t)
    full = device(t, "full", 7)
    if not full:
        return skip("%s: -o a full device" % t.name, "cannot make a device node here")
    for cmd in OUTPUT_COMMANDS:
        t.fails(cmd + ["-o", full], 74, "cannot write '%s': No space left on device" % full)
        t.ok(is_device(full, 7), "%s: %s is still the full device" % (" ".join(cmd), full))


@test
def output_to_fifo(t):
    load(t)
    fifo = os.path.join(t.dir, "out.fifo")
    os.mkfifo(fifo)
    for cmd in OUTPUT_COMMANDS[1:]:
        want = t.must(*cmd).out_bytes
        th, box = read_in_thread(lambda: open(fifo, "rb"))
        r = t.run(*cmd, "-o", fifo)
        th.join(timeout=10)
        t.succeeds(r, "%s -o FIFO" % " ".join(cmd), "")
        t.ok(box[0] == want, "%s: the reader of the FIFO gets the output" % " ".join(cmd),
             "got %r bytes" % (None if box[0] is None else len(box[0])))
        t.ok(stat.S_ISFIFO(os.lstat(fifo).st_mode), "it is still a FIFO")
    th, box = read_in_thread(lambda: open(fifo, "rb"))
    r = t.run("export", "-o", fifo)
    th.join(timeout=10)
    t.succeeds(r, "export -o FIFO", "")
    try:
        got = json.loads(box[0])["format"]
    except (TypeError, ValueError) as e:
        got = e
    t.eq(got, "stance-snapshot", "the reader gets the snapshot")


@test
def output_to_descriptor(t):
    """`report -o >(gzip)` names a pipe as /dev/fd/N; `-o /dev/fd/1` (or
    /dev/stdout) is standard output itself, even when that is a file opened
    for appending. (/dev/stdout is not run here: a stance that put a file in
    its place, in /dev, would break the machine when run as root.)"""
    load(t)
    want = t.must("report").out_bytes
    rfd, wfd = os.pipe()
    th, box = read_in_thread(lambda: os.fdopen(rfd, "rb"))
    try:
        r = run_fds(t, ["report", "-o", "/dev/fd/%d" % wfd], pass_fds=(wfd,))
    finally:
        os.close(wfd)
    th.join(timeout=10)
    t.ok(r.returncode == 0 and not r.stderr and box[0] == want,
         "report -o /dev/fd/N writes into the pipe on N", (r.returncode, r.stderr))
    log = os.path.join(t.dir, "log.html")
    with open(log, "wb") as f:
        f.write(b"HEAD\n")
    with open(log, "ab") as f:
        r = run_fds(t, ["report", "-o", "/dev/fd/1"], stdout=f)
    with open(log, "rb") as f:
        got = f.read()
    t.ok(r.returncode == 0 and not r.stderr and got == b"HEAD\n" + want,
         "-o /dev/fd/1 appends to a standard output opened for appending",
         (r.returncode, r.stderr, got[:20]))


@test
def output_never_over_the_database(t):
    load(t)
    sub = os.path.join(t.dir, "sub")
    os.mkdir(sub)
    os.link(t.db, os.path.join(t.dir, "hard.db"))
    os.symlink("stance.db", os.path.join(t.dir, "link.db"))
    names = ["stance.db", "./stance.db", os.path.join(t.dir, "stance.db"), "sub/../stance.db",
             "hard.db", "link.db", "stance.db-wal", "stance.db-shm",
             os.path.join(t.dir, "stance.db-wal"), "sub/../stance.db-shm"]
    for cmd in OUTPUT_COMMANDS:
        for name in names:
            t.fails(cmd + ["-o", name], 65, "refusing to write",
                    "the database './stance.db'",
                    desc="%s -o %s" % (" ".join(cmd), name))
    t.ok(not os.path.exists(t.db + "-wal") and not os.path.exists(t.db + "-shm"),
         "no -wal or -shm file was made")
    t.ok(os.path.islink(os.path.join(t.dir, "link.db")), "the link to it is still a link")
    # an existing -wal, and the database named through a symlinked --db
    os.symlink(t.db, os.path.join(sub, "via.db"))
    t.fails(["--db", "sub/via.db", "report", "-o", "stance.db-wal"], 65,
            "refusing to write", "'sub/via.db'", desc="-o the -wal of a symlinked --db")
    t.fails(["--db", "sub/via.db", "report", "-o", "stance.db"], 65, "refusing to write",
            desc="-o the target of a symlinked --db")
    with open(t.db + "-wal", "wb"):
        pass
    os.link(t.db + "-wal", os.path.join(t.dir, "wal-link"))
    t.fails(["report", "-o", "wal-link"], 65, "refusing to write",
            desc="-o a hard link to an existing -wal")
    t.eq(os.path.getsize(os.path.join(t.dir, "wal-link")), 0, "the -wal is untouched")
    # a name that only looks alike is fine
    t.succeeds(t.run("report", "-o", "stance.db-wal.html"), "-o stance.db-wal.html", "")


@test
def output_through_symlinks(t):
    load(t)
    want = t.must("report").out_bytes
    real = os.path.join(t.dir, "real.html")
    with open(real, "w") as f:
        f.write("old")
    os.symlink("real.html", os.path.join(t.dir, "link.html"))
    t.succeeds(t.run("report", "-o", "link.html"), "report -o a symlink to a file", "")
    t.ok(os.path.islink(os.path.join(t.dir, "link.html")), "the symlink is still a symlink")
    with open(real, "rb") as f:
        t.eq(f.read(), want, "its target has the report")
    # a relative link in another directory, a chain of links, a dangling link
    sub = os.path.join(t.dir, "sub")
    os.mkdir(sub)
    os.symlink("../real.html", os.path.join(sub, "up.html"))
    os.symlink("sub/up.html", os.path.join(t.dir, "chain.html"))
    with open(real, "w") as f:
        f.write("old")
    t.succeeds(t.run("report", "-o", "chain.html"), "report -o a chain of links", "")
    with open(real, "rb") as f:
        t.eq(f.read(), want, "the end of the chain has the report")
    t.ok(os.path.islink(os.path.join(t.dir, "chain.html")) and
         os.path.islink(os.path.join(sub, "up.html")), "every link is still a link")
    os.symlink("new.html", os.path.join(sub, "dangling.html"))
    t.succeeds(t.run("report", "-o", "sub/dangling.html"), "report -o a dangling link", "")
    t.ok(os.path.islink(os.path.join(sub, "dangling.html")), "the dangling link stays a link")
    new = os.path.join(sub, "new.html")
    t.ok(os.path.isfile(new) and open(new, "rb").read() == want,
         "the file it names is created with the report")
    t.eq(sorted(n for n in os.listdir(t.dir) + os.listdir(sub) if n.startswith(".")), [],
         "no temporary file is left")


# ---- XML-invalid characters -------------------------------------------------

# forbidden in XML 1.0 (C0 other than tab, LF, CR; U+FFFE, U+FFFF), and the
# controls XML allows but discourages (DEL, C1: U+0085 NEL, U+009B CSI)
XML_BAD = "\x01\x1f\x7f\u0085\u009b\ufffe\uffff"


def marked(prefix):
    """prefix, then each bad character between letters, then a tab."""
    return prefix + "".join("%s%c" % (c, 65 + k) for k, c in enumerate(XML_BAD)) + "\tend"


def replaced(s):
    for c in XML_BAD:
        s = s.replace(c, "\ufffd")
    return s


@test
def xml_has_no_invalid_characters(t):
    t.init()
    name, title = marked("Party"), marked("Issue")
    t.must("party", "add", "bad", "--name", name, "--kind", "faction")
    t.must("party", "add", "ok", "--name", "Fine")
    t.must("issue", "add", "i1", "--title", title)
    t.must("record", "--party", "bad", "--date", "2025-01-02", "--text", marked("Text"),
           "--position", "i1=+", "--condition", "i1=" + marked("Cond"))
    t.must("record", "--party", "ok", "--date", "2025-01-03", "--text", "No.",
           "--position", "i1=-")
    r = t.run("report")
    t.succeeds(r, "a report of text with XML-invalid characters")
    path = os.path.join(t.dir, "report.xhtml")
    with open(path, "wb") as f:
        f.write(r.out_bytes)
    xmllint(t, path, "the report is well-formed XML (xmllint)")
    t.ok(not any(c in r.out for c in XML_BAD), "none of them is in the report",
         [c for c in XML_BAD if c in r.out])
    try:
        words = " ".join(ET.fromstring(r.out_bytes).itertext())
    except ET.ParseError as e:
        words = str(e)
    for want in (replaced(name), replaced(title), replaced(marked("Text")),
                 replaced(marked("Cond"))):
        t.ok(want in words, "%s... reads back with U+FFFD for each" % want[:5])
    r = t.run("network")
    t.succeeds(r, "GraphML of a name with XML-invalid characters")
    path = os.path.join(t.dir, "network.graphml")
    with open(path, "wb") as f:
        f.write(r.out_bytes)
    xmllint(t, path, "the GraphML is well-formed (xmllint)")
    xmllint(t, path, "and valid against the GraphML schema", XSD)
    try:
        root = ET.fromstring(r.out_bytes)
        names = {n.get("id"): n.find(G + "data[@key='name']").text
                 for n in root.iter(G + "node")}
    except ET.ParseError as e:
        names = {"error": str(e)}
    t.eq(names.get("bad"), replaced(name), "the name reads back with U+FFFD, the tab kept")


# ---- control characters and the terminal ------------------------------------

# ESC and CSI (C0 and its C1 form), DEL, NEL: each would drive a terminal
EVIL = "x\x1b[2Jy\u009b2Jz\x7fw\u0085v"
EVIL_SEEN = "x [2Jy 2Jz w v"
RAW = (b"\x1b", b"\xc2\x9b", b"\x7f", b"\xc2\x85")


def raw_controls(data):
    return [c for c in RAW if c in data]


def on_terminal(t, args):
    """The bytes stance writes with stdout on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([BIN] + args, cwd=t.dir, env=t.env, stdout=slave,
                            stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, out


def evil_database(t):
    t.init()
    t.must("party", "add", "ev", "--name", EVIL)
    t.must("issue", "add", "i1", "--title", EVIL)
    sid = t.must("record", "--party", "ev", "--date", "2025-01-02", "--text", EVIL,
                 "--position", "i1=+", "--condition", "i1=" + EVIL).out.strip()
    return sid


@test
def tables_escape_c1(t):
    sid = evil_database(t)
    for args in (["party", "list"], ["issue", "list"], ["statements"], ["show", sid],
                 ["history", "--party", "ev", "--issue", "i1"], ["positions"],
                 ["network", "--format", "dot"]):
        r = t.run(*args)
        t.ok(r.rc == 0 and not raw_controls(r.out_bytes),
             "%s: no ESC, CSI, DEL or NEL on the terminal" % " ".join(args),
             "%r in %r" % (raw_controls(r.out_bytes), r.out_bytes[:400]))
    r = t.run("party", "list")
    t.ok(EVIL_SEEN in r.out, "each shows as a space", r.out)
    r = t.run("history", "--party", "ev", "--issue", "i1")
    t.ok(EVIL_SEEN in r.out, "history's condition too", r.out)


@test
def analysis_tables_escape_c1(t):
    """The analysis tables for people show stored text (titles, statement
    texts, conditions) cut and cleaned: no control character reaches the
    terminal, each shows as a space."""
    sid = evil_database(t)
    t.must("party", "add", "ew", "--name", "Other")
    t.must("record", "--party", "ew", "--date", "2025-01-03", "--text", EVIL,
           "--position", "i1=+!")
    t.must("record", "--party", "ev", "--date", "2025-01-04", "--text", EVIL,
           "--position", "i1=--", "--condition", "i1=" + EVIL)
    for args in (["positions"], ["conflicts"], ["history", "--party", "ev"], ["shifts"],
                 ["matrix", "--metric", "distance"], ["positions", "--by", "actor"]):
        r = t.run(*args)
        t.ok(r.rc == 0 and not raw_controls(r.out_bytes),
             "%s: no ESC, CSI, DEL or NEL on the terminal" % " ".join(args),
             "%r in %r" % (raw_controls(r.out_bytes), r.out_bytes[:400]))
    r = t.run("positions")
    t.ok("i1  " + EVIL_SEEN in r.out, "positions: the issue's title cleaned", r.out)
    r = t.run("conflicts")
    t.ok(("\n    " + EVIL_SEEN + "\n") in r.out, "conflicts: the text cleaned", r.out)
    r = t.run("history", "--party", "ev")
    t.ok(("\n    condition: " + EVIL_SEEN + "\n") in r.out and sid,
         "history: the condition cleaned", r.out)


@test
def csv_and_json_stay_exact(t):
    evil_database(t)
    r = t.run("party", "list", "--format", "csv")
    t.ok(r.rc == 0 and EVIL.encode() in r.out_bytes, "csv into a pipe is the exact data", r)
    r = t.run("party", "list", "--format", "json")
    t.ok(r.rc == 0 and not raw_controls(r.out_bytes), "json holds no raw control character",
         r.out_bytes[:400])
    t.ok("\\u001B" in r.out and "\\u009B" in r.out and "\\u007F" in r.out
         and "\\u0085" in r.out, "json escapes C0, DEL and C1", r.out)
    t.ok(r.rc == 0 and [p["name"] for p in r.json() if p["slug"] == "ev"] == [EVIL],
         "and reads back exactly", r)
    rc, out = on_terminal(t, ["party", "list", "--format", "csv"])
    t.ok(rc == 0 and not raw_controls(out) and EVIL_SEEN.encode() in out,
         "csv on a terminal is cleaned as a table is", out[:400])
    rc, out = on_terminal(t, ["statements", "--format", "csv"])
    t.ok(rc == 0 and not raw_controls(out), "statements csv on a terminal too", out[:400])


@test
def check_output_is_clean_and_once(t):
    t.seed()
    z, s = t.record_seed()
    later = t.must("record", "--party", "ua", "--date", "2025-04-24", "--text", "Later.",
                   "--position", "crimea-recognition=-",
                   "--position", "nato-membership=++").out.strip()
    conn = sqlite3.connect(t.db)
    # both current positions of ua point at the older statement
    conn.execute("UPDATE current_position SET statement_id = "
                 "(SELECT id FROM statement WHERE uuid = ?) WHERE statement_id = "
                 "(SELECT id FROM statement WHERE uuid = ?)", (z, later))
    conn.execute("PRAGMA ignore_check_constraints = ON")
    # a bad date, with a terminal control in it, on a statement that codes nothing
    conn.execute("UPDATE statement SET said_on = ? WHERE uuid = ?", ("2025-04\u009b2J", s))
    conn.commit()
    conn.close()
    want = ["current position of party ua on issue crimea-recognition is out of date",
            "current position of party ua on issue nato-membership is out of date"]
    r = t.run("check")
    lines = r.out.splitlines()
    t.eq(r.rc, 65, "check exits 65")
    for line in want:
        t.eq(lines.count(line), 1, "table: '%s' once" % line[-40:])
    t.eq(len(lines), len(set(lines)), "table: no line twice")
    t.ok(not raw_controls(r.out_bytes) and ("said_on 2025-04 2J is not a real date" in r.out),
         "table: a control character in a problem shows as a space", r)
    r = t.run("check", "--format", "json")
    got = r.json() if r.rc == 65 else []
    t.ok(all(got.count(line) == 1 for line in want) and len(got) == len(set(got)),
         "json: each problem once", r)
    t.ok(any(p.endswith("said_on 2025-04\u009b2J is not a real date") for p in got),
         "json: the problem exactly", got)
    r = t.run("check", "--format", "csv")
    lines = r.out.splitlines()
    t.ok(all(lines.count(line) == 1 for line in want) and len(lines) == len(set(lines)),
         "csv: each problem once", r)


# ---- numbers ----------------------------------------------------------------

@test
def shortest_numbers(t):
    t.init()
    for p in ("a", "b", "c", "d"):
        t.must("party", "add", p, "--name", p.upper())
    for i in range(1, 6):
        t.must("issue", "add", "i%d" % i, "--title", "Issue %d" % i)
    # a and b share 5 issues, |a - b| sums to 6: 6 / 20 = 0.3
    t.must("record", "--party", "a", "--date", "2025-01-01", "--text", "A.",
           *sum((["--position", "i%d=+" % i] for i in range(1, 6)), []))
    t.must("record", "--party", "b", "--date", "2025-01-01", "--text", "B.",
           "--position", "i1=-", *sum((["--position", "i%d=0" % i] for i in range(2, 6)), []))
    # c and d share 3, summing to 2: 2 / 12 needs 17 digits, 0.16666666666666666
    t.must("record", "--party", "c", "--date", "2025-01-01", "--text", "C.",
           "--position", "i1=+", "--position", "i2=+", "--position", "i3=+")
    t.must("record", "--party", "d", "--date", "2025-01-01", "--text", "D.",
           "--position", "i1=0", "--position", "i2=0", "--position", "i3=+")
    for pair, text, value in ((("a", "b"), "0.3", 0.3),
                              (("c", "d"), "0.16666666666666666", 2 / 12)):
        scope = ["--party", pair[0], "--party", pair[1]]
        r = t.run("--format", "csv", "matrix", "--metric", "distance", *scope)
        t.succeeds(r, "csv matrix of %s, %s" % pair,
                   "party,%s,%s\n%s,0.0,%s\n%s,%s,0.0\n" % (pair + (pair[0], text, pair[1], text)))
        r = t.run("--format", "json", "matrix", "--metric", "distance", *scope)
        t.ok(r.rc == 0 and ("      %s\n" % text) in r.out and "0.29999" not in r.out,
             "json prints %s as %s" % (pair, text), r)
        t.ok(r.rc == 0 and r.json()["cells"][0][1] == value, "and it reads back exactly", r)
    r = t.run("--format", "json", "matrix", "--metric", "distance")
    cells = r.json()["cells"] if r.rc == 0 else []
    t.ok(all(isinstance(v, float) or v is None for row in cells for v in row),
         "json distances are reals (0.0 on the diagonal)", r)


# ---- the report's bound -----------------------------------------------------

STANCES = ["strongly-oppose", "oppose", "neutral", "support", "strongly-support"]


def big_snapshot(path, parties, issues, per_statement):
    """A dense snapshot: every party holds a position on every issue, each
    of its statements coding per_statement issues."""
    statements = []
    for p in range(parties):
        for first in range(0, issues, per_statement):
            n = len(statements) + 1
            statements.append({
                "id": str(uuid.UUID(int=n)), "party": "p%03d" % p, "actor": None,
                "said_on": "2025-%02d-%02d" % (1 + n % 12, 1 + n % 28), "kind": "quote",
                "text": "Statement %d of party %d." % (n, p), "source": None, "url": None,
                "credibility": None, "recorded_by": "test",
                "recorded_at": "2025-04-23T12:00:00.000Z", "retracted": None,
                "positions": [{"issue": "i%03d" % i, "stance": STANCES[(p * 7 + i * 3) % 5],
                               "red_line": (p + i) % 11 == 0, "condition": None}
                              for i in range(first, min(issues, first + per_statement))]})
    snap = {"format": "stance-snapshot", "version": 1,
            "exported_at": "2025-04-23T12:00:00.000Z",
            "parties": [{"slug": "p%03d" % p, "name": "Party %d" % p, "kind": "state"}
                        for p in range(parties)],
            "actors": [], "sources": [],
            "issues": [{"slug": "i%03d" % i, "title": "Issue %d" % i, "description": None,
                        "parent": None} for i in range(issues)],
            "statements": statements}
    with open(path, "w") as f:
        json.dump(snap, f)


# what the report says when it summarises (cmd-report.c)
NOTES = ("stance matrix --format csv", "stance positions --format csv", "stance shifts",
         "stance statements")


@test
def report_is_bounded(t):
    t.init()
    path = os.path.join(t.dir, "big.json")
    # 200 x 200: 40,000 positions; drawn whole, 48 MB of HTML
    big_snapshot(path, 200, 200, 20)
    t.must("import", path)
    r = t.run("report")
    t.succeeds(r, "report of 200 parties x 200 issues")
    size = len(r.out_bytes)
    t.ok(size < 4 * 1000 * 1000, "it is bounded: %d bytes, under 4 MB" % size)
    for note in NOTES:
        t.ok(note in r.out, "it says what it left out: '%s'" % note)
    t.ok("The matrix has 200 parties" in r.out and "200 issues \u00d7 200 parties" in r.out,
         "and how large the database is")
    try:
        root = ET.fromstring(r.out_bytes)
    except ET.ParseError as e:
        return t.ok(False, "well-formed", str(e))
    cells = [e for e in root.iter("{http://www.w3.org/2000/svg}rect")
             if e.get("class") == "cell"]
    t.eq(len(cells), 0, "no heat-map cell is drawn")
    tables = {e.get("id"): e for e in root.iter("table") if e.get("id")}
    top = tables.get("top-parties")
    rows = top.find("tbody").findall("tr") if top is not None else []
    t.ok(0 < len(rows) <= 100, "the parties with the most conflicts are listed", len(rows))
    matrix = t.must("--format", "json", "matrix").json()
    totals = sorted((sum(row) for row in matrix["cells"]), reverse=True)
    shown = [int(row.findall("td")[0].text) for row in rows]
    t.eq(shown, totals[:len(shown)], "in order of their conflicts, as the matrix counts them")
    t.ok("<code>stance show " in r.out, "the evidence stops drawing positions past its bound")


@test
def report_cuts_long_tooltips(t):
    t.init()
    t.must("party", "add", "a", "--name", "A")
    t.must("issue", "add", "i1", "--title", "I")
    condition = "é" * 1000
    t.must("record", "--party", "a", "--date", "2025-01-01", "--text", "A.",
           "--position", "i1=+", "--condition", "i1=" + condition)
    r = t.run("report")
    t.succeeds(r, "a report of a long condition")
    root = ET.fromstring(r.out_bytes)
    cell = next(td for td in root.iter("td") if "s1" in td.get("class", ""))
    title = cell.get("title")
    t.ok(title.endswith("é" * 100 + "…") and len(title.encode()) < 300,
         "the grid's tooltip cuts it at 200 bytes, on a character", title[-20:])
    t.ok(condition in " ".join(root.itertext()), "the evidence has it whole")


@test
def example_report_is_whole(t):
    load(t)
    r = t.run("report")
    t.succeeds(r, "the example's report")
    t.ok(not any(note in r.out for note in NOTES), "draws everything: no summary note")
    root = ET.fromstring(r.out_bytes)
    cells = [e for e in root.iter("{http://www.w3.org/2000/svg}rect")
             if e.get("class") == "cell"]
    t.eq(len(cells), 2 * 4 * 4, "both heat maps, every cell")


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""The bad-input table: every command fed the bad values, flags and database
files a user or a script can produce. Each row is {argv, exit code, words
the one-line message must hold}; each run must print nothing on stdout,
exactly one 'stance: error: ' line on stderr, and leave the database byte
for byte as it was (stancetest.Case.fails).

The rows complement the per-command tests (test_entity, test_record,
test_statements, test_analysis, test_snapshot, test_global), which already
cover bad slugs, kinds, credibility, stance specs, conditions, oversized and
non-UTF-8 text for party add and record, id prefixes, unknown options and
flags given twice: this table adds the commands and values they leave out,
and the database files stance must refuse."""

import os
import shutil
import subprocess
import sys

from stancetest import BIN, main, skip, test

NOT_UTF8 = b"Kyiv \xc3\x28 talks"
BIG = "x" * 100001
UNKNOWN_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
P = ["record", "--party", "ua", "--date", "2025-04-22", "--text", "t"]

# (argv, exit code, words of the message): on the seeded database
# (Case.seed + Case.record_seed). "{z}" is Zelenskyy's statement id.
TABLE = [
    # init and the global options
    (["init", "extra"], 64, "unexpected argument 'extra'"),
    (["--db"], 64, "'--db' needs a value"),
    (["party", "list", "--format"], 64, "'--format' needs a value"),
    (["party", "list", "--format", "json", "--format", "csv"], 64, "given twice"),
    (["party", "list", "--db", "a.db", "--db", "b.db"], 64, "given twice"),
    (["--format", "", "party", "list"], 65, "invalid format ''"),
    # party add
    (["party", "add", "nz"], 64, "needs --name"),
    (["party", "add", "nz", "--name", "NZ", "--kind", ""], 65, "invalid party kind ''"),
    (["party", "add", "nz", "--name", "NZ", "--kind", "State"], 65, "invalid party kind 'State'"),
    (["party", "add", "nz-", "--name", "NZ", "--kind", "other", "--kind", "state"], 64,
     "given twice"),
    # actor add
    (["actor", "add", "Putin", "--name", "Putin", "--party", "ru"], 65,
     "invalid actor slug 'Putin'"),
    (["actor", "add", "putin", "--name", "", "--party", "ru"], 65, "actor name is empty"),
    (["actor", "add", "putin", "--name", "Putin", "--party", "RU"], 65, "'RU'"),
    (["actor", "add", "putin", "--name", "Putin", "--party", "ru", "--role", BIG], 65,
     "100001 bytes"),
    ([b"actor", b"add", b"putin", b"--name", b"Putin", b"--party", b"ru", b"--role", NOT_UTF8],
     65, "not valid UTF-8"),
    (["actor", "add", "putin", "--name", "Putin"], 64, "needs --party"),
    # issue add
    (["issue", "add", "sanctions", "--title", ""], 65, "issue title is empty"),
    (["issue", "add", "sanctions", "--title", "S", "--parent", "sanctions"], 65,
     "unknown issue 'sanctions'"),
    (["issue", "add", "sanctions", "--title", "S", "--parent", "Crimea"], 65, "'Crimea'"),
    (["issue", "add", "sanctions", "--title", "S", "--description", BIG], 65, "100001 bytes"),
    (["issue", "add", "crimea-recognition", "--title", "again"], 65, "already exists"),
    (["issue", "add", "a" * 33, "--title", "S"], 65, "invalid issue slug"),
    # source add
    (["source", "add", "ap", "--name", "AP", "--reliability", "AB"], 65,
     "invalid source reliability 'AB'"),
    (["source", "add", "ap", "--name", "AP", "--reliability", ""], 65,
     "invalid source reliability ''"),
    (["source", "add", "ap", "--name", "AP", "--url", ""], 65, "url is empty"),
    (["source", "add", "guardian", "--name", "again"], 65, "source 'guardian' already exists"),
    (["source", "add", "ap"], 64, "needs --name"),
    # record: dates that are not real days
    (["record", "--party", "ua", "--date", "2025-02-29", "--text", "t"], 65,
     "invalid date '2025-02-29'"),
    (["record", "--party", "ua", "--date", "1900-02-29", "--text", "t"], 65, "'1900-02-29'"),
    (["record", "--party", "ua", "--date", "2025-04-31", "--text", "t"], 65, "'2025-04-31'"),
    (["record", "--party", "ua", "--date", "2025-00-10", "--text", "t"], 65, "'2025-00-10'"),
    (["record", "--party", "ua", "--date", "2025-04-00", "--text", "t"], 65, "'2025-04-00'"),
    (["record", "--party", "ua", "--date", "", "--text", "t"], 65, "date is empty"),
    (["record", "--party", "ua", "--date", "2025-04-22T10:00:00Z", "--text", "t"], 65,
     "'2025-04-22T10:00:00Z'"),
    (["record", "--party", "ua", "--date", " 2025-04-22", "--text", "t"], 65, "' 2025-04-22'"),
    # record: slugs and values
    (["record", "--actor", "Zelenskyy", "--date", "2025-04-22", "--text", "t"], 65,
     "'Zelenskyy'"),
    (P + ["--source", "The Guardian"], 65, "'The Guardian'"),
    (P + ["--credibility", "-1"], 65, "invalid credibility '-1'"),
    (P + ["--credibility", "2.5"], 65, "invalid credibility '2.5'"),
    (P + ["--credibility", ""], 65, "invalid credibility ''"),
    (P + ["--kind", ""], 65, "invalid statement kind ''"),
    (P + ["--position", "crimea-recognition=++!!"], 65, "invalid stance '++!!'"),
    (P + ["--position", "crimea-recognition= +"], 65, "invalid stance ' +'"),
    (P + ["--position", "=="], 65, "'=='"),
    (P + ["--position", ""], 65, "invalid position ''"),
    ([b"record", b"--party", b"ua", b"--date", b"2025-04-22", b"--text", b"t",
      b"--position", b"crimea-recognition=+", b"--condition", b"crimea-recognition=" + NOT_UTF8],
     65, "not valid UTF-8"),
    (P + ["--position", "crimea-recognition=+", "--condition", "crimea-recognition=" + BIG], 65,
     "100001 bytes"),
    ([b"record", b"--party", b"ua", b"--date", b"2025-04-22", b"--text", b"t", b"--url",
      NOT_UTF8], 65, "not valid UTF-8"),
    (["record", "--party", "ua", "--party", "ru", "--date", "2025-04-22", "--text", "t"], 64,
     "given twice"),
    (["record", "--party", "ua", "--date", "2025-04-22", "--text", "a", "--text", "b"], 64,
     "given twice"),
    (["record", "--party", "ua", "--date", "2025-04-22", "--text"], 64, "'--text' needs a value"),
    # code, retract, show: ids and values
    (["code", "{z}", "--position", "nato-membership=+", "extra"], 64, "unexpected argument"),
    (["code", UNKNOWN_ID, "--position", "nato-membership=+"], 65,
     "no statement with id '%s'" % UNKNOWN_ID),
    (["code", UNKNOWN_ID.upper(), "--position", "nato-membership=+"], 65,
     "'%s'" % UNKNOWN_ID.upper()),
    (["code", "{z}", "--position", "nato-membership=+", "--condition", "nato-membership="], 65,
     "condition is empty"),
    (["retract", "{z}", "--reason", BIG], 65, "100001 bytes"),
    ([b"retract", b"{z}", b"--reason", NOT_UTF8], 65, "not valid UTF-8"),
    (["retract", "{z}", "--reason", "a", "--reason", "b"], 64, "given twice"),
    (["retract", "", "--reason", "x"], 65, "invalid statement, assessment or outcome id ''"),
    (["show", "{z}", "{z}"], 64, "unexpected argument"),
    (["show", "0f8fad5b-d9cb-469f-a165-70867728950e-00"], 65,
     "invalid statement, assessment or outcome id"),
    (["show", "zzzzzzzz"], 65, "invalid statement, assessment or outcome id 'zzzzzzzz'"),
    # the lists and analyses
    (["party", "list", "--kind", "state"], 64, "unknown option '--kind'"),
    (["statements", "--actor", "Zelenskyy"], 65, "'Zelenskyy'"),
    (["statements", "--since", "2025-04-22", "--until", "04/23/2025"], 65, "'04/23/2025'"),
    ([b"statements", b"--search", NOT_UTF8], 65, "not valid UTF-8"),
    (["positions", "--as-of", ""], 65, "--as-of date is empty"),
    (["positions", "--as-of", "2025-04-22", "--as-of", "2025-04-23"], 64, "given twice"),
    (["conflicts", "--issue", "Crimea"], 65, "'Crimea'"),
    (["conflicts", "--hard", "--hard"], 64, "given twice"),
    (["matrix", "--metric", ""], 65, "invalid metric ''"),
    (["matrix", "--metric", "Conflicts"], 65, "invalid metric 'Conflicts'"),
    (["matrix", "--as-of", "2025-02-30"], 65, "'2025-02-30'"),
    (["history", "--party", "ua", "--issue", "crimea-recognition", "--party", "ru"], 64,
     "given twice"),
    (["history", "--party", "nz", "--issue", "crimea-recognition"], 65, "unknown party 'nz'"),
    (["shifts", "--since", "2025-02-29"], 65, "'2025-02-29'"),
    (["shifts", "--issue", "nope"], 65, "unknown issue 'nope'"),
    # export, import, check
    (["export", "extra"], 64, "unexpected argument 'extra'"),
    (["export", "-o"], 64, "needs a value"),
    (["import", "a.json", "b.json"], 64, "unexpected argument"),
    (["check", "extra"], 64, "unexpected argument 'extra'"),
]


def seeded(t):
    t.seed()
    z, _ = t.record_seed()
    return z


def fill(args, z):
    return [a.replace("{z}", z) if isinstance(a, str)
            else a.replace(b"{z}", z.encode()) for a in args]


@test
def the_table(t):
    z = seeded(t)
    for args, code, *words in TABLE:
        args = fill(args, z)
        desc = " ".join(a if isinstance(a, str) else repr(a) for a in args)
        t.fails(args, code, *words, desc=desc[:90])
    t.eq(t.query("SELECT count(*) FROM statement"), [(2,)], "no statement was added")


@test
def bad_snapshot_files(t):
    """Files that are not snapshots at all (test_snapshot covers snapshots
    with bad members)."""
    seeded(t)
    for name, data, words in (
            ("empty.json", b"", ["empty document"]),
            ("binary.json", b"\x00\x01\x02\xff" * 64, ["expected '{'", "0x00"]),
            ("latin1.json", b'{"format": "stance-snapshot", "version": 1, "parties": '
                            b'[{"slug": "nz", "name": "Aotearoa \xe9"}]}', ["UTF-8"]),
            ("array.json", b"[]", ["must be a JSON object", "found an array"]),
            ("truncated.json", b'{"format": "stance-snapshot", "version": 1, "parties": [',
             ["truncated document", "$.parties"])):
        with open(os.path.join(t.dir, name), "wb") as f:
            f.write(data)
        t.fails(["import", name], 65, *words)
        t.fails(["import", "--dry-run", name], 65, *words)


def is_root():
    return os.geteuid() == 0


@test
def databases_that_cannot_be_used(t):
    seeded(t)
    t.fails(["--db", "missing.db", "statements"], 66, "no database at missing.db")
    t.fails(["--db", "stance.db/inner.db", "party", "list"], 66,
            "no database at stance.db/inner.db", desc="a database path under a file")
    t.fails(["--db", "stance.db/inner.db", "init"], 73,
            "cannot create stance.db/inner.db", desc="init under a file")
    if is_root():
        # root reads and writes any file: run stance as nobody, who owns
        # the database and its folder, so that the modes below bind
        t.wrapper = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        if shutil.which("setpriv") is None or t.run("--version").rc != 0:
            skip("an unreadable database", "cannot run stance as nobody here")
            skip("an unwritable database", "cannot run stance as nobody here")
            return
        os.chown(t.dir, 65534, 65534)
        os.chown(t.db, 65534, 65534)
    os.chmod(t.db, 0o000)
    for args in (["party", "list"], ["party", "add", "nz", "--name", "NZ"]):
        t.fails(args, 66, "cannot read ./stance.db", desc="unreadable: " + " ".join(args))
    os.chmod(t.db, 0o400)
    t.fails(["party", "add", "nz", "--name", "NZ"], 74, "cannot write",
            desc="a read-only database refuses a write")
    r = t.run("party", "list")
    t.ok(r.rc == 0 and "ua" in r.out, "a read-only database can still be read", r)
    os.chmod(t.db, 0o600)
    t.wrapper = []


def corrupt(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


@test
def corrupted_databases(t):
    """Overwritten pages: stance must refuse or report them (65), never
    crash, and check must not call a damaged database sound."""
    seeded(t)
    for i in range(30):
        t.must("record", "--party", "ua", "--date", "2025-04-%02d" % (i % 28 + 1),
               "--text", "Statement %d " % i + "lorem ipsum " * 40,
               "--position", "nato-membership=%s" % ("+" if i % 2 else "-"))
    good = os.path.join(t.dir, "good.db")
    with open(t.db, "rb") as f:
        data = f.read()
    with open(good, "wb") as f:
        f.write(data)
    size = len(data)
    pages = size // 4096
    t.ok(pages >= 8, "the database has %d pages" % pages)
    garbage = bytes((i * 131 + 7) % 256 for i in range(512))
    for name, offset, junk in (
            ("the header's magic", 0, b"Not a SQLite file"),
            ("the page size", 16, b"\x00\x03"),
            ("the middle of the file", size // 2, garbage),
            ("a btree page header", 4096 * (pages // 2), b"\x0d\xff\xff\xff\xff\xff\xff\xff"),
            ("the last page", size - 700, garbage),
            ("the schema page", 100, garbage[:200])):
        with open(t.db, "wb") as f:
            f.write(data)
        corrupt(t.db, offset, junk)
        r = t.run("check")
        crashed = r.rc < 0 or r.rc in (70, 134, 139)
        t.ok(not crashed and r.rc in (0, 65), "check on %s: no crash, exit %d" % (name, r.rc), r)
        if r.rc == 65 and not r.out:
            t.ok(len(r.err.splitlines()) == 1 and r.err.startswith("stance: error: "),
                 "check on %s: refused with one line" % name, r)
        elif r.rc == 0:
            # SQLite may not notice bytes it never reads (free space);
            # then every statement must still be there and readable
            r2 = t.run("statements", "--format", "json")
            t.ok(r2.rc == 0 and len(r2.json()) == 32,
                 "check on %s passed: the damage hit no data" % name, r2)
        for args in (["statements"], ["conflicts"], ["export"],
                     P[:-1] + ["after the damage"]):
            r = t.run(*args)
            t.ok(r.rc >= 0 and r.rc in (0, 65),
                 "%s on %s: 0 or 65, never a crash (exit %d)" % (args[0], name, r.rc), r)


@test
def stdout_closed(t):
    """stdout closed rather than full (test_global checks /dev/full)."""
    z = seeded(t)
    for args in (["party", "list"], ["statements", "--format", "json"], ["show", z],
                 ["conflicts", "--format", "csv"], ["export"], ["--version"]):
        before = t.digest()
        proc = subprocess.run([BIN] + args, cwd=t.dir, env=t.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=60,
                              preexec_fn=lambda: os.close(1))
        err = proc.stderr.decode("utf-8", "replace")
        t.ok(proc.returncode == 74 and len(err.splitlines()) == 1
             and err.startswith("stance: error: ") and "write" in err
             and t.digest() == before,
             "%s with stdout closed exits 74, said once" % " ".join(args), err)


@test
def sql_injection(t):
    """Every value is bound, never spliced: hostile text comes back intact
    and the schema is untouched."""
    t.init()
    evil = "'); DROP TABLE party; --"
    evil2 = "\" OR 1=1; DELETE FROM statement; --"
    t.must("party", "add", "ua", "--name", evil, "--kind", "state")
    t.must("actor", "add", "a1", "--name", evil2, "--party", "ua", "--role", evil)
    t.must("source", "add", "s1", "--name", evil, "--url", evil2)
    t.must("issue", "add", "i1", "--title", evil, "--description", evil2)
    sid = t.must("record", "--actor", "a1", "--date", "2025-04-22", "--text", evil,
                 "--source", "s1", "--url", evil, "--position", "i1=--!",
                 "--condition", "i1=" + evil2, "--analyst", evil).out.strip()
    t.must("retract", sid, "--reason", evil)
    shown = t.must("show", sid, "--format", "json").json()
    t.eq((shown["text"], shown["url"], shown["recorded_by"], shown["retracted"]["reason"],
          shown["positions"][0]["condition"]), (evil, evil, evil, evil, evil2),
         "the statement's values are intact")
    t.eq(t.must("party", "list", "--format", "json").json()[0]["name"], evil, "party name intact")
    t.eq(t.query("SELECT name, url FROM source"), [(evil, evil2)], "source intact")
    t.eq(t.query("SELECT title, description FROM issue"), [(evil, evil2)], "issue intact")
    for words in (evil, "DROP TABLE party", "\"; DELETE"):
        r = t.run("statements", "--include-retracted", "--search", words, "--format", "json")
        t.ok(r.rc == 0 and isinstance(r.json(), list), "search %r is a query, not SQL" % words, r)
    t.fails(["party", "add", "x'); DROP TABLE party; --", "--name", "X"], 65, "invalid party slug")
    t.fails(["statements", "--party", "ua' OR '1'='1"], 65, "invalid party")
    tables = [r[0] for r in t.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    t.ok("party" in tables and "statement" in tables, "every table is still there", tables)
    t.eq(t.query("SELECT count(*) FROM statement"), [(1,)], "the statement is still there")
    r = t.run("check")
    t.succeeds(r, "check is clean")


sys.exit(main())

#!/usr/bin/env python3
"""The dispatcher: --version, --help, unknown commands and flags, global
options, the database path and the analyst, database files that stance must
refuse, init, check, and failed writes to stdout."""

import os
import re
import sqlite3
import sys

from stancetest import Case, main, test

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# init makes user_version the number of the last migration (design section
# 3): 2 since the history (migrations/0002-history.sql), and whatever the
# last one is once more land
SCHEMA = max(int(name[:4]) for name in os.listdir(os.path.join(ROOT, "migrations"))
             if re.match(r"^\d{4}-.*\.sql$", name))

def commands(t):
    """The command names that `stance --help` lists, e.g. "party add"."""
    r = t.run("--help")
    lines = r.out.split("commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [re.split(r"\s{2,}", line.strip())[0] for line in lines]


@test
def version(t):
    r = t.run("--version")
    t.succeeds(r, "--version prints the version", "stance 0.1.0\n")


@test
def help_and_no_command(t):
    r = t.run("--help")
    t.succeeds(r, "--help exits 0")
    t.ok(r.out.startswith("usage: stance "), "--help starts with the usage", r)
    for name in ("init", "party add", "record", "statements", "check"):
        t.ok("\n  %s " % name in r.out, "--help lists %s" % name, r)
    t.eq(t.run("-h").out, r.out, "-h is --help")
    r = t.run()
    t.eq(r.rc, 64, "no command exits 64")
    t.ok("stance: error: no command given" in r.err and r.out == "",
         "no command says so on stderr", r)


@test
def every_command_has_help(t):
    names = commands(t)
    t.ok(len(names) >= 15, "--help lists the commands", names)
    for name in names:
        for flag in ("--help", "-h"):
            r = t.run(*name.split(), flag)
            t.ok(r.rc == 0 and r.err == "" and r.out.startswith("usage: stance " + name)
                 and "\noptions:\n" in r.out and "--db PATH" in r.out,
                 "'%s %s' prints the usage" % (name, flag), r)
    t.ok(not os.path.exists(t.db), "--help never creates a database")
    r = t.run("party", "--help")
    t.ok(r.rc == 0 and "party add" in r.out and "party list" in r.out,
         "'party --help' lists its commands", r)


@test
def unknown_commands_and_flags(t):
    t.fails(["recrod"], 64, "unknown command 'recrod'", "did you mean 'record'")
    t.fails(["frobnicate"], 64, "unknown command 'frobnicate'", "statements")
    # v2: party gained edit, remove, rename and restore
    t.fails(["party"], 64, "'stance party' needs a command",
            "add, edit, list, remove, rename, restore")
    t.fails(["party", "delete", "ua"], 64, "unknown command 'stance party delete'")
    t.fails(["party", "remove", "ua"], 66, "no database at ./stance.db",
            desc="party remove is a command now: party remove ua")
    t.fails(["--frob", "init"], 64, "unknown option '--frob'")
    t.init()
    t.fails(["party", "list", "--frob"], 64, "unknown option '--frob'")
    t.fails(["statements", "-x"], 64, "unknown option '-x'")
    t.fails(["statements", "--uncoded=yes"], 64, "'--uncoded' takes no value")
    t.fails(["statements", "--since"], 64, "'--since' needs a value")
    t.fails(["statements", "--since", "2025-01-01", "--since", "2025-02-01"], 64,
            "'--since' given twice")
    t.fails(["party", "list", "extra"], 64, "unexpected argument 'extra'")
    t.fails(["--format", "yaml", "party", "list"], 65, "invalid format 'yaml'",
            "table, json, csv")
    t.fails(["party", "list", "--format", "xml"], 65, "invalid format 'xml'")


@test
def missing_database(t):
    for args in (["party", "list"], ["statements"], ["show", "0f8fad5b"], ["check"],
                 ["party", "add", "ua", "--name", "Ukraine"],
                 ["record", "--party", "ua", "--date", "2025-04-22", "--text", "x"]):
        t.fails(args, 66, "no database at ./stance.db; run 'stance init'")
    t.ok(not os.path.exists(t.db), "no command but init creates the database")
    t.fails(["--db", "nowhere/x.db", "init"], 73, "nowhere/x.db")


@test
def init_reports(t):
    t.ok(SCHEMA >= 2, "the history's migration is there", SCHEMA)
    r = t.run("init")
    t.succeeds(r, "init creates", "created ./stance.db (schema %d)\n" % SCHEMA)
    t.eq(oct(os.stat(t.db).st_mode & 0o777), "0o600", "the database is mode 0600")
    t.eq(t.query("PRAGMA user_version"), [(SCHEMA,)], "user_version is the last migration")
    r = t.run("init")
    t.succeeds(r, "init again finds it current",
               "./stance.db is already at schema %d\n" % SCHEMA)
    r = t.run("init", "--format", "json")
    t.eq(r.json(), {"path": "./stance.db", "result": "current", "schema": SCHEMA},
         "init in json")
    r = t.run("--db", "other.db", "--format", "csv", "init")
    t.succeeds(r, "init in csv", "path,result,schema\nother.db,created,%d\n" % SCHEMA)
    open(os.path.join(t.dir, "empty.db"), "w").close()
    r = t.run("--db", "empty.db", "init")
    t.succeeds(r, "init makes an empty file a database",
               "created empty.db (schema %d)\n" % SCHEMA)


@test
def files_that_are_not_stance_databases(t):
    with open(t.db, "wb") as f:
        f.write(b"hello, this is not a database\n" * 200)
    for args in (["party", "list"], ["init"], ["party", "add", "ua", "--name", "U"]):
        t.fails(args, 65, "not a stance database")
    os.unlink(t.db)
    conn = sqlite3.connect(t.db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    for args in (["party", "list"], ["init"], ["statements"]):
        t.fails(args, 65, "not a stance database")
    t.eq(t.query("SELECT body FROM notes"), [("mine",)], "the other file keeps its data")
    os.unlink(t.db)
    os.mkdir(t.db)
    t.fails(["party", "list"], 65, "not a stance database", unchanged=False)


@test
def newer_database(t):
    t.seed()
    conn = sqlite3.connect(t.db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    for args in (["party", "list"], ["init"], ["party", "add", "nz", "--name", "NZ"]):
        t.fails(args, 65, "made by a newer stance")


@test
def busy_database(t):
    """A writer that holds the lock longer than stance's busy timeout."""
    t.seed()
    conn = sqlite3.connect(t.db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        t.fails(["party", "add", "nz", "--name", "NZ"], 75, "busy", unchanged=False)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    t.eq(t.query("SELECT count(*) FROM party WHERE slug = 'nz'"), [(0,)],
         "nothing was written")


@test
def database_path_precedence(t):
    r = t.run("init", env={"STANCE_DB": "env.db"})
    t.succeeds(r, "$STANCE_DB names the database", "created env.db (schema %d)\n" % SCHEMA)
    t.ok(not os.path.exists(t.db), "./stance.db is not made when $STANCE_DB is set")
    r = t.run("--db", "flag.db", "init", env={"STANCE_DB": "env.db"})
    t.succeeds(r, "--db beats $STANCE_DB", "created flag.db (schema %d)\n" % SCHEMA)
    t.must("party", "add", "ua", "--name", "Ukraine", env={"STANCE_DB": "env.db"})
    r = t.run("party", "list", "--db", "flag.db", env={"STANCE_DB": "env.db"})
    t.succeeds(r, "--db after the command", "slug  name  kind\n")
    r = t.run("party", "list", "--format", "csv", env={"STANCE_DB": "env.db"})
    t.succeeds(r, "--format after the command", "slug,name,kind\nua,Ukraine,other\n")
    r = t.run("party", "list", "--format=json", "--db=env.db")
    # v2: the party in json says who made it (--analyst, else $STANCE_ANALYST)
    got = r.json() if r.rc == 0 else r
    made = got[0].get("created_at") if r.rc == 0 and len(got) == 1 else None
    t.ok(made and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", made),
         "json created_at is a timestamp", r)
    t.eq(got, [{"slug": "ua", "name": "Ukraine", "kind": "other", "created_at": made,
                "created_by": "tester", "removed": False}], "--opt=value for global options")
    r = t.run("party", "list", env={"STANCE_DB": ""})
    t.eq(r.rc, 66, "an empty $STANCE_DB means ./stance.db")


@test
def analyst(t):
    t.seed()

    def recorded_by(env=None, *extra):
        r = t.must("record", "--party", "ua", "--date", "2025-04-22", "--text", "t",
                   *extra, env=env)
        return t.must("show", r.out.strip(), "--format", "json").json()["recorded_by"]

    t.eq(recorded_by(None), "tester", "$STANCE_ANALYST is recorded_by")
    t.eq(recorded_by(None, "--analyst", "alice"), "alice", "--analyst beats $STANCE_ANALYST")
    t.eq(recorded_by({"STANCE_ANALYST": None, "USER": "carol"}), "carol",
         "$USER when $STANCE_ANALYST is unset")
    r = t.must("--analyst", "dave", "record", "--party", "ua", "--date", "2025-04-22",
               "--text", "t")
    sid = r.out.strip()
    t.must("retract", sid, "--reason", "wrong", "--analyst", "erin")
    got = t.must("show", sid, "--format", "json").json()["retracted"]
    t.eq((got["by"], got["reason"]), ("erin", "wrong"), "--analyst is who retracts")


@test
def failed_write_to_stdout(t):
    t.seed()
    with open("/dev/full", "wb") as full:
        for args in (["party", "list"], ["--version"], ["--help"], ["record", "--help"],
                     ["party", "list", "--format", "json"], ["statements", "--format", "csv"]):
            r = t.run(*args, stdout=full)
            t.ok(r.rc == 74 and "stance: error: cannot write to standard output" in r.err,
                 "%s >/dev/full exits 74" % " ".join(args), r)


@test
def check(t):
    t.seed()
    z, _ = t.record_seed()
    for fmt, out in (("table", ""), ("json", "[]\n"), ("csv", "problem\n")):
        r = t.run("check", "--format", fmt)
        t.succeeds(r, "a sound database checks out (%s)" % fmt, out)
    conn = sqlite3.connect(t.db)
    conn.execute("UPDATE statement SET said_on = '2025-02-30' WHERE uuid = ?", (z,))
    conn.commit()
    conn.close()
    r = t.run("check")
    t.ok(r.rc == 65 and ("statement %s: said_on 2025-02-30 is not a real date\n" % z) in r.out,
         "check lists a problem and exits 65", r)
    t.ok(all(line for line in r.out.splitlines()), "one problem a line", r)
    r = t.run("check", "--format", "json")
    t.ok(r.rc == 65 and any("2025-02-30" in p for p in r.json()), "check in json", r)


sys.exit(main())

#!/usr/bin/env python3
"""`stance export` and `stance import`: round trips, merges in either order,
idempotence, retractions carried over, dry runs, `-o` written whole or not
at all, and every kind of invalid snapshot refused with its JSON path, exit
65 and the database unchanged. Every exported snapshot is validated against
docs/snapshot.schema.json. Export writes version 2; import reads versions 1
and 2 and merges by the rules of design section 7 (the history's own merges,
renames and --prefer are in test_merge.py and test_history.py)."""

import contextlib
import datetime
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys

from stancetest import BIN, main, test

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "docs", "snapshot.schema.json")
EXAMPLE = os.path.join(ROOT, "examples", "ukraine-talks-2025-04.json")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
EXPORTED_AT = re.compile(rb'\n  "exported_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",\n')

try:
    import jsonschema
    _VALIDATOR = jsonschema.Draft202012Validator(json.load(open(SCHEMA, encoding="utf-8")))
    _SCHEMA_ERROR = None
except Exception as e:  # a missing module must fail the tests, not skip them
    _VALIDATOR = None
    _SCHEMA_ERROR = "cannot validate against %s: %r (install python3-jsonschema)" % (SCHEMA, e)

V2_FIXTURE = os.path.join(ROOT, "tests", "cli", "data", "snapshot-v2.json")
ID1 = "0f8fad5b-d9cb-469f-a165-70867728950e"
ID2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def valid(t, data, desc):
    """One TAP line: data (bytes) is a snapshot that the schema accepts."""
    if _VALIDATOR is None:
        return t.ok(False, desc + " (schema)", _SCHEMA_ERROR)
    errors = list(_VALIDATOR.iter_errors(json.loads(data)))
    return t.ok(not errors, desc + " (schema)", "\n".join(str(e)[:500] for e in errors[:3]))


def masked(data):
    """The snapshot with its exported_at blanked, to compare two exports."""
    return EXPORTED_AT.sub(b'\n  "exported_at": "-",\n', data, count=1)


def export(t, *args):
    """Exports the case's database; the bytes, checked against the schema."""
    r = t.must("export", *args)
    valid(t, r.out_bytes, "export %s" % " ".join(args))
    return r.out_bytes


def write(t, name, data):
    path = os.path.join(t.dir, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def run_stdin(t, data, *args):
    """Runs stance with data on its standard input."""
    return subprocess.run([BIN] + list(args), cwd=t.dir, env=t.env, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)


SUMMARY_KINDS = ("parties", "actors", "sources", "issues", "statements", "positions",
                 "revisions", "assessments", "outcomes")


def summary(added=(0,) * 7, unchanged=(0,) * 7, retracted=0):
    """import's JSON summary. v2 counts positions and revisions too, and
    lists what a later revision resolved (nothing here: no two sides revise
    one member); the counts are given up to revisions, since no snapshot
    here carries assessments or outcomes."""
    def counts(n):
        assert len(n) == 7
        return dict(zip(SUMMARY_KINDS, tuple(n) + (0, 0)))
    return {"added": counts(added), "unchanged": counts(unchanged), "retracted": retracted,
            "resolved": []}


def contradicts(t, args, lines, desc):
    """import exits 65 with nothing on stdout, lists on stderr exactly the
    contradictions given (each 'stance: error: PATH: snapshot has X,
    database has Y', in order) then their count, and writes nothing."""
    before = t.digest()
    r = t.run(*args)
    n = len(lines)
    want = ["stance: error: " + line for line in lines] + [
        "stance: error: the snapshot contradicts the database in %d place%s"
        " (--prefer ours|theirs resolves them)" % (n, "" if n == 1 else "s")]
    problems = []
    if r.rc != 65:
        problems.append("exit %d, want 65" % r.rc)
    if r.out:
        problems.append("stdout not empty")
    if r.err.splitlines() != want:
        problems.append("stderr is not:\n" + "\n".join(want))
    if t.digest() != before:
        problems.append("the database changed")
    return t.ok(not problems, "%s -> 65, listed" % desc, "; ".join(problems) + "\n" + str(r))


def other_db(t, name):
    """Runs stance on another database in the case's directory; what it
    exports to stdout is checked against the schema."""
    def run(*args):
        r = t.must("--db", os.path.join(t.dir, name), *args)
        if args[:1] == ("export",) and "-o" not in args:
            valid(t, r.out_bytes, "export of %s" % name)
        return r
    return run


def as_version_2(doc, made):
    """What a version-1 snapshot says, as export writes it in version 2:
    entities made by whoever imported it (made: created_at, created_by),
    none removed; issues with no scale (low, high, status_quo null);
    positions with no point; red_line false read as null (not stated); no
    aliases, assessments, outcomes or history."""
    out = {"format": doc["format"], "version": 2, "exported_at": doc.get("exported_at")}
    for kind in ("parties", "actors", "sources", "issues"):
        scale = {"low": None, "high": None, "status_quo": None} if kind == "issues" else {}
        out[kind] = [dict(e, **scale, created_at=made[0], created_by=made[1], removed=False)
                     for e in doc.get(kind, [])]
    out["aliases"] = []
    out["statements"] = []
    for st in doc["statements"]:
        st = dict(st)
        st["positions"] = [{"issue": p["issue"], "stance": p["stance"], "point": None,
                            "red_line": True if p.get("red_line") else None,
                            "condition": p.get("condition")} for p in st["positions"]]
        out["statements"].append(st)
    out["assessments"] = []
    out["outcomes"] = []
    out["revisions"] = []
    return out


def utc_now(shift):
    """The time shift seconds from now, as stance writes timestamps."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=shift)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000)


def same_as_example(t, exported, since, desc):
    """The exported bytes say what the bundled example says, the import (begun
    at the time since) having made its entities: two TAP lines."""
    with open(EXAMPLE, encoding="utf-8") as f:
        example = json.load(f)
    doc = json.loads(exported)
    made = [e.pop("created_at", None) for k in ("parties", "actors", "sources", "issues")
            for e in doc.get(k, [])]
    until = utc_now(1)
    t.ok(made and all(m and TIMESTAMP.match(m) and since <= m <= until for m in made),
         "created_at is the time of the import", (since, made, until))
    want = as_version_2(example, ("-", "tester"))
    for k in ("parties", "actors", "sources", "issues"):
        for e in want[k]:
            del e["created_at"]
    want["exported_at"] = doc["exported_at"]
    # as text, so that the order of the members is compared too
    return t.eq(json.dumps(doc, indent=2, ensure_ascii=False),
                json.dumps(want, indent=2, ensure_ascii=False), desc)


def seeded_snapshot(t):
    """The seed's cast and two statements, one retracted; its export."""
    t.seed()
    z, s = t.record_seed()
    t.must("retract", s, "--reason", "wrong account")
    return export(t), z, s


@test
def round_trip(t):
    one, z, s = seeded_snapshot(t)
    path = write(t, "one.json", one)
    b = other_db(t, "b.db")
    b("init")
    r = b("import", path, "--format", "json")
    t.eq(r.json(), summary(added=(3, 3, 2, 2, 2, 1, 1)), "everything is added")
    r = b("export")
    valid(t, r.out_bytes, "the second export")
    t.eq(masked(r.out_bytes), masked(one), "export -> import -> export: the same bytes")
    t.ok(one != masked(one), "exported_at is there to mask", one[:200])
    doc = json.loads(one)
    # version 2 (design section 4): aliases after the issues, assessments and
    # outcomes after the statements, the history at the end
    t.eq(list(doc), ["format", "version", "exported_at", "parties", "actors", "sources",
                     "issues", "aliases", "statements", "assessments", "outcomes",
                     "revisions"],
         "members in the order of the format")
    t.eq(doc["aliases"], [], "no renames, no aliases")
    st = doc["statements"][1]
    rev = doc["revisions"][0] if len(doc["revisions"]) == 1 else {}
    t.eq(rev, {"id": rev.get("id"), "at": st["retracted"]["at"], "by": "tester",
               "reason": "wrong account", "target": {"kind": "statement", "key": s},
               "changes": [{"member": "retracted", "from": None, "to": st["retracted"]}]},
         "the retraction's revision is exported")
    t.ok(re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                  rev.get("id") or ""), "a revision has a version 4 uuid", rev)
    t.eq([list(e)[-3:] for k in ("parties", "actors", "sources", "issues") for e in doc[k]],
         [["created_at", "created_by", "removed"]] * 10, "entities say who made them")
    t.eq({(e["created_by"], e["removed"]) for k in ("parties", "actors", "sources", "issues")
          for e in doc[k]}, {("tester", False)}, "the analyst made them, none is removed")
    t.eq(doc["statements"][0]["positions"],
         [{"issue": "crimea-recognition", "stance": "strongly-oppose", "point": None,
           "red_line": True, "condition": None}], "a position with its point and red line")
    t.eq([p["slug"] for p in doc["parties"]], ["ru", "ua", "us"], "parties by slug")
    t.eq([st["id"] for st in doc["statements"]], [z, s], "statements in order")
    t.eq(doc["statements"][1]["retracted"]["reason"], "wrong account",
         "a retracted statement is exported with its retraction")
    t.ok("–".encode() in one and b"\\u" not in one, "UTF-8 is written as is", one)
    t.ok(one.startswith(b'{\n  "format": "stance-snapshot",\n  "version": 2,\n') and
         one.endswith(b"\n  ]\n}\n"), "2-space indentation, one newline at the end", one)


@test
def the_bundled_example(t):
    t.init()
    since = utc_now(-1)
    r = t.run("import", EXAMPLE)
    t.succeeds(r, "the example imports")
    t.ok(r.out.splitlines()[0].split() == ["what", "added", "unchanged", "retracted"] and
         r.out.splitlines()[5].split() == ["statements", "15", "0", "0"],
         "a summary table for people", r)
    with open(EXAMPLE, "rb") as f:
        example = f.read()
    valid(t, example, "the example")
    # The example is version 1 and export writes version 2, so the bytes
    # differ now; what must hold is that the export says exactly what the
    # example says, read as version 2, and that it round-trips to the byte.
    exported = export(t)
    same_as_example(t, exported, since, "the export is the example read as version 2")
    t.ok(b'"exported_at": "2025-04-23T12:00:00.000Z"' in example, "the example's exported_at")
    b = other_db(t, "b.db")
    b("init")
    b("import", write(t, "exported.json", exported))
    t.eq(masked(b("export").out_bytes), masked(exported),
         "export -> import -> export of the example: the same bytes")


def scaled_snapshot(t):
    """Issues with a scale (design §1), one edited twice: the export."""
    t.seed()
    t.must("issue", "add", "sanctions", "--title", "Lift the sanctions", "--low",
           "every sanction stays", "--high", "all lifted", "--status-quo", "12.5")
    t.must("issue", "add", "troops", "--title", "Troops out", "--parent", "sanctions",
           "--status-quo", "-40")
    t.must("issue", "edit", "sanctions", "--status-quo", "20", "--reason", "a deal")
    t.must("issue", "edit", "troops", "--status-quo", "140.75", "--high", "all out", "--low",
           "none out")
    return export(t)


@test
def scale_round_trip(t):
    """An issue's low, high and status_quo: exported in the order of §4, null
    when unset, numbers as numbers; export -> import into an empty database
    -> export gives the same bytes, and the same members."""
    one = scaled_snapshot(t)
    doc = json.loads(one)
    t.eq([list(e) for e in doc["issues"]],
         [["slug", "title", "description", "parent", "low", "high", "status_quo",
           "created_at", "created_by", "removed"]] * 4, "issue members in the order of §4")
    t.eq([(e["slug"], e["low"], e["high"], e["status_quo"]) for e in doc["issues"]],
         [("crimea-recognition", None, None, None), ("nato-membership", None, None, None),
          ("sanctions", "every sanction stays", "all lifted", 20),
          ("troops", "none out", "all out", 140.75)], "the scale, null when unset")
    t.ok(b'"status_quo": 20,' in one and b'"status_quo": 140.75,' in one and
         b'"status_quo": null,' in one, "an integral status quo is written as an integer", one)
    t.eq([changes for r in doc["revisions"] for changes in r["changes"]],
         [{"member": "status_quo", "from": 12.5, "to": 20},
          {"member": "high", "from": None, "to": "all out"},
          {"member": "low", "from": None, "to": "none out"},
          {"member": "status_quo", "from": -40, "to": 140.75}],
         "the history of the scale, numbers as numbers")
    b = other_db(t, "b.db")
    b("init")
    r = b("import", write(t, "one.json", one), "--format", "json")
    t.eq(r.json(), summary(added=(3, 3, 2, 4, 0, 0, 2)), "everything is added")
    t.eq(masked(b("export").out_bytes), masked(one), "export -> import -> export: the same bytes")
    r = b("issue", "list", "--format", "json")
    t.eq([(e["slug"], e["status_quo"]) for e in r.json()],
         [("crimea-recognition", None), ("nato-membership", None), ("sanctions", 20),
          ("troops", 140.75)], "the imported database has the members")
    r = b("import", write(t, "one.json", one), "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 4, 0, 0, 2)), "a second import: unchanged")
    # numbers are compared by value: 20.0 is the 20 the database has
    doc["issues"][2]["status_quo"] = 20.0
    r = b("import", write(t, "real.json", json.dumps(doc).encode()), "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 4, 0, 0, 2)), "20.0 is 20: unchanged")


@test
def scale_merges(t):
    """A status quo that two analysts set apart, without a revision, is a
    contradiction like any other member; --prefer resolves it with a
    revision. A revision of it merges by rule 2."""
    t.init()
    t.must("issue", "add", "sanctions", "--title", "Lift the sanctions", "--status-quo", "30",
           "--low", "all stay")
    a = json.loads(export(t))
    b = other_db(t, "b.db")
    b("init")
    b("issue", "add", "sanctions", "--title", "Lift the sanctions", "--status-quo", "45.5",
      "--low", "every one stays")
    theirs = json.loads(b("export").out)
    path = write(t, "b.json", json.dumps(theirs).encode())
    contradicts(t, ["import", path],
                ['$.issues[0].low: snapshot has "every one stays", database has "all stay"',
                 "$.issues[0].status_quo: snapshot has 45.5, database has 30"],
                "a differing status quo and low")
    del theirs["issues"][0]["low"]
    path = write(t, "b2.json", json.dumps(theirs).encode())
    contradicts(t, ["import", path], ["$.issues[0].status_quo: snapshot has 45.5, database has 30"],
                "a differing status quo alone (an omitted member is not compared)")
    theirs["issues"][0]["status_quo"] = None
    contradicts(t, ["import", write(t, "b3.json", json.dumps(theirs).encode())],
                ["$.issues[0].status_quo: snapshot has null, database has 30"],
                "null against a status quo")
    r = t.run("import", path, "--prefer", "theirs", "--format", "json")
    t.ok(r.rc == 0 and r.json()["resolved"] == [
        {"path": "$.issues[0].status_quo", "kept": 45.5, "other": 30, "by": "theirs",
         "revision": r.json()["resolved"][0]["revision"]}], "--prefer theirs keeps theirs", r)
    t.eq(t.query("SELECT status_quo FROM issue"), [(45.5,)], "theirs is stored")
    entry = t.must("log", "sanctions", "--format", "json").json()[0]
    t.eq(entry["changes"], [{"member": "status_quo", "from": 30, "to": 45.5}],
         "and the value not kept is in the history")
    # a revision of the status quo merges into a database that is behind
    b("import", write(t, "a.json", json.dumps(a).encode()), "--prefer", "ours")
    t.must("issue", "edit", "sanctions", "--status-quo", "-10")
    r = b("import", write(t, "a2.json", export(t)), "--format", "json")
    t.ok(r.rc == 0, "a later revision of the status quo merges", r)
    r = b("issue", "list", "--format", "json")
    t.eq(r.json()[0]["status_quo"], -10, "and wins")


@test
def import_twice_adds_nothing(t):
    one, _, _ = seeded_snapshot(t)
    path = write(t, "one.json", one)
    r = t.run("import", path, "--format", "json")
    t.succeeds(r, "importing the database's own snapshot")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2, 1, 1)), "everything is unchanged")
    b = other_db(t, "b.db")
    b("init")
    b("import", path)
    r = b("import", path, "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2, 1, 1)), "a second import: all unchanged")
    t.eq(masked(b("export").out_bytes), masked(one), "and the same database")


@test
def merge_in_either_order(t):
    """Two analysts share a cast; each records statements, one retracts a
    statement of the other's: merged either way, the same database."""
    t.seed()
    base = write(t, "base.json", export(t))
    ann, bob = other_db(t, "ann.db"), other_db(t, "bob.db")
    for who in (ann, bob):
        who("init")
        who("import", base)
    ann("--analyst", "ann", "party", "add", "eu", "--name", "European Union", "--kind", "bloc")
    z = ann("--analyst", "ann", "record", "--actor", "zelenskyy", "--date", "2025-04-22",
            "--text", "Ukraine will not recognise the occupation of Crimea.",
            "--position", "crimea-recognition=--!").out.strip()
    a_snap = write(t, "ann.json", ann("export").out_bytes)
    bob("import", a_snap)
    bob("--analyst", "bob", "retract", z, "--reason", "said on the 21st")
    bob("--analyst", "bob", "issue", "add", "ceasefire", "--title", "Observe a ceasefire")
    bob("--analyst", "bob", "record", "--party", "ru", "--date", "2025-04-19",
        "--text", "An Easter truce.", "--position", "ceasefire=+")
    b_snap = write(t, "bob.json", bob("export").out_bytes)
    one, two = other_db(t, "one.db"), other_db(t, "two.db")
    one("init")
    two("init")
    one("import", a_snap)
    r = one("import", b_snap, "--format", "json")
    # the statement bob retracted counts as retracted, not as unchanged
    # (include/stance/snapshot.h); his retraction comes with its revision
    t.eq(r.json(), summary(added=(0, 0, 0, 1, 1, 1, 1), unchanged=(4, 3, 2, 2, 0, 1, 0),
                           retracted=1),
         "ann then bob: bob's retraction is carried over")
    two("import", b_snap)
    r = two("import", a_snap, "--format", "json")
    t.eq(r.json(), summary(unchanged=(4, 3, 2, 2, 1, 1, 0)),
         "bob then ann: the database's retraction is kept")
    e1, e2 = one("export").out_bytes, two("export").out_bytes
    valid(t, e1, "the merged export")
    t.eq(masked(e1), masked(e2), "the same database in either order")
    r = one("statements", "--include-retracted", "--format", "json")
    t.eq([s["retracted"] and s["retracted"]["by"] for s in r.json()], [None, "bob"],
         "the retraction is bob's")


@test
def retraction_carried_over(t):
    t.seed()
    z, s = t.record_seed()
    snap = json.loads(export(t))
    snap["statements"][0]["retracted"] = {"at": "2025-04-24T10:00:00+02:00", "by": "ann",
                                          "reason": "misquoted"}
    path = write(t, "r.json", snap)
    r = t.run("import", path, "--format", "json")
    # counted as retracted, not as unchanged (include/stance/snapshot.h)
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 1, 1, 0), retracted=1),
         "one retraction carried over")
    r = t.must("show", z, "--format", "json")
    t.eq(r.json()["retracted"], {"at": "2025-04-24T08:00:00.000Z", "by": "ann",
                                 "reason": "misquoted"}, "stored in UTC")
    r = t.must("statements", "--format", "json")
    t.eq([st["id"] for st in r.json()], [s], "the retracted statement is no longer listed")
    t.eq(t.query("SELECT count(*) FROM revision"), [(0,)],
         "carrying a retraction over writes no revision")
    r = t.run("import", path, "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2, 1, 0)),
         "the same retraction again: unchanged")
    snap["statements"][0]["retracted"]["reason"] = "another reason"
    contradicts(t, ["import", write(t, "r2.json", snap)],
                ['$.statements[0].retracted: snapshot has {"at":"2025-04-24T08:00:00.000Z",'
                 '"by":"ann","reason":"another reason"}, database has {"at":'
                 '"2025-04-24T08:00:00.000Z","by":"ann","reason":"misquoted"}'],
                "a different retraction contradicts")
    # the database's retraction is kept against a snapshot without one
    snap["statements"][0]["retracted"] = None
    r = t.run("import", write(t, "r3.json", snap), "--format", "json")
    t.eq(r.json() if r.rc == 0 else r, summary(unchanged=(3, 3, 2, 2, 2, 1, 0)),
         "a snapshot without the retraction: unchanged")
    t.eq(t.must("show", z, "--format", "json").json()["retracted"]["reason"], "misquoted",
         "and the retraction is kept")


@test
def dry_run_writes_nothing(t):
    t.init()
    before = t.digest()
    r = t.run("import", EXAMPLE, "--dry-run", "--format", "json")
    t.succeeds(r, "a dry run succeeds")
    t.eq(r.json(), summary(added=(5, 4, 4, 14, 15, 19, 0)), "and says what would be added")
    t.eq(t.digest(), before, "the database is unchanged")
    r = t.run("import", EXAMPLE, "--dry-run")
    t.ok(r.rc == 0 and "dry run: nothing was written" in r.out, "the table says so", r)
    t.eq(t.digest(), before, "still unchanged")


@test
def import_from_stdin(t):
    t.init()
    with open(EXAMPLE, "rb") as f:
        data = f.read()
    p = run_stdin(t, data, "import", "-", "--format", "json")
    t.ok(p.returncode == 0 and json.loads(p.stdout) == summary(added=(5, 4, 4, 14, 15, 19, 0)),
         "import - reads standard input", p)
    p = run_stdin(t, data[:100], "import", "-")
    t.ok(p.returncode == 65 and b"truncated" in p.stderr, "a truncated stdin is refused", p)


@test
def import_missing_file(t):
    t.init()
    t.fails(["import", "nope.json"], 66, "nope.json", desc="a missing file")
    os.mkdir(os.path.join(t.dir, "adir"))
    t.fails(["import", "adir"], 66, "adir", desc="a directory")
    t.fails(["import"], 64, desc="no file")
    r = t.run("import", "--help")
    t.ok(r.rc == 0 and "--dry-run" in r.out, "import --help", r)
    r = t.run("export", "--help")
    t.ok(r.rc == 0 and "-o" in r.out, "export --help", r)


@test
def export_to_a_file(t):
    one, _, _ = seeded_snapshot(t)
    path = os.path.join(t.dir, "out.json")
    write(t, "out.json", b"old contents")
    r = t.run("export", "-o", path)
    t.succeeds(r, "export -o FILE", out="")
    with open(path, "rb") as f:
        data = f.read()
    valid(t, data, "export -o")
    t.eq(masked(data), masked(one), "FILE holds the snapshot, replaced whole")
    t.eq([n for n in os.listdir(t.dir) if not n.startswith("stance.db")], ["out.json"],
         "no temporary file is left")
    r = t.run("export", "--output=rel.json")
    t.ok(r.rc == 0 and os.path.exists(os.path.join(t.dir, "rel.json")), "--output=FILE, relative", r)
    if r.rc == 0:
        with open(os.path.join(t.dir, "rel.json"), "rb") as f:
            valid(t, f.read(), "--output=FILE")


@test
def export_failures(t):
    t.seed()
    t.fails(["export", "-o", os.path.join(t.dir, "nodir", "x.json")], 73, "cannot create",
            desc="-o into a missing directory")
    write(t, "afile", b"keep")
    t.fails(["export", "-o", os.path.join(t.dir, "afile", "x.json")], 73, "cannot create",
            desc="-o under a file")
    os.mkdir(os.path.join(t.dir, "adir"))
    before = sorted(os.listdir(t.dir))
    t.fails(["export", "-o", os.path.join(t.dir, "adir")], 73, "cannot create",
            desc="-o onto a directory")
    t.eq(sorted(os.listdir(t.dir)), before, "nothing is left behind")
    t.eq(os.listdir(os.path.join(t.dir, "adir")), [], "the directory is untouched")
    ro = os.path.join(t.dir, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o500)
    if os.access(ro, os.W_OK):
        t.ok(True, "an unwritable directory (# root writes anyway: not checked)")
    else:
        t.fails(["export", "-o", os.path.join(ro, "x.json")], 73, "cannot create",
                desc="-o into an unwritable directory")
        t.eq(os.listdir(ro), [], "nothing is left in it")
    os.chmod(ro, 0o700)
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            r = t.run("export", stdout=full)
        t.ok(r.rc == 74 and len(r.err.splitlines()) == 1 and "stance: error:" in r.err,
             "a failed write to stdout is 74, said once", r)


def mutate(fn):
    """The example snapshot changed by fn, as bytes."""
    with open(EXAMPLE, encoding="utf-8") as f:
        doc = json.load(f)
    fn(doc)
    return json.dumps(doc, ensure_ascii=False).encode()


def _parent(doc, path):
    """The container of the value at path (a list of keys), and its key."""
    for k in path[:-1]:
        doc = doc[k]
    return doc, path[-1]


def _set(path, value):
    def fn(doc):
        container, key = _parent(doc, path)
        container[key] = value
    return fn


def _delete(path):
    def fn(doc):
        container, key = _parent(doc, path)
        del container[key]
    return fn


def _append(name, item):
    return lambda doc: doc[name].append(item(doc) if callable(item) else item)


with open(EXAMPLE, "rb") as _f:
    _EXAMPLE_BYTES = _f.read()

# (what, snapshot bytes, words the one-line error must hold)
INVALID = [
    ("a truncated file", _EXAMPLE_BYTES[:len(_EXAMPLE_BYTES) // 2].rsplit(b"\n", 1)[0],
     ["$", "truncated"]),
    ("an empty file", b"", ["$:", "empty"]),
    ("invalid UTF-8", _EXAMPLE_BYTES.replace(b"Vladimir Putin", b"Vladimir Put\xc3\x28n"),
     ["$.actors[0]", "UTF-8"]),
    ("deep nesting", b'{"format": "stance-snapshot", "version": 1, "parties": [], "issues": [],'
     b' "statements": [{"text": ' + b"[" * 200 + b"]" * 200 + b"}]}",
     ["$.statements[0]", "nesting"]),
    ("not an object", b"[]", ["$"]),
    ("a wrong format", mutate(_set(["format"], "stance")), ["$.format", "not a stance snapshot"]),
    # v2: version 2 is read now; a version after it is not
    ("a wrong version", mutate(_set(["version"], 3)),
     ["$.version", "unsupported snapshot version 3", "versions 1 to 2"]),
    ("a version that is a string", mutate(_set(["version"], "2")), ["$.version"]),
    ("a wrong type", mutate(_set(["statements", 2, "credibility"], "2")),
     ["$.statements[2].credibility", "expected an integer or null, found a string"]),
    ("a wrong type of array", mutate(_set(["parties"], {})), ["$.parties", "expected an array"]),
    ("a statement that is a string", mutate(_set(["statements", 1], "x")),
     ["$.statements[1]", "expected an object"]),
    ("an unknown member", mutate(_set(["statements", 3, "mood"], "grim")),
     ["$.statements[3].mood", "unknown member"]),
    ("an unknown top-level member", mutate(_set(["comment"], "x")), ["$.comment", "unknown member"]),
    ("a missing member", mutate(_delete(["statements", 3, "said_on"])),
     ["$.statements[3].said_on", "missing"]),
    ("an unknown slug", mutate(_set(["statements", 4, "source"], "bbc")),
     ["$.statements[4].source", "unknown source 'bbc'"]),
    ("an unknown issue", mutate(_set(["statements", 4, "positions", 0, "issue"], "nato")),
     ["$.statements[4].positions[0].issue", "unknown issue 'nato'"]),
    ("an unknown parent", mutate(_set(["issues", 0, "parent"], "nowhere")),
     ["$.issues[0].parent", "unknown issue 'nowhere'"]),
    ("an actor of an unknown party", mutate(_set(["actors", 0, "party"], "nz")),
     ["$.actors[0].party", "unknown party 'nz'"]),
    ("a bad date", mutate(_set(["statements", 5, "said_on"], "2025-02-29")),
     ["$.statements[5].said_on", "2025-02-29"]),
    ("a bad timestamp", mutate(_set(["statements", 5, "recorded_at"], "2025-04-23 12:00")),
     ["$.statements[5].recorded_at", "2025-04-23 12:00"]),
    ("a bad stance", mutate(_set(["statements", 4, "positions", 0, "stance"], "--")),
     ["$.statements[4].positions[0].stance", "invalid stance"]),
    ("an uppercase id", mutate(_set(["statements", 4, "id"], "30953A78-5EEF-4689-924F-AF25D7C10C97")),
     ["$.statements[4].id", "invalid statement id"]),
    ("a bad slug", mutate(_set(["parties", 0, "slug"], "E U")), ["$.parties[0].slug", "E U"]),
    ("a bad reliability", mutate(_set(["sources", 0, "reliability"], "G")),
     ["$.sources[0].reliability", "'G'"]),
    ("a duplicate id", mutate(_append("statements", lambda d: dict(d["statements"][0]))),
     ["$.statements[15].id", "duplicate id"]),
    ("a duplicate slug", mutate(_append("parties", {"slug": "ru", "name": "Russia"})),
     ["$.parties[5].slug", "duplicate slug 'ru'"]),
    ("a duplicate position", mutate(lambda d: d["statements"][4]["positions"].append(
        {"issue": "crimea-recognition", "stance": "oppose"})),
     ["$.statements[4].positions[1].issue", "given twice"]),
    ("an actor of another party", mutate(_set(["statements", 4, "actor"], "putin")),
     ["$.statements[4].actor", "'putin'", "'ru'", "'ua'"]),
    ("a parent cycle", mutate(_set(["issues", 11, "parent"], "crimea-recognition")),
     ["$.issues[", ".parent", "cycle", "crimea-recognition -> territory -> crimea-recognition"]),
    # a version-1 snapshot has none of version 2's members (docs/snapshot.md)
    ("aliases in version 1", mutate(_set(["aliases"], [])), ["$.aliases", "unknown member"]),
    ("revisions in version 1", mutate(_set(["revisions"], [])),
     ["$.revisions", "unknown member"]),
    ("removed in version 1", mutate(_set(["parties", 0, "removed"], False)),
     ["$.parties[0].removed", "unknown member"]),
    ("created_by in version 1", mutate(_set(["actors", 0, "created_by"], "ann")),
     ["$.actors[0].created_by", "unknown member"]),
    ("a point in version 1", mutate(_set(["statements", 4, "positions", 0, "point"], 0)),
     ["$.statements[4].positions[0].point", "unknown member"]),
    ("low in version 1", mutate(_set(["issues", 2, "low"], "none")),
     ["$.issues[2].low", "unknown member"]),
    ("high in version 1", mutate(_set(["issues", 2, "high"], None)),
     ["$.issues[2].high", "unknown member"]),
    ("status_quo in version 1", mutate(_set(["issues", 2, "status_quo"], 50)),
     ["$.issues[2].status_quo", "unknown member"]),
    ("a scale on a party", mutate(lambda d: (d.update(version=2),
                                             d["parties"][0].update(low="x"))),
     ["$.parties[0].low", "unknown member"]),
    ("a status quo that is a string", mutate(lambda d: (
        d.update(version=2), d["issues"][2].update(status_quo="50"))),
     ["$.issues[2].status_quo", "expected a number or null, found a string"]),
    ("a status quo that is true", mutate(lambda d: (
        d.update(version=2), d["issues"][2].update(status_quo=True))),
     ["$.issues[2].status_quo", "expected a number or null, found a boolean"]),
    ("a status quo of 17 digits", mutate(lambda d: (
        d.update(version=2), d["issues"][2].update(status_quo=0.30000000000000004))),
     ["$.issues[2].status_quo", "invalid issue status_quo '0.30000000000000004'",
      "15 significant digits"]),
    ("a status quo beyond any double", mutate(lambda d: d.update(version=2)).replace(
        b'"parent": "territory"', b'"parent": "territory", "status_quo": 1e400', 1),
     ["$.issues[0]", "invalid JSON", "overflow", "1e400"]),
    ("an empty low", mutate(lambda d: (d.update(version=2), d["issues"][2].update(low=""))),
     ["$.issues[2].low", "issue low is empty"]),
    ("a high that is a number", mutate(lambda d: (
        d.update(version=2), d["issues"][2].update(high=100))),
     ["$.issues[2].high", "expected a string or null, found an integer"]),
    # version 2's own rules
    ("a point beyond the scale", mutate(lambda d: (
        d.update(version=2), d["statements"][4]["positions"][0].update(point=101))),
     ["$.statements[4].positions[0].point", "invalid point 101"]),
    ("a point that disagrees with its stance", mutate(lambda d: (
        d.update(version=2), d["statements"][4]["positions"][0].update(point=70))),
     ["$.statements[4].positions[0]", "point 70", "support", "strongly-oppose"]),
]

# Against the database after importing the example: contradictions, each
# listed on its own line (v2: every one, then their count). A position is
# the member positions.ISSUE, compared whole.
_ZELENSKYY_POSITION = '{"stance":"strongly-oppose","point":null,"red_line":%s,"condition":null}'
CONTRADICTIONS = [
    ("a contradicting entity", mutate(_set(["parties", 1, "name"], "Russian Federation")),
     ['$.parties[1].name: snapshot has "Russian Federation", database has "Russia"']),
    ("a contradicting reliability", mutate(_set(["sources", 0, "reliability"], None)),
     ['$.sources[0].reliability: snapshot has null, database has "B"']),
    ("a contradicting statement", mutate(_set(["statements", 4, "said_on"], "2025-04-21")),
     ['$.statements[4].said_on: snapshot has "2025-04-21", database has "2025-04-22"']),
    ("a contradicting position", mutate(_set(["statements", 4, "positions", 0, "stance"],
                                             "oppose")),
     ['$.statements[4].positions.crimea-recognition: snapshot has {"stance":"oppose",'
      '"point":null,"red_line":true,"condition":null}, database has ' +
      _ZELENSKYY_POSITION % "true"]),
    # version 1's false is "not stated", which is not the database's red line
    ("a version-1 red line false against a red line",
     mutate(_set(["statements", 4, "positions", 0, "red_line"], False)),
     ["$.statements[4].positions.crimea-recognition: snapshot has " +
      _ZELENSKYY_POSITION % "null" + ", database has " + _ZELENSKYY_POSITION % "true"]),
    ("a version-2 red line false (stated open) against a red line",
     mutate(lambda d: (d.update(version=2),
                       [p.update(red_line=p["red_line"] or None)
                        for st in d["statements"] for p in st["positions"]],
                       d["statements"][4]["positions"][0].update(red_line=False))),
     ["$.statements[4].positions.crimea-recognition: snapshot has " +
      _ZELENSKYY_POSITION % "false" + ", database has " + _ZELENSKYY_POSITION % "true"]),
    ("a contradicting statement late in the file", mutate(_set(["statements", 14, "text"], "x")),
     ['$.statements[14].text: snapshot has "x", database has "Ukraine is ready to negotiate'
      ' – but not to surrender."']),
    ("a contradicting status quo",
     mutate(lambda d: (d.update(version=2),
                       [p.update(red_line=p["red_line"] or None)
                        for st in d["statements"] for p in st["positions"]],
                       d["issues"][0].update(status_quo=-25.5, high="recognised"))),
     ['$.issues[0].high: snapshot has "recognised", database has null',
      "$.issues[0].status_quo: snapshot has -25.5, database has null"]),
    ("two contradictions", mutate(lambda d: (d["parties"][1].update(name="Russian Federation"),
                                             d["statements"][14].update(text="x"))),
     ['$.parties[1].name: snapshot has "Russian Federation", database has "Russia"',
      '$.statements[14].text: snapshot has "x", database has "Ukraine is ready to negotiate'
      ' – but not to surrender."']),
]

# Against the same database: snapshots that are invalid whatever the
# database holds (a reference to nothing, a parent cycle) are refused as
# invalid, with their path, not listed as contradictions that --prefer
# would resolve; with --prefer too.
INVALID_AGAINST_THE_DATABASE = [case for case in INVALID if case[0] in (
    "an unknown slug", "an unknown parent", "an actor of an unknown party", "a parent cycle")]


@contextlib.contextmanager
def kept(t):
    """Puts the database back as it was after the block, so that one import
    wrongly accepted (a failed check already) does not change what the next
    case meets."""
    with open(t.db, "rb") as f:
        data = f.read()
    try:
        yield
    finally:
        if t.digest() != hashlib.sha256(data).hexdigest():
            for suffix in ("-wal", "-shm"):
                if os.path.exists(t.db + suffix):
                    os.unlink(t.db + suffix)
            with open(t.db, "wb") as f:
                f.write(data)


@test
def invalid_snapshots(t):
    t.init()
    for what, data, words in INVALID:
        path = write(t, "bad.json", data)
        with kept(t):
            t.fails(["import", path], 65, *words, desc=what)
    t.eq(t.query("SELECT count(*) FROM party"), [(0,)], "nothing was ever written")


@test
def contradictions(t):
    t.init()
    t.must("import", EXAMPLE)
    t.must("party", "add", "ch", "--name", "Switzerland")
    for what, data, lines in CONTRADICTIONS:
        contradicts(t, ["import", write(t, "bad.json", data)], lines, what)
    # a valid snapshot that adds something and then contradicts adds nothing
    data = mutate(lambda d: (d["parties"].append({"slug": "zz", "name": "Z"}),
                             d["statements"][14].update(text="x")))
    contradicts(t, ["import", write(t, "bad.json", data)],
                ['$.statements[14].text: snapshot has "x", database has "Ukraine is ready to'
                 ' negotiate – but not to surrender."'], "an addition before a contradiction")
    t.eq(t.query("SELECT slug FROM party WHERE slug = 'zz'"), [], "was rolled back")
    contradicts(t, ["import", "--dry-run", write(t, "bad.json", data)],
                ['$.statements[14].text: snapshot has "x", database has "Ukraine is ready to'
                 ' negotiate – but not to surrender."'], "a dry run lists them too")
    for what, data, words in INVALID_AGAINST_THE_DATABASE:
        path = write(t, "bad.json", data)
        for prefer in ([], ["--prefer", "ours"], ["--prefer", "theirs"]):
            with kept(t):
                t.fails(["import", path] + prefer, 65, *words,
                        desc=" ".join([what, "against the database"] + prefer))


@test
def positions_only_one_side_has(t):
    """v2 (design section 7, rule 3): a position one side has and the other
    lacks is added or kept, where version 1 called it a contradiction;
    coding later is no contradiction."""
    t.init()
    t.must("import", EXAMPLE)
    sid = json.loads(mutate(lambda d: None))["statements"][2]["id"]
    before = t.must("show", sid, "--format", "json").json()["positions"]
    data = mutate(lambda d: d["statements"][2]["positions"].append(
        {"issue": "peace-talks", "stance": "support"}))
    r = t.run("import", write(t, "more.json", data), "--format", "json")
    t.eq(r.json() if r.rc == 0 else r,
         summary(added=(0, 0, 0, 0, 0, 1, 0), unchanged=(5, 4, 4, 14, 15, 19, 0)),
         "a position the database lacks is added")
    t.eq(t.must("show", sid, "--format", "json").json()["positions"],
         sorted(before + [{"issue": "peace-talks", "stance": "support", "point": None,
                           "red_line": None, "condition": None}], key=lambda p: p["issue"]),
         "the statement has it now")
    t.eq(t.query("SELECT count(*) FROM revision"), [(0,)], "adding it writes no revision")
    before = t.digest()
    r = t.run("import", EXAMPLE, "--format", "json")
    t.eq(r.json() if r.rc == 0 else r, summary(unchanged=(5, 4, 4, 14, 15, 19, 0)),
         "a snapshot that lacks it: unchanged")
    t.eq(t.must("show", sid, "--format", "json").json()["positions"][-1]["issue"],
         "peace-talks", "and the position is kept")
    t.eq(t.digest(), before, "the database is unchanged")


@test
def order_independence(t):
    """Entity arrays after the statements, children before parents, members
    in any order: the same database."""
    t.init()
    with open(EXAMPLE, encoding="utf-8") as f:
        doc = json.load(f)
    shuffled = {k: doc[k] for k in ("statements", "issues", "version", "actors", "sources",
                                    "format", "parties")}
    shuffled["issues"] = list(reversed(shuffled["issues"]))
    shuffled["statements"] = list(reversed(shuffled["statements"]))
    since = utc_now(-1)
    r = t.run("import", write(t, "shuffled.json", shuffled), "--format", "json")
    t.eq(r.json(), summary(added=(5, 4, 4, 14, 15, 19, 0)), "the shuffled example imports")
    same_as_example(t, export(t), since, "and exports as the example")


# ---- the schema: both versions ----------------------------------------------

def _v1_full():
    """A version-1 snapshot with every member it may have, as the first
    release exported it (red_line false: not stated)."""
    return {
        "format": "stance-snapshot", "version": 1, "exported_at": "2025-04-23T12:00:00.000Z",
        "parties": [{"slug": "ua", "name": "Ukraine", "kind": "state"},
                    {"slug": "ru", "name": "Russia", "kind": None}],
        "actors": [{"slug": "zelenskyy", "name": "Volodymyr Zelenskyy", "party": "ua",
                    "role": None}],
        "sources": [{"slug": "guardian", "name": "The Guardian", "reliability": "B",
                     "url": None}],
        "issues": [{"slug": "crimea-recognition", "title": "Recognise Crimea",
                    "description": None, "parent": None}],
        "statements": [{
            "id": ID1, "party": "ua", "actor": "zelenskyy", "said_on": "2025-04-22",
            "kind": "quote", "text": "Ukraine will not recognise the occupation of Crimea.",
            "source": "guardian", "url": None, "credibility": 2, "recorded_by": "ann",
            "recorded_at": "2025-04-23T12:00:00+02:00",
            "retracted": {"at": "2025-04-24T10:00:00.000Z", "by": "bob", "reason": "dated"},
            "positions": [{"issue": "crimea-recognition", "stance": "strongly-oppose",
                           "red_line": False, "condition": None}]}],
    }


def _v1_minimal():
    return {"format": "stance-snapshot", "version": 1, "parties": [], "issues": [],
            "statements": []}


def _v2():
    with open(V2_FIXTURE, encoding="utf-8") as f:
        return json.load(f)


def _edit(make, fn):
    def build():
        doc = make()
        fn(doc)
        return doc
    return build


def _assessments(*items):
    return _edit(_v2, lambda d: d.__setitem__("assessments", list(items)))


_ASSESSMENT = {"id": ID2, "party": "iran", "issue": "crimea-recognition", "salience": 90,
               "capability": None, "date": "2025-04-23", "reason": None, "recorded_by": "ann",
               "recorded_at": "2026-11-28T18:00:00.000Z", "retracted": None}

# (what, document) that the schema accepts
SCHEMA_ACCEPTS = [
    ("a version-1 snapshot with every member", _v1_full),
    ("a version-1 snapshot with the required members only", _v1_minimal),
    ("a version-1 snapshot from the tests of the first release", lambda: {
        "format": "stance-snapshot", "version": 1,
        "parties": [{"slug": "ua", "name": "Ukraine"}],
        "issues": [{"slug": "crimea-recognition", "title": "Crimea"}],
        "statements": [{"id": ID1, "party": "ua", "said_on": "2025-04-22", "text": "No.",
                        "positions": [{"issue": "crimea-recognition", "stance": "oppose"}]}]}),
    ("the version-2 fixture", _v2),
    ("a version-2 snapshot with the required members only",
     lambda: dict(_v1_minimal(), version=2)),
    ("a leap second", _edit(_v1_full, lambda d: d["statements"][0].__setitem__(
        "recorded_at", "2016-12-31T23:59:60Z"))),
    ("an assessment of salience", _assessments(_ASSESSMENT)),
    ("an assessment of capability in the whole talks", _assessments(
        dict(_ASSESSMENT, issue=None, salience=None, capability=2.5))),
    ("an outcome", _edit(_v2, lambda d: d["outcomes"].append(
        {"id": ID2, "issue": "crimea-recognition", "date": "2025-06-01", "point": 0,
         "text": "No recognition.", "source": None, "recorded_by": "ann",
         "recorded_at": "2026-11-28T18:00:00.000Z", "retracted": None}))),
    ("a status quo beyond the scale", _edit(_v2, lambda d: d["issues"][0].__setitem__(
        "status_quo", -50))),
]

# (what, document) that the schema refuses
SCHEMA_REFUSES = [
    ("version 3", lambda: dict(_v1_minimal(), version=3)),
    ("aliases in version 1", lambda: dict(_v1_minimal(), aliases=[])),
    ("revisions in version 1", lambda: dict(_v1_minimal(), revisions=[])),
    ("a point in version 1", _edit(_v1_full, lambda d: d["statements"][0]["positions"][0]
                                   .__setitem__("point", 10))),
    ("removed in version 1", _edit(_v1_full, lambda d: d["parties"][0].__setitem__(
        "removed", False))),
    ("status_quo in version 1", _edit(_v1_full, lambda d: d["issues"][0].__setitem__(
        "status_quo", None))),
    ("a point beyond the scale", _edit(_v2, lambda d: d["statements"][1]["positions"][0]
                                       .__setitem__("point", 101))),
    ("a red line that is a string", _edit(_v2, lambda d: d["statements"][0]["positions"][0]
                                          .__setitem__("red_line", "yes"))),
    ("an alias without its entity", _edit(_v2, lambda d: d["aliases"][0].pop("entity"))),
    ("an alias of a statement", _edit(_v2, lambda d: d["aliases"][0].__setitem__(
        "kind", "statement"))),
    ("a revision without changes", _edit(_v2, lambda d: d["revisions"][0].__setitem__(
        "changes", []))),
    ("a revision of a statement keyed by a slug", _edit(_v2, lambda d: d["revisions"][2][
        "target"].__setitem__("key", "iran"))),
    ("a revision without its author", _edit(_v2, lambda d: d["revisions"][0].pop("by"))),
    ("a change without its from", _edit(_v2, lambda d: d["revisions"][0]["changes"][0]
                                        .pop("from"))),
    ("an assessment of both salience and capability",
     _assessments(dict(_ASSESSMENT, capability=1))),
    ("an assessment of neither", _assessments(dict(_ASSESSMENT, salience=None))),
    ("a salience on no issue", _assessments(dict(_ASSESSMENT, issue=None))),
    ("an outcome without its point", _edit(_v2, lambda d: d["outcomes"].append(
        {"id": ID2, "issue": "crimea-recognition", "date": "2025-06-01"}))),
]


@test
def schema_reads_both_versions(t):
    """The schema takes what import reads, version 1 and 2, and refuses
    what it refuses; the bundled example is version 1."""
    with open(EXAMPLE, "rb") as f:
        example = f.read()
    t.eq(json.loads(example)["version"], 1, "the bundled example is a version-1 snapshot")
    valid(t, example, "the version-1 example")
    for what, make in SCHEMA_ACCEPTS:
        valid(t, json.dumps(make()).encode(), what)
    for what, make in SCHEMA_REFUSES:
        if _VALIDATOR is None:
            t.ok(False, what + " (schema)", _SCHEMA_ERROR)
        else:
            t.ok(list(_VALIDATOR.iter_errors(make())), "the schema refuses " + what)


@test
def version_2_imports_and_checks_out(t):
    """The version-2 fixture (an alias, a rename, a coded position, a
    retraction, each with its revision) imports, exports valid, and the
    database it makes is sound; so does a full version-1 snapshot."""
    t.init()
    r = t.run("import", V2_FIXTURE)
    t.succeeds(r, "the version-2 fixture imports")
    export(t)
    r = t.run("check")
    t.succeeds(r, "and the database checks out", out="")
    v1 = os.path.join(t.dir, "v1.db")
    t.must("--db", v1, "init")
    r = t.run("--db", v1, "import", write(t, "v1.json", _v1_full()))
    t.succeeds(r, "a version-1 snapshot with every member imports")
    r = t.must("--db", v1, "export")
    valid(t, r.out_bytes, "its export")
    t.eq(json.loads(r.out)["statements"][0]["positions"][0]["red_line"], None,
         "its red_line false is read as not stated")
    t.succeeds(t.run("--db", v1, "check"), "and that database checks out", out="")


# ---- check: statements recorded twice ---------------------------------------

@test
def check_warns_of_duplicates(t):
    """Statements that look recorded twice are a warning on stderr, not a
    problem: exit 0, nothing on stdout, the database unchanged."""
    t.seed()
    z = t.must("record", "--party", "ua", "--date", "2025-04-22",
               "--text", "Ukraine will not recognise the occupation of Crimea.").out.strip()
    t.must("record", "--party", "ua", "--date", "2025-04-23",
           "--text", "Ukraine will not recognise the occupation of Crimea.")
    t.succeeds(t.run("check"), "the same text on another day is no duplicate", out="")
    d = t.must("record", "--party", "ua", "--date", "2025-04-22",
               "--text", "UKRAINE will not recognise – the occupation of «Crimea»!").out.strip()
    before = t.digest()
    for fmt, out in (("table", ""), ("json", "[]\n"), ("csv", "problem\n")):
        r = t.run("check", "--format", fmt)
        t.eq((r.rc, r.out), (0, out), "a duplicate is no problem (%s)" % fmt)
        t.eq(r.err, "stance: warning: statement %s looks like statement %s recorded twice: "
             "party ua, 2025-04-22, the same text but for case, spacing and punctuation\n"
             % (d[:8], z[:8]), "one warning naming both (%s)" % fmt)
    t.eq(t.digest(), before, "check changed nothing")
    t.must("retract", d, "--reason", "recorded twice")
    t.succeeds(t.run("check"), "a retracted copy is no duplicate", out="")


@test
def check_finds_history_problems(t):
    """A value changed behind stance's back disagrees with its history."""
    t.seed()
    t.must("party", "edit", "ua", "--name", "Ukraina", "--reason", "a test")
    t.succeeds(t.run("check"), "an edit agrees with its revision", out="")
    conn = sqlite3.connect(t.db)
    conn.execute("UPDATE party SET name = 'Ukrayina' WHERE slug = 'ua'")
    conn.commit()
    conn.close()
    r = t.run("check")
    lines = r.out.splitlines()
    t.ok(r.rc == 65 and len(lines) == 1 and
         lines[0].startswith('party ua: name is "Ukrayina", but its latest revision, ') and
         lines[0].endswith(', says "Ukraina"'), "check names the member and the revision", r)


sys.exit(main())

#!/usr/bin/env python3
"""`stance export` and `stance import`: round trips, merges in either order,
idempotence, retractions carried over, dry runs, `-o` written whole or not
at all, and every kind of invalid snapshot refused with its JSON path, exit
65 and the database unchanged. Every exported snapshot is validated against
docs/snapshot.schema.json."""

import json
import os
import re
import subprocess
import sys

from stancetest import BIN, main, test

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "docs", "snapshot.schema.json")
EXAMPLE = os.path.join(ROOT, "examples", "ukraine-talks-2025-04.json")
EXPORTED_AT = re.compile(rb'\n  "exported_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",\n')

try:
    import jsonschema
    _VALIDATOR = jsonschema.Draft202012Validator(json.load(open(SCHEMA, encoding="utf-8")))
    _SCHEMA_ERROR = None
except Exception as e:  # a missing module must fail the tests, not skip them
    _VALIDATOR = None
    _SCHEMA_ERROR = "cannot validate against %s: %r (install python3-jsonschema)" % (SCHEMA, e)

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


def summary(added=(0, 0, 0, 0, 0), unchanged=(0, 0, 0, 0, 0), retracted=0):
    kinds = ("parties", "actors", "sources", "issues", "statements")
    return {"added": dict(zip(kinds, added)), "unchanged": dict(zip(kinds, unchanged)),
            "retracted": retracted}


def other_db(t, name):
    """Runs stance on another database in the case's directory."""
    return lambda *args: t.must("--db", os.path.join(t.dir, name), *args)


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
    t.eq(r.json(), summary(added=(3, 3, 2, 2, 2)), "everything is added")
    r = b("export")
    valid(t, r.out_bytes, "the second export")
    t.eq(masked(r.out_bytes), masked(one), "export -> import -> export: the same bytes")
    t.ok(one != masked(one), "exported_at is there to mask", one[:200])
    doc = json.loads(one)
    t.eq(list(doc), ["format", "version", "exported_at", "parties", "actors", "sources",
                     "issues", "statements"], "members in the order of the format")
    t.eq([p["slug"] for p in doc["parties"]], ["ru", "ua", "us"], "parties by slug")
    t.eq([st["id"] for st in doc["statements"]], [z, s], "statements in order")
    t.eq(doc["statements"][1]["retracted"]["reason"], "wrong account",
         "a retracted statement is exported with its retraction")
    t.ok("–".encode() in one and b"\\u" not in one, "UTF-8 is written as is", one)
    t.ok(one.startswith(b'{\n  "format": "stance-snapshot",\n  "version": 1,\n') and
         one.endswith(b"\n  ]\n}\n"), "2-space indentation, one newline at the end", one)


@test
def the_bundled_example(t):
    t.init()
    r = t.run("import", EXAMPLE)
    t.succeeds(r, "the example imports")
    t.ok(r.out.splitlines()[0].split() == ["what", "added", "unchanged", "retracted"] and
         r.out.splitlines()[5].split() == ["statements", "15", "0", "0"],
         "a summary table for people", r)
    with open(EXAMPLE, "rb") as f:
        example = f.read()
    valid(t, example, "the example")
    t.eq(masked(export(t)), masked(example),
         "the example is exactly what export writes after importing it")
    t.ok(b'"exported_at": "2025-04-23T12:00:00.000Z"' in example, "the example's exported_at")


@test
def import_twice_adds_nothing(t):
    one, _, _ = seeded_snapshot(t)
    path = write(t, "one.json", one)
    r = t.run("import", path, "--format", "json")
    t.succeeds(r, "importing the database's own snapshot")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2)), "everything is unchanged")
    b = other_db(t, "b.db")
    b("init")
    b("import", path)
    r = b("import", path, "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2)), "a second import: all unchanged")
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
    t.eq(r.json(), summary(added=(0, 0, 0, 1, 1), unchanged=(4, 3, 2, 2, 0), retracted=1),
         "ann then bob: bob's retraction is carried over")
    two("import", b_snap)
    r = two("import", a_snap, "--format", "json")
    t.eq(r.json(), summary(unchanged=(4, 3, 2, 2, 1)),
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
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 1), retracted=1), "one retraction carried over")
    r = t.must("show", z, "--format", "json")
    t.eq(r.json()["retracted"], {"at": "2025-04-24T08:00:00.000Z", "by": "ann",
                                 "reason": "misquoted"}, "stored in UTC")
    r = t.must("statements", "--format", "json")
    t.eq([st["id"] for st in r.json()], [s], "the retracted statement is no longer listed")
    r = t.run("import", path, "--format", "json")
    t.eq(r.json(), summary(unchanged=(3, 3, 2, 2, 2)), "the same retraction again: unchanged")
    snap["statements"][0]["retracted"]["reason"] = "another reason"
    t.fails(["import", write(t, "r2.json", snap)], 65,
            "$.statements[0].retracted: snapshot has", '"another reason"', '"misquoted"',
            desc="a different retraction contradicts")


@test
def dry_run_writes_nothing(t):
    t.init()
    before = t.digest()
    r = t.run("import", EXAMPLE, "--dry-run", "--format", "json")
    t.succeeds(r, "a dry run succeeds")
    t.eq(r.json(), summary(added=(5, 4, 4, 14, 15)), "and says what would be added")
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
    t.ok(p.returncode == 0 and json.loads(p.stdout) == summary(added=(5, 4, 4, 14, 15)),
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
    ("a wrong version", mutate(_set(["version"], 2)), ["$.version", "version 2"]),
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
]

# Against the database after importing the example: contradictions.
CONTRADICTIONS = [
    ("a contradicting entity", mutate(_set(["parties", 1, "name"], "Russian Federation")),
     ['$.parties[1].name: snapshot has "Russian Federation", database has "Russia"']),
    ("a contradicting reliability", mutate(_set(["sources", 0, "reliability"], None)),
     ['$.sources[0].reliability: snapshot has null, database has "B"']),
    ("a contradicting statement", mutate(_set(["statements", 4, "said_on"], "2025-04-21")),
     ['$.statements[4].said_on: snapshot has "2025-04-21", database has "2025-04-22"']),
    ("a contradicting position", mutate(_set(["statements", 4, "positions", 0, "red_line"], False)),
     ["$.statements[4].positions[0].red_line: snapshot has false, database has true"]),
    ("a position the database lacks", mutate(lambda d: d["statements"][2]["positions"].append(
        {"issue": "peace-talks", "stance": "support"})),
     ["$.statements[2].positions[0]", "database has no position on issue 'peace-talks'"]),
    ("a contradicting statement late in the file", mutate(_set(["statements", 14, "text"], "x")),
     ['$.statements[14].text: snapshot has "x", database has "']),
]


@test
def invalid_snapshots(t):
    t.init()
    for what, data, words in INVALID:
        path = write(t, "bad.json", data)
        t.fails(["import", path], 65, *words, desc=what)
    t.eq(t.query("SELECT count(*) FROM party"), [(0,)], "nothing was ever written")


@test
def contradictions(t):
    t.init()
    t.must("import", EXAMPLE)
    t.must("party", "add", "ch", "--name", "Switzerland")
    for what, data, words in CONTRADICTIONS:
        path = write(t, "bad.json", data)
        t.fails(["import", path], 65, *words, desc=what)
    # a valid snapshot that adds something and then contradicts adds nothing
    data = mutate(lambda d: (d["parties"].append({"slug": "zz", "name": "Z"}),
                             d["statements"][14].update(text="x")))
    t.fails(["import", write(t, "bad.json", data)], 65, "$.statements[14].text",
            desc="an addition before a contradiction")
    t.eq(t.query("SELECT slug FROM party WHERE slug = 'zz'"), [], "was rolled back")


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
    r = t.run("import", write(t, "shuffled.json", shuffled), "--format", "json")
    t.eq(r.json(), summary(added=(5, 4, 4, 14, 15)), "the shuffled example imports")
    with open(EXAMPLE, "rb") as f:
        t.eq(masked(export(t)), masked(f.read()), "and exports as the example")


sys.exit(main())

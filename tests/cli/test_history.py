#!/usr/bin/env python3
"""The correcting commands of design §7 (party|actor|issue|source edit,
rename, remove, restore; code, recode, uncode, amend, retract, unretract,
revert) and `stance log`: each happy path (exit 0, the revision's id on
stdout, what was done on stderr, the database changed as asked, its log
entry), each refusal (exit code, message, the database unchanged byte for
byte), revert of each kind of change, aliases, and the current positions
and `check` right after every correction."""

import csv
import io
import json
import os
import re
import subprocess
import sys

from stancetest import BIN, SVYRYDENKO_TEXT, main, test

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
ZELENSKYY_LABEL = '"There is nothing new…"'
SVYRYDENKO_LABEL = '"Ukraine is ready to…"'
CSV_HEADER = "id,at,by,reason,kind,key,member,from,to\n"


# ---- helpers --------------------------------------------------------------

def did(t, r, desc, message=None, notes=()):
    """r is a correcting command that worked: exit 0, its revision's id
    alone on stdout, and on stderr the notes given, then one line
    'stance: MESSAGE (revision 1a2b3c4d)'. Returns the revision's id."""
    rev = r.out.strip()
    lines = r.err.splitlines()
    problems = []
    if r.rc != 0:
        problems.append("exit %d" % r.rc)
    if not UUID.fullmatch(rev) or r.out != rev + "\n":
        problems.append("stdout is not one revision id")
    if message is not None:
        want = ["stance: note: %s" % n for n in notes]
        want.append("stance: %s (revision %s)" % (message, rev[:8]))
        if lines != want:
            problems.append("stderr is %r, want %r" % (lines, want))
    elif len(lines) != 1 or not lines[0].startswith("stance: "):
        problems.append("stderr is not one 'stance: ' line")
    t.ok(not problems, desc, "; ".join(problems) + "\n" + str(r))
    return rev


def log(t, *args):
    return t.must("log", *args, "--format", "json").json()


def changes(entry):
    """The changes of a log entry as {member: (from, to)}."""
    return {c["member"]: (c["from"], c["to"]) for c in entry["changes"]}


def entity(t, kind, slug):
    """One entity from 'KIND list --format json', None when not listed."""
    for e in t.must(kind, "list", "--format", "json").json():
        if e["slug"] == slug:
            return e
    return None


def slugs(t, kind):
    return [e["slug"] for e in t.must(kind, "list", "--format", "json").json()]


def show(t, sid):
    return t.must("show", sid, "--format", "json").json()


def current(t):
    """The current positions: {(party, issue): (stance, red_line, statement)}."""
    return {(p["party"], p["issue"]): (p["stance"], p["red_line"], p["statement"])
            for p in t.must("positions", "--format", "json").json()}


def sound(t, desc):
    """`stance check` finds the database sound, current positions and the
    history included."""
    r = t.run("check")
    t.ok(r.rc == 0 and r.out == "" and r.err == "", "check is sound " + desc, r)


def run_stdin(t, data, *args):
    proc = subprocess.run([BIN] + list(args), cwd=t.dir, env=t.env, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def write(t, name, data):
    path = os.path.join(t.dir, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def record(t, *args):
    return t.must("record", *args).out.strip()


# ---- party|actor|issue|source edit ------------------------------------

@test
def edit_sets_members(t):
    t.seed()
    t.must("party", "add", "ir", "--name", "Iarn")
    r = t.run("party", "edit", "ir", "--name", "Iran", "--kind", "state", "--reason", "typo")
    rev = did(t, r, "party edit: the revision, and what it did", "edited party 'ir': kind, name")
    e = entity(t, "party", "ir")
    t.eq((e["name"], e["kind"]), ("Iran", "state"), "party edit: the members are set")
    story = log(t, "ir")
    t.eq(story[0], {"id": rev, "at": story[0]["at"], "by": "tester", "reason": "typo",
                    "target": {"kind": "party", "key": "ir"},
                    "changes": [{"member": "kind", "from": "other", "to": "state"},
                                {"member": "name", "from": "Iarn", "to": "Iran"}]},
         "party edit: its log entry, in the snapshot's shape")
    t.ok(TIMESTAMP.fullmatch(story[0]["at"]), "the revision's time is RFC 3339 UTC", story[0])
    t.eq(story[1:], [{"id": None, "at": story[1]["at"], "by": "tester", "reason": None,
                      "target": {"kind": "party", "key": "ir"}, "changes": [],
                      "created": True}], "the party's story ends with its creation")

    r = t.run("actor", "edit", "rubio", "--role", "", "--name", "Marco A. Rubio")
    did(t, r, "actor edit: '' clears an optional member", "edited actor 'rubio': name, role")
    e = entity(t, "actor", "rubio")
    t.eq((e["name"], e["role"]), ("Marco A. Rubio", None), "actor edit: role cleared, name set")
    t.eq(changes(log(t, "rubio")[0]), {"name": ("Marco Rubio", "Marco A. Rubio"),
                                       "role": ("Secretary of State", None)},
         "actor edit: the old values are in the history")
    r = t.run("source", "edit", "x", "--reliability", "C", "--url", "https://x.com")
    did(t, r, "source edit", "edited source 'x': reliability, url")
    e = entity(t, "source", "x")
    t.eq((e["reliability"], e["url"]), ("C", "https://x.com"), "source edit: the members are set")
    r = t.run("issue", "edit", "nato-membership", "--parent", "crimea-recognition",
              "--description", "Membership of the Alliance")
    did(t, r, "issue edit", "edited issue 'nato-membership': description, parent")
    e = entity(t, "issue", "nato-membership")
    t.eq((e["parent"], e["description"]), ("crimea-recognition", "Membership of the Alliance"),
         "issue edit: the members are set")

    r = t.run("party", "edit", "ir", "--name", "Islamic Republic of Iran", "--format", "json")
    t.ok(r.rc == 0 and r.err == "" and list(r.json()) == ["revision"]
         and UUID.fullmatch(r.json()["revision"]), "edit in json: {\"revision\": id} only", r)
    t.eq(log(t, "ir")[0]["id"], r.json()["revision"], "the json names the revision written")
    r = t.run("party", "edit", "ir", "--kind", "other", "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.out)))
    t.ok(r.rc == 0 and len(rows) == 2 and rows[0] == ["revision"] and UUID.fullmatch(rows[1][0])
         and r.err == "stance: edited party 'ir': kind (revision %s)\n" % rows[1][0][:8],
         "edit in csv: a revision column, and the message", r)
    sound(t, "after the edits")


@test
def edit_sets_the_scale(t):
    """issue edit changes the members of an issue's scale (design §1) with a
    revision: the status quo as a JSON number, '' clearing a member, revert
    bringing the old values back."""
    t.seed()
    t.must("issue", "add", "sanctions", "--title", "Lift the sanctions",
           "--status-quo", "10", "--low", "all stay")
    r = t.run("issue", "edit", "sanctions", "--status-quo", "-20.5", "--high", "all lifted",
              "--low", "every one stays", "--reason", "as agreed")
    rev = did(t, r, "issue edit of the scale", "edited issue 'sanctions': high, low, status_quo")
    e = entity(t, "issue", "sanctions")
    t.eq((e["low"], e["high"], e["status_quo"]), ("every one stays", "all lifted", -20.5),
         "issue edit: the members are set")
    entry = log(t, "sanctions")[0]
    t.eq((entry["id"], entry["changes"]),
         (rev, [{"member": "high", "from": None, "to": "all lifted"},
                {"member": "low", "from": "all stay", "to": "every one stays"},
                {"member": "status_quo", "from": 10, "to": -20.5}]),
         "the history holds the old values, the status quo as a number")
    t.eq(t.query("SELECT c.member, c.from_value, c.to_value FROM revision_change AS c"
                 " JOIN revision AS r ON r.id = c.revision_id WHERE r.uuid = ?"
                 " AND c.member = 'status_quo'", (rev,)),
         [("status_quo", "10", "-20.5")], "stored in the history as JSON numbers")
    t.fails(["issue", "edit", "sanctions", "--status-quo", "-20.50"], 65, "nothing to change",
            desc="the same status quo written otherwise changes nothing")
    r = t.run("issue", "edit", "sanctions", "--status-quo", "250")
    did(t, r, "a status quo beyond the scale", "edited issue 'sanctions': status_quo")
    r = t.run("issue", "edit", "sanctions", "--status-quo", "", "--high", "")
    cleared = did(t, r, "'' clears the members", "edited issue 'sanctions': high, status_quo")
    e = entity(t, "issue", "sanctions")
    t.eq((e["low"], e["high"], e["status_quo"]), ("every one stays", None, None),
         "cleared: null in json")
    t.eq(changes(log(t, "sanctions")[0]), {"high": ("all lifted", None),
                                           "status_quo": (250, None)},
         "the cleared values are in the history")
    r = t.run("revert", cleared[:8])
    did(t, r, "revert of the clearing", "reverted %s on issue 'sanctions': high, status_quo"
        % cleared[:8])
    e = entity(t, "issue", "sanctions")
    t.eq((e["high"], e["status_quo"]), ("all lifted", 250), "revert: the old values are back")
    sound(t, "after the edits of the scale")


@test
def scale_as_known(t):
    """export --as-known T shows an issue's scale as it was at T (design §2
    "As known", §7): the to of the latest revision by T, else the from of
    the first after it."""
    t.seed()
    t.must("issue", "add", "sanctions", "--title", "Lift the sanctions", "--status-quo", "10",
           "--low", "all stay")
    first = t.must("issue", "edit", "sanctions", "--status-quo", "35.5", "--high",
                   "all lifted").out.strip()
    second = t.must("issue", "edit", "sanctions", "--status-quo", "", "--low",
                    "every one stays").out.strip()
    story = {e["id"]: e["at"] for e in log(t, "sanctions")}
    made = [e["at"] for e in log(t, "sanctions") if e.get("created")][0]

    def scale(when):
        doc = json.loads(t.must("export", "--as-known", when).out)
        e = [e for e in doc["issues"] if e["slug"] == "sanctions"]
        return (e[0]["low"], e[0]["high"], e[0]["status_quo"]) if e else None

    t.eq(scale(made), ("all stay", None, 10), "as known when it was made: as added")
    t.eq(scale(story[first]), ("all stay", "all lifted", 35.5), "as known at the first edit")
    t.eq(scale(story[second]), ("every one stays", "all lifted", None),
         "as known at the second edit: the status quo cleared")
    t.eq(scale("2000-01-01"), None, "as known before it was made: no such issue")
    t.eq(entity(t, "issue", "sanctions")["status_quo"], None, "and the database as it is now")


@test
def edit_refuses_bad_scales(t):
    t.seed()
    t.must("issue", "add", "sanctions", "--title", "Lift the sanctions", "--status-quo", "10")
    for value in ("abc", "nan", "inf", "-Infinity", "1e400", "12abc", "0x1A"):
        t.fails(["issue", "edit", "sanctions", "--status-quo", value], 65,
                "invalid issue status_quo '%s'" % value, desc="edit --status-quo %r" % value)
    t.fails(["issue", "edit", "sanctions", "--status-quo", "1.23456789012345678"], 65,
            "15 significant digits")
    t.fails(["issue", "edit", "sanctions", "--low", "x", "--status-quo", "nan"], 65,
            "'nan'", desc="one bad member refuses the whole edit")
    t.fails(["issue", "edit", "sanctions", "--title", ""], 65, "issue title is missing")
    t.fails(["party", "edit", "ua", "--status-quo", "5"], 64, "unknown option '--status-quo'")
    t.eq(entity(t, "issue", "sanctions")["status_quo"], 10, "the status quo as it was")
    t.eq([e for e in log(t) if not e.get("created")], [], "no refusal wrote a revision")


@test
def edit_refusals(t):
    t.seed()
    t.fails(["party", "edit", "nosuch", "--name", "X"], 65, "unknown party 'nosuch'")
    t.fails(["party", "edit", "ua", "--name", "Ukraine"], 65, "nothing to change")
    t.fails(["party", "edit", "ua", "--name", "Ukraine", "--kind", "state"], 65,
            "nothing to change")
    t.fails(["party", "edit", "ua"], 64, "'stance party edit' needs a member to change")
    t.fails(["party", "edit", "ua", "--reason", "why"], 64, "needs a member to change")
    t.fails(["party", "edit", "ua", "--name", ""], 65, "name")
    t.fails(["party", "edit", "ua", "--kind", "empire"], 65, "empire", "state, bloc")
    t.fails(["actor", "edit", "zelenskyy", "--party", "nosuch"], 65, "unknown party 'nosuch'")
    t.fails(["issue", "edit", "nato-membership", "--parent", "nato-membership"], 65, "parent")
    t.fails(["source", "edit", "x", "--reliability", "Z"], 65, "'Z'")
    t.fails(["party", "edit", "ua", "ru", "--name", "X"], 64, "unexpected argument 'ru'")
    t.fails(["party", "edit", "--name", "X"], 64, "needs a SLUG")
    t.fails(["party", "edit", "ua", "--slug", "x"], 64, "unknown option '--slug'")
    t.fails(["party", "edit", "ua", "--name", "X", "--reason", ""], 65, "reason")
    t.fails(["party", "edit", "ua", "--name", "X", "--name", "Y"], 64, "given twice")
    t.eq([e for e in log(t) if not e.get("created")], [], "no refusal wrote a revision")


# ---- rename and aliases ---------------------------------------------------

@test
def rename_leaves_an_alias(t):
    t.seed()
    t.must("party", "add", "ir", "--name", "Iran")
    sid = record(t, "--party", "ir", "--date", "2025-04-20", "--text", "No talks under pressure",
                 "--position", "nato-membership=--")
    r = t.run("party", "rename", "ir", "iran", "--reason", "the usual code")
    rev = did(t, r, "party rename", "renamed party 'ir' to 'iran'")
    t.eq(slugs(t, "party"), ["iran", "ru", "ua", "us"], "the party is listed by its new slug")
    t.eq(show(t, sid)["party"], "iran", "its statements name the new slug")
    story = log(t, "iran")
    t.eq(story[0], {"id": rev, "at": story[0]["at"], "by": "tester", "reason": "the usual code",
                    "target": {"kind": "party", "key": "iran"},
                    "changes": [{"member": "slug", "from": "ir", "to": "iran"}]},
         "rename: the log entry, keyed by the new slug")
    t.eq(current(t).get(("iran", "nato-membership")), ("strongly-oppose", False, sid),
         "the current position moved with the party")

    note = "stance: note: 'ir' is a former slug of party 'iran'\n"
    r = t.run("statements", "--party", "ir", "--format", "csv")
    t.ok(r.rc == 0 and r.err == note and sid in r.out,
         "an alias still names the party in a filter, with a note", r)
    r = t.run("positions", "--party", "ir", "--format", "json")
    t.ok(r.rc == 0 and r.err == note and r.json()[0]["party"] == "iran",
         "an alias in positions, with a note", r)
    r = t.run("record", "--party", "ir", "--date", "2025-04-21", "--text", "Still no")
    t.ok(r.rc == 0 and r.err == note and show(t, r.out.strip())["party"] == "iran",
         "record through an alias stores the party", r)
    r = t.run("party", "edit", "ir", "--name", "Islamic Republic of Iran")
    did(t, r, "edit through an alias", "edited party 'iran': name",
        notes=["'ir' is a former slug of party 'iran'"])
    r = t.run("log", "ir", "--format", "json")
    t.ok(r.rc == 0 and r.err == note and r.json() == log(t, "iran"),
         "log through an alias tells the same story, with a note", r)

    t.fails(["party", "rename", "iran", "ua"], 65, "party 'ua' already exists")
    t.must("party", "add", "xx", "--name", "X")
    t.must("party", "rename", "xx", "yy")
    t.fails(["party", "rename", "iran", "xx"], 65, "'xx' is a former slug of party 'yy'")
    t.fails(["party", "add", "ir", "--name", "Other"], 65, "'ir' is a former slug of party 'iran'")
    t.fails(["party", "rename", "nosuch", "foo"], 65, "unknown party 'nosuch'")
    t.fails(["party", "rename", "iran", "Bad!"], 65, "'Bad!'")
    t.fails(["party", "rename", "iran", "iran"], 65, "nothing to change")
    t.fails(["party", "rename", "iran"], 64, "needs a SLUG and the NEW slug")
    t.fails(["party", "rename", "iran", "a", "b"], 64, "unexpected argument 'b'")

    r = t.run("party", "rename", "iran", "ir", "--reason", "back")
    did(t, r, "a rename back to a former slug", "renamed party 'iran' to 'ir'")
    t.eq(slugs(t, "party"), ["ir", "ru", "ua", "us", "yy"], "the former slug is the slug again")
    r = t.run("statements", "--party", "iran", "--format", "csv")
    t.ok(r.rc == 0 and r.err == "stance: note: 'iran' is a former slug of party 'ir'\n"
         and sid in r.out, "and the other slug is now the alias", r)
    r = t.run("issue", "rename", "nato-membership", "nato")
    did(t, r, "issue rename", "renamed issue 'nato-membership' to 'nato'")
    t.eq(show(t, sid)["positions"][0]["issue"], "nato", "positions name the new issue slug")
    t.eq(current(t).get(("ir", "nato")), ("strongly-oppose", False, sid),
         "the current position follows the renamed issue")
    r = t.run("actor", "rename", "zelenskyy", "zelensky")
    did(t, r, "actor rename", "renamed actor 'zelenskyy' to 'zelensky'")
    r = t.run("source", "rename", "x", "twitter")
    did(t, r, "source rename", "renamed source 'x' to 'twitter'")
    sound(t, "after the renames")


# ---- remove and restore ---------------------------------------------------

@test
def remove_hides_and_restore_brings_back(t):
    t.seed()
    z, _ = t.record_seed()
    t.must("party", "add", "eu", "--name", "European Union")
    r = t.run("party", "remove", "eu", "--reason", "mistyped")
    rev = did(t, r, "party remove", "removed party 'eu'")
    t.eq(slugs(t, "party"), ["ru", "ua", "us"], "a removed party is not listed")
    t.eq(changes(log(t, "eu")[0]), {"removed": (False, True)}, "remove: its log entry")
    t.eq(log(t, "eu")[0]["id"], rev, "remove: the revision printed is the one logged")
    t.fails(["record", "--party", "eu", "--date", "2025-04-01", "--text", "x"], 65,
            "party 'eu' is removed", "stance party restore eu")
    t.fails(["actor", "add", "borrell", "--name", "Josep Borrell", "--party", "eu"], 65,
            "restore")
    t.fails(["party", "add", "eu", "--name", "EU"], 65, "'eu' already exists")
    t.fails(["party", "remove", "eu"], 65, "already removed")
    r = t.run("party", "restore", "eu", "--reason", "it exists after all")
    did(t, r, "party restore", "restored party 'eu'")
    t.eq(slugs(t, "party"), ["eu", "ru", "ua", "us"], "a restored party is listed again")
    t.eq(changes(log(t, "eu")[0]), {"removed": (True, False)}, "restore: its log entry")
    t.fails(["party", "restore", "eu"], 65, "not removed")
    t.fails(["party", "restore", "nosuch"], 65, "unknown party 'nosuch'")
    t.fails(["party", "remove"], 64, "needs a SLUG")

    t.fails(["party", "remove", "us"], 65, "party 'us' is still referred to by actor 'rubio'")
    t.fails(["actor", "remove", "zelenskyy"], 65, "still referred to by statement %s" % z[:8])
    t.fails(["source", "remove", "guardian"], 65, "still referred to by statement %s" % z[:8])
    t.fails(["issue", "remove", "crimea-recognition"], 65,
            "still referred to by statement %s" % z[:8])
    t.must("issue", "add", "membership-date", "--title", "Join by 2030",
           "--parent", "nato-membership")
    t.fails(["issue", "remove", "nato-membership"], 65,
            "still referred to by issue 'membership-date'")
    r = t.run("actor", "remove", "rubio")
    did(t, r, "actor remove of an actor nothing names", "removed actor 'rubio'")
    r = t.run("issue", "remove", "membership-date")
    did(t, r, "issue remove", "removed issue 'membership-date'")
    r = t.run("source", "remove", "x")
    t.ok(r.rc == 65 and "referred to by statement" in r.err, "a source a statement names stays",
         r)
    sound(t, "after removes and restores")


# ---- code, recode, uncode -------------------------------------------------

@test
def code_writes_a_revision(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("code", s[:8], "--position", "nato-membership=+@70~", "--position",
              "crimea-recognition=-", "--condition", "nato-membership=if invited",
              "--reason", "read again")
    rev = did(t, r, "code", "coded %s %s: crimea-recognition, nato-membership"
              % (s[:8], SVYRYDENKO_LABEL))
    oppose = {"stance": "oppose", "point": None, "red_line": None, "condition": None}
    support = {"stance": "support", "point": 70, "red_line": False, "condition": "if invited"}
    t.eq(show(t, s)["positions"], [dict(oppose, issue="crimea-recognition"),
                                   dict(support, issue="nato-membership")],
         "code: the positions are stored, point and open red line too")
    entry = log(t, s)[0]
    t.eq((entry["id"], entry["reason"], entry["target"], changes(entry)),
         (rev, "read again", {"kind": "statement", "key": s},
          {"positions.crimea-recognition": (None, oppose),
           "positions.nato-membership": (None, support)}),
         "code: positions.ISSUE from null in the log")
    # design §2 (v2): Zelenskyy's red line (--!) lasts through a later
    # "oppose" that says nothing of it
    t.eq(current(t).get(("ua", "crimea-recognition")), ("oppose", True, s),
         "code: the later statement is the current position")
    r = t.run("code", z, "--position", "nato-membership=--", "--format", "json")
    t.ok(r.rc == 0 and r.err == "" and UUID.fullmatch(r.json()["revision"]),
         "code in json: the revision", r)
    t.must("issue", "add", "sanctions", "--title", "Lift sanctions")
    t.fails(["code", s, "--position", "nato-membership=+"], 65,
            "already codes issue 'nato-membership'", "stance recode")
    t.fails(["code", s, "--position", "sanctions=+", "--position", "sanctions=-"], 65,
            "given twice")
    t.fails(["code", s, "--position", "sanctions=+@10"], 65, "point 10")
    t.fails(["code", s, "--position", "sanctions=@101"], 65, "101")
    t.fails(["code", s, "--position", "sanctions=maybe"], 65, "'maybe'")
    t.fails(["code", s, "--position", "sanctions=+!~"], 65, "+!~")
    t.fails(["code", s, "--position", "sanctions"], 65, "sanctions")
    t.fails(["code", s, "--position", "bogus=+"], 65, "unknown issue 'bogus'")
    t.fails(["code", "00000000", "--position", "sanctions=+"], 65,
            "no statement with id '00000000'")
    t.fails(["code", s[:6], "--position", "sanctions=+"], 65, "invalid statement id")
    t.fails(["code", s], 64, "needs --position")
    t.must("retract", z, "--reason", "misattributed")
    t.fails(["code", z, "--position", "sanctions=+"], 65, "is retracted", "unretract")
    sound(t, "after code")


@test
def recode_changes_a_coding(t):
    t.seed()
    z, s = t.record_seed()
    e = record(t, "--party", "ua", "--date", "2025-04-01", "--text", "Earlier",
               "--position", "crimea-recognition=-")
    t.eq(current(t)[("ua", "crimea-recognition")], ("strongly-oppose", True, z),
         "before: the red line of z")
    r = t.run("recode", z, "--position", "crimea-recognition=-@20", "--condition",
              "crimea-recognition=for now", "--reason", "softer than read")
    rev = did(t, r, "recode", "recoded %s %s: crimea-recognition" % (z[:8], ZELENSKYY_LABEL))
    new = {"stance": "oppose", "point": 20, "red_line": None, "condition": "for now"}
    t.eq(show(t, z)["positions"], [dict(new, issue="crimea-recognition")],
         "recode: the coding is replaced")
    entry = log(t, z)[0]
    t.eq((entry["id"], changes(entry)),
         (rev, {"positions.crimea-recognition": (
             {"stance": "strongly-oppose", "point": None, "red_line": True, "condition": None},
             new)}), "recode: the old coding is in the history")
    t.eq(current(t)[("ua", "crimea-recognition")], ("oppose", False, z),
         "recode: the current position, its red line ended")
    sound(t, "after recode")
    r = t.run("recode", z, "--position", "crimea-recognition=-@20")
    did(t, r, "recode without --condition", "recoded %s %s: crimea-recognition"
        % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["positions"][0]["condition"], None, "a recode replaces the condition too")
    t.fails(["recode", z, "--position", "crimea-recognition=-@20"], 65, "nothing to change")
    t.fails(["recode", z, "--position", "nato-membership=+"], 65,
            "does not code issue 'nato-membership'", "stance code")
    t.fails(["recode", z, "--position", "crimea-recognition=+@20"], 65, "point 20")
    t.fails(["recode", z, "--position", "crimea-recognition=sideways"], 65, "'sideways'")
    t.fails(["recode", z, "--position", "crimea-recognition=+", "--condition", "nato=x"], 65,
            "names issue 'nato'")
    t.fails(["recode", z], 64, "needs --position")
    t.fails(["recode", "--position", "crimea-recognition=+"], 64, "needs a statement ID")
    t.fails(["recode", "00000000", "--position", "crimea-recognition=+"], 65,
            "no statement with id '00000000'")
    t.must("retract", e, "--reason", "not said")
    t.fails(["recode", e, "--position", "crimea-recognition=0"], 65, "is retracted")
    sound(t, "after the refusals")


@test
def uncode_removes_a_coding(t):
    t.seed()
    z, s = t.record_seed()
    e = record(t, "--party", "ua", "--date", "2025-04-01", "--text", "Earlier",
               "--position", "crimea-recognition=-", "--position", "nato-membership=+")
    r = t.run("uncode", z, "--issue", "crimea-recognition", "--reason", "not about recognition")
    rev = did(t, r, "uncode", "uncoded %s %s: crimea-recognition" % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["positions"], [], "uncode: the coding is gone")
    entry = log(t, z)[0]
    t.eq((entry["id"], changes(entry)),
         (rev, {"positions.crimea-recognition": (
             {"stance": "strongly-oppose", "point": None, "red_line": True, "condition": None},
             None)}), "uncode: positions.ISSUE to null in the log")
    t.eq(current(t)[("ua", "crimea-recognition")], ("oppose", False, e),
         "uncode: the issue goes back to the party's earlier statement")
    r = t.run("statements", "--uncoded", "--format", "csv")
    t.ok(z in r.out, "the statement is uncoded now", r)
    sound(t, "after uncode")
    t.fails(["uncode", z, "--issue", "crimea-recognition"], 65,
            "does not code issue 'crimea-recognition'")
    t.fails(["uncode", z, "--issue", "nosuch"], 65, "nosuch")
    t.fails(["uncode", e, "--issue", "nato-membership", "--issue", "nato-membership"], 65,
            "given twice")
    t.fails(["uncode", e, "--issue", "nato-membership", "--issue", "bogus"], 65, "bogus")
    t.fails(["uncode", z], 64, "needs --issue")
    r = t.run("uncode", e, "--issue", "nato-membership", "--issue", "crimea-recognition")
    did(t, r, "uncode of two issues", "uncoded %s \"Earlier\": crimea-recognition, "
        "nato-membership" % e[:8])
    t.eq(current(t), {}, "no statement holds a position any more")
    t.must("code", e, "--position", "nato-membership=+")
    t.must("retract", e, "--reason", "not said")
    t.fails(["uncode", e, "--issue", "nato-membership"], 65, "is retracted")
    sound(t, "after the refusals")


# ---- amend ------------------------------------------------------------------

@test
def amend_changes_members(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("amend", s, "--date", "2025-04-21", "--kind", "paraphrase", "--source",
              "guardian", "--url", "", "--credibility", "3", "--reason", "checked the source")
    rev = did(t, r, "amend", "amended %s %s: credibility, kind, said_on, source, url"
              % (s[:8], SVYRYDENKO_LABEL))
    st = show(t, s)
    t.eq((st["said_on"], st["kind"], st["source"], st["url"], st["credibility"], st["text"]),
         ("2025-04-21", "paraphrase", "guardian", None, 3, SVYRYDENKO_TEXT),
         "amend: the members given are set, the others kept")
    entry = log(t, s)[0]
    t.eq((entry["id"], entry["reason"], changes(entry)),
         (rev, "checked the source",
          {"credibility": (None, 3), "kind": ("quote", "paraphrase"),
           "said_on": ("2025-04-23", "2025-04-21"), "source": ("x", "guardian"),
           "url": ("https://x.com/Svyrydenko_Y", None)}), "amend: the log entry")

    path = write(t, "text.txt", b"Ukraine is ready to negotiate, not to surrender.\n")
    r = t.run("amend", s, "--text-file", path, "--reason", "the exact words")
    did(t, r, "amend --text-file", "amended %s %s: text" % (s[:8], SVYRYDENKO_LABEL))
    t.eq(show(t, s)["text"], "Ukraine is ready to negotiate, not to surrender.",
         "--text-file: the text without its final newline")
    rc, out, err = run_stdin(t, b"From standard input\r\n", "amend", s, "--text-file", "-",
                             "--reason", "pasted")
    t.ok(rc == 0 and UUID.fullmatch(out.strip()), "--text-file -: reads stdin", err)
    t.eq(show(t, s)["text"], "From standard input", "--text-file -: CRLF dropped too")
    r = t.run("amend", z, "--actor", "", "--credibility", "none", "--reason", "not his words")
    did(t, r, "amend clears the actor and the credibility",
        "amended %s %s: actor, credibility" % (z[:8], ZELENSKYY_LABEL))
    st = show(t, z)
    t.eq((st["party"], st["actor"], st["credibility"]), ("ua", None, None),
         "the party stays, the actor and the credibility are cleared")
    u = record(t, "--party", "us", "--date", "2025-04-17", "--text", "The US plan")
    r = t.run("amend", u, "--actor", "zelenskyy", "--reason", "his words")
    did(t, r, "amend --actor alone brings the actor's party",
        "amended %s \"The US plan\": actor, party" % u[:8])
    t.eq((show(t, u)["party"], show(t, u)["actor"]), ("ua", "zelenskyy"),
         "the actor's party comes with the actor")
    r = t.run("amend", u, "--text", "The US plan, as read", "--format", "json")
    t.fails(["amend", u, "--text", "x"], 64, "needs --reason")
    t.ok(r.rc == 64, "amend without --reason in json: 64 too", r)
    sound(t, "after the amends")


@test
def amend_refusals(t):
    t.seed()
    z, s = t.record_seed()
    t.fails(["amend", s, "--kind", "paraphrase"], 64, "'stance amend' needs --reason")
    t.fails(["amend", s, "--reason", "x"], 64, "'stance amend' needs a member to change")
    t.fails(["amend", s, "--kind", "quote", "--reason", "x"], 65, "nothing to change")
    t.fails(["amend", s, "--kind", "speech", "--reason", "x"], 65, "'speech'")
    t.fails(["amend", s, "--date", "2025-02-30", "--reason", "x"], 65, "'2025-02-30'")
    t.fails(["amend", s, "--credibility", "7", "--reason", "x"], 65,
            "invalid credibility '7' (choose from 1 to 6, or none)")
    t.fails(["amend", s, "--credibility", "0", "--reason", "x"], 65, "invalid credibility '0'")
    t.fails(["amend", s, "--party", "nosuch", "--reason", "x"], 65, "unknown party 'nosuch'")
    t.fails(["amend", s, "--actor", "nosuch", "--reason", "x"], 65, "unknown actor 'nosuch'")
    t.fails(["amend", s, "--source", "nosuch", "--reason", "x"], 65, "unknown source 'nosuch'")
    t.fails(["amend", s, "--party", "us", "--reason", "x"], 65,
            "party 'us' contradicts actor 'svyrydenko'")
    t.fails(["amend", s, "--text", "", "--reason", "x"], 65, "text")
    t.fails(["amend", s, "--text", "a", "--text-file", "f", "--reason", "x"], 64,
            "--text or --text-file, not both")
    t.fails(["amend", s, "--text-file", "missing.txt", "--reason", "x"], 66,
            "cannot open 'missing.txt'")
    big = write(t, "big.txt", b"x" * 100001)
    t.fails(["amend", s, "--text-file", big, "--reason", "x"], 65, "longer than 100000 bytes")
    nul = write(t, "nul.txt", b"a\0b")
    t.fails(["amend", s, "--text-file", nul, "--reason", "x"], 65, "NUL")
    t.fails(["amend", s, "--kind", "report", "--reason", ""], 65, "reason")
    t.fails(["amend", "00000000", "--kind", "report", "--reason", "x"], 65,
            "no statement with id '00000000'")
    t.fails(["amend", "--kind", "report", "--reason", "x"], 64, "needs a statement ID")
    t.must("retract", s, "--reason", "duplicate")
    t.fails(["amend", s, "--kind", "report", "--reason", "x"], 65, "is retracted")
    exact = write(t, "exact.txt", b"y" * 100000 + b"\n")
    r = t.run("amend", z, "--text-file", exact, "--reason", "long")
    t.ok(r.rc == 0 and len(show(t, z)["text"]) == 100000,
         "a text of 100000 bytes and its newline is taken", r)
    sound(t, "after the refusals")


@test
def amend_re_places_the_statement(t):
    t.seed()
    a = record(t, "--party", "ua", "--date", "2025-04-10", "--text", "Maybe",
               "--position", "crimea-recognition=+")
    z = record(t, "--actor", "zelenskyy", "--date", "2025-04-22", "--text", "Never",
               "--position", "crimea-recognition=--!")
    t.eq(current(t)[("ua", "crimea-recognition")], ("strongly-oppose", True, z),
         "before: the later statement is current")
    t.must("amend", z, "--date", "2025-04-01", "--reason", "said earlier")
    t.eq(current(t)[("ua", "crimea-recognition")], ("support", False, a),
         "a new date re-places the statement: the other one is current")
    hist = t.must("history", "--party", "ua", "--issue", "crimea-recognition",
                  "--format", "json").json()
    t.eq([h["statement"] for h in hist], [z, a], "history follows the new date")
    sound(t, "after a new date")
    t.must("amend", a, "--party", "us", "--reason", "wrong party")
    cur = current(t)
    t.eq((cur.get(("ua", "crimea-recognition")), cur.get(("us", "crimea-recognition"))),
         (("strongly-oppose", True, z), ("support", False, a)),
         "a new party re-places the statement for both parties")
    conflicts = t.must("conflicts", "--format", "json").json()
    t.eq([(c["a"]["party"], c["b"]["party"], c["severity"]) for c in conflicts],
         [("ua", "us", "hard")], "the conflict follows")
    sound(t, "after a new party")


# ---- retract and unretract ------------------------------------------------

@test
def retract_and_unretract(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("retract", z[:8], "--reason", "misattributed")
    rev = did(t, r, "retract", "retracted %s %s" % (z[:8], ZELENSKYY_LABEL))
    retracted = show(t, z)["retracted"]
    t.ok(retracted and retracted["by"] == "tester" and retracted["reason"] == "misattributed"
         and TIMESTAMP.fullmatch(retracted["at"]), "retract: stored", retracted)
    entry = log(t, z)[0]
    t.eq((entry["id"], entry["reason"], changes(entry)),
         (rev, "misattributed", {"retracted": (None, retracted)}),
         "retract: retracted from null in the log")
    t.eq(current(t), {}, "a retracted statement holds no current position")
    sound(t, "after retract")
    t.fails(["retract", z, "--reason", "again"], 65, "already retracted")
    t.fails(["unretract", z], 64, "'stance unretract' needs --reason")
    r = t.run("unretract", z, "--reason", "it was his")
    rev = did(t, r, "unretract", "unretracted %s %s" % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["retracted"], None, "unretract: not retracted any more")
    entry = log(t, z)[0]
    t.eq((entry["id"], entry["reason"], changes(entry)),
         (rev, "it was his", {"retracted": (retracted, None)}),
         "unretract: the retraction stays in the history")
    t.eq(current(t)[("ua", "crimea-recognition")], ("strongly-oppose", True, z),
         "unretract: the current position is back")
    sound(t, "after unretract")
    t.fails(["unretract", z, "--reason", "x"], 65, "is not retracted")
    t.fails(["retract", z], 64, "'stance retract' needs --reason")
    t.fails(["retract", z, "--reason", ""], 65, "reason")
    t.fails(["unretract", "00000000", "--reason", "x"], 65,
            "no statement, assessment or outcome with id '00000000'")
    t.fails(["unretract", "--reason", "x"], 64, "needs a statement ID")
    r = t.run("retract", s, "--reason", "duplicate", "--format", "json")
    t.ok(r.rc == 0 and r.err == "" and list(r.json()) == ["revision"], "retract in json", r)


# ---- revert ---------------------------------------------------------------

@test
def revert_each_kind(t):
    t.seed()
    z, s = t.record_seed()
    e = record(t, "--party", "ua", "--date", "2025-04-01", "--text", "Earlier",
               "--position", "crimea-recognition=-")
    t.must("party", "add", "eu", "--name", "European Union")
    before = current(t)

    def revert(rev, desc, message, *args):
        r = t.run("revert", rev[:8], *args)
        new = did(t, r, "revert of " + desc, "reverted %s on %s" % (rev[:8], message))
        sound(t, "after the revert of " + desc)
        return new

    rev = t.must("party", "edit", "ua", "--name", "Ukrainee").out.strip()
    undo = revert(rev, "an edit", "party 'ua': name", "--reason", "typo of a typo")
    t.eq(entity(t, "party", "ua")["name"], "Ukraine", "edit reverted: the old name")
    entry = log(t, "ua")[0]
    t.eq((entry["id"], entry["reason"], changes(entry)),
         (undo, "typo of a typo", {"name": ("Ukrainee", "Ukraine")}),
         "the revert is a revision of its own")

    rev = t.must("party", "rename", "us", "usa").out.strip()
    revert(rev, "a rename", "party 'usa' to 'us'")
    t.eq(slugs(t, "party"), ["eu", "ru", "ua", "us"], "rename reverted: the old slug")
    r = t.run("actor", "list", "--format", "json")
    t.eq([a["party"] for a in r.json() if a["slug"] == "rubio"], ["us"], "and what names it")

    rev = t.must("party", "remove", "eu").out.strip()
    revert(rev, "a remove", "party 'eu': removed")
    t.eq(slugs(t, "party"), ["eu", "ru", "ua", "us"], "remove reverted: listed again")

    rev = t.must("code", s, "--position", "nato-membership=+").out.strip()
    revert(rev, "a code", '%s %s: nato-membership' % (s[:8], SVYRYDENKO_LABEL))
    t.eq(show(t, s)["positions"], [], "code reverted: no coding")

    rev = t.must("recode", z, "--position", "crimea-recognition=0").out.strip()
    t.eq(current(t)[("ua", "crimea-recognition")], ("neutral", False, z), "recoded")
    revert(rev, "a recode", '%s %s: crimea-recognition' % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["positions"], [{"issue": "crimea-recognition", "stance": "strongly-oppose",
                                    "point": None, "red_line": True, "condition": None}],
         "recode reverted: the old coding")
    t.eq(current(t), before, "recode reverted: the current positions as before")

    rev = t.must("uncode", z, "--issue", "crimea-recognition").out.strip()
    t.eq(current(t)[("ua", "crimea-recognition")], ("oppose", False, e), "uncoded")
    revert(rev, "an uncode", '%s %s: crimea-recognition' % (z[:8], ZELENSKYY_LABEL))
    t.eq(current(t), before, "uncode reverted: the coding and the current position are back")

    rev = t.must("amend", z, "--date", "2025-03-01", "--text", "Other words",
                 "--reason", "x").out.strip()
    # design §2 (v2): the red line said earlier lasts through "oppose" without !
    t.eq(current(t)[("ua", "crimea-recognition")], ("oppose", True, e), "amended earlier")
    revert(rev, "an amend", '%s %s: said_on, text' % (z[:8], ZELENSKYY_LABEL))
    st = show(t, z)
    t.eq((st["said_on"], st["text"][:20]), ("2025-04-22", "There is nothing new"),
         "amend reverted: the old date and text")
    t.eq(current(t), before, "amend reverted: the statement is current again")

    rev = t.must("retract", z, "--reason", "wrong").out.strip()
    retraction = show(t, z)["retracted"]
    revert(rev, "a retract", '%s %s: retracted' % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["retracted"], None, "retract reverted: not retracted")
    t.eq(current(t), before, "retract reverted: the current position is back")

    t.must("retract", z, "--reason", "wrong again")
    retraction = show(t, z)["retracted"]
    rev = t.must("unretract", z, "--reason", "right after all").out.strip()
    revert(rev, "an unretract", '%s %s: retracted' % (z[:8], ZELENSKYY_LABEL))
    t.eq(show(t, z)["retracted"], retraction, "unretract reverted: the same retraction again")
    t.eq(current(t).get(("ua", "crimea-recognition")), ("oppose", False, e),
         "unretract reverted: the statement is out of the analysis again")

    rev = t.must("party", "edit", "ru", "--name", "RF").out.strip()
    r = t.run("revert", rev, "--format", "json")
    t.ok(r.rc == 0 and r.err == "" and UUID.fullmatch(r.json()["revision"]),
         "revert in json: the revision", r)
    undo = r.json()["revision"]
    r = t.run("revert", undo)
    did(t, r, "a revert of a revert", "reverted %s on party 'ru': name" % undo[:8])
    t.eq(entity(t, "party", "ru")["name"], "RF", "the revert of the revert redoes it")


@test
def revert_refusals(t):
    t.seed()
    z, _ = t.record_seed()
    r1 = t.must("party", "edit", "ua", "--name", "A").out.strip()
    r2 = t.must("party", "edit", "ua", "--name", "B").out.strip()
    t.fails(["revert", r1], 65, "revision %s changed name of party ua since" % r2[:8],
            "revert that one first")
    r3 = t.must("revert", r2).out.strip()
    t.fails(["revert", r1[:8]], 65, "revision %s changed name" % r3[:8])
    t.eq(entity(t, "party", "ua")["name"], "A", "the later revert holds")
    r4 = t.must("retract", z, "--reason", "x").out.strip()
    r5 = t.must("unretract", z, "--reason", "y").out.strip()
    t.fails(["revert", r4], 65, "revision %s changed retracted" % r5[:8])
    t.fails(["revert", "00000000"], 65, "no revision with id '00000000'")
    t.fails(["revert", "abc"], 65, "invalid revision id 'abc'")
    t.fails(["revert", z], 65, "no revision with id '%s'" % z)
    t.fails(["revert"], 64, "'stance revert' needs a REVISION id")
    t.fails(["revert", r1, r2], 64, "unexpected argument")
    t.fails(["revert", r3, "--reason", ""], 65, "reason")
    sound(t, "after the refusals")


# ---- log --------------------------------------------------------------------

@test
def log_of_an_empty_database(t):
    t.init()
    t.succeeds(t.run("log"), "an empty log says so", "no history\n")
    t.succeeds(t.run("log", "--format", "json"), "an empty log in json", "[]\n")
    t.succeeds(t.run("log", "--format", "csv"), "an empty log in csv: its header", CSV_HEADER)


@test
def log_lists_newest_first(t):
    t.seed()
    z, s = t.record_seed()
    edit = t.must("party", "edit", "ua", "--name", "Ukraine (Kyiv)", "--reason",
                  "the capital").out.strip()
    code = t.must("code", s, "--position", "nato-membership=+@70~", "--condition",
                  "nato-membership=if invited").out.strip()
    retract = t.must("--analyst", "ann", "retract", z, "--reason", "misattributed").out.strip()
    everything = log(t)
    ats = [e["at"] for e in everything]
    t.eq(ats, sorted(ats, reverse=True), "newest first")
    t.eq([e["id"] for e in everything[:3]], [retract, code, edit], "the revisions, newest first")
    t.eq(len([e for e in everything if e.get("created")]), 12,
         "and the creation of each record: 10 entities, 2 statements")
    t.eq([list(e) for e in everything[:1]],
         [["id", "at", "by", "reason", "target", "changes"]], "the snapshot's members in order")
    t.eq(log(t, "--limit", "2"), everything[:2], "--limit")
    t.eq([e["id"] for e in log(t, "--by", "ann")], [retract], "--by")
    t.eq(log(t, "--since", ats[0]), [e for e in everything if e["at"] >= ats[0]],
         "--since a time: from it on")
    t.eq(log(t, "--until", ats[1]), [e for e in everything if e["at"] <= ats[1]],
         "--until a time: up to it")
    today = ats[0][:10]
    t.eq(log(t, "--since", today), everything, "--since a date: from its start")
    t.eq(log(t, "--until", today), everything, "--until a date: to its end")
    t.eq(log(t, "--since", today + "T00:00:00+14:00"), everything, "a time with an offset")
    t.succeeds(t.run("log", "--since", "2999-01-01"), "nothing since", "no history\n")
    t.eq(log(t, "--until", "2000-01-01"), [], "nothing until")
    story = log(t, z[:8])
    t.eq([(e["id"], e["target"]) for e in story],
         [(retract, {"kind": "statement", "key": z}), (None, {"kind": "statement", "key": z})],
         "a statement's story, by an id prefix")
    t.eq([e["id"] for e in log(t, "ua")], [edit, None], "a party's story")

    r = t.run("log", "--limit", "4")
    lines = r.out.splitlines()
    t.eq(lines[0].split(), ["revision", "at", "by", "target", "changes", "reason"],
         "table: the header")
    t.ok(re.fullmatch(r"%s  %s  ann     statement %s  retracted: \(none\) → by ann: misattributed"
                      r"\s+misattributed" % (retract[:8], TIMESTAMP.pattern, z[:8]), lines[1]),
         "table: a retraction", r)
    t.ok(re.fullmatch(r"%s  %s  tester  statement %s  positions\.nato-membership: \(none\) → "
                      r"\+@70~ \(if invited\)\s+-" % (code[:8], TIMESTAMP.pattern, s[:8]),
                      lines[2]), "table: a position as --position writes it", r)
    t.ok(re.fullmatch(r"%s  %s  tester  party ua\s+name: Ukraine → Ukraine \(Kyiv\)\s+"
                      r"the capital" % (edit[:8], TIMESTAMP.pattern), lines[3]),
         "table: an edit", r)
    t.ok(re.fullmatch(r"created   %s  tester  statement %s" % (TIMESTAMP.pattern, s[:8]),
                      lines[4]), "table: a creation", r)
    r = t.run("log", "--format", "csv", "--limit", "3")
    rows = list(csv.reader(io.StringIO(r.out)))
    t.eq(r.out.splitlines()[0] + "\n", CSV_HEADER, "csv: the header")
    t.eq(rows[1:],
         [[retract, ats[0], "ann", "misattributed", "statement", z, "retracted", "null",
           rows[1][8]],
          [code, ats[1], "tester", "", "statement", s, "positions.nato-membership", "null",
           '{"stance":"support","point":70,"red_line":false,"condition":"if invited"}'],
          [edit, ats[2], "tester", "the capital", "party", "ua", "name", '"Ukraine"',
           '"Ukraine (Kyiv)"']], "csv: one row per change, values as JSON")
    t.eq(json.loads(rows[1][8])["reason"], "misattributed", "csv: an object as JSON")
    rows = list(csv.reader(io.StringIO(t.must("log", "ua", "--format", "csv").out)))
    t.eq(rows[2][:1] + rows[2][2:], ["", "tester", "", "party", "ua", "", "", ""],
         "csv: a creation, without a member")


@test
def log_refusals(t):
    t.seed()
    t.fails(["log", "nosuch"], 65, "no record 'nosuch'")
    t.fails(["log", "--since", "yesterday"], 65, "yesterday")
    t.fails(["log", "--until", "2025-02-30"], 65, "2025-02-30")
    t.fails(["log", "--limit", "0"], 65, "invalid limit '0'")
    t.fails(["log", "--limit", "ten"], 65, "invalid limit 'ten'")
    t.fails(["log", "--limit", "-1"], 65, "invalid limit '-1'")
    t.fails(["log", "--limit", "99999999999999999999999"], 65, "invalid limit")
    t.fails(["log", "ua", "ru"], 64, "unexpected argument 'ru'")
    t.fails(["log", "--bogus"], 64, "unknown option '--bogus'")
    t.fails(["--db", "none.db", "log"], 66, "no database")


# ---- every correcting command ----------------------------------------------

@test
def output_fails_before_commit(t):
    t.seed()
    z, s = t.record_seed()
    for args in (["party", "edit", "ua", "--name", "X"], ["party", "rename", "ua", "ukr"],
                 ["party", "remove", "ru"], ["code", s, "--position", "nato-membership=+"],
                 ["recode", z, "--position", "crimea-recognition=-"],
                 ["uncode", z, "--issue", "crimea-recognition"],
                 ["amend", z, "--kind", "report", "--reason", "x"],
                 ["retract", z, "--reason", "x"]):
        before = t.digest()
        with open("/dev/full", "wb") as full:
            r = t.run(*args, stdout=full)
        t.ok(r.rc == 74 and r.err.count("\n") == 1 and "cannot write" in r.err
             and t.digest() == before, "%s >/dev/full: 74, said nothing done, wrote nothing"
             % " ".join(args[:2]), r)


@test
def help_of_the_new_commands(t):
    t.init()
    commands = [["party", "edit"], ["actor", "rename"], ["source", "remove"],
                ["issue", "restore"], ["recode"], ["uncode"], ["amend"], ["unretract"],
                ["revert"], ["log"], ["code"], ["retract"]]
    for words in commands:
        r = t.run(*words, "-h")
        t.ok(r.rc == 0 and r.out.startswith("usage: stance %s" % " ".join(words))
             and r.err == "", "%s -h" % " ".join(words), r)
        t.eq(t.run("help", *words).out, r.out, "stance help %s is its --help" % " ".join(words))
    t.eq(t.run("help").out, t.run("--help").out, "stance help is stance --help")
    r = t.run("help", "party")
    t.ok(r.rc == 0 and "party rename" in r.out and "party restore" in r.out,
         "stance help party: the group's commands", r)
    r = t.run("--help")
    t.ok(all(" %s " % c in r.out for c in ("amend", "log", "recode", "revert", "uncode",
                                           "unretract", "help")),
         "stance --help lists the new commands", r)
    t.fails(["help", "bogus"], 64, "unknown command 'bogus'")
    t.fails(["help", "party", "bogus"], 64, "unknown command 'stance party bogus'")
    t.fails(["help", "log", "extra"], 64, "unexpected argument 'extra'")
    t.fails(["help", "party", "edit", "x"], 64, "unexpected argument 'x'")
    r = t.run("amend", "--help")
    t.ok("none clears" in r.out, "amend --help says how to clear the credibility", r)


sys.exit(main())

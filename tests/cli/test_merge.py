#!/usr/bin/env python3
"""Working as a team (issue 12, design §7): two analysts share a snapshot,
correct and code it each on their own, and merge back without losing
anyone's work, in either order, with the same database after; renames,
concurrent edits, contradictions and --prefer; version-1 snapshots and the
example data still load."""

import json
import os

from stancetest import ZELENSKYY_TEXT, main, test

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Analyst:
    """One analyst's database in the case's directory."""

    def __init__(self, t, name):
        self.t = t
        self.name = name
        self.db = os.path.join(t.dir, name + ".db")
        t.must("--db", self.db, "init")

    def run(self, *args):
        return self.t.run("--db", self.db, "--analyst", self.name, *args)

    def must(self, *args):
        return self.t.must("--db", self.db, "--analyst", self.name, *args)

    def export(self, tag=""):
        path = os.path.join(self.t.dir, "%s%s.json" % (self.name, tag))
        self.must("export", "-o", path)
        return path

    def snapshot(self):
        """The export, but for exported_at, as text."""
        doc = json.loads(self.must("export").out)
        doc.pop("exported_at")
        return json.dumps(doc, indent=1, ensure_ascii=False)


def team(t):
    """Ann with the seed and Zelenskyy's statement; Bob with her snapshot."""
    ann = Analyst(t, "ann")
    for args in (["party", "add", "ir", "--name", "Iarn", "--kind", "state"],
                 ["party", "add", "us", "--name", "United States", "--kind", "state"],
                 ["issue", "add", "enrichment", "--title", "Iran may enrich uranium"],
                 ["issue", "add", "sanctions-relief", "--title", "Lift the sanctions"]):
        ann.must(*args)
    sid = ann.must("record", "--party", "ir", "--date", "2015-04-02", "--text",
                   "We will never give up enrichment.", "--position",
                   "enrichment=++!").out.strip()
    bob = Analyst(t, "bob")
    bob.must("import", ann.export("-0"))
    return ann, bob, sid


@test
def two_analysts_story(t):
    """The issue's story: Bob codes Ann's statement on an issue she had not
    coded; her import takes it (it was exit 65 before); both orders give
    byte-identical exports; a second import changes nothing."""
    ann, bob, sid = team(t)
    bob.must("issue", "add", "missile-curbs", "--title", "Curb missile programmes")
    bob.must("code", sid, "--position", "missile-curbs=+")
    bob_snap = bob.export()
    ann_snap = ann.export()
    r = ann.run("--format", "json", "import", bob_snap)
    t.eq(r.rc, 0, "ann imports bob's coding")
    summary = r.json() if r.rc == 0 else {}
    t.eq(summary.get("added", {}).get("positions"), 1, "one position added")
    t.eq(summary.get("added", {}).get("revisions"), 1, "bob's revision added")
    pos = json.loads(ann.must("--format", "json", "positions").out)
    t.eq(sorted((p["party"], p["issue"], p["stance"]) for p in pos),
         [("ir", "enrichment", "strongly-support"), ("ir", "missile-curbs", "support")],
         "ann's positions hold bob's coding")
    r = bob.run("import", ann_snap)
    t.eq(r.rc, 0, "bob imports ann's older snapshot")
    t.eq(ann.snapshot(), bob.snapshot(), "both databases export the same bytes")
    before = ann.snapshot()
    r = ann.run("--format", "json", "import", bob_snap)
    added = r.json()["added"] if r.rc == 0 else {"x": 1}
    t.ok(r.rc == 0 and not any(added.values()), "a second import adds nothing", r)
    t.eq(ann.snapshot(), before, "and changes nothing")


@test
def rename_then_merge(t):
    """Ann renames a party; Bob still uses the old slug for new work."""
    ann, bob, sid = team(t)
    ann.must("party", "rename", "ir", "iran", "--reason", "house style")
    ann.must("party", "edit", "iran", "--name", "Iran", "--reason", "typo")
    bob.must("record", "--party", "ir", "--date", "2015-04-03", "--text",
             "Enrichment is our right.", "--position", "enrichment=++")
    ann_snap, bob_snap = ann.export(), bob.export()
    t.eq(ann.run("import", bob_snap).rc, 0, "ann takes bob's statement under the old slug")
    t.eq(bob.run("import", ann_snap).rc, 0, "bob takes ann's rename")
    t.eq(ann.snapshot(), bob.snapshot(), "the same database on both sides")
    parties = json.loads(bob.must("--format", "json", "party", "list").out)
    t.eq([(p["slug"], p["name"]) for p in parties], [("iran", "Iran"), ("us", "United States")],
         "bob's party is renamed and its name fixed")
    r = bob.run("--format", "json", "statements", "--party", "ir")
    t.ok(r.rc == 0 and len(r.json()) == 2 and "former slug" in r.err,
         "the old slug still names it, with a note", r)
    aliases = json.loads(bob.must("export").out)["aliases"]
    t.eq(aliases, [{"kind": "party", "slug": "ir", "entity": "iran"}], "the alias is exported")


@test
def conflicting_renames(t):
    """Both rename one issue: the later rename wins in either order, and
    every slug it had names it."""
    ann, bob, sid = team(t)
    ann.must("issue", "rename", "enrichment", "enrich")
    bob.must("issue", "rename", "enrichment", "uranium-enrichment")
    ann_snap, bob_snap = ann.export(), bob.export()
    t.eq(ann.run("import", bob_snap).rc, 0, "ann merges")
    t.eq(bob.run("import", ann_snap).rc, 0, "bob merges")
    t.eq(ann.snapshot(), bob.snapshot(), "the same database on both sides")
    issues = [i["slug"] for i in json.loads(ann.must("--format", "json", "issue", "list").out)]
    t.ok("uranium-enrichment" in issues and "enrich" not in issues,
         "the later rename wins", issues)
    for old in ("enrich", "enrichment"):
        r = ann.run("--format", "json", "statements", "--issue", old)
        t.ok(r.rc == 0 and len(r.json()) == 1, "'%s' still names the issue" % old, r)


@test
def concurrent_edits(t):
    """Both edit one member: the later edit wins on both sides, the import
    says where it won, and the other value stays in the history."""
    ann, bob, sid = team(t)
    ann.must("party", "edit", "ir", "--name", "Iran", "--reason", "typo")
    bob.must("party", "edit", "ir", "--name", "Islamic Republic of Iran", "--reason", "official")
    ann_snap, bob_snap = ann.export(), bob.export()
    r = ann.run("--format", "json", "import", bob_snap)
    resolved = r.json().get("resolved", []) if r.rc == 0 else []
    t.ok(len(resolved) == 1 and resolved[0]["kept"] == "Islamic Republic of Iran"
         and resolved[0]["other"] == "Iran" and resolved[0]["by"] == "later revision",
         "ann's import lists where bob's later edit won", r)
    r = ann.run("import", bob_snap)
    t.ok(r.rc == 0 and "resolved" not in r.err and "kept" not in r.err,
         "nothing is resolved the second time", r)
    t.eq(bob.run("import", ann_snap).rc, 0, "bob merges ann's older edit")
    t.eq(ann.snapshot(), bob.snapshot(), "the same database on both sides")
    log = json.loads(ann.must("--format", "json", "log", "ir").out)
    names = [c["to"] for rev in log for c in rev["changes"] if c["member"] == "name"]
    t.eq(sorted(names), ["Iran", "Islamic Republic of Iran"], "both edits are in the history")


@test
def uncode_and_unretract_merge(t):
    """A position removed by uncode stays removed though bob's snapshot
    still has it; a retraction undone on one side is undone on the other."""
    ann, bob, sid = team(t)
    ann.must("code", sid, "--position", "sanctions-relief=+")
    bob.must("import", ann.export("-1"))
    ann.must("uncode", sid, "--issue", "sanctions-relief", "--reason", "misread")
    bob.must("retract", sid, "--reason", "wrong speaker")
    bob.must("unretract", sid, "--reason", "right speaker after all")
    ann_snap, bob_snap = ann.export(), bob.export()
    t.eq(ann.run("import", bob_snap).rc, 0, "ann merges")
    t.eq(bob.run("import", ann_snap).rc, 0, "bob merges")
    t.eq(ann.snapshot(), bob.snapshot(), "the same database on both sides")
    st = json.loads(bob.must("--format", "json", "show", sid).out)
    t.eq([p["issue"] for p in st["positions"]], ["enrichment"], "the uncoded position is gone")
    t.eq(st["retracted"], None, "the statement is not retracted")
    r = bob.run("check")
    t.ok(r.rc == 0, "check is clean after the merges", r)


@test
def contradictions_and_prefer(t):
    """Values no revision explains contradict: every one is listed, exit 65,
    nothing written; --prefer resolves each as a revision, either way."""
    ann = Analyst(t, "ann")
    bob = Analyst(t, "bob")
    ann.must("party", "add", "ir", "--name", "Iran", "--kind", "state")
    ann.must("party", "add", "us", "--name", "USA")
    bob.must("party", "add", "ir", "--name", "Persia", "--kind", "state")
    bob.must("party", "add", "us", "--name", "United States", "--kind", "state")
    bob_snap = bob.export()
    before = t.digest(ann.db)
    r = ann.run("import", bob_snap)
    lines = r.err.splitlines()
    t.ok(r.rc == 65 and len(lines) == 4 and
         '$.parties[0].name: snapshot has "Persia", database has "Iran"' in r.err and
         "$.parties[1].name" in r.err and "$.parties[1].kind" in r.err and
         "contradicts the database in 3 places" in lines[-1], "every contradiction is listed", r)
    t.eq(t.digest(ann.db), before, "nothing is written")
    r = ann.run("--format", "json", "import", "--prefer", "theirs", bob_snap)
    resolved = r.json()["resolved"] if r.rc == 0 else []
    t.ok(r.rc == 0 and len(resolved) == 3 and all(x["by"] == "theirs" for x in resolved),
         "--prefer theirs resolves all three", r)
    names = {p["slug"]: p["name"] for p in json.loads(ann.must("--format", "json",
                                                               "party", "list").out)}
    t.eq(names, {"ir": "Persia", "us": "United States"}, "their values are kept")
    log = json.loads(ann.must("--format", "json", "log", "ir").out)
    t.ok(any(c["from"] == "Iran" and c["to"] == "Persia" for rev in log
             for c in rev["changes"]), "the value not kept is in the history", log)
    rev = [x["revision"] for x in resolved if x["path"] == "$.parties[0].name"]
    r = ann.run("revert", rev[0] if rev else "00000000")
    t.eq(r.rc, 0, "revert brings the other value back")
    t.eq(json.loads(ann.must("--format", "json", "party", "list").out)[0]["name"], "Iran",
         "ann's name is back")

    cy = Analyst(t, "cy")
    cy.must("party", "add", "ir", "--name", "Iran (cy)")
    r = cy.run("--format", "json", "import", "--prefer", "ours", bob_snap)
    t.ok(r.rc == 0 and r.json()["resolved"][0]["by"] == "ours", "--prefer ours", r)
    t.eq(json.loads(cy.must("--format", "json", "party", "list").out)[0]["name"], "Iran (cy)",
         "our value is kept")
    t.fails(["--db", cy.db, "import", "--prefer", "both", bob_snap], 65, "both",
            desc="import --prefer both")


@test
def version_1_still_imports(t):
    """A version-1 snapshot imports; its red_line false means "not stated"."""
    v1 = {"format": "stance-snapshot", "version": 1,
          "parties": [{"slug": "ua", "name": "Ukraine", "kind": "state"}],
          "issues": [{"slug": "crimea-recognition", "title": "Recognise Crimea"}],
          "statements": [{"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "party": "ua",
                          "said_on": "2025-04-22", "text": ZELENSKYY_TEXT,
                          "positions": [{"issue": "crimea-recognition",
                                         "stance": "strongly-oppose", "red_line": False}]}]}
    path = os.path.join(t.dir, "v1.json")
    with open(path, "w") as f:
        json.dump(v1, f)
    t.must("init")
    r = t.run("import", path)
    t.eq(r.rc, 0, "version 1 imports")
    doc = json.loads(t.must("export").out)
    t.eq(doc["version"], 2, "export writes version 2")
    t.eq(doc["statements"][0]["positions"][0]["red_line"], None, "false became not stated")
    example = os.path.join(ROOT, "examples")
    for name in sorted(os.listdir(example)):
        if name.endswith(".json"):
            db = os.path.join(t.dir, name + ".db")
            t.must("--db", db, "init")
            r = t.run("--db", db, "import", os.path.join(example, name))
            t.ok(r.rc == 0 and t.run("--db", db, "check").rc == 0,
                 "example %s loads and checks" % name, r)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The merge rules of design §7, as a property of the real binary.

Three analysts (ann, bob, cy), each with a database of their own, apply
random sequences of operations in random orders: they add entities, record
statements with positions, correct them with every correcting command
(edit, rename, remove/restore, code, recode, uncode, amend, retract,
unretract, revert), and export to and import from one another, resolving
with --prefer when an import reports contradictions. mergemodel.py keeps a
plain model of §7 beside them; after every step the database that changed
must export exactly what the model says (revision ids and times are read
from the database, since the model cannot know them). Refusals the model
predicts (an import with contradictions, a revert of a member changed
since) must exit 65 and leave the database as it was. Every so often two
databases are merged both ways on copies, which must give the same
database; at the end everything is merged everywhere until nothing
changes, and every export must be the same bytes (but for exported_at),
equal to the model, and unchanged by importing any of them again.

The random choices come from one seed, printed as a TAP comment:
STANCE_MERGE_SEED repeats a run, STANCE_MERGE_ROUNDS sets its length. The
generator only makes operations that are valid (the model is honest about
what it predicts): renames go to fresh slugs or back, entities that can be
removed are never referred to, a statement with an actor never changes
party, issue parents point to earlier issues (no cycles), and the only
contradictions come from two analysts adding the same slug independently.
A database that differs from the model stops the run, which prints the
difference and keeps its directory with commands.sh, every command that led
there (they run as they are in an empty directory). What is wrong without
making a database differ (an import's summary, a number written 34.0) is
noted, the run goes on, and each kind fails a TAP line of its own at the end.
The model's own tests come first: hand-made stories whose answer §7 spells
out (issue 12's two analysts, concurrent edits, a rename while a colleague
uses the old slug, uncode and retract, contradictions and --prefer).

Choices never depend on the program's random ids, so a seed repeats a run,
unless two databases write revisions in the same millisecond (their order
then comes from their random ids, as §7 says).
"""

import collections
import json
import os
import random
import re
import shlex
import shutil
import sys
import traceback

import mergemodel as mm
from stancetest import main, test

ANALYSTS = ("ann", "bob", "cy")
ROUNDS = int(os.environ.get("STANCE_MERGE_ROUNDS") or 500)
SEED = int(os.environ.get("STANCE_MERGE_SEED") or 20250423)
EXPORTED_AT = re.compile(rb'\n  "exported_at": "[^"]*",\n')
# a point written longer than its shortest form (34.0 for 34; design §3)
LONG_POINT = re.compile(rb'"point": -?[0-9]+\.0\b')
SOFT = {
    "summaries": "every import's summary (added, resolved) is the model's",
    "again": "a second import of a snapshot reports nothing added or resolved",
    "points": "every point is written in its shortest form (design §3)",
}

PARTY_KINDS = ("state", "bloc", "organisation", "faction", "other")
STATEMENT_KINDS = ("quote", "paraphrase", "proposal", "report")
SYMBOLS = {-2: "--", -1: "-", 0: "0", 1: "+", 2: "++"}
WORDS = ("Ukraine", "Russia", "Україна", "Türkiye", "Côte d'Ivoire", "Brussels", "ceasefire",
         "sanctions", "Crimea", "guarantees", "grain", "corridor", "referendum", "troops",
         "東京", "élections", "Zaporizhzhia", "reparations", "NATO", "talks")


class Mismatch(Exception):
    """The program and the model disagree (or a command failed)."""


def masked(data):
    return EXPORTED_AT.sub(b'\n  "exported_at": null,\n', data)


def canonical(doc):
    # sort_keys: the members' order is the program's to choose; numbers and
    # booleans stay apart (1 is not true), lists keep their order
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def parse(data):
    """A JSON document with 34.0 read as 34, as the model writes it: how a
    number is written is checked on its own (LONG_POINT)."""
    return json.loads(data, parse_float=lambda s: number(float(s)))


def number(x):
    """A number as json.loads reads the program's shortest form of it."""
    return int(x) if float(x).is_integer() else float(x)


class Db:
    def __init__(self, name):
        self.name = name
        self.path = name + ".db"        # relative: every command runs in the case's dir
        self.state = mm.State()
        self.snapshot = None            # (file, bytes, doc) of the current export


class Fleet:
    def __init__(self, t, rng):
        self.t = t
        self.rng = rng
        self.world = mm.World()
        self.dbs = [Db(n) for n in ANALYSTS]
        self.info = {}                  # eid -> {"scratch": bool, "index": int}
        self.log = []
        self.stats = collections.Counter()
        self.files = 0
        self.texts = 0
        self.slugs = 0
        self.ordinal = {}               # statement id -> the order it was recorded in
        # what is wrong but does not make the databases differ from the
        # model (a summary, how a number is written): noted, the run goes
        # on, and each kind fails a TAP line of its own at the end
        self.soft = collections.OrderedDict((k, []) for k in SOFT)

    # ---- running the program --------------------------------------------

    def run(self, db, *args, analyst=None):
        argv = ["--db", db.path, "--analyst", analyst or db.name, "--format", "json"]
        argv += [str(a) for a in args]
        self.log.append("stance " + " ".join(shlex.quote(a) for a in argv))
        r = self.t.run(*argv)
        self.stats["commands"] += 1
        return r

    def must(self, db, *args, **kw):
        r = self.run(db, *args, **kw)
        if r.rc != 0:
            raise Mismatch("command failed: %s" % r)
        db.snapshot = None
        return r

    def note(self, kind, msg):
        self.soft[kind].append("%s\n  (after: %s)" % (msg, self.log[-1] if self.log else ""))

    def digest(self, db):
        return self.t.digest(os.path.join(self.t.dir, db.path))

    def export(self, db):
        """db's snapshot now: (file name, bytes, parsed)."""
        if db.snapshot is None:
            self.files += 1
            name = "%s-%d.json" % (db.name, self.files)
            before = self.digest(db)
            r = self.run(db, "export", "-o", name)
            if r.rc != 0:
                raise Mismatch("export failed: %s" % r)
            if self.digest(db) != before:
                raise Mismatch("export changed %s" % db.path)
            with open(os.path.join(self.t.dir, name), "rb") as f:
                data = f.read()
            if LONG_POINT.search(data):
                self.note("points", "%s writes %s" % (name, LONG_POINT.search(data).group().decode()))
            db.snapshot = (name, data, parse(data))
        return db.snapshot

    def compare(self, db, what):
        """db's export equals the model's."""
        doc = mm.without_exported_at(self.export(db)[2])
        want = mm.export(self.world, db.state)
        for k in ("assessments", "outcomes"):
            # §8's records, which issue 12 lets wait: none are made here
            if k not in doc:
                del want[k]
        if doc.get("issues") and "status_quo" not in doc["issues"][0]:
            for x in want["issues"]:    # §8's scale of an issue: likewise
                for k in ("low", "high", "status_quo"):
                    x.pop(k, None)
        if canonical(doc) != canonical(want):
            raise Mismatch("%s: %s's export differs from the model:\n%s" % (
                what, db.name, "\n".join(mm.diff(doc, want))))
        self.stats["exports compared"] += 1

    # ---- choosing -------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, items):
        items = sorted(items, key=self.sortkey)
        return self.rng.choice(items) if items else None

    def sortkey(self, x):
        """An order of choices that the program's random ids and times do
        not change, so that a seed repeats a run: statements in the order
        they were recorded (eids and values are ours already)."""
        if isinstance(x, tuple):
            return tuple(self.sortkey(y) for y in x)
        if isinstance(x, str) and x in self.ordinal:
            return "%09d" % self.ordinal[x]
        return "" if x is None else str(x)

    def text(self, n=4):
        self.texts += 1
        words = " ".join(self.rng.choice(WORDS) for _ in range(n))
        return "%s (%d)" % (words, self.texts)

    def fresh_slug(self, kind):
        while True:
            self.slugs += 1
            slug = "%s%d" % (kind[0], self.slugs)
            if self.chance(0.2):
                slug += "-" + self.rng.choice(("x", "new", "2", "bis"))
            if (kind, slug) not in self.world.owner:
                return slug

    def ref(self, db, eid):
        """A slug that names eid in db: mostly its slug, sometimes a former
        one, which must still name it (§7)."""
        aliases = db.state.aliases(self.world, eid)
        if aliases and self.chance(0.3):
            return self.pick(aliases)
        return db.state.slug(eid)

    def usable(self, db, kind):
        """The entities of kind in db that anything may refer to."""
        return [e for e in db.state.entities(kind, removed=False)
                if not self.info[e]["scratch"]]

    def statement_id(self, sid):
        return sid if self.chance(0.7) else sid[:self.rng.randint(8, 13)]

    # ---- checking a correction ---------------------------------------------

    def expect_revision(self, db, r, target, changes, reason, what):
        """The command r wrote one revision: the one the model expects, by
        db's analyst, with db's slugs of the moment. changes may be a
        function of the exported changes (for values that hold a time)."""
        rid = r.json().get("revision")
        name, _, doc = self.export(db)
        raw = [x for x in doc.get("revisions", []) if x.get("id") == rid]
        if not raw:
            raise Mismatch("%s: revision %r is not in %s's export\n%s" % (what, rid, name, r))
        raw = raw[0]
        if callable(changes):
            changes = changes(raw)
        kind = db.state.records[target].kind
        tgt, ch = mm.render_changes(db.state, kind, target, changes)
        want = {"id": rid, "at": raw.get("at"), "by": db.name, "reason": reason,
                "target": tgt, "changes": ch}
        got = dict(raw)
        got["changes"] = sorted(raw.get("changes", []), key=lambda c: c.get("member", ""))
        if canonical(got) != canonical(want):
            raise Mismatch("%s: the revision differs from the model's:\n%s" % (
                what, "\n".join(mm.diff(got, want))))
        if kind != "statement" and "slug" in changes:
            self.world.claim(target, changes["slug"][1])
        rev = self.world.add(self.world.revision_from_json(raw))
        db.state.apply(self.world, rev)
        self.compare(db, what)
        return rev

    def created(self, db, kind, key, what):
        """created_at/by (recorded_at/by) of the record key in db's export."""
        doc = self.export(db)[2]
        field = "id" if kind == "statement" else "slug"
        found = [x for x in doc.get(mm.PLURAL[kind], []) if x.get(field) == key]
        if len(found) != 1:
            raise Mismatch("%s: %s %s is not in %s's export" % (what, kind, key, db.name))
        if kind == "statement":
            return found[0].get("recorded_at"), found[0].get("recorded_by")
        return found[0].get("created_at"), found[0].get("created_by")

    # ---- adding entities and statements ------------------------------------

    def entity_values(self, db, kind, eid):
        """Random members of a new entity of kind eid in db, with the flags
        of `add` that give them."""
        v, flags = {}, []
        if kind == "party":
            v["name"] = self.text(2)
            v["kind"] = self.pick(PARTY_KINDS) if self.chance(0.7) else "other"
            flags = ["--name", v["name"]]
            if v["kind"] != "other" or self.chance(0.5):
                flags += ["--kind", v["kind"]]
        elif kind == "actor":
            v["name"] = self.text(2)
            v["party"] = self.pick(self.usable(db, "party"))
            flags = ["--name", v["name"], "--party", self.ref(db, v["party"])]
            if self.chance(0.6):
                v["role"] = self.text(2)
                flags += ["--role", v["role"]]
        elif kind == "source":
            v["name"] = self.text(1)
            flags = ["--name", v["name"]]
            if self.chance(0.6):
                v["reliability"] = self.pick("ABCDEF")
                flags += ["--reliability", v["reliability"]]
            if self.chance(0.4):
                v["url"] = "https://example.org/%d" % self.rng.randint(1, 10**6)
                flags += ["--url", v["url"]]
        else:
            v["title"] = self.text(3)
            flags = ["--title", v["title"]]
            if self.chance(0.4):
                v["description"] = self.text(5)
                flags += ["--description", v["description"]]
            parents = self.parents(db, eid)
            if parents and self.chance(0.5):
                v["parent"] = self.pick(parents)
                flags += ["--parent", self.ref(db, v["parent"])]
        return v, flags

    def parents(self, db, eid):
        """The issues eid may name as its parent: earlier ones, so that no
        merge of two databases' parents can make a cycle."""
        return [i for i in self.usable(db, "issue") if self.info[i]["index"] < self.info[eid]["index"]]

    def copied_values(self, db, eid):
        """The members of eid as a database that holds it has them, with
        the flags that give them, when db can name what they refer to."""
        holders = [d for d in self.dbs if eid in d.state.records]
        rec = self.rng.choice(holders).state.records[eid]
        kind = rec.kind
        v, flags = {}, []
        for m in mm.MEMBERS[kind]:
            if m in ("slug", "removed"):
                continue
            val = rec.get(m)
            ref = mm.REFERENCES.get((kind, m))
            if ref is not None and val is not None and val not in db.state.records:
                return None
            if val is None:
                continue
            v[m] = val
            if m in ("low", "high", "status_quo"):
                return None
            flags += ["--" + m.replace("_", "-"), self.ref(db, val) if ref else val]
        return v, flags

    def op_add(self, db):
        kind = self.rng.choice(("party", "party", "actor", "source", "issue", "issue"))
        if kind == "actor" and not self.usable(db, "party"):
            kind = "party"
        twin = self.twin(db, kind) if self.chance(0.35) else None
        if twin is not None:
            eid, (values, flags) = twin
            # never renamed: its one slug, as every database that holds it has it
            slug = next(d.state.slug(eid) for d in self.dbs if eid in d.state.records)
            self.stats["adds of a slug another analyst added"] += 1
        else:
            slug = self.fresh_slug(kind)
            eid = self.world.new_entity(kind, slug)
            scratch = self.chance(0.3 if kind != "actor" else 0.25)
            self.info[eid] = {"scratch": scratch, "index": len(self.info)}
            values, flags = self.entity_values(db, kind, eid)
        self.must(db, kind, "add", slug, *flags)
        at, by = self.created(db, kind, slug, "add")
        values = dict(values, slug=slug)
        db.state.create(eid, kind, values, at, by)
        self.compare(db, "%s add %s" % (kind, slug))
        self.stats[kind + " add"] += 1

    def twin(self, db, kind):
        """An entity of kind that another database holds and db does not,
        that was never renamed, with the members db would give it: those
        of a holder (no contradiction) or new ones (contradictions)."""
        renamed = {r.target for r in self.world.revisions.values() if "slug" in r.changes}
        held = {e for d in self.dbs for e in d.state.entities(kind)}
        cands = [e for e in held if e not in db.state.records and e not in renamed]
        eid = self.pick(cands)
        if eid is None:
            return None
        copied = self.copied_values(db, eid) if self.chance(0.5) else None
        if copied is None:
            if kind == "actor" and not self.info[eid]["scratch"]:
                # an actor's party is never contradicted: its statements
                # would then speak for another party than their actor's
                return None
            if kind == "actor" and not self.usable(db, "party"):
                return None
            copied = self.entity_values(db, kind, eid)
        return eid, copied

    def position(self, issue_slug):
        """A random POSITION for --position, its value in the snapshot's
        shape, and the --condition flags that go with it."""
        suffix = self.pick(("", "!", "~"))
        form = self.pick(("stance", "stance", "point", "both"))
        if form == "stance":
            v = self.rng.randint(-2, 2)
            spec = SYMBOLS[v] if self.chance(0.6) else mm.STANCES[v + 2]
            point = None
        else:
            point = number(self.pick((0, 10, 12.5, 25, 37.5, 40, 50, 62.5, 70, 87.5, 100,
                                      self.rng.randint(0, 100))))
            v = mm.point_stance(point)
            spec = "@%s" % point
            if form == "both":
                spec = (SYMBOLS[v] if self.chance(0.5) else mm.STANCES[v + 2]) + spec
        value = {"stance": mm.STANCES[v + 2], "point": point,
                 "red_line": {"": None, "!": True, "~": False}[suffix], "condition": None}
        flags = ["--position", "%s=%s%s" % (issue_slug, spec, suffix)]
        if self.chance(0.25):
            value["condition"] = self.text(3)
            flags += ["--condition", "%s=%s" % (issue_slug, value["condition"])]
        return value, flags

    def positions(self, db, issues):
        values, flags = {}, []
        for i in issues:
            v, f = self.position(self.ref(db, i))
            values[mm.POSITIONS + i] = v
            flags += f
        return values, flags

    def op_record(self, db):
        actors = self.usable(db, "actor")
        parties = self.usable(db, "party")
        if not parties:
            return self.op_add(db)
        v, flags = {}, []
        if actors and self.chance(0.6):
            v["actor"] = self.pick(actors)
            v["party"] = db.state.records[v["actor"]].get("party")
            flags += ["--actor", self.ref(db, v["actor"])]
            if self.chance(0.3):
                flags += ["--party", self.ref(db, v["party"])]
        else:
            v["party"] = self.pick(parties)
            flags += ["--party", self.ref(db, v["party"])]
        v["said_on"] = "2025-%02d-%02d" % (self.rng.randint(1, 12), self.rng.randint(1, 28))
        v["text"] = self.text(6)
        flags += ["--date", v["said_on"], "--text", v["text"]]
        v["kind"] = "quote"
        if self.chance(0.5):
            v["kind"] = self.pick(STATEMENT_KINDS)
            flags += ["--kind", v["kind"]]
        sources = self.usable(db, "source")
        if sources and self.chance(0.6):
            v["source"] = self.pick(sources)
            flags += ["--source", self.ref(db, v["source"])]
        if self.chance(0.3):
            v["url"] = "https://news.example/%d" % self.rng.randint(1, 10**6)
            flags += ["--url", v["url"]]
        if self.chance(0.6):
            v["credibility"] = self.rng.randint(1, 6)
            flags += ["--credibility", v["credibility"]]
        issues = self.usable(db, "issue")
        chosen = self.rng.sample(sorted(issues), min(len(issues), self.rng.randint(0, 2)))
        pv, pf = self.positions(db, chosen)
        v.update(pv)
        r = self.must(db, "record", *(flags + pf))
        sid = r.json().get("id")
        self.ordinal[sid] = len(self.ordinal)
        at, by = self.created(db, "statement", sid, "record")
        db.state.create(sid, "statement", v, at, by)
        self.compare(db, "record %s" % sid)
        self.stats["record"] += 1

    # ---- correcting statements -------------------------------------------

    def live_statements(self, db):
        return [s for s in db.state.statements()
                if db.state.records[s].get("retracted") is None]

    def coded(self, db, sid):
        rec = db.state.records[sid]
        return [m[len(mm.POSITIONS):] for m in rec.values if m.startswith(mm.POSITIONS)]

    def reason(self, required=False):
        return self.text(2) if required or self.chance(0.5) else None

    def with_reason(self, args, reason):
        return args + ["--reason", reason] if reason is not None else args

    def op_code(self, db):
        cands = [(s, i) for s in self.live_statements(db) for i in self.usable(db, "issue")
                 if i not in self.coded(db, s)]
        if not cands:
            return self.op_record(db)
        sid = self.pick(cands)[0]
        free = sorted({i for s, i in cands if s == sid})
        issues = self.rng.sample(free, min(len(free), self.rng.randint(1, 2)))
        values, flags = self.positions(db, issues)
        self.correct(db, "code", sid, flags, {m: (None, v) for m, v in values.items()})

    def correct(self, db, verb, sid, flags, changes):
        """Runs a correcting command on statement sid: one revision."""
        reason = self.reason()
        r = self.must(db, *self.with_reason([verb, self.statement_id(sid)] + flags, reason))
        self.expect_revision(db, r, sid, changes, reason, verb)
        self.stats[verb] += 1

    def some_coded(self, db):
        """A statement that codes something, and one or two of its issues."""
        sid = self.pick(s for s in self.live_statements(db) if self.coded(db, s))
        if sid is None:
            return None, None, None
        coded = self.coded(db, sid)
        issues = self.rng.sample(sorted(coded), min(len(coded), self.rng.randint(1, 2)))
        return sid, db.state.records[sid], issues

    def op_recode(self, db):
        sid, rec, issues = self.some_coded(db)
        if sid is None:
            return self.op_code(db)
        changes, flags = {}, []
        for i in issues:
            old = rec.get(mm.POSITIONS + i)
            while True:
                v, f = self.position(self.ref(db, i))
                if v != old:
                    break
            changes[mm.POSITIONS + i] = (old, v)
            flags += f
        self.correct(db, "recode", sid, flags, changes)

    def op_uncode(self, db):
        sid, rec, issues = self.some_coded(db)
        if sid is None:
            return self.op_code(db)
        flags = []
        for i in issues:
            flags += ["--issue", self.ref(db, i)]
        changes = {mm.POSITIONS + i: (rec.get(mm.POSITIONS + i), None) for i in issues}
        self.correct(db, "uncode", sid, flags, changes)

    def op_amend(self, db):
        sid = self.pick(self.live_statements(db))
        if sid is None:
            return self.op_record(db)
        rec = db.state.records[sid]
        options = ["said_on", "text", "kind", "url", "credibility", "source"]
        if rec.get("actor") is None and len(self.usable(db, "party")) > 1:
            # a statement with an actor keeps its party: a merge could
            # otherwise join one side's party to the other side's actor
            options.append("party")
        changes, flags = {}, []
        for m in self.rng.sample(options, self.rng.randint(1, 2)):
            old = rec.get(m)
            if m == "said_on":
                new = "2025-%02d-%02d" % (self.rng.randint(1, 12), self.rng.randint(1, 28))
                flag = ["--date", new]
            elif m == "text":
                new = self.text(5)
                flag = ["--text", new]
            elif m == "kind":
                new = self.pick(k for k in STATEMENT_KINDS if k != old)
                flag = ["--kind", new]
            elif m == "url":
                new = None if old is not None and self.chance(0.4) else \
                    "https://news.example/a%d" % self.rng.randint(1, 10**6)
                flag = ["--url", new or ""]
            elif m == "credibility":
                new = self.pick(c for c in range(1, 7) if c != old)
                flag = ["--credibility", new]
            elif m == "source":
                others = [s for s in self.usable(db, "source") if s != old]
                new = None if old is not None and (not others or self.chance(0.3)) else \
                    self.pick(others)
                flag = ["--source", self.ref(db, new) if new else ""]
            else:
                new = self.pick(p for p in self.usable(db, "party") if p != old)
                flag = ["--party", self.ref(db, new)]
            if new == old:
                continue
            changes[m] = (old, new)
            flags += flag
        if not changes:
            return self.op_amend(db)
        reason = self.reason(required=True)
        r = self.must(db, "amend", self.statement_id(sid), *flags, "--reason", reason)
        self.expect_revision(db, r, sid, changes, reason, "amend")
        self.stats["amend"] += 1

    def op_retract(self, db):
        sid = self.pick(self.live_statements(db))
        if sid is None:
            return self.op_record(db)
        reason = self.reason(required=True)
        r = self.must(db, "retract", self.statement_id(sid), "--reason", reason)

        def changes(raw):
            to = [c.get("to") for c in raw.get("changes", []) if c.get("member") == "retracted"]
            to = to[0] if to and isinstance(to[0], dict) else {}
            if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", str(to.get("at"))):
                raise Mismatch("retract: retracted.at is %r\n%s" % (to.get("at"), raw))
            # the retraction's time is the program's; who and why are ours
            return {"retracted": (None, {"at": to.get("at"), "by": db.name, "reason": reason})}
        self.expect_revision(db, r, sid, changes, reason, "retract")
        self.stats["retract"] += 1

    def op_unretract(self, db):
        cands = [s for s in db.state.statements()
                 if db.state.records[s].get("retracted") is not None]
        if not cands:
            return self.op_retract(db)
        sid = self.pick(cands)
        reason = self.reason(required=True)
        r = self.must(db, "unretract", self.statement_id(sid), "--reason", reason)
        old = db.state.records[sid].get("retracted")
        self.expect_revision(db, r, sid, {"retracted": (old, None)}, reason, "unretract")
        self.stats["unretract"] += 1

    # ---- correcting entities ---------------------------------------------

    def op_edit(self, db):
        kind = self.pick(mm.KINDS)
        eid = self.pick(db.state.entities(kind, removed=False))
        if eid is None:
            return self.op_add(db)
        rec = db.state.records[eid]
        scratch = self.info[eid]["scratch"]
        options = {"party": ["name", "kind"], "actor": ["name", "role"],
                   "source": ["name", "reliability", "url"],
                   "issue": ["title", "description", "parent"]}[kind]
        if kind == "actor" and scratch and len(self.usable(db, "party")) > 1:
            # only an actor no statement names may move to another party
            options.append("party")
        changes, flags = {}, []
        for m in self.rng.sample(options, self.rng.randint(1, min(2, len(options)))):
            old = rec.get(m)
            clear = old is not None and m not in ("name", "title", "kind") and self.chance(0.3)
            if m in ("name", "title", "role", "description"):
                new = None if clear else self.text(2)
            elif m == "kind":
                new = self.pick(k for k in PARTY_KINDS if k != old)
            elif m == "reliability":
                new = None if clear else self.pick(x for x in "ABCDEF" if x != old)
            elif m == "url":
                new = None if clear else "https://example.org/e%d" % self.rng.randint(1, 10**6)
            elif m == "party":
                new = self.pick(p for p in self.usable(db, "party") if p != old)
            else:
                others = [p for p in self.parents(db, eid) if p != old]
                new = None if clear or not others else self.pick(others)
            if new == old:
                continue
            changes[m] = (old, new)
            arg = "" if new is None else self.ref(db, new) if m in ("party", "parent") else new
            flags += ["--" + m, arg]
        if not changes:
            return self.op_edit(db)
        reason = self.reason()
        r = self.must(db, *self.with_reason([kind, "edit", self.ref(db, eid)] + flags, reason))
        self.expect_revision(db, r, eid, changes, reason, "%s edit" % kind)
        self.stats[kind + " edit"] += 1

    def op_rename(self, db):
        kind = self.pick(mm.KINDS)
        eid = self.pick(db.state.entities(kind, removed=False))
        if eid is None:
            return self.op_add(db)
        old = db.state.slug(eid)
        former = db.state.aliases(self.world, eid)
        new = self.pick(former) if former and self.chance(0.3) else self.fresh_slug(kind)
        reason = self.reason()
        name = self.ref(db, eid)
        name = old if name == new else name
        r = self.must(db, *self.with_reason([kind, "rename", name, new], reason))
        self.world.claim(eid, new)
        self.expect_revision(db, r, eid, {"slug": (old, new)}, reason, "%s rename" % kind)
        self.stats[kind + " rename" + (" back" if new in former else "")] += 1

    def op_remove(self, db, restore=False):
        cands = [e for k in mm.KINDS for e in db.state.entities(k, removed=restore)
                 if self.info[e]["scratch"]]
        eid = self.pick(cands)
        if eid is None:
            return self.op_add(db)
        kind = db.state.records[eid].kind
        reason = self.reason()
        verb = "restore" if restore else "remove"
        r = self.must(db, *self.with_reason([kind, verb, self.ref(db, eid)], reason))
        self.expect_revision(db, r, eid, {"removed": (restore, not restore)}, reason,
                             "%s %s" % (kind, verb))
        self.stats[kind + " " + verb] += 1

    def op_restore(self, db):
        return self.op_remove(db, restore=True)

    def hidden(self, db, rid):
        """A retracted statement or a removed entity: what most corrections
        refuse."""
        rec = db.state.records[rid]
        return bool(rec.get("retracted") if rec.kind == "statement" else rec.get("removed"))

    def revertible(self, db, rev):
        """Whether reverting rev in db is a valid command whose result the
        model knows: no later change of its members here, and nothing that
        the refusals of retracted statements or removed entities would
        stop (only the retraction or removal itself is undone there)."""
        if db.state.revert_blocker(self.world, rev.id) is not None:
            return False
        rec = db.state.records[rev.target]
        if rec.kind == "statement" and rec.get("retracted") is not None:
            return set(rev.changes) == {"retracted"}
        if rec.kind != "statement" and rec.get("removed"):
            return set(rev.changes) == {"removed"}
        return True

    def op_revert(self, db):
        revs = sorted((self.world.revisions[i] for i in db.state.revisions), key=lambda r: r.seq)
        if not revs:
            return self.op_edit(db)
        blocked = [r for r in revs if db.state.revert_blocker(self.world, r.id) is not None
                   and not self.hidden(db, r.target)]
        if blocked and self.chance(0.15):
            return self.refuse_revert(db, self.rng.choice(blocked))
        # the recent ones more often: that is what analysts undo
        cands = [r for r in revs[-12:] if self.revertible(db, r)] or \
            [r for r in revs if self.revertible(db, r)]
        if not cands:
            return self.op_edit(db)
        rev = self.rng.choice(cands)
        changes = {m: (t, f) for m, (f, t) in rev.changes.items()}
        reason = self.reason()
        rid = rev.id if self.chance(0.7) else rev.id[:self.rng.randint(8, 12)]
        r = self.must(db, *self.with_reason(["revert", rid], reason))
        # without --reason, the program's own words (git's "Revert ...")
        reason = reason or "revert of %s" % rev.id[:8]
        self.expect_revision(db, r, rev.target, changes, reason, "revert %s" % rev.id)
        self.stats["revert"] += 1

    def refuse_revert(self, db, rev):
        """A revert of a member changed since is refused, naming the later
        revision, and changes nothing."""
        blocker = db.state.revert_blocker(self.world, rev.id)
        later = [r.id for r in self.world.revisions.values() if r.id in db.state.revisions
                 and r.target == rev.target and set(r.changes) & set(rev.changes)
                 and r.order > rev.order]
        before = self.digest(db)
        r = self.run(db, "revert", rev.id)
        problems = []
        if r.rc != 65:
            problems.append("exit %d, want 65" % r.rc)
        if not any(i[:8] in r.err for i in later):
            problems.append("stderr names none of the later revisions %s" % ", ".join(later))
        if self.digest(db) != before:
            problems.append("the database changed")
        if problems:
            raise Mismatch("revert %s (changed since by %s): %s\n%s" % (
                rev.id, blocker.id, "; ".join(problems), r))
        self.stats["revert refused"] += 1

    # ---- merging -------------------------------------------------------------

    def op_import(self, d=None, e=None, force=False):
        """d imports e's snapshot as the model says it must: refused while
        there are contradictions, then (mostly, always when forced)
        resolved with --prefer. Returns whether it imported."""
        if d is None:
            d, e = self.rng.sample(self.dbs, 2)
        name = self.export(e)[0]
        m = mm.merge(self.world, d.state, e.state)
        prefer = None
        if m.contradictions:
            self.refuse_import(d, name, m)
            if not force and self.chance(0.3):
                return False
            prefer = self.pick(("ours", "theirs"))
            m = mm.merge(self.world, d.state, e.state, prefer)
        elif self.chance(0.05):
            prefer = self.pick(("ours", "theirs"))   # nothing to resolve: no effect
        r = self.must(d, *(["import", name] + (["--prefer", prefer] if prefer else [])))
        what = "%s imports %s (%s)%s" % (d.name, e.name, name,
                                         " --prefer " + prefer if prefer else "")
        written = self.adopt_resolutions(d, m, name, what)
        d.state = m.state
        self.compare(d, what)
        self.check_summary(r, m, written, what)
        self.stats["imports" + (" --prefer" if m.resolutions else "")] += 1
        if self.chance(0.25):
            self.reimport(d, name, what)
        if self.chance(0.2):
            self.must(d, "check")
        return True

    def refuse_import(self, d, name, m):
        """An import with contradictions exits 65, lists them and writes
        nothing."""
        before = self.digest(d)
        r = self.run(d, "import", name)
        problems = []
        if r.rc != 65:
            problems.append("exit %d, want 65" % r.rc)
        if self.digest(d) != before:
            problems.append("the database changed")
        lines = r.err.splitlines()
        if not lines or not all(x.startswith("stance: error: ") for x in lines):
            problems.append("not 'stance: error: ' lines")
        count = re.search(r"in (\d+) places?\b", lines[-1] if lines else "")
        if not count or int(count.group(1)) != len(m.contradictions):
            problems.append("the count is not %d" % len(m.contradictions))
        listed = self.listed_contradictions(lines[:-1], name)
        want = {(c.rid, c.member) for c in m.contradictions}
        if len(lines) - 1 != min(len(want), 100) or (listed is not None and listed != want):
            problems.append("it lists %r, want %r" % (sorted(listed or lines[:-1]), sorted(want)))
        if problems:
            raise Mismatch("%s imports %s, with %d contradictions %r: %s\n%s" % (
                d.name, name, len(m.contradictions), m.contradictions, "; ".join(problems), r))
        self.stats["imports refused"] += 1
        self.stats["contradictions"] += len(m.contradictions)

    def listed_contradictions(self, lines, name):
        """The (record, member) pairs that contradiction lines name by JSON
        path into the snapshot, or None when a path is not one of an
        entity's or a statement's plain member."""
        doc = json.loads(open(os.path.join(self.t.dir, name), "rb").read())
        out = set()
        for line in lines:
            p = re.match(r"stance: error: \$\.(\w+)\[(\d+)\]\.(\w+): snapshot has ", line)
            kinds = {v: k for k, v in mm.PLURAL.items()}
            if not p or p.group(1) not in kinds:
                return None
            item = doc[p.group(1)][int(p.group(2))]
            kind = kinds[p.group(1)]
            rid = item["id"] if kind == "statement" else self.world.eid(kind, item["slug"])
            out.add((rid, p.group(3)))
        return out

    def adopt_resolutions(self, d, m, name, what):
        """The revisions a --prefer import wrote must be the model's
        resolutions (from the value not kept, to the one kept), by d's
        analyst, for a reason that names the file; they join the model."""
        doc = self.export(d)[2]
        raws = [x for x in doc.get("revisions", []) if x.get("id") not in self.world.revisions]
        revs = sorted((self.world.revision_from_json(x) for x in raws),
                      key=lambda r: canonical([r.target, sorted(r.changes)]))
        got = sorted(canonical([r.target, mm_, f, t]) for r in revs
                     for mm_, (f, t) in r.changes.items())
        want = sorted(canonical(list(x)) for x in m.resolutions)
        problems = []
        if got != want:
            problems.append("revisions written:\n  %s\nwant:\n  %s" % (
                "\n  ".join(got), "\n  ".join(want)))
        for r in revs:
            if r.by != d.name or name not in (r.reason or ""):
                problems.append("revision %s by %r for %r" % (r.id, r.by, r.reason))
        if problems:
            raise Mismatch("%s: %s" % (what, "\n".join(problems)))
        for r in revs:
            self.world.add(r)
            m.state.revisions.add(r.id)
        return revs

    def check_summary(self, r, m, written, what):
        """import's JSON summary: what it added, and what it resolved."""
        s = r.json()
        added = s.get("added", {})
        problems = []
        for k in ("parties", "actors", "sources", "issues", "statements", "positions"):
            if added.get(k) != m.added[k]:
                problems.append("added %s %r, want %d" % (k, added.get(k), m.added[k]))
        if added.get("revisions") not in (m.added["revisions"],
                                          m.added["revisions"] + len(written)):
            problems.append("added revisions %r, want %d" % (added.get("revisions"),
                                                             m.added["revisions"]))
        if s.get("retracted") != m.retracted:
            problems.append("retracted %r, want %d" % (s.get("retracted"), m.retracted))
        by = collections.Counter(x.get("by") for x in s.get("resolved", []))
        want = collections.Counter()
        want["later revision"] = len(m.resolved)
        want[m.prefer] += len(m.resolutions)
        if +by != +want:
            problems.append("resolved by %r, want %r (model: %r)" % (
                dict(by), dict(+want), m.resolved))
        # each names the revision that decided it: the latest, or the new one
        ids = sorted(x.get("revision") or "" for x in s.get("resolved", []))
        want_ids = sorted([x[4] for x in m.resolved] + [r.id for r in written])
        if ids != want_ids:
            problems.append("resolved names revisions %s, want %s" % (ids, want_ids))
        if problems:
            self.note("summaries", "%s: %s\n%s" % (what, "; ".join(problems),
                                                   json.dumps(s, sort_keys=True)[:2000]))

    def reimport(self, d, name, what):
        """Importing the same snapshot again changes nothing."""
        before = masked(self.export(d)[1])
        r = self.must(d, "import", name)
        s = r.json()
        after = masked(self.export(d)[1])
        if before != after:
            raise Mismatch("%s again: the database changed\n%s" % (
                what, "\n".join(mm.diff(json.loads(after), json.loads(before)))))
        if any(s.get("added", {}).values()) or s.get("resolved"):
            self.note("again", "%s again: the summary says it changed something: %s" % (
                what, json.dumps(s, sort_keys=True)[:2000]))
        self.stats["imports again"] += 1

    def copy_db(self, db, tag):
        c = Db("%s-%s" % (db.name, tag))
        for suffix in ("", "-wal"):
            src = os.path.join(self.t.dir, db.path + suffix)
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(self.t.dir, c.path + suffix))
        c.state = db.state.copy()
        return c

    def check_symmetric(self, a, b):
        """Merging a into b and b into a, on copies, gives one database,
        the model's."""
        if mm.merge(self.world, a.state, b.state).contradictions:
            return False
        self.files += 1
        tag = "sym%d" % self.files
        fa, fb = self.export(a)[0], self.export(b)[0]
        ca, cb = self.copy_db(a, tag), self.copy_db(b, tag)
        self.must(ca, "import", fb, analyst=a.name)
        self.must(cb, "import", fa, analyst=b.name)
        ea, eb = self.export(ca), self.export(cb)
        if masked(ea[1]) != masked(eb[1]):
            raise Mismatch("%s into %s and %s into %s differ (%s, %s):\n%s" % (
                b.name, a.name, a.name, b.name, ea[0], eb[0],
                "\n".join(mm.diff(ea[2], eb[2]))))
        ca.state = mm.merge(self.world, a.state, b.state).state
        self.compare(ca, "%s and %s merged on copies" % (a.name, b.name))
        self.stats["symmetric merges"] += 1
        return True

    def converge(self):
        """Everyone imports everyone's snapshot until nothing changes."""
        for _ in range(10):
            changed = False
            for d in self.dbs:
                for e in self.dbs:
                    if d is e:
                        continue
                    before = masked(self.export(d)[1])
                    self.op_import(d, e, force=True)
                    changed |= masked(self.export(d)[1]) != before
            if not changed:
                return
        raise Mismatch("ten rounds of imports everywhere still change something")

    def check_log(self, db):
        """`log` is the export's revisions, newest first, beside one
        creation per record."""
        r = self.must(db, "log")
        entries = parse(r.out)
        revs = [x for x in entries if not x.get("created")]
        for x in revs:
            x.pop("created", None)
        want = list(reversed(self.export(db)[2].get("revisions", [])))
        if canonical(revs) != canonical(want):
            raise Mismatch("%s log differs from its export's revisions:\n%s" % (
                db.name, "\n".join(mm.diff(revs, want))))
        made = len([x for x in entries if x.get("created")])
        if made != len(db.state.records):
            raise Mismatch("%s log: %d creations, %d records" % (db.name, made,
                                                                  len(db.state.records)))


# ---- the model's own tests: hand-made stories whose answer §7 spells out ----

class Story:
    """Databases in the model alone, with made-up ids and times."""

    def __init__(self):
        self.w = mm.World()
        self.n = 0

    def at(self):
        self.n += 1
        return "2026-01-01T00:00:%02d.%03dZ" % (self.n // 1000, self.n % 1000)

    def uuid(self):
        self.n += 1
        return "%08x-0000-4000-8000-%012x" % (self.n, self.n)

    def entity(self, st, what, slug, by="ann", eid=None, **values):
        eid = eid or self.w.new_entity(what, slug)
        st.create(eid, what, dict(values, slug=slug), self.at(), by)
        return eid

    def statement(self, st, party, by="ann", **values):
        sid = self.uuid()
        v = {"party": party, "said_on": "2025-04-22", "kind": "quote", "text": "t%d" % self.n}
        v.update(values)
        st.create(sid, "statement", v, self.at(), by)
        return sid

    def revise(self, st, by, target, changes, at=None):
        if st.records[target].kind != "statement" and "slug" in changes:
            self.w.claim(target, changes["slug"][1])
        rev = mm.make_revision(self.w, st, self.uuid(), at or self.at(), by, None, target, changes)
        st.apply(self.w, rev)
        return rev

    def imp(self, ours, theirs, prefer=None, by="bob"):
        """ours after importing theirs, with the resolution revisions of a
        prefer written by `by`."""
        m = mm.merge(self.w, ours, theirs, prefer)
        for rid, member, f, t in m.resolutions:
            rev = mm.make_revision(self.w, m.state, self.uuid(), self.at(), by, "file",
                                   rid, {member: (f, t)})
            m.state.revisions.add(rev.id)
        return m

    def export(self, st):
        return canonical(mm.export(self.w, st))


def story_two_analysts(t):
    """issue 12: bob codes one of ann's statements on an issue she had not
    coded; either import order merges, and to the same database."""
    s = Story()
    ann, empty = mm.State(), mm.State()
    ua = s.entity(ann, "party", "ua", name="Ukraine", kind="state")
    cr = s.entity(ann, "issue", "crimea-recognition", title="Recognise Crimea")
    mc = s.entity(ann, "issue", "missile-curbs", title="Curb missiles")
    pos = {"stance": "strongly-oppose", "point": None, "red_line": True, "condition": None}
    st = s.statement(ann, ua, **{mm.POSITIONS + cr: pos})
    m = s.imp(empty, ann)
    bob = m.state
    t.ok(not m.contradictions and s.export(bob) == s.export(ann),
         "model: bob's import of ann's snapshot is her database")
    plus = {"stance": "support", "point": None, "red_line": None, "condition": None}
    s.revise(bob, "bob", st, {mm.POSITIONS + mc: (None, plus)})
    a2, b2 = s.imp(ann, bob), s.imp(bob, ann)
    t.ok(not a2.contradictions and a2.state.records[st].get(mm.POSITIONS + mc) == plus,
         "model: ann's import of bob's coding adds his position", a2.contradictions)
    t.ok(s.export(a2.state) == s.export(b2.state) == s.export(bob),
         "model: both orders give the same database")
    again = s.imp(a2.state, bob)
    t.ok(s.export(again.state) == s.export(a2.state) and not any(again.added.values())
         and not again.resolved, "model: importing twice changes nothing")
    doc = mm.export(s.w, a2.state)
    t.eq([p["issue"] for p in doc["statements"][0]["positions"]],
         ["crimea-recognition", "missile-curbs"], "model: the export lists both positions")


def story_concurrent_edits(t):
    """Two analysts change one member: the later revision wins either way,
    the other value stays in the history, a third who is behind follows."""
    s = Story()
    ann = mm.State()
    ua = s.entity(ann, "party", "ua", name="Ukraine", kind="state")
    bob, cy = s.imp(mm.State(), ann).state, s.imp(mm.State(), ann).state
    ra = s.revise(ann, "ann", ua, {"name": ("Ukraine", "Ukraina")})
    rb = s.revise(bob, "bob", ua, {"name": ("Ukraine", "Ukrayina")})
    ab, ba = s.imp(ann, bob), s.imp(bob, ann)
    t.ok(ab.state.records[ua].get("name") == "Ukrayina" and s.export(ab.state) == s.export(ba.state),
         "model: the later edit wins in either order")
    t.eq((ab.resolved, ba.resolved), ([(ua, "name", "Ukrayina", "Ukraina", rb.id)], []),
         "model: resolved lists ann's value, which bob's later edit beat")
    t.eq([r["id"] for r in mm.export(s.w, ab.state)["revisions"]], [ra.id, rb.id],
         "model: both edits stay in the history, in (at, id) order")
    c = s.imp(cy, ab.state)
    t.ok(not c.contradictions and c.state.records[ua].get("name") == "Ukrayina",
         "model: a database behind in the same history takes the latest value")
    t.eq(ab.state.revert_blocker(s.w, ra.id), rb, "model: the later edit blocks a revert of the earlier")
    t.eq(ab.state.revert_blocker(s.w, rb.id), None, "model: the latest edit may be reverted")
    # the same millisecond: the larger id is the later revision
    s2 = Story()
    x = mm.State()
    p = s2.entity(x, "party", "p", name="P")
    y = s2.imp(mm.State(), x).state
    at = s2.at()
    r1 = s2.revise(x, "ann", p, {"name": ("P", "P1")}, at=at)
    r2 = s2.revise(y, "bob", p, {"name": ("P", "P2")}, at=at)
    t.eq(s2.imp(x, y).state.records[p].get("name"), "P2" if r2.id > r1.id else "P1",
         "model: in one millisecond, the larger id wins")


def story_rename(t):
    """ann renames a party; bob still uses the old slug; both orders agree,
    the old slug is an alias, two renames resolve by the later."""
    s = Story()
    ann = mm.State()
    ua = s.entity(ann, "party", "ua", name="Ukraine", kind="state")
    bob = s.imp(mm.State(), ann).state
    s.revise(ann, "ann", ua, {"slug": ("ua", "ukraine")})
    st = s.statement(bob, ua, by="bob")
    s.revise(bob, "bob", ua, {"kind": ("state", "bloc")})
    ab, ba = s.imp(ann, bob), s.imp(bob, ann)
    doc = mm.export(s.w, ab.state)
    t.ok(not ab.contradictions and s.export(ab.state) == s.export(ba.state),
         "model: a rename merges with a colleague's use of the old slug, in either order")
    t.eq((doc["parties"][0]["slug"], doc["parties"][0]["kind"], doc["statements"][0]["party"],
          doc["aliases"]), ("ukraine", "bloc", "ukraine",
                            [{"kind": "party", "slug": "ua", "entity": "ukraine"}]),
         "model: the statement names the new slug, the old one is an alias")
    s.revise(bob, "bob", ua, {"slug": ("ua", "ukr")})
    m = s.imp(ab.state, bob)
    doc = mm.export(s.w, m.state)
    t.eq((doc["parties"][0]["slug"], [a["slug"] for a in doc["aliases"]]),
         ("ukr", ["ua", "ukraine"]), "model: two renames: the later wins, every slug is an alias")
    back = m.state.copy()
    s.revise(back, "ann", ua, {"slug": ("ukr", "ua")})
    doc = mm.export(s.w, back)
    t.eq((doc["parties"][0]["slug"], [a["slug"] for a in doc["aliases"]], st in back.records),
         ("ua", ["ukr", "ukraine"], True), "model: a rename back makes the former slug the slug")


def story_uncode_and_retract(t):
    """Rule 2 over rule 3: an uncoded position stays uncoded though the
    other side still has it; a retraction and a recoding both survive."""
    s = Story()
    ann = mm.State()
    ua = s.entity(ann, "party", "ua", name="Ukraine", kind="state")
    cr = s.entity(ann, "issue", "cr", title="Crimea")
    pos = {"stance": "oppose", "point": None, "red_line": None, "condition": None}
    st = s.statement(ann, ua, **{mm.POSITIONS + cr: pos})
    bob = s.imp(mm.State(), ann).state
    s.revise(ann, "ann", st, {mm.POSITIONS + cr: (pos, None)})
    ab, ba = s.imp(ann, bob), s.imp(bob, ann)
    t.ok(not ab.contradictions and mm.POSITIONS + cr not in ab.state.records[st].values
         and s.export(ab.state) == s.export(ba.state),
         "model: an uncoded position stays uncoded in either order")
    cy = s.imp(mm.State(), bob).state
    gone = {"at": "2026-01-02T00:00:00.000Z", "by": "bob", "reason": "wrong"}
    s.revise(bob, "bob", st, {"retracted": (None, gone)})
    new = dict(pos, stance="neutral", point=50)
    s.revise(cy, "cy", st, {mm.POSITIONS + cr: (pos, new)})
    m = s.imp(bob, cy)
    t.eq((m.state.records[st].get("retracted"), m.state.records[st].get(mm.POSITIONS + cr)),
         (gone, new), "model: one side's retraction and the other's recoding both stay")
    # without a revision (a version-1 snapshot coded later): rule 3 adds it
    old = mm.State()
    s.entity(old, "party", "ua", eid=ua, name="Ukraine", kind="state")
    s.entity(old, "issue", "cr", eid=cr, title="Crimea")
    v1 = s.statement(old, ua)
    coded = s.imp(mm.State(), old).state
    coded.records[v1].set(mm.POSITIONS + cr, pos)
    m1, m2 = s.imp(old, coded), s.imp(coded, old)
    t.ok(not m1.contradictions and s.export(m1.state) == s.export(m2.state) == s.export(coded),
         "model: a position one side lacks, no revision naming it, is added")


def story_contradictions(t):
    """The only contradictions: one slug added twice with different members;
    --prefer resolves them as revisions, and everyone then converges."""
    s = Story()
    ann, bob, cy = mm.State(), mm.State(), mm.State()
    us = s.entity(ann, "party", "us", name="United States", kind="state")
    s.entity(bob, "party", "us", by="bob", eid=us, name="USA", kind="state")
    s.entity(cy, "party", "us", by="cy", eid=us, name="United States", kind="state")
    m = s.imp(bob, ann)
    t.ok(m.state is None and [(c.member, c.ours, c.theirs) for c in m.contradictions]
         == [("name", "USA", "United States")], "model: two names for one slug contradict",
         m.contradictions)
    c = s.imp(cy, ann)
    t.ok(not c.contradictions and c.state.records[us].made_by == "ann",
         "model: the same members twice do not; the earliest creation is kept")
    m = s.imp(bob, ann, prefer="ours", by="bob")
    t.eq((m.resolutions, m.state.records[us].get("name")),
         ([(us, "name", "United States", "USA")], "USA"), "model: --prefer ours keeps ours")
    bob = m.state
    back = s.imp(ann, bob)
    t.ok(not back.contradictions and back.state.records[us].get("name") == "USA"
         and back.state.records[us].made_by == "ann",
         "model: the resolution, a revision, then merges back without a contradiction")
    theirs = s.imp(bob, ann, prefer="theirs")
    t.ok(not theirs.contradictions and not theirs.resolutions,
         "model: once resolved, --prefer has nothing left to resolve")
    odd = mm.State()
    s.entity(odd, "party", "us", by="cy", eid=us, name="U.S.", kind="state")
    m = s.imp(odd, bob)
    t.eq([(c.ours, c.theirs) for c in m.contradictions], [("U.S.", "USA")],
         "model: a value that no revision names contradicts a member with a history")


@test
def model_stories(t):
    for story in (story_two_analysts, story_concurrent_edits, story_rename,
                  story_uncode_and_retract, story_contradictions):
        story(t)


# ---- the property ---------------------------------------------------------

OPS = (("add", 9), ("record", 12), ("code", 6), ("recode", 5), ("uncode", 3), ("amend", 6),
       ("retract", 3), ("unretract", 2), ("edit", 8), ("rename", 4), ("remove", 3),
       ("restore", 2), ("revert", 5), ("import", 20))


def random_steps(fleet, rounds):
    names = [n for n, w in OPS for _ in range(w)]
    for step in range(rounds):
        db = fleet.rng.choice(fleet.dbs)
        op = fleet.rng.choice(names)
        fleet.log.append("# step %d: %s %s" % (step, db.name, op))
        if op == "import":
            fleet.op_import(db, fleet.rng.choice([e for e in fleet.dbs if e is not db]))
        else:
            getattr(fleet, "op_" + op)(db)
        if step % 50 == 49:
            a, b = fleet.rng.sample(fleet.dbs, 2)
            fleet.check_symmetric(a, b)


def final_checks(fleet, t):
    """After converge(): one database everywhere, the model's, that no
    import changes."""
    exports = [masked(fleet.export(d)[1]) for d in fleet.dbs]
    if len(set(exports)) != 1:
        first = fleet.export(fleet.dbs[0])[2]
        raise Mismatch("the exports differ after merging everywhere:\n" + "\n".join(
            "%s: %s" % (d.name, line) for d in fleet.dbs[1:]
            for line in mm.diff(fleet.export(d)[2], first)))
    for d in fleet.dbs:
        fleet.compare(d, "after merging everywhere")
    t.ok(True, "merged everywhere: %d byte-identical exports, equal to the model" % len(exports))
    for d in fleet.dbs:
        for e in fleet.dbs:
            if d is not e:
                fleet.reimport(d, fleet.export(e)[0], "%s imports %s once more" % (d.name, e.name))
    t.ok(True, "importing any of them again changes nothing")
    for d in fleet.dbs:
        fleet.check_log(d)
        fleet.must(d, "check")
    t.ok(True, "log lists every revision newest first; check finds nothing")


@test
def merge_property(t):
    rng = random.Random(SEED)
    print("# seed %d, %d rounds (STANCE_MERGE_SEED, STANCE_MERGE_ROUNDS repeat or resize it)"
          % (SEED, ROUNDS))
    fleet = Fleet(t, rng)
    phase = "setup"
    try:
        for d in fleet.dbs:
            fleet.must(d, "init")
            fleet.compare(d, "init")
        for _ in range(3):
            fleet.op_add(fleet.dbs[0])
        phase = "%d random steps" % ROUNDS
        random_steps(fleet, ROUNDS)
        t.ok(True, "%s: every export equals the model's" % phase)
        phase = "symmetric merges"
        pairs = [(a, b) for a in fleet.dbs for b in fleet.dbs if a.name < b.name]
        done = sum(fleet.check_symmetric(a, b) for a, b in pairs)
        t.ok(True, "merging either way on copies gives one database (%d pairs now, %d in all)"
             % (done, fleet.stats["symmetric merges"]))
        phase = "merging everywhere"
        fleet.converge()
        final_checks(fleet, t)
    except Exception as e:  # a Mismatch, or the harness tripping on the program's output
        if not isinstance(e, Mismatch):
            e = "%s" % traceback.format_exc()
        # keep the directory, with every command that led there
        script = os.path.join(t.dir, "commands.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(fleet.log) + "\n")
        t.cleanup = lambda: None
        t.ok(False, "%s (seed %d)" % (phase, SEED),
             "%s\n\nseed %d; all commands in %s (run them in an empty directory); the last:\n%s"
             % (e, SEED, script, "\n".join(fleet.log[-40:])))
    for kind, problems in fleet.soft.items():
        t.ok(not problems, SOFT[kind], "%d times; the first:\n%s" % (
            len(problems), "\n".join(problems[:3])))
    for k, v in sorted(fleet.stats.items()):
        print("# %s: %d" % (k, v))


if __name__ == "__main__":
    sys.exit(main())

"""A plain model of design §7 (history and merging), for
test_merge_property.py.

The program stores rows, slugs and aliases; this model stores what they
mean, so that it can say what every database must hold without sharing any
of the program's reasoning:

- Every entity has an identity of its own (an "eid", "party#3"), and every
  slug any entity ever had, anywhere, names exactly one identity (the
  World's `owner`). The generator keeps it so: renames go to slugs no one
  has used, or back to a former slug of the same entity, and two databases
  add the same slug independently only for an entity that was never
  renamed, which §4/§7 make the same entity (entities are matched by slug).
  Statements are identified by their UUID.
- A database is a State: its records, each a map from member to value, and
  the set of revision ids it knows. Values are canonical: a reference to
  another entity is its eid, not a slug, and a position is the member
  "positions.<issue eid>", absent when not coded. Revisions are kept once,
  in the World, both canonical (to reason with) and as the JSON the
  program first exported (to compare exports with, since a revision never
  changes once written).
- A database's export follows from its State alone: references are written
  with the current slugs, the aliases of an entity are every slug its known
  renames name but the current one, the revisions are sorted by (at, id).

merge() is rules 1-5 of §7, member by member, and returns the merged State
with the contradictions and what rule 2 resolved against the database.
"""

import copy
import json

KINDS = ("party", "actor", "source", "issue")
PLURAL = {"party": "parties", "actor": "actors", "source": "sources",
          "issue": "issues", "statement": "statements"}

# The members of each kind of record, in the snapshot's order (§4), but for
# created_*/recorded_*, which are not members of the history.
MEMBERS = {
    "party": ("slug", "name", "kind", "removed"),
    "actor": ("slug", "name", "party", "role", "removed"),
    "source": ("slug", "name", "reliability", "url", "removed"),
    "issue": ("slug", "title", "description", "parent", "low", "high", "status_quo",
              "removed"),
    "statement": ("party", "actor", "said_on", "kind", "text", "source", "url",
                  "credibility", "retracted"),
}

# Members whose value is the slug of another entity: the kind it names.
REFERENCES = {
    ("actor", "party"): "party",
    ("issue", "parent"): "issue",
    ("statement", "party"): "party",
    ("statement", "actor"): "actor",
    ("statement", "source"): "source",
}

POSITIONS = "positions."
STANCES = ("strongly-oppose", "oppose", "neutral", "support", "strongly-support")


def point_stance(point):
    """The stance value of a point on the 0-100 scale (design §1)."""
    d = point - 50
    if abs(d) <= 12.5:
        return 0
    v = 1 if abs(d) <= 37.5 else 2
    return v if d > 0 else -v


class Revision:
    """One revision: canonical (target an eid or a statement id, changes a
    map member -> (from, to) of canonical values) and raw (as exported)."""

    def __init__(self, id, at, by, reason, kind, target, changes, raw):
        self.id = id
        self.at = at
        self.by = by
        self.reason = reason
        self.kind = kind
        self.target = target
        self.changes = changes
        self.raw = raw

    @property
    def order(self):
        return (self.at, self.id)

    def __repr__(self):
        return "Revision(%s %s %s %s %r)" % (self.id[:8], self.at, self.by, self.target,
                                             self.changes)


class World:
    """What all databases share: identities, slugs and revisions."""

    def __init__(self):
        self.owner = {}       # (kind, slug) -> eid, for every slug ever used
        self.kind_of = {}     # eid -> kind
        self.revisions = {}   # id -> Revision
        self._count = 0

    def new_entity(self, kind, slug):
        """A new identity first named slug (which no one has used)."""
        assert (kind, slug) not in self.owner, (kind, slug)
        self._count += 1
        eid = "%s#%d" % (kind, self._count)
        self.kind_of[eid] = kind
        self.owner[(kind, slug)] = eid
        return eid

    def claim(self, eid, slug):
        """slug (new, or already eid's) is a name of eid from now on."""
        key = (self.kind_of[eid], slug)
        assert self.owner.get(key, eid) == eid, (key, self.owner.get(key), eid)
        self.owner[key] = eid

    def eid(self, kind, slug):
        return self.owner[(kind, slug)]

    # ---- canonical values ---------------------------------------------

    def canon_member(self, member):
        if member.startswith(POSITIONS):
            return POSITIONS + self.eid("issue", member[len(POSITIONS):])
        return member

    def canon_value(self, record_kind, member, value):
        ref = REFERENCES.get((record_kind, member))
        if ref is not None and value is not None:
            return self.eid(ref, value)
        return value

    def revision_from_json(self, raw):
        """The canonical form of a revision as a snapshot gives it. A
        rename's new slug must have been claimed first."""
        kind = raw["target"]["kind"]
        key = raw["target"]["key"]
        target = key if kind == "statement" else self.eid(kind, key)
        changes = {}
        for c in raw["changes"]:
            m = self.canon_member(c["member"])
            changes[m] = (self.canon_value(kind, c["member"], c["from"]),
                          self.canon_value(kind, c["member"], c["to"]))
        return Revision(raw["id"], raw["at"], raw["by"], raw.get("reason"), kind, target,
                        changes, raw)

    def add(self, rev):
        old = self.revisions.get(rev.id)
        assert old is None or old.raw == rev.raw, (old, rev)
        if old is None:
            rev.seq = len(self.revisions)   # the order they were made in here
            self.revisions[rev.id] = rev
        return self.revisions[rev.id]

    def latest(self, ids):
        return max((self.revisions[i] for i in ids), key=lambda r: r.order)


class Record:
    """One record as a database holds it: kind, members, and who made it
    when (created_* or recorded_*, which merges keep the earliest of)."""

    def __init__(self, kind, values, made_at, made_by):
        self.kind = kind
        self.values = {m: v for m, v in values.items()
                       if not (m.startswith(POSITIONS) and v is None)}
        self.made_at = made_at
        self.made_by = made_by

    def get(self, member):
        return self.values.get(member)

    def set(self, member, value):
        if member.startswith(POSITIONS) and value is None:
            self.values.pop(member, None)
        else:
            self.values[member] = copy.deepcopy(value)

    def copy(self):
        return Record(self.kind, copy.deepcopy(self.values), self.made_at, self.made_by)

    def __repr__(self):
        return "Record(%s %r %s %s)" % (self.kind, self.values, self.made_at, self.made_by)


class State:
    """One database: records by eid or statement id, and revision ids."""

    def __init__(self):
        self.records = {}
        self.revisions = set()

    def copy(self):
        s = State()
        s.records = {k: r.copy() for k, r in self.records.items()}
        s.revisions = set(self.revisions)
        return s

    def create(self, rid, kind, values, made_at, made_by):
        assert rid not in self.records, rid
        full = {m: None for m in MEMBERS[kind]}
        if kind != "statement":
            full["removed"] = False
        full.update(values)
        self.records[rid] = Record(kind, full, made_at, made_by)

    def apply(self, world, rev):
        """Adds a revision made in this database: each member must hold the
        revision's from (a revision records what it changed)."""
        rec = self.records[rev.target]
        for m, (f, t) in rev.changes.items():
            assert rec.get(m) == f, ("revision %s: %s holds %r, from is %r"
                                     % (rev.id, m, rec.get(m), f))
            rec.set(m, t)
        self.revisions.add(rev.id)

    # ---- reading ------------------------------------------------------

    def slug(self, eid):
        return self.records[eid].get("slug")

    def entities(self, kind, removed=None):
        return [rid for rid, r in self.records.items() if r.kind == kind
                and (removed is None or r.get("removed") == removed)]

    def statements(self):
        return [rid for rid, r in self.records.items() if r.kind == "statement"]

    def touching(self, world):
        """(target, member) -> [Revision] over this database's revisions
        (kept while no revision is added: revisions are never taken away)."""
        cached = getattr(self, "_touching", None)
        if cached is not None and cached[0] == len(self.revisions):
            return cached[1]
        index = {}
        for i in self.revisions:
            rev = world.revisions[i]
            for m in rev.changes:
                index.setdefault((rev.target, m), []).append(rev)
        self._touching = (len(self.revisions), index)
        return index

    def aliases(self, world, eid, index=None):
        """The former slugs of eid: every slug its renames here name, but
        the current one."""
        index = index if index is not None else self.touching(world)
        slugs = set()
        for rev in index.get((eid, "slug"), []):
            slugs.update(rev.changes["slug"])
        slugs.discard(self.slug(eid))
        return slugs

    def revert_blocker(self, world, rev_id):
        """The latest revision here that changed a member rev_id changed,
        after it (what makes a revert refused), or None."""
        rev = world.revisions[rev_id]
        index = self.touching(world)
        later = [r for m in rev.changes for r in index.get((rev.target, m), [])
                 if r.order > rev.order]
        return max(later, key=lambda r: r.order) if later else None


# ---- rendering: canonical values as this database writes them ---------

def render_value(state, record_kind, member, value):
    """A canonical value as database state writes it now (current slugs);
    a position or a retraction is the model's own object: read it only."""
    if (record_kind, member) in REFERENCES and value is not None:
        return state.slug(value)
    return value


def render_member(state, member):
    if member.startswith(POSITIONS):
        return POSITIONS + state.slug(member[len(POSITIONS):])
    return member


def render_changes(state, kind, target, changes):
    """The target and changes of a revision made now in state (before it
    is applied): slugs are those of the moment, the key the one after it."""
    if kind == "statement":
        key = target
    elif "slug" in changes:
        key = changes["slug"][1]
    else:
        key = state.slug(target)
    out = []
    for m, (f, t) in changes.items():
        name = m if not m.startswith(POSITIONS) else render_member(state, m)
        out.append({"member": name, "from": render_value(state, kind, m, f),
                    "to": render_value(state, kind, m, t)})
    out.sort(key=lambda c: c["member"])
    return {"kind": kind, "key": key}, out


def make_revision(world, state, id, at, by, reason, target, changes):
    """A revision made in state, as the program would export it; for the
    model's own tests, which have no program to read one from."""
    kind = state.records[target].kind
    tgt, ch = render_changes(state, kind, target, changes)
    raw = {"id": id, "at": at, "by": by, "reason": reason, "target": tgt, "changes": ch}
    return world.add(Revision(id, at, by, reason, kind, target, dict(changes), raw))


# ---- the merge ---------------------------------------------------------

class Contradiction:
    def __init__(self, rid, member, ours, theirs):
        self.rid = rid
        self.member = member
        self.ours = ours
        self.theirs = theirs

    def __repr__(self):
        return "Contradiction(%s %s ours=%r theirs=%r)" % (self.rid, self.member, self.ours,
                                                          self.theirs)


class Merge:
    """The result of importing theirs into ours. state is None when there
    are contradictions and no prefer (the import writes nothing); with a
    prefer, each contradiction's kept value is in state and `resolutions`
    lists the revisions the import must write: (rid, member, from, to)."""

    def __init__(self, prefer):
        self.prefer = prefer
        self.state = None
        self.contradictions = []
        self.resolved = []       # (rid, member, kept, held, revision): rule 2 beat our edit
        self.resolutions = []    # (rid, member, from, to)
        self.added = {k: 0 for k in PLURAL.values()}
        self.added["positions"] = 0
        self.retracted = 0
        self.added["revisions"] = 0


def _member_merge(world, m, index, rid, o, t, ours, theirs):
    """Rules 2-4 for member m of record rid held as o/t by each side (None
    when the side lacks the record): ('value', v, resolved?, deciding
    revision) or ('contradiction', ours_value, theirs_value)."""
    vo = o.get(m) if o else None
    vt = t.get(m) if t else None
    revs = index.get((rid, m), [])
    if revs:
        seen = []
        for r in revs:
            seen.extend(r.changes[m])
        behind_o = o is not None and not any(r.id in ours.revisions for r in revs)
        behind_t = t is not None and not any(r.id in theirs.revisions for r in revs)
        if (behind_o and vo not in seen) or (behind_t and vt not in seen):
            return ("contradiction", vo, vt)
        result = max(revs, key=lambda r: r.order).changes[m][1]
        # rule 6 lists "where a colleague's later edit won": over an edit of
        # ours that theirs lacks, not where we were only behind (the text,
        # "against a value the database held", could be read wider)
        own = any(r.id in ours.revisions and r.id not in theirs.revisions for r in revs)
        latest = max(revs, key=lambda r: r.order)
        return ("value", result, o is not None and own and vo != result, latest.id)
    if o is None or t is None or vo == vt:
        return ("value", vo if o is not None else vt, False, None)
    # rule 3: a position or (version 1) a retraction one side lacks is added
    if (m.startswith(POSITIONS) or m == "retracted") and (vo is None or vt is None):
        return ("value", vo if vo is not None else vt, False, None)
    return ("contradiction", vo, vt)


def merge(world, ours, theirs, prefer=None):
    """Imports State theirs into State ours by §7; neither is changed."""
    res = Merge(prefer)
    out = ours.copy()
    union = ours.revisions | theirs.revisions
    res.added["revisions"] = len(theirs.revisions - ours.revisions)
    out.revisions = set(union)
    index = {}
    for i in union:
        rev = world.revisions[i]
        for m in rev.changes:
            index.setdefault((rev.target, m), []).append(rev)
    for rid in sorted(set(ours.records) | set(theirs.records)):
        o = ours.records.get(rid)
        t = theirs.records.get(rid)
        if o is None:
            res.added[PLURAL[t.kind]] += 1
            out.records[rid] = t.copy()
        rec = out.records[rid]
        if o is not None and t is not None and (t.made_at, t.made_by) < (o.made_at, o.made_by):
            rec.made_at, rec.made_by = t.made_at, t.made_by
        members = set(o.values if o else ()) | set(t.values if t else ())
        members |= {m for (target, m) in index if target == rid}
        for m in sorted(members):
            what = _member_merge(world, m, index, rid, o, t, ours, theirs)
            if what[0] == "value":
                if what[2]:
                    res.resolved.append((rid, m, what[1], o.get(m), what[3]))
                rec.set(m, what[1])
                continue
            res.contradictions.append(Contradiction(rid, m, what[1], what[2]))
            if prefer is not None:
                kept, other = (what[1], what[2]) if prefer == "ours" else (what[2], what[1])
                res.resolutions.append((rid, m, other, kept))
                rec.set(m, kept)
        # the retractions an existing statement gains
        if o is not None and rec.kind == "statement" and o.get("retracted") is None \
                and rec.get("retracted") is not None:
            res.retracted += 1
        # the positions the database gains, in new statements or old ones
        res.added["positions"] += len([m for m in rec.values if m.startswith(POSITIONS)
                                       and (o is None or o.get(m) is None)])
    if prefer is not None or not res.contradictions:
        res.state = out
    return res


# ---- the export -----------------------------------------------------------

def _entity_json(state, eid):
    rec = state.records[eid]
    out = {}
    for m in MEMBERS[rec.kind]:
        out[m] = render_value(state, rec.kind, m, rec.get(m))
    out["created_at"] = rec.made_at
    out["created_by"] = rec.made_by
    return out


def _statement_json(state, sid):
    rec = state.records[sid]
    out = {"id": sid}
    for m in MEMBERS["statement"]:
        out[m] = render_value(state, "statement", m, rec.get(m))
    out["recorded_by"] = rec.made_by
    out["recorded_at"] = rec.made_at
    positions = []
    for m, v in rec.values.items():
        if m.startswith(POSITIONS) and v is not None:
            p = {"issue": state.slug(m[len(POSITIONS):])}
            p.update(v)
            positions.append(p)
    out["positions"] = sorted(positions, key=lambda p: p["issue"])
    return out


def export(world, state):
    """The snapshot (§4) that state exports, without exported_at."""
    index = state.touching(world)
    doc = {"format": "stance-snapshot", "version": 2}
    for kind in KINDS:
        items = [_entity_json(state, e) for e in state.entities(kind)]
        doc[PLURAL[kind]] = sorted(items, key=lambda x: x["slug"])
    aliases = []
    for kind in KINDS:
        for e in state.entities(kind):
            for a in state.aliases(world, e, index):
                aliases.append({"kind": kind, "slug": a, "entity": state.slug(e)})
    doc["aliases"] = sorted(aliases, key=lambda a: (a["kind"], a["slug"]))
    sts = [_statement_json(state, s) for s in state.statements()]
    doc["statements"] = sorted(sts, key=lambda s: (s["said_on"], s["recorded_at"], s["id"]))
    doc["assessments"] = []
    doc["outcomes"] = []
    revs = sorted((world.revisions[i] for i in state.revisions), key=lambda r: r.order)
    doc["revisions"] = [r.raw for r in revs]    # shared, not copied: read it only
    return doc


def without_exported_at(doc):
    doc = dict(doc)
    doc.pop("exported_at", None)
    return doc


def diff(got, want, path="$", out=None, limit=25):
    """Where two JSON values differ: a list of 'path: got ... want ...'."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(got, dict) and isinstance(want, dict):
        for k in sorted(set(got) | set(want)):
            if k not in got:
                out.append("%s.%s: missing, want %s" % (path, k, _short(want[k])))
            elif k not in want:
                out.append("%s.%s: %s, want nothing" % (path, k, _short(got[k])))
            else:
                diff(got[k], want[k], "%s.%s" % (path, k), out, limit)
    elif isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            keyed = _keyed(got), _keyed(want)
            if keyed[0] is not None and keyed[1] is not None:
                for k in sorted(set(keyed[0]) | set(keyed[1])):
                    if k not in keyed[0]:
                        out.append("%s[%s]: missing, want %s" % (path, k, _short(keyed[1][k])))
                    elif k not in keyed[1]:
                        out.append("%s[%s]: %s, want nothing" % (path, k, _short(keyed[0][k])))
                    else:
                        diff(keyed[0][k], keyed[1][k], "%s[%s]" % (path, k), out, limit)
                return out
            out.append("%s: %d items, want %d" % (path, len(got), len(want)))
        for i, (g, w) in enumerate(zip(got, want)):
            diff(g, w, "%s[%d]" % (path, i), out, limit)
    elif got != want or isinstance(got, bool) != isinstance(want, bool):
        out.append("%s: %s, want %s" % (path, _short(got), _short(want)))
    return out


def _keyed(items):
    keys = {}
    for x in items:
        if not isinstance(x, dict):
            return None
        k = x.get("id") or x.get("slug") or x.get("issue")
        if k is None or k in keys:
            return None
        keys[k] = x
    return keys


def _short(v):
    s = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= 300 else s[:300] + "..."

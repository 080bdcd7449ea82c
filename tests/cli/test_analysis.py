#!/usr/bin/env python3
"""`stance positions`, `conflicts`, `matrix`, `history` and `shifts` on the
bundled example (imported, so ids and recorded_at are the snapshot's), in
every format, against a plain recomputation of the design's rules (§2,
version 2: the current red line walk, points, the evidence filters, by
actor, between and within, an issue with those under it) from the
statements themselves; then the tables for people, the error paths and the
colours.

What changed with issue 13, each for its rule: the red line is the current
red line of the walk (a restatement without ! keeps it, so some shifts of
version 1 are none); positions carry "point" and "red_line_statement";
history rows carry "issue"; the matrix carries "shared"; `matrix --issue`
may repeat and `history` needs no --issue; the positions table is the
issues under their parents with what each position rests on, not the
parties x issues grid; the conflicts table says what each side rests on."""

import csv
import datetime
import io
import json
import os
import pty
import re
import subprocess
import sys

from stancetest import BIN, main, test

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                       "ukraine-talks-2025-04.json")
VALUES = {"strongly-oppose": -2, "oppose": -1, "neutral": 0, "support": 1,
          "strongly-support": 2}
NAMES = {v: k for k, v in VALUES.items()}

# Statements of the example, by the first 8 characters of their ids.
UA_0423 = "142e23a9-8a19-40a9-8c46-8b4e2dfc798d"   # ua: crimea --!, peace-talks +
UA_0422 = "30953a78-5eef-4689-924f-af25d7c10c97"   # ua: crimea --! (Zelenskyy)
US_PLAN = "d6232302-7c3a-4c48-9d9a-87489f36ac0e"   # us: the Paris proposal


def load(t):
    t.init()
    t.must("import", EXAMPLE)


# ---- the rules of the design, recomputed plainly ----------------------------

def sign(v):
    return (v > 0) - (v < 0)


class World:
    """What the recomputation reads: every statement in the snapshot's
    shape, and the sources, actors and issues."""

    def __init__(self, t):
        self.sts = t.must("statements", "--include-retracted", "--format", "json").json()
        self.reliability = {s["slug"]: s["reliability"]
                            for s in t.must("source", "list", "--format", "json").json()}
        self.actor_party = {a["slug"]: a["party"]
                            for a in t.must("actor", "list", "--format", "json").json()}
        self.parent = {i["slug"]: i["parent"]
                       for i in t.must("issue", "list", "--format", "json").json()}

    def under(self, issues):
        """The issues listed and every issue under one of them."""
        out = set()
        for i in self.parent:
            j = i
            while j is not None and j not in issues:
                j = self.parent.get(j)
            if j is not None:
                out.add(i)
        return out


def order(s):
    return (s["said_on"], s["recorded_at"], s["id"])


def kept(w, s, sc):
    """Whether statement s takes part: not retracted, said by as_of, kept by
    the evidence filters (unknown credibility counts as 6, a missing source
    or reliability as F), and with an actor by actor."""
    if s["retracted"] or (sc.get("as_of") and s["said_on"] > sc["as_of"]):
        return False
    if sc.get("min_credibility") and (s["credibility"] or 6) > sc["min_credibility"]:
        return False
    reliability = w.reliability.get(s["source"]) if s["source"] else None
    if sc.get("min_reliability") and (reliability or "F") > sc["min_reliability"]:
        return False
    if sc.get("kinds") and s["kind"] not in sc["kinds"]:
        return False
    return not sc.get("by_actor") or s["actor"] is not None


def position_rows(w, sc):
    """Every counted position, in statement order, then issue."""
    for s in sorted((s for s in w.sts if kept(w, s, sc)), key=order):
        for p in sorted(s["positions"], key=lambda p: p["issue"]):
            yield {"who": s["actor"] if sc.get("by_actor") else s["party"],
                   "actor": s["actor"], "party": s["party"], "issue": p["issue"],
                   "stance": p["stance"], "value": VALUES[p["stance"]], "point": p["point"],
                   "stated": p["red_line"], "condition": p["condition"],
                   "statement": s["id"], "said_on": s["said_on"]}


def walk(w, sc):
    """{(who, issue): rows}: each row with the current red line after it
    (design §2): ! sets it, ~ ends it, and no suffix keeps it while the
    stance keeps the sign of the one that set it."""
    out = {}
    for r in position_rows(w, sc):
        h = out.setdefault((r["who"], r["issue"]), [])
        setter = h[-1]["_setter"] if h else None
        if r["stated"] is True:
            setter = r
        elif r["stated"] is False:
            setter = None
        elif setter is not None and sign(r["value"]) != sign(setter["value"]):
            setter = None
        h.append(dict(r, red_line=setter is not None, _setter=setter,
                      red_line_statement=setter["statement"] if setter else None))
    return out


def current(w, sc):
    """{(who, issue): the last row}."""
    return {k: h[-1] for k, h in walk(w, sc).items()}


def party_of(w, who, sc):
    return w.actor_party.get(who) if sc.get("by_actor") else who


def in_scope(w, sc, who, issue):
    parties, issues = sc.get("parties"), sc.get("issues")
    return (not parties or party_of(w, who, sc) in parties) and \
        (not issues or issue in w.under(issues))


def want_positions(w, **sc):
    out = []
    for (who, issue), r in sorted(current(w, sc).items()):
        if not in_scope(w, sc, who, issue):
            continue
        row = {"actor": who} if sc.get("by_actor") else {}
        row.update({k: r[k] for k in ("party", "issue", "stance", "point", "red_line",
                                      "red_line_statement", "condition", "statement",
                                      "said_on")})
        out.append(row)
    return out


def side(r, by_actor):
    out = {"actor": r["actor"]} if by_actor else {}
    out.update({k: r[k] for k in ("party", "stance", "red_line", "statement", "said_on")})
    return out


def want_conflicts(w, hard=False, between=(), within=False, **sc):
    cur = current(w, dict(sc, parties=None))
    issues = w.under(sc["issues"]) if sc.get("issues") else None
    parties = sc.get("parties")
    out = []
    for issue in sorted({i for _, i in cur}):
        if issues is not None and issue not in issues:
            continue
        holders = sorted(p for p, i in cur if i == issue)
        for x, a in enumerate(holders):
            for b in holders[x + 1:]:
                ra, rb = cur[(a, issue)], cur[(b, issue)]
                if ra["value"] * rb["value"] >= 0:
                    continue
                severity = "hard" if ra["red_line"] or rb["red_line"] else "soft"
                pa, pb = party_of(w, a, sc), party_of(w, b, sc)
                if (parties and pa not in parties and pb not in parties) or \
                   (hard and severity != "hard") or \
                   (between and (a not in between or b not in between)) or \
                   (within and pa != pb):
                    continue
                out.append({"issue": issue, "severity": severity,
                            "distance": abs(ra["value"] - rb["value"]),
                            "a": side(ra, sc.get("by_actor")),
                            "b": side(rb, sc.get("by_actor"))})
    return out


def want_matrix(w, metric, issue=None, **sc):
    """issue: None, one slug or a list, as --issue was given."""
    issues = [issue] if isinstance(issue, str) else issue
    cur = {k: v for k, v in current(w, sc).items()
           if in_scope(w, dict(sc, issues=issues), *k)}
    rows = sorted({p for p, _ in cur})
    cells, shared_counts = [], []
    for a in rows:
        line, counts = [], []
        for b in rows:
            # on the diagonal, the issues the party holds
            shared = [i for p, i in cur if p == a and (b, i) in cur]
            pairs = [(cur[(a, i)], cur[(b, i)]) for i in shared]
            diffs = [abs(x["value"] - y["value"]) for x, y in pairs]
            opposed = [(x, y) for x, y in pairs if x["value"] * y["value"] < 0]
            if metric == "conflicts":
                line.append(len(opposed))
            elif metric == "hard":
                line.append(sum(1 for x, y in opposed if x["red_line"] or y["red_line"]))
            elif a == b:
                line.append(0.0)
            else:
                line.append(sum(diffs) / 4 / len(diffs) if diffs else None)
            counts.append(len(shared))
        cells.append(line)
        shared_counts.append(counts)
    return {"metric": metric, "issue": issue, "as_of": sc.get("as_of"),
            "parties": rows, "cells": cells,
            "shared": shared_counts}


def compare_rows(rows):
    """The rows of one who on one issue with shift, reversal and from."""
    out, last = [], None
    for r in rows:
        prev = out[-1] if out else None
        shift = prev is not None and (prev["value"] != r["value"] or
                                      prev["red_line"] != r["red_line"])
        reversal = r["value"] != 0 and last is not None and sign(r["value"]) != sign(last)
        out.append(dict(r, shift=shift, reversal=reversal, _from=prev))
        if r["value"]:
            last = r["value"]
    return out


def want_history(w, party=None, actor=None, issue=None, **sc):
    sc = dict(sc, by_actor=actor is not None)
    who = actor or party
    issues = w.under([issue]) if issue else None
    rows = []
    for (x, i), h in walk(w, sc).items():
        if x == who and (issues is None or i in issues):
            rows += compare_rows(h)
    position = {s["id"]: order(s) for s in w.sts}
    rows.sort(key=lambda r: (position[r["statement"]], r["issue"]))
    out = []
    for r in rows:
        row = {"actor": r["actor"]} if actor else {}
        row.update({k: r[k] for k in ("statement", "said_on", "issue", "stance", "red_line",
                                      "condition", "shift", "reversal")})
        out.append(row)
    return out


def want_shifts(w, since=None, **sc):
    position = {s["id"]: order(s) for s in w.sts}
    out = []
    for (who, issue), h in walk(w, sc).items():
        if not in_scope(w, sc, who, issue):
            continue
        for r in compare_rows(h):
            if not r["shift"] or (since and r["said_on"] < since):
                continue
            f = r["_from"]
            row = {"actor": who} if sc.get("by_actor") else {}
            row.update({"party": r["party"], "issue": issue, "statement": r["statement"],
                        "said_on": r["said_on"], "stance": r["stance"],
                        "red_line": r["red_line"],
                        "from": {"statement": f["statement"], "stance": f["stance"],
                                 "red_line": f["red_line"]},
                        "reversal": r["reversal"]})
            out.append(row)
    out.sort(key=lambda s: (position[s["statement"]], s.get("actor") or s["party"],
                            s["issue"]))
    return out


def as_csv(value):
    """A JSON value as the csv output writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_rows(r):
    return list(csv.DictReader(io.StringIO(r.out)))


def flat(obj, prefix=""):
    """Nested objects as a_party, a_stance... columns."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "_"))
        else:
            out[prefix + k] = as_csv(v)
    return out


def json_of(t, *args):
    r = t.run(*args, "--format", "json")
    try:
        return r.json() if r.rc == 0 and not r.err else r
    except ValueError:
        return r


def flags(sc):
    """The command-line options of a scope of the recomputation."""
    args = []
    for p in sc.get("parties") or ():
        args += ["--party", p]
    for i in sc.get("issues") or ():
        args += ["--issue", i]
    for k in sc.get("kinds") or ():
        args += ["--kind", k]
    for b in sc.get("between") or ():
        args += ["--between", b]
    for name in ("as_of", "min_credibility", "min_reliability", "since"):
        if sc.get(name):
            args += ["--" + name.replace("_", "-"), str(sc[name])]
    if sc.get("by_actor"):
        args += ["--by", "actor"]
    for name in ("hard", "within"):
        if sc.get(name):
            args.append("--" + name)
    return args


# The scopes every command is compared on: each filter alone and some
# together, by party and by actor.
SCOPES = [
    {},
    {"as_of": "2025-04-22"},
    {"as_of": "2025-04-16"},
    {"parties": ("ua", "eu")},
    {"issues": ("crimea-recognition", "peace-talks"), "as_of": "2025-04-23"},
    {"issues": ("territory",)},
    {"issues": ("sanctions-relief", "easter-ceasefire")},
    {"min_credibility": 2},
    {"min_credibility": 1},
    {"min_reliability": "B"},
    {"min_reliability": "C", "min_credibility": 2},
    {"kinds": ("quote",)},
    {"kinds": ("report", "paraphrase")},
    {"by_actor": True},
    {"by_actor": True, "parties": ("ua",)},
    {"by_actor": True, "kinds": ("paraphrase",), "issues": ("territory",)},
    {"min_reliability": "A"},
]


def describe(sc):
    return " ".join(flags(sc)) or "no options"


# ---- positions --------------------------------------------------------------

POSITIONS_TABLE = """\
issue / party  stance  date        age  actor       kind        cred  statement
easter-ceasefire  Observe a 30-hour Easter ceasefire
  ru           +       2025-04-19  11d  putin       report      1     4d198080
london-talks  Hold the London peace talks at foreign-minister level
  us           -       2025-04-22  8d   rubio       report      1     43fa3d20
peace-talks  Keep negotiating a peace deal
  ua           +       2025-04-23  7d   svyrydenko  quote       1     fba9b755
  us           +       2025-04-23  7d   -           report      2     547fd7e1
sanctions-relief  Ease sanctions on Russia as part of a deal
  eu-sanctions-early  Lift EU sanctions on Russia before the talks end
    eu         --      2025-04-23  7d   -           report      2     f8e064ec
    ru         ++      2025-04-23  7d   -           report      2     05732b5b
  us-sanctions-relief  The US eases sanctions on Russia
    us         +       2025-04-17  13d  -           proposal    3     d6232302
security-guarantees  Guarantee Ukraine's security after a deal
  nato-membership  Ukraine may join NATO
    us         -       2025-04-17  13d  -           proposal    3     d6232302
territory  Ukraine cedes territory to Russia in a deal
  crimea-recognition  Recognise Russian sovereignty over Crimea
    eu         -       2025-04-23  7d   -           report      2     63686131
    ru         ++      2025-04-23  7d   -           report      1     1f3172c7
    ua         --!     2025-04-23  7d   svyrydenko  paraphrase  2     142e23a9
    us         +       2025-04-17  13d  -           proposal    3     d6232302
  occupied-territories  Russia keeps the Ukrainian land it currently holds
    ua         -       2025-04-23  7d   svyrydenko  paraphrase  3     ebe7fb58
    us         +       2025-04-17  13d  -           proposal    3     d6232302
  partial-withdrawal  Russia gives up land it only partly controls
    us         +       2025-04-17  13d  -           proposal    3     d6232302
us-peace-plan  Accept the US peace proposal as the basis of a deal
  ua           --      2025-04-23  7d   svyrydenko  paraphrase  3     ebe7fb58
  us           +       2025-04-17  13d  -           proposal    3     d6232302
"""

POSITIONS_BY_ACTOR = """\
issue / actor   stance  date        age  party  kind        cred  statement
easter-ceasefire  Observe a 30-hour Easter ceasefire
  putin         +       2025-04-19  11d  ru     report      1     4d198080
london-talks  Hold the London peace talks at foreign-minister level
  rubio         -       2025-04-22  8d   us     report      1     43fa3d20
peace-talks  Keep negotiating a peace deal
  svyrydenko    +       2025-04-23  7d   ua     quote       1     fba9b755
territory  Ukraine cedes territory to Russia in a deal
  crimea-recognition  Recognise Russian sovereignty over Crimea
    svyrydenko  --!     2025-04-23  7d   ua     paraphrase  2     142e23a9
    zelenskyy   --!     2025-04-22  8d   ua     quote       2     30953a78
  occupied-territories  Russia keeps the Ukrainian land it currently holds
    svyrydenko  -       2025-04-23  7d   ua     paraphrase  3     ebe7fb58
us-peace-plan  Accept the US peace proposal as the basis of a deal
  svyrydenko    --      2025-04-23  7d   ua     paraphrase  3     ebe7fb58
"""

POSITION_MEMBERS = ["party", "issue", "stance", "point", "red_line", "red_line_statement",
                    "condition", "statement", "said_on"]


@test
def positions(t):
    load(t)
    w = World(t)
    t.succeeds(t.run("positions", "--as-of", "2025-04-30"),
               "table: the issues under their parents, each position with its evidence",
               POSITIONS_TABLE)
    t.succeeds(t.run("positions", "--as-of", "2025-04-30", "--by", "actor"),
               "table by actor: the actor first, its party in place of the actor",
               POSITIONS_BY_ACTOR)
    got = json_of(t, "positions")
    t.eq(got, want_positions(w), "json: every current position, by party then issue")
    t.ok(isinstance(got, list) and
         {"party": "ua", "issue": "crimea-recognition", "stance": "strongly-oppose",
          "point": None, "red_line": True, "red_line_statement": UA_0423, "condition": None,
          "statement": UA_0423, "said_on": "2025-04-23"} in got,
         "ua's red line on crimea comes from its latest statement, which set it again", got)
    t.eq(list(got[0]) if isinstance(got, list) and got else None, POSITION_MEMBERS,
         "json members in the documented order (design §3, v2)")
    got = json_of(t, "positions", "--by", "actor")
    t.eq(list(got[0]) if isinstance(got, list) and got else None, ["actor"] + POSITION_MEMBERS,
         "by actor: \"actor\" first, then \"party\"")
    for sc in SCOPES:
        t.eq(json_of(t, "positions", *flags(sc)), want_positions(w, **sc),
             "json with " + describe(sc))
    r = t.run("positions", "--as-of", "2025-04-22", "--party", "ua", "--format", "json")
    t.eq([(p["issue"], p["statement"]) for p in r.json()] if r.rc == 0 else r,
         [("crimea-recognition", UA_0422)], "as of 04-22, ua's red line is Zelenskyy's")
    r = t.run("positions", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(",".join(POSITION_MEMBERS) + "\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(p) for p in want_positions(w)], "csv rows equal the json")
    r = t.run("positions", "--format", "csv", "--by", "actor")
    t.ok(r.rc == 0 and r.out.startswith("actor," + ",".join(POSITION_MEMBERS) + "\n"),
         "csv header by actor", r)
    t.eq(csv_rows(r), [flat(p) for p in want_positions(w, by_actor=True)],
         "csv rows by actor equal the json")
    t.succeeds(t.run("positions", "--as-of", "2025-04-01"), "nothing yet",
               "no current positions\n")
    t.succeeds(t.run("positions", "--as-of", "2025-04-01", "--format", "json"),
               "nothing yet in json", "[]\n")


@test
def positions_points_and_red_lines(t):
    """A point shows as @70; a red line kept by a restatement without ! is
    shown with the statement that set it."""
    load(t)
    set_by = t.must("record", "--party", "us", "--date", "2025-04-25", "--text", "Firm.",
                    "--position", "peace-talks=++!").out.strip()
    kept_by = t.must("record", "--party", "us", "--date", "2025-04-26", "--text", "Again.",
                     "--position", "peace-talks=+@70").out.strip()
    w = World(t)
    got = json_of(t, "positions", "--party", "us", "--issue", "peace-talks")
    t.eq(got, [{"party": "us", "issue": "peace-talks", "stance": "support", "point": 70.0,
                "red_line": True, "red_line_statement": set_by, "condition": None,
                "statement": kept_by, "said_on": "2025-04-26"}],
         "+@70 after ++!: the point, and the red line kept, set by the ++! statement")
    t.eq(got, want_positions(w, parties=("us",), issues=("peace-talks",)),
         "the recomputation agrees")
    r = t.run("positions", "--party", "us", "--issue", "peace-talks", "--as-of", "2025-04-30")
    t.succeeds(r, "table: +@70! and the statement that set the red line under 'set by'",
               "issue / party  stance  date        age  actor  kind   cred  statement  "
               "set by\n"
               "peace-talks  Keep negotiating a peace deal\n"
               "  us           +@70!   2025-04-26  4d   -      quote  -     %s   %s\n"
               % (kept_by[:8], set_by[:8]))
    r = t.run("positions", "--party", "us", "--issue", "peace-talks", "--format", "csv")
    t.ok(r.rc == 0 and r.out.endswith(",peace-talks,support,70.0,true,%s,,%s,2025-04-26\n"
                                      % (set_by, kept_by)),
         "csv: the point as json has it, and the statement that set the red line", r)


@test
def ages(t):
    """The age column: days under two months, months under two years, then
    years, counted to --as-of, else to today in UTC."""
    t.init()
    t.must("party", "add", "p", "--name", "P")
    for k, date in enumerate(("2025-04-27", "2025-03-01", "2025-02-28", "2024-11-20",
                              "2023-05-01", "2023-04-30", "2023-03-01", "2025-05-03")):
        t.must("issue", "add", "i%d" % k, "--title", "Issue %d" % k)
        t.must("record", "--party", "p", "--date", date, "--text", "On %s." % date,
               "--position", "i%d=+" % k)
    r = t.run("positions", "--as-of", "2025-04-30")
    ages = re.findall(r"^  p +\+ +(\S+) +(\S+)", r.out, re.M)
    # 60 days is under two months of 365.25 / 12 days; 61 is not
    t.eq(ages, [("2025-04-27", "3d"), ("2025-03-01", "60d"), ("2025-02-28", "2mo"),
                ("2024-11-20", "5mo"), ("2023-05-01", "23mo"), ("2023-04-30", "2y"),
                ("2023-03-01", "2y")],
         "3d, 60d, 2mo, 5mo, 23mo, then years (a later date is not as of 04-30)")
    r = t.run("positions")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    days = (today - datetime.date(2025, 5, 3)).days
    months = int(days * 12 / 365.25)
    want = "%dd" % days if months < 2 else "%dmo" % months if months < 24 else \
        "%dy" % int(days / 365.25)
    t.ok(r.rc == 0 and re.search(r"^  p +\+ +2025-05-03 +%s +" % want, r.out, re.M),
         "without --as-of, the age is counted to today in UTC (%s)" % want, r)


# ---- conflicts --------------------------------------------------------------

CONFLICTS_HARD = """\
crimea-recognition  hard  distance 4
  ru  ++   2025-04-23  7d   -           report      cred 1  1f3172c7
    Russia claims sovereignty over Crimea, which it took control of in 2014.
  ua  --!  2025-04-23  7d   svyrydenko  paraphrase  cred 2  142e23a9
    Ukraine is willing to talk but refuses to accept Russia's claim over Crimea…

crimea-recognition  hard  distance 3
  ua  --!  2025-04-23  7d   svyrydenko  paraphrase  cred 2  142e23a9
    Ukraine is willing to talk but refuses to accept Russia's claim over Crimea…
  us  +    2025-04-17  13d  -           proposal    cred 3  d6232302
    The US proposal, shared in Paris, suggests compromises from both sides. For…
"""

CONFLICT_SCOPES = SCOPES + [
    {"hard": True},
    {"parties": ("eu",)},
    {"parties": ("ru", "us"), "hard": True},
    {"issues": ("occupied-territories",)},
    {"between": ("ua", "us")},
    {"between": ("eu", "ru", "us")},
    {"between": ("ua", "ru"), "hard": True, "as_of": "2025-04-23"},
    {"by_actor": True, "within": True},
    {"by_actor": True, "between": ("svyrydenko", "putin")},
]

SIDE_MEMBERS = ["party", "stance", "red_line", "statement", "said_on"]


@test
def conflicts(t):
    load(t)
    w = World(t)
    got = json_of(t, "conflicts")
    t.eq(got, want_conflicts(w), "json: every conflict, by issue then party")
    t.ok(isinstance(got, list) and
         {"issue": "eu-sanctions-early", "severity": "soft", "distance": 4,
          "a": {"party": "eu", "stance": "strongly-oppose", "red_line": False,
                "statement": "f8e064ec-aa5b-4fd1-9c39-b3118f12f901", "said_on": "2025-04-23"},
          "b": {"party": "ru", "stance": "strongly-support", "red_line": False,
                "statement": "05732b5b-2d51-44a4-97ce-befe5a5e4d50",
                "said_on": "2025-04-23"}} in got,
         "the EU against lifting its sanctions first: soft, distance 4", got)
    t.eq([(c["issue"], c["a"]["party"], c["b"]["party"], c["severity"], c["distance"])
          for c in got if c["issue"] == "crimea-recognition"] if isinstance(got, list) else got,
         [("crimea-recognition", "eu", "ru", "soft", 3),
          ("crimea-recognition", "eu", "us", "soft", 2),
          ("crimea-recognition", "ru", "ua", "hard", 4),
          ("crimea-recognition", "ua", "us", "hard", 3)],
         "crimea: ukraine's red line against russia's claim and the us proposal")
    for sc in CONFLICT_SCOPES:
        t.eq(json_of(t, "conflicts", *flags(sc)), want_conflicts(w, **sc),
             "json with " + describe(sc))
    got = json_of(t, "conflicts", "--between", "ua", "--between", "us")
    t.eq([(c["a"]["party"], c["b"]["party"]) for c in got] if isinstance(got, list) else got,
         [("ua", "us")] * 3,
         "--between ua --between us: only ukraine against the us (crimea, land, the plan)")
    t.succeeds(t.run("conflicts", "--hard", "--as-of", "2025-04-30"),
               "table: each side with what it rests on, and its text", CONFLICTS_HARD)
    r = t.run("conflicts", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "issue,severity,distance,a_party,a_stance,a_red_line,a_statement,a_said_on,"
        "b_party,b_stance,b_red_line,b_statement,b_said_on\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(c) for c in want_conflicts(w)], "csv rows are the json, flat")
    r = t.run("conflicts", "--format", "csv", "--by", "actor")
    t.ok(r.rc == 0 and r.out.startswith(
        "issue,severity,distance,a_actor,a_party,a_stance,a_red_line,a_statement,a_said_on,"
        "b_actor,b_party,"), "csv header by actor", r)
    t.eq(csv_rows(r), [flat(c) for c in want_conflicts(w, by_actor=True)],
         "csv rows by actor are the json, flat")
    t.succeeds(t.run("conflicts", "--issue", "peace-talks"), "none", "no conflicts\n")


@test
def internal_divisions(t):
    """--by actor --within: two actors of one party in conflict."""
    load(t)
    t.must("record", "--actor", "zelenskyy", "--date", "2025-04-24", "--text", "Talk on.",
           "--position", "peace-talks=-")
    w = World(t)
    got = json_of(t, "conflicts", "--by", "actor", "--within")
    t.eq(got, want_conflicts(w, by_actor=True, within=True), "json: the recomputation agrees")
    t.eq([(c["issue"], c["a"]["actor"], c["b"]["actor"], c["a"]["party"], c["b"]["party"])
          for c in got] if isinstance(got, list) else got,
         [("peace-talks", "svyrydenko", "zelenskyy", "ua", "ua")],
         "ukraine's president against its deputy prime minister on the talks")
    t.eq(list(got[0]["a"]) if isinstance(got, list) and got else got, ["actor"] + SIDE_MEMBERS,
         "by actor: each side starts with \"actor\"")
    t.eq(json_of(t, "conflicts", "--by", "actor"), want_conflicts(w, by_actor=True),
         "without --within, the divisions and the conflicts between parties' actors")
    t.eq(json_of(t, "conflicts", "--within", "--by", "actor", "--party", "us"), [],
         "--party keeps the divisions of the listed parties: none in the us")


# ---- matrix -----------------------------------------------------------------

MATRIX_TABLE = """\
conflicts  eu  ru  ua  us
eu         0   2   0   1
ru         2   0   1   0
ua         0   1   0   3
us         1   0   3   0
"""

MATRIX_DISTANCE_CRIMEA = """\
distance  ru     ua
ru        0.00   1.00*
ua        1.00*  0.00
* rests on a single shared issue
"""


@test
def matrix(t):
    load(t)
    w = World(t)
    for metric in ("conflicts", "hard", "distance"):
        got = json_of(t, "matrix", "--metric", metric)
        t.eq(got, want_matrix(w, metric), "json, " + metric)
    got = [json_of(t, "matrix", "--metric", m) for m in ("conflicts", "hard", "distance")]
    try:
        ua, us = got[0]["parties"].index("ua"), got[0]["parties"].index("us")
        cell = [g["cells"][ua][us] for g in got] + [got[0]["shared"][ua][us]]
    except (TypeError, KeyError, ValueError):
        cell = got
    t.eq(cell, [3, 1, 0.5, 4],
         "the design's worked example: ua/us 3 conflicts, 1 hard, 0.5, over 4 shared issues")
    t.eq(json_of(t, "matrix"), want_matrix(w, "conflicts"), "conflicts is the default")
    for sc in SCOPES + [{"parties": ("ua", "us", "uk")}]:
        sc = dict(sc)
        issues = sc.pop("issues", None)
        issue = issues[0] if issues and len(issues) == 1 else list(issues) if issues else None
        args = flags(sc) + sum((["--issue", i] for i in issues or ()), [])
        for metric in ("distance", "hard"):
            t.eq(json_of(t, "matrix", "--metric", metric, *args),
                 want_matrix(w, metric, issue=issue, **sc),
                 "json %s with %s" % (metric, " ".join(args) or "no options"))
    got = json_of(t, "matrix", "--issue", "territory", "--issue", "peace-talks")
    t.eq(got.get("issue") if isinstance(got, dict) else got, ["territory", "peace-talks"],
         "--issue repeated: \"issue\" is the array, as given")
    t.eq(json_of(t, "matrix", "--issue", "territory").get("issue"), "territory",
         "--issue once: the string")
    r = json_of(t, "matrix", "--issue", "london-talks", "--party", "ua")
    t.eq(r, {"metric": "conflicts", "issue": "london-talks", "as_of": None, "parties": [],
             "cells": [], "shared": []}, "no party in scope: an empty square")
    r = json_of(t, "matrix", "--metric", "distance", "--party", "eu", "--party", "ru",
                "--as-of", "2025-04-23", "--issue", "london-talks")
    t.eq(r, {"metric": "distance", "issue": "london-talks", "as_of": "2025-04-23",
             "parties": [], "cells": [], "shared": []}, "issue and as_of are echoed")
    got = json_of(t, "matrix", "--by", "actor")
    t.eq(got, want_matrix(w, "conflicts", by_actor=True),
         "by actor: the actors in place of the parties")
    t.succeeds(t.run("matrix"), "table: a labelled square", MATRIX_TABLE)
    t.succeeds(t.run("matrix", "--metric", "distance", "--party", "ru", "--party", "ua",
                     "--issue", "crimea-recognition"),
               "table: distances with 2 decimals, '*' on one shared issue",
               MATRIX_DISTANCE_CRIMEA)
    r = t.run("matrix", "--metric", "distance", "--format", "csv")
    want = want_matrix(w, "distance")
    t.eq(csv_rows(r), [dict(party=p, **{q: as_csv(v) for q, v in zip(want["parties"], row)})
                       for p, row in zip(want["parties"], want["cells"])]
         if r.rc == 0 else r, "csv: a square with a leading party column")
    t.ok(r.out.startswith("party,eu,ru,ua,us\n"), "csv header names the columns", r)
    # uk codes nato only, which eu, ru and ua do not: null distances
    t.must("record", "--party", "uk", "--date", "2025-04-24", "--text", "UK on NATO",
           "--position", "nato-membership=+")
    w = World(t)
    got = json_of(t, "matrix", "--metric", "distance")
    t.eq(got, want_matrix(w, "distance"), "json with a null cell")
    t.ok(isinstance(got, dict) and None in got["cells"][got["parties"].index("uk")],
         "uk shares no issue with eu: null", got)
    r = t.run("matrix", "--metric", "distance")
    t.ok(r.rc == 0 and "\nuk        -      -      -      0.00   0.50*\n" in r.out and
         r.out.endswith("\n* rests on a single shared issue\n"),
         "table: '-' for null, '*' for one shared issue, and the footnote", r)
    t.ok("\nua        0.25*  1.00*  0.00   -      0.50\n" in r.out,
         "ua and us share four issues: no '*'", r)
    r = t.run("matrix", "--metric", "distance", "--format", "csv")
    t.ok(r.rc == 0 and "\nuk,,,,0.0,0.5\n" in r.out, "csv: empty for null", r)
    r = t.run("matrix", "--metric", "conflicts")
    t.ok(r.rc == 0 and "*" not in r.out, "counts are never marked", r)


# ---- history and shifts -----------------------------------------------------

def symbol(position):
    return ["--", "-", "0", "+", "++"][VALUES[position["stance"]] + 2] + \
        ("!" if position["red_line"] else "")


def record(t, party, date, *positions):
    args = ["record", "--party", party, "--date", date, "--text", "%s on %s" % (party, date)]
    for p in positions:
        args += ["--position", p]
    return t.must(*args).out.strip()


HISTORY_MEMBERS = ["statement", "said_on", "issue", "stance", "red_line", "condition",
                   "shift", "reversal"]


@test
def history(t):
    load(t)
    us1 = record(t, "us", "2025-04-25", "crimea-recognition=0")
    us2 = record(t, "us", "2025-04-26", "crimea-recognition=-")      # reverses the +
    ua1 = record(t, "ua", "2025-04-26", "crimea-recognition=--")     # keeps the red line
    ua2 = record(t, "ua", "2025-04-27", "crimea-recognition=--~")    # ends it
    w = World(t)
    got = json_of(t, "history", "--party", "us", "--issue", "crimea-recognition")
    t.eq(got, want_history(w, party="us", issue="crimea-recognition"), "json, us")
    t.eq(list(got[0]) if isinstance(got, list) and got else got, HISTORY_MEMBERS,
         "json members in the documented order (design §3, v2: with the issue)")
    t.eq([(h["shift"], h["reversal"]) for h in got] if isinstance(got, list) else got,
         [(False, False), (True, False), (True, True)],
         "support, neutral, oppose: the third row reverses")
    got = json_of(t, "history", "--party", "ua", "--issue", "crimea-recognition")
    t.eq(got, want_history(w, party="ua", issue="crimea-recognition"), "json, ua")
    t.eq([(h["statement"], h["red_line"], h["shift"], h["reversal"]) for h in got]
         if isinstance(got, list) else got,
         [(UA_0422, True, False, False), (UA_0423, True, False, False),
          (ua1, True, False, False), (ua2, False, True, False)],
         "-- after --! keeps the red line (no shift); --~ ends it: a shift, not a reversal")
    for sc in ({"party": "ua"}, {"party": "us", "issue": "territory"},
               {"actor": "svyrydenko"}, {"actor": "zelenskyy", "issue": "crimea-recognition"},
               {"party": "ua", "min_credibility": 2}, {"party": "ua", "kinds": ("quote",)},
               {"party": "us", "min_reliability": "B"}):
        args = sum((["--" + k, sc[k]] for k in ("party", "actor", "issue") if k in sc), [])
        args += flags({k: v for k, v in sc.items() if k not in ("party", "actor", "issue")})
        t.eq(json_of(t, "history", *args), want_history(w, **sc), "json with " + " ".join(args))
    got = json_of(t, "history", "--actor", "svyrydenko")
    t.eq(list(got[0]) if isinstance(got, list) and got else got, ["actor"] + HISTORY_MEMBERS,
         "--actor: \"actor\" first")
    got = json_of(t, "history", "--party", "us")
    t.eq(sorted({h["issue"] for h in got}) if isinstance(got, list) else got,
         ["crimea-recognition", "london-talks", "nato-membership", "occupied-territories",
          "partial-withdrawal", "peace-talks", "us-peace-plan", "us-sanctions-relief"],
         "without --issue: the party's history on every issue")
    t.succeeds(t.run("history", "--party", "us", "--issue", "crimea-recognition"),
               "table: one issue, no issue column; the text under each row",
               "date        stance  stated  change    statement\n"
               "2025-04-17  +       +                 d6232302\n"
               "    The US proposal, shared in Paris, suggests compromises from both sides. "
               "For…\n"
               "2025-04-25  0       0       shift     %s\n"
               "    us on 2025-04-25\n"
               "2025-04-26  -       -       reversal  %s\n"
               "    us on 2025-04-26\n" % (us1[:8], us2[:8]))
    t.succeeds(t.run("history", "--party", "ua", "--issue", "territory"),
               "table: a parent, so an issue column; the current red line and as stated",
               "date        issue                 stance  stated  change  statement\n"
               "2025-04-22  crimea-recognition    --!     --!             30953a78\n"
               "    There is nothing new to mention or discuss. Ukraine will not recognise "
               "the…\n"
               "2025-04-23  crimea-recognition    --!     --!             142e23a9\n"
               "    Ukraine is willing to talk but refuses to accept Russia's claim over "
               "Crimea…\n"
               "2025-04-23  occupied-territories  -       -               ebe7fb58\n"
               "    The US plan favours Russia too much for Ukraine to sign and looks just "
               "like…\n"
               "2025-04-26  crimea-recognition    --!     --              %s\n"
               "    ua on 2025-04-26\n"
               "2025-04-27  crimea-recognition    --      --~     shift   %s\n"
               "    ua on 2025-04-27\n" % (ua1[:8], ua2[:8]))
    r = t.run("history", "--party", "ua", "--issue", "peace-talks")
    t.ok(r.rc == 0 and "\n    condition: Not on terms that amount to surrender\n" in r.out,
         "table: a condition under its row", r)
    t.succeeds(t.run("history", "--party", "uk", "--issue", "crimea-recognition"),
               "table: no positions", "no positions\n")
    r = t.run("history", "--party", "us", "--issue", "crimea-recognition", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(",".join(HISTORY_MEMBERS) + "\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(h) for h in want_history(w, party="us",
                                                     issue="crimea-recognition")],
         "csv rows are the json")
    t.succeeds(t.run("history", "--party", "uk", "--issue", "crimea-recognition",
                     "--format", "json"), "no positions: an empty list", "[]\n")


@test
def shifts(t):
    load(t)
    t.succeeds(t.run("shifts", "--format", "json"), "the example has no shifts", "[]\n")
    us1 = record(t, "us", "2025-04-25", "crimea-recognition=0", "nato-membership=--!")
    record(t, "ua", "2025-04-25", "crimea-recognition=--", "peace-talks=+")
    us2 = record(t, "us", "2025-04-27", "crimea-recognition=-")
    record(t, "ua", "2025-04-28", "crimea-recognition=0")
    w = World(t)
    got = json_of(t, "shifts")
    t.eq(got, want_shifts(w), "json: every shift in statement order")
    # us: + to 0, 0 to -, - to --! (nato); ua: -- after --! keeps the red line
    # (no shift since version 2), 0 ends it
    t.eq([(s["party"], s["issue"], s["from"]["stance"], s["stance"], s["red_line"])
          for s in got] if isinstance(got, list) else got,
         [("us", "crimea-recognition", "support", "neutral", False),
          ("us", "nato-membership", "oppose", "strongly-oppose", True),
          ("us", "crimea-recognition", "neutral", "oppose", False),
          ("ua", "crimea-recognition", "strongly-oppose", "neutral", False)],
         "four shifts: a restatement without ! is none")
    for sc in ({"since": "2025-04-26"}, {"since": "2025-04-25"}, {"parties": ("us",)},
               {"issues": ("nato-membership",)}, {"issues": ("territory",)},
               {"parties": ("ua",), "issues": ("crimea-recognition",)},
               {"by_actor": True}, {"min_credibility": 2}, {"kinds": ("quote",)}):
        t.eq(json_of(t, "shifts", *flags(sc)), want_shifts(w, **sc),
             "json with " + describe(sc))
    got = json_of(t, "shifts", "--since", "2025-04-26", "--party", "us")
    t.eq(got, [{"party": "us", "issue": "crimea-recognition", "statement": us2,
                "said_on": "2025-04-27", "stance": "oppose", "red_line": False,
                "from": {"statement": us1, "stance": "neutral", "red_line": False},
                "reversal": True}],
         "--since compares with what came before it: a reversal across a neutral")
    lines = ["date        party  issue               from  to   reversal  statement"]
    for x in want_shifts(w, since="2025-04-25"):
        lines.append("%s  %-5s  %-18s  %-4s  %-3s  %-8s  %s" % (
            x["said_on"], x["party"], x["issue"], symbol(x["from"]), symbol(x),
            "yes" if x["reversal"] else "", x["statement"][:8]))
    t.succeeds(t.run("shifts", "--since", "2025-04-25"), "table: from and to as symbols",
               "\n".join(lines) + "\n")
    r = t.run("shifts", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "party,issue,statement,said_on,stance,red_line,from_statement,from_stance,"
        "from_red_line,reversal\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(s) for s in want_shifts(w)], "csv rows are the json, flat")
    r = t.run("shifts", "--format", "csv", "--by", "actor")
    t.ok(r.rc == 0 and r.out.startswith("actor,party,issue,"), "csv header by actor", r)


# ---- retraction -------------------------------------------------------------

@test
def retraction(t):
    load(t)
    t.must("retract", UA_0423, "--reason", "misquoted")
    t.must("retract", US_PLAN, "--reason", "not a proposal")
    w = World(t)
    got = json_of(t, "positions", "--party", "ua")
    t.eq(got, want_positions(w, parties=("ua",)), "positions skip retracted statements")
    t.eq([(p["issue"], p["statement"][:8]) for p in got] if isinstance(got, list) else got,
         [("crimea-recognition", "30953a78"), ("occupied-territories", "ebe7fb58"),
          ("peace-talks", "fba9b755"), ("us-peace-plan", "ebe7fb58")],
         "ua's positions go back to its remaining statements")
    t.eq(json_of(t, "positions", "--party", "ua", "--as-of", "2025-04-30"), got,
         "as of a date the same")
    t.eq(json_of(t, "conflicts"), want_conflicts(w), "conflicts skip them")
    t.ok(all(US_PLAN not in json.dumps(c) for c in json_of(t, "conflicts")),
         "no conflict rests on the retracted proposal")
    t.eq(json_of(t, "matrix", "--metric", "hard"), want_matrix(w, "hard"), "matrix skips them")
    t.eq([h["statement"] for h in json_of(t, "history", "--party", "ua",
                                          "--issue", "crimea-recognition")],
         [UA_0422], "history skips them")
    t.eq(json_of(t, "shifts"), want_shifts(w), "shifts skip them")


# ---- errors -----------------------------------------------------------------

@test
def errors(t):
    load(t)
    known = "(known: eu, ru, ua, uk, us)"
    for args in (["positions", "--party", "uk2"], ["conflicts", "--party", "ua", "--party", "uk2"],
                 ["matrix", "--party", "uk2"], ["shifts", "--party", "uk2"],
                 ["history", "--party", "uk2", "--issue", "peace-talks"],
                 ["history", "--party", "uk2"],
                 ["conflicts", "--between", "ua", "--between", "uk2"]):
        t.fails(args, 65, "unknown party 'uk2' " + known)
    for args in (["positions", "--issue", "crimea"], ["conflicts", "--issue", "crimea"],
                 ["matrix", "--issue", "crimea"], ["shifts", "--issue", "crimea"],
                 ["matrix", "--issue", "territory", "--issue", "crimea"],
                 ["history", "--party", "ua", "--issue", "crimea"]):
        t.fails(args, 65, "unknown issue 'crimea' (known: crimea-recognition, ")
    t.fails(["history", "--actor", "zelensky"], 65, "unknown actor 'zelensky'")
    for args in (["positions", "--as-of", "2025-02-30"], ["conflicts", "--as-of", "tomorrow"],
                 ["matrix", "--as-of", "2025-4-1"], ["shifts", "--since", "2025-13-01"]):
        t.fails(args, 65, "'%s'" % args[-1], "expected a real date YYYY-MM-DD")
    for cmd in (["positions"], ["conflicts"], ["matrix"], ["shifts"], ["history", "--party", "ua"]):
        t.fails(cmd + ["--min-credibility", "7"], 65, "invalid --min-credibility '7'")
        t.fails(cmd + ["--min-reliability", "G"], 65, "invalid --min-reliability 'G'")
        t.fails(cmd + ["--kind", "empire"], 65, "'empire'", "quote, paraphrase, proposal, report")
    for cmd in (["positions"], ["conflicts"], ["matrix"], ["shifts"]):
        t.fails(cmd + ["--by", "speaker"], 65, "invalid by 'speaker' (choose from: party, actor)")
    t.fails(["matrix", "--metric", "entropy"], 65,
            "invalid metric 'entropy' (choose from: conflicts, hard, distance)")
    t.fails(["conflicts", "--between", "ua"], 64, "--between needs at least two", "'ua'")
    t.fails(["conflicts", "--within"], 64, "--within needs --by actor")
    t.fails(["conflicts", "--within", "--by", "party"], 64, "--within needs --by actor")
    t.fails(["history"], 64, "needs --party P or --actor A")
    t.fails(["history", "--issue", "peace-talks"], 64, "needs --party P or --actor A")
    t.fails(["history", "--party", "ua", "--actor", "zelenskyy"], 64,
            "takes --party or --actor, not both")
    t.fails(["history", "--party", "ua", "--by", "actor"], 64, "unknown option '--by'")
    t.fails(["history", "--party", "ua", "--issue", "a", "--issue", "b"], 64,
            "'--issue' given twice")
    t.fails(["conflicts", "--severe"], 64, "unknown option '--severe'")
    t.fails(["positions", "--party", "UA"], 65, "'UA'")
    t.fails(["positions"], 66, "no database", env={"STANCE_DB": "missing.db"})
    t.ok(not os.path.exists(os.path.join(t.dir, "missing.db")), "a read never creates one")


@test
def help_states_the_rules(t):
    """Every analysis command's --help states the rules of design §2 v2."""
    t.init()
    common = ["! sets", "~ ends it", "keeps it only while", "--min-credibility",
              "unknown", "counts as 6", "counts as F", "and every issue under it"]
    by = ["--by actor puts actors in place of parties"]
    for cmd, extra in ((["positions"], common + by + ["age:", "3d", "5mo", "2y", "set by"]),
                       (["conflicts"], common + by + ["--between X --between Y",
                                                      "--within", "age:"]),
                       (["matrix"], common + by + ["may repeat", "\"shared\"", "'*'"]),
                       (["shifts"], common + by),
                       (["history"], ["! sets", "~ ends it", "--min-credibility",
                                      "counts as 6", "--actor", "without --issue",
                                      "every issue under it"])):
        r = t.run(*cmd, "--help")
        text = re.sub(r"\s+", " ", r.out)
        missing = [w for w in extra if re.sub(r"\s+", " ", w) not in text]
        t.ok(r.rc == 0 and not missing, "%s --help states the rules" % cmd[0],
             "missing %r" % missing)


# ---- colour -----------------------------------------------------------------

def run_on_terminal(t, args, env):
    """Runs stance with stdout on a pseudo-terminal; what it printed."""
    master, slave = pty.openpty()
    e = dict(t.env)
    e.pop("NO_COLOR", None)
    e.update(env)
    proc = subprocess.Popen([BIN] + args, cwd=t.dir, env=e, stdout=slave,
                            stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


@test
def colour(t):
    load(t)
    out = run_on_terminal(t, ["conflicts", "--hard"], {})
    t.ok("\033[1;31mhard\033[0m" in out and "\033[1;31m--!\033[0m" in out and
         "\033[32m++\033[0m" in out, "on a terminal: red for hard and red lines, green for +",
         repr(out[:300]))
    out = run_on_terminal(t, ["positions"], {})
    t.ok("\033[1;31m--!\033[0m" in out and "\033[1mterritory\033[0m" in out,
         "positions on a terminal: the red line in red, the issues in bold", repr(out[:300]))
    out = run_on_terminal(t, ["positions"], {"NO_COLOR": "1"})
    t.ok("\033" not in out and "--!" in out, "NO_COLOR: none", repr(out[:300]))
    for cmd in (["positions"], ["conflicts"], ["matrix"], ["shifts"],
                ["history", "--party", "ua", "--issue", "crimea-recognition"]):
        r = t.run(*cmd, env={"NO_COLOR": None})
        t.ok(r.rc == 0 and "\033" not in r.out, "not a terminal: no colour in " + cmd[0], r)


@test
def tables_fit_80_columns(t):
    load(t)
    for cmd in (["positions"], ["positions", "--by", "actor"], ["conflicts"],
                ["conflicts", "--by", "actor"], ["matrix", "--metric", "distance"],
                ["history", "--party", "ua"], ["history", "--party", "us"], ["shifts"]):
        r = t.run(*cmd)
        wide = [line for line in r.out.splitlines() if len(line) > 80]
        t.ok(r.rc == 0 and not wide, "%s: every line within 80 columns" % " ".join(cmd), wide)


sys.exit(main())

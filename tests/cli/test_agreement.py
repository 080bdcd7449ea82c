#!/usr/bin/env python3
"""How far do our coders agree? (issue 15, design §9) end to end: `stance
agreement` over snapshots and databases in any mix. Krippendorff's own
4-coder, 12-unit example under the three metrics; full agreement; alpha
undefined (no variation, no pairable units) said, never divided by zero;
what §9 leaves out (missing values, retracted statements, statements a coder
lacks, units one coder alone codes) counted by units and values; three inputs
mixing a database, a version-2 and a version-1 snapshot; --issue with its
descendants; the red-line flag on a hand-computed case; the three formats,
the list of disagreements and the coders' names; and every refusal, with the
inputs left as they were.

The expected alphas are constants worked out by hand (or Krippendorff's
published ones). `kalpha()` below is a plain reference of the coincidence
matrix algorithm, checked against those constants first, and then used for
cases too long to work out by hand."""

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import defaultdict

import stancetest
from stancetest import main, test

STANCE = {-2: "strongly-oppose", -1: "oppose", 0: "neutral", 1: "support",
          2: "strongly-support"}
SYMBOL = {-2: "--", -1: "-", 0: "0", 1: "+", 2: "++"}
RED = {True: "!", False: "~", None: ""}
METRICS = ["ordinal", "interval", "nominal"]
EXPORTED_AT = "2026-12-01T18:00:00.000Z"

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
# reliability data of section C: 4 coders, 12 units, values 1..5 (None:
# missing); unit 12 has one value only.
KRIPP = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
KRIPP_ALPHA = {"ordinal": 0.8154, "interval": 0.8491, "nominal": 0.7434}


# ---- a reference ------------------------------------------------------------

def kalpha(units, metric="nominal"):
    """Krippendorff's alpha from the coincidence matrix. units: lists of
    the values of each unit (missing ones left out); values are numbers or,
    for nominal, anything hashable. (alpha, reason)."""
    units = [u for u in units if len(u) >= 2]
    o = defaultdict(float)
    for u in units:
        for i, a in enumerate(u):
            for j, b in enumerate(u):
                if i != j:
                    o[(a, b)] += 1 / (len(u) - 1)
    cats = sorted({v for u in units for v in u}, key=repr if metric == "nominal" else None)
    nc = {c: sum(o[(c, k)] for k in cats) for c in cats}
    n = sum(nc.values())
    if not units:
        return None, "no pairable units"

    def delta(c, k):
        if metric == "nominal":
            return 0.0 if c == k else 1.0
        if metric == "interval":
            return float(c - k) ** 2
        lo, hi = min(c, k), max(c, k)
        return (sum(nc[g] for g in cats if lo <= g <= hi) - (nc[c] + nc[k]) / 2) ** 2

    do = sum(o[(c, k)] * delta(c, k) for c in cats for k in cats)
    de = sum(nc[c] * nc[k] * delta(c, k) for c in cats for k in cats)
    if de == 0:
        return None, "no variation"
    return 1 - (n - 1) * do / de, None


def pairs(units):
    """(agreeing pairs, pairs) over the pairable units."""
    agree = total = 0
    for u in units:
        for i in range(len(u)):
            for j in range(i + 1, len(u)):
                total += 1
                agree += u[i] == u[j]
    return agree, total


# ---- snapshots and databases ------------------------------------------------

def uid(n):
    return "%08x-0000-4000-8000-%012x" % (n, n)


def stmt(n, positions=None, retracted=False, version=2):
    """Statement uid(n) with positions {issue: value | (value, red_line)}."""
    pos = []
    for issue, v in sorted((positions or {}).items()):
        value, red = v if isinstance(v, tuple) else (v, None)
        p = {"issue": issue, "stance": STANCE[value]}
        if version == 1:
            p.update({"red_line": bool(red), "condition": None})
        else:
            p.update({"point": None, "red_line": red, "condition": None})
        pos.append(p)
    s = {"id": uid(n), "party": "ua", "actor": None,
         "said_on": "2025-04-%02d" % (1 + n % 28), "kind": "quote",
         "text": "Statement number %d." % n, "source": None, "url": None,
         "credibility": None, "recorded_by": "lead",
         "recorded_at": "2026-11-28T18:00:%02d.000Z" % (n % 60),
         "retracted": None, "positions": pos}
    if retracted:
        s["retracted"] = {"at": "2026-11-29T10:00:00.000Z", "by": "lead",
                          "reason": "duplicate"}
    return s


def snapshot(statements, issues=("x",), version=2):
    """issues: slugs or (slug, parent)."""
    iss = []
    for i in issues:
        slug, parent = i if isinstance(i, tuple) else (i, None)
        iss.append({"slug": slug, "title": "Issue " + slug, "description": None,
                    "parent": parent})
    iss.sort(key=lambda i: i["slug"])
    doc = {"format": "stance-snapshot", "version": version, "exported_at": EXPORTED_AT,
           "parties": [{"slug": "ua", "name": "Ukraine", "kind": "state"}],
           "actors": [], "sources": [], "issues": iss,
           "statements": sorted(statements, key=lambda s: (s["said_on"], s["recorded_at"],
                                                           s["id"]))}
    if version == 2:
        doc.update({"aliases": [], "assessments": [], "outcomes": [], "revisions": []})
    return doc


def write(t, name, doc):
    path = os.path.join(t.dir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        if isinstance(doc, (bytes, str)):
            f.write(doc if isinstance(doc, str) else doc.decode())
        else:
            json.dump(doc, f, indent=2)
    return name


def coder(t, name, codes, n_statements=None, issues=("x",), version=2, retracted=()):
    """A snapshot NAME whose statements are 1..n (or the keys of codes),
    coded as codes {n: {issue: value}} says, retracted as told."""
    ns = range(1, n_statements + 1) if n_statements else sorted(codes)
    return write(t, name, snapshot([stmt(n, codes.get(n), n in retracted, version)
                                    for n in ns], issues, version))


def database(t, name, codes, n_statements, issues=("x",), retract=()):
    """A database NAME built as a coder builds one: the lead's uncoded
    snapshot imported, then each statement coded with `stance code`, then
    the statements in retract retracted."""
    base = write(t, name + ".base.json", snapshot([stmt(n) for n in range(1, n_statements + 1)],
                                                 issues))
    t.must("--db", name, "init")
    t.must("--db", name, "import", base)
    os.remove(os.path.join(t.dir, base))
    for n, pos in sorted(codes.items()):
        args = []
        for issue, v in sorted(pos.items()):
            value, red = v if isinstance(v, tuple) else (v, None)
            args += ["--position", "%s=%s%s" % (issue, SYMBOL[value], RED[red])]
        if args:
            t.must("--db", name, "code", uid(n), *args)
    for n in retract:
        t.must("--db", name, "retract", uid(n), "--reason", "not a statement of ours")
    return name


def kripp_codes(c):
    return {i + 1: {"x": v - 3} for i, v in enumerate(KRIPP[c]) if v is not None}


def agree(t, *args, fmt="json", desc=None):
    """The output of an agreement that must succeed silently (parsed JSON
    when fmt is json)."""
    r = t.run("--format", fmt, "agreement", *args)
    if r.rc != 0 or r.err:
        t.ok(False, desc or "agreement %s" % " ".join(args), r)
        return None
    return r.json() if fmt == "json" else r.out


def near(got, want, places=4):
    return isinstance(got, (int, float)) and not isinstance(got, bool) and \
        round(got, places) == round(want, places)


def close(got, want):
    return isinstance(got, (int, float)) and not isinstance(got, bool) and \
        abs(got - want) < 1e-9


def stats(block):
    """A summary block as a comparable tuple (alpha to 4 places)."""
    if not block:
        return None
    a = block.get("alpha")
    g = block.get("agreement")
    return (None if a is None else round(a, 4), block.get("reason"), block.get("units"),
            block.get("values"), None if g is None else round(g, 4))


def expect(units, metric="ordinal"):
    """What stats() must give for these units (lists of values)."""
    units = [u for u in units if len(u) >= 2]
    a, reason = kalpha(units, metric)
    ag, total = pairs(units)
    return (None if a is None else round(a, 4), reason, len(units),
            sum(len(u) for u in units), round(ag / total, 4) if total else None)


def digest(t, name):
    with open(os.path.join(t.dir, name), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_stdin(t, data, *args):
    proc = subprocess.run([stancetest.BIN] + list(args), cwd=t.dir, env=t.env, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return stancetest.Result(args, proc)


# ---- the reference ----------------------------------------------------------

@test
def reference_itself(t):
    """The reference reproduces Krippendorff's published values and a red
    line case worked out by hand (else every check using it is void)."""
    units = [[KRIPP[c][i] for c in "ABCD" if KRIPP[c][i] is not None] for i in range(12)]
    for m in METRICS:
        t.ok(near(kalpha(units, m)[0], KRIPP_ALPHA[m]), "reference: %s %s" % (m, KRIPP_ALPHA[m]),
             kalpha(units, m))
    red = [[True, True], [None, None], [False, None], [True, False]]
    t.ok(close(kalpha(red)[0], 1 / 3), "reference: the red line case gives 1/3", kalpha(red))


# ---- 1. Krippendorff's example ----------------------------------------------

@test
def krippendorff_snapshots(t):
    """Four snapshots holding all twelve statements, uncoded where a value
    is missing."""
    names = [coder(t, c + ".json", kripp_codes(c), 12) for c in "ABCD"]
    for m in METRICS:
        args = names + (["--metric", m] if m != "ordinal" else [])
        got = agree(t, *args)
        if got is None:
            continue
        o = got["overall"]
        t.ok(near(o.get("alpha"), KRIPP_ALPHA[m]), "%s alpha %s" % (m, KRIPP_ALPHA[m]), o)
        t.eq((o.get("units"), o.get("values")), (11, 40),
             "%s: 11 pairable units (unit 12 has one value), 40 values" % m)
        t.eq(got.get("metric"), m, "%s: metric said" % m)
        t.ok(close(o.get("agreement"), 43 / 55), "%s: 43 of 55 pairs agree" % m, o)
        t.ok("reason" not in o, "%s: no reason beside a defined alpha" % m, o)
        t.eq([(i["issue"], round(i["alpha"], 4), i["units"], i["values"])
              for i in got.get("issues", [])], [("x", KRIPP_ALPHA[m], 11, 40)],
             "%s: the one issue, the same as overall" % m)
    got = agree(t, *names)
    if got is None:
        return
    t.eq(got.get("coders"), names, "coders: the file names, in the order given")
    t.eq(stats(got.get("red_line")), (None, "no variation", 11, 40, 1.0),
         "red line: every value null, so no variation, over the same units")
    t.eq(stats(got["issues"][0].get("red_line")), (None, "no variation", 11, 40, 1.0),
         "the issue's red line likewise")
    want = [{"statement": uid(u), "issue": "x",
             "values": {c + ".json": (STANCE[KRIPP[c][u - 1] - 3]
                                      if KRIPP[c][u - 1] is not None else None)
                        for c in "ABCD"},
             "red_lines": {c + ".json": None for c in "ABCD"}}
            for u in (2, 6, 8)]
    t.eq(got.get("disagreements"), want,
         "disagreements: units 2, 6 and 8, each coder's stance or null")


@test
def krippendorff_databases(t):
    """The same data as two databases coded with `stance code` and two
    snapshots that lack the statements they do not code."""
    a = database(t, "A.db", kripp_codes("A"), 12)
    b = database(t, "B.db", kripp_codes("B"), 12)
    c = coder(t, "C.json", kripp_codes("C"))
    d = coder(t, "D.json", kripp_codes("D"))
    before = [digest(t, n) for n in (a, b, c, d)]
    for m in METRICS:
        got = agree(t, a, b, c, d, "--metric", m)
        if got is None:
            continue
        t.eq(stats(got["overall"])[:4], (KRIPP_ALPHA[m], None, 11, 40),
             "databases and snapshots: %s %s, 11 units, 40 values" % (m, KRIPP_ALPHA[m]))
    t.eq([digest(t, n) for n in (a, b, c, d)], before, "the four inputs are unchanged")
    t.ok(not os.path.exists(os.path.join(t.dir, "stance.db")), "no --db needed, none made")


# ---- 2 and 3. full agreement, undefined alpha --------------------------------

@test
def full_agreement(t):
    codes = {1: {"x": -2}, 2: {"x": 0}, 3: {"x": 2}, 4: {"x": 1}}
    names = [coder(t, "ann.json", codes), coder(t, "bob.json", codes)]
    for m in METRICS:
        got = agree(t, *names, "--metric", m)
        if got is None:
            continue
        t.eq(stats(got["overall"]), (1.0, None, 4, 8, 1.0), "%s: full agreement gives 1" % m)
        t.eq(got.get("disagreements"), [], "%s: no disagreements" % m)
    r = t.run("agreement", *names)
    t.ok(r.rc == 0 and re.search(r"\bno\b[^\n]*disagree|disagree[^\n]*\bnone\b", r.out, re.I),
         "table: a line saying there are no disagreements", r)
    r = t.run("--format", "csv", "agreement", *names)
    t.succeeds(r, "csv: the header alone",
               "statement,issue,ann.json,ann.json red_line,bob.json,bob.json red_line\n")


@test
def no_variation(t):
    codes = {1: {"x": 1}, 2: {"x": 1}, 3: {"x": 1}}
    names = [coder(t, "ann.json", codes), coder(t, "bob.json", codes)]
    for m in METRICS:
        r = t.run("--format", "json", "agreement", *names, "--metric", m)
        t.succeeds(r, "%s: no variation is not an error" % m)
        if r.rc:
            continue
        got = r.json()
        t.eq(stats(got["overall"]), (None, "no variation", 3, 6, 1.0),
             "%s: alpha null, 'no variation'; 3 units, 6 values, all pairs agree" % m)
        t.eq(stats(got["issues"][0]), (None, "no variation", 3, 6, 1.0),
             "%s: the issue likewise" % m)
    for fmt in ("table", "csv"):
        r = t.run("--format", fmt, "agreement", *names)
        t.succeeds(r, "%s: no variation prints" % fmt)
    r = t.run("agreement", *names)
    row = next((line for line in r.out.splitlines() if "(all issues)" in line), "")
    t.ok(not re.search(r"nan|inf", row, re.I), "table: no NaN nor infinity", r)


@test
def no_pairable_units(t):
    """ann codes x on statements 1 and 2, bob on 3 only: the issue is coded,
    no unit has two values."""
    names = [coder(t, "ann.json", {1: {"x": 1}, 2: {"x": -1}}, 3),
             coder(t, "bob.json", {3: {"x": 2}}, 3)]
    r = t.run("--format", "json", "agreement", *names)
    t.succeeds(r, "no pairable units is not an error")
    if r.rc:
        return
    got = r.json()
    none = (None, "no pairable units", 0, 0, None)
    t.eq(stats(got["overall"]), none, "overall: null, 'no pairable units', agreement null")
    t.eq([(i["issue"],) + stats(i) for i in got["issues"]], [("x",) + none],
         "the issue coded by one coder at a time is listed, null")
    t.eq(stats(got["red_line"]), none, "red line: no pairable units either")
    t.eq(got["disagreements"], [], "no disagreements")
    for fmt in ("table", "csv"):
        t.succeeds(t.run("--format", fmt, "agreement", *names), "%s prints it" % fmt)


@test
def undefined_issue_beside_defined(t):
    """x has no variation, y has: x's alpha is null, overall is not."""
    codes_a = {1: {"x": 1, "y": -2}, 2: {"x": 1, "y": 1}, 3: {"x": 1, "y": 2}}
    codes_b = {1: {"x": 1, "y": -2}, 2: {"x": 1, "y": 2}, 3: {"x": 1, "y": 2}}
    names = [coder(t, "ann.json", codes_a, issues=("x", "y")),
             coder(t, "bob.json", codes_b, issues=("x", "y"))]
    got = agree(t, *names)
    if got is None:
        return
    by = {i["issue"]: i for i in got["issues"]}
    t.eq(stats(by.get("x")), (None, "no variation", 3, 6, 1.0), "x: null, no variation")
    t.eq(stats(by.get("y")), expect([[-2, -2], [1, 2], [2, 2]]), "y: its own alpha")
    t.eq(stats(got["overall"]),
         expect([[1, 1], [1, 1], [1, 1], [-2, -2], [1, 2], [2, 2]]),
         "overall: every unit pooled in one matrix")
    t.ok(got["overall"]["alpha"] is not None and "reason" not in got["overall"],
         "overall defined, no reason", got["overall"])


# ---- 4. what is left out ----------------------------------------------------

@test
def left_out(t):
    """ann is a database, bob a snapshot. Statement 2 is retracted in
    ann's database, 3 in bob's snapshot, bob lacks 4, ann does not code 6,
    y on 5 is ann's alone: none of these is a unit."""
    ann = {1: {"x": 1}, 2: {"x": -1}, 3: {"x": 0}, 4: {"x": -2}, 5: {"x": 1, "y": -1},
           7: {"x": -2}, 8: {"y": 1}, 9: {"y": -1}}
    bob = {1: {"x": 1}, 2: {"x": 2}, 3: {"x": -1}, 5: {"x": 2}, 6: {"x": 0},
           7: {"x": -1}, 8: {"y": 1}, 9: {"y": 1}}
    a = database(t, "ann.db", ann, 9, issues=("x", "y"), retract=(2,))
    b = write(t, "bob.json", snapshot([stmt(n, bob.get(n), n == 3)
                                       for n in (1, 2, 3, 5, 6, 7, 8, 9)], ("x", "y")))
    x_units = [[1, 1], [1, 2], [-2, -1]]
    y_units = [[1, 1], [-1, 1]]
    for m in METRICS:
        got = agree(t, a, b, "--metric", m)
        if got is None:
            continue
        by = {i["issue"]: i for i in got["issues"]}
        t.eq(stats(by.get("x")), expect(x_units, m),
             "%s x: statements 1, 5, 7 only: 3 units, 6 values" % m)
        t.eq(stats(by.get("y")), expect(y_units, m),
             "%s y: statements 8, 9: 2 units, 4 values" % m)
        t.eq(stats(got["overall"]), expect(x_units + y_units, m),
             "%s overall: 5 units, 10 values" % m)
    got = agree(t, a, b)
    if got is None:
        return
    t.eq([(d["statement"], d["issue"], d["values"]) for d in got["disagreements"]],
         [(uid(5), "x", {"ann.db": "support", "bob.json": "strongly-support"}),
          (uid(7), "x", {"ann.db": "strongly-oppose", "bob.json": "oppose"}),
          (uid(9), "y", {"ann.db": "oppose", "bob.json": "support"})],
         "disagreements: none on the retracted (2, 3) or lacking (4) statements")
    # a unit with three coders, one missing, stays
    c = coder(t, "cat.json", {1: {"x": 1}, 4: {"x": -2}}, issues=("x", "y"))
    got = agree(t, a, b, c)
    if got is not None:
        by = {i["issue"]: i for i in got["issues"]}
        t.eq(stats(by.get("x")), expect([[1, 1, 1], [1, 2], [-2, -1], [-2, -2]]),
             "a third coder: statement 4 now paired (ann and cat), 1 has three values")


# ---- 5. a database and two snapshots ----------------------------------------

@test
def three_inputs_mixed(t):
    """ann a database, bob a version-2 snapshot, cat a version-1 snapshot
    (whose red_line false means not stated: null)."""
    ann = {1: {"x": (1, True)}, 2: {"x": -1}, 3: {"x": (0, False)}, 4: {"x": 2},
           5: {"x": -2}}
    bob = {1: {"x": (1, True)}, 2: {"x": (-1, None)}, 3: {"x": (0, False)}, 4: {"x": 1},
           5: {"x": -1}}
    cat = {1: {"x": (1, True)}, 2: {"x": (-1, False)}, 3: {"x": (0, False)}, 4: {"x": 2},
           6: {"x": 2}}
    a = database(t, "ann.db", ann, 6)
    b = coder(t, "bob.json", bob, 6)
    c = coder(t, "cat.json", cat, 6, version=1)
    with open(os.path.join(t.dir, c)) as f:
        t.eq(json.load(f)["version"], 1, "cat.json is a version-1 snapshot")
    units = [[1, 1, 1], [-1, -1, -1], [0, 0, 0], [2, 1, 2], [-2, -1]]
    red = [[True, True, True], [None, None, None], [False, False, None],
           [None, None, None], [None, None]]
    for m in METRICS:
        got = agree(t, a, b, c, "--metric", m)
        if got is None:
            continue
        t.eq(got["coders"], ["ann.db", "bob.json", "cat.json"], "%s: three coders" % m)
        t.eq(stats(got["overall"]), expect(units, m),
             "%s: statements 1-5 (6 is cat's alone): 5 units, 14 values" % m)
        t.eq(stats(got["red_line"]), expect(red, "nominal"),
             "%s: red line nominal, version 1's false read as null" % m)
    got = agree(t, a, b, c)
    if got is not None:
        # 3: the stances agree, cat states no red line where the others
        # state there is none
        t.eq([(d["statement"], d["values"]) for d in got["disagreements"]],
             [(uid(3), {"ann.db": "neutral", "bob.json": "neutral", "cat.json": "neutral"}),
              (uid(4), {"ann.db": "strongly-support", "bob.json": "support",
                        "cat.json": "strongly-support"}),
              (uid(5), {"ann.db": "strongly-oppose", "bob.json": "oppose", "cat.json": None})],
             "disagreements across the three, on the stance or the red line")
        t.eq(got["disagreements"][0]["red_lines"],
             {"ann.db": False, "bob.json": False, "cat.json": None},
             "each coder's red line: false stated, null not stated")


# ---- 6. --issue -------------------------------------------------------------

@test
def issue_filter(t):
    """territory > crimea > crimea-bridge, territory > donbas (the parent
    known to bob's snapshot only), nato > nato-2030."""
    issues_a = [("territory", None), ("crimea", "territory"), ("crimea-bridge", "crimea"),
                ("donbas", None), ("nato", None), ("nato-2030", "nato"), ("other", None)]
    issues_b = [("territory", None), ("crimea", "territory"), ("crimea-bridge", "crimea"),
                ("donbas", "territory"), ("nato", None), ("nato-2030", "nato")]
    slugs = ["crimea", "crimea-bridge", "donbas", "nato", "nato-2030"]
    va = {"crimea": [1, 2, -1], "crimea-bridge": [0, 1, 1], "donbas": [-2, -1, 0],
          "nato": [2, 2, 1], "nato-2030": [-1, 0, 1]}
    vb = {"crimea": [1, 1, -1], "crimea-bridge": [0, 1, 2], "donbas": [-2, -2, 0],
          "nato": [2, 2, 2], "nato-2030": [-1, 0, 0]}
    ca = {n: {s: va[s][n - 1] for s in slugs} for n in (1, 2, 3)}
    cb = {n: {s: vb[s][n - 1] for s in slugs} for n in (1, 2, 3)}
    a = coder(t, "ann.json", ca, issues=issues_a)
    b = coder(t, "bob.json", cb, issues=issues_b)

    def units(keep):
        return [[va[s][i], vb[s][i]] for s in keep for i in range(3)]

    got = agree(t, a, b)
    if got is not None:
        t.eq([i["issue"] for i in got["issues"]], slugs,
             "no --issue: every coded issue, by slug (territory, other: nobody codes them)")
        t.eq(stats(got["overall"]), expect(units(slugs)), "overall over all of them")
    for args, keep, desc in (
        (["--issue", "territory"], ["crimea", "crimea-bridge", "donbas"],
         "territory: its descendants, grandchildren and a parent one input knows"),
        (["--issue", "crimea"], ["crimea", "crimea-bridge"], "crimea and its child"),
        (["--issue", "territory", "--issue", "nato-2030"],
         ["crimea", "crimea-bridge", "donbas", "nato-2030"], "repeated"),
        (["--issue", "nato", "--issue", "nato-2030"], ["nato", "nato-2030"],
         "an issue and its child named both: each once"),
    ):
        got = agree(t, a, b, *args)
        if got is None:
            continue
        t.eq([i["issue"] for i in got["issues"]], keep, desc)
        t.eq(stats(got["overall"]), expect(units(keep)), desc + ": overall over those units")
        t.ok(all(d["issue"] in keep for d in got["disagreements"]),
             desc + ": disagreements in scope", got["disagreements"])
    got = agree(t, a, b, "--issue", "other")
    if got is not None:
        t.eq((got["issues"], stats(got["overall"])),
             ([], (None, "no pairable units", 0, 0, None)),
             "an issue one input has and nobody codes: nothing to compare")
    t.fails(["agreement", a, b, "--issue", "nope"], 65, "unknown issue 'nope'")
    t.fails(["agreement", a, b, "--issue", "Bad_Slug"], 65, "Bad_Slug")


# ---- 7. formats, names, refusals --------------------------------------------

def three_coders(t):
    """Statement 2: cat codes nothing; 3: all three; 4: ann alone (cat
    lacks it). Returns the names and the units."""
    ann = coder(t, "ann.json", {1: {"x": 1}, 2: {"x": -1}, 3: {"x": 2}, 4: {"x": -2}})
    bob = coder(t, "bob.json", {1: {"x": 1}, 2: {"x": 1}, 3: {"x": 2}}, 4)
    cat = coder(t, "cat.json", {1: {"x": 1}, 3: {"x": 0}}, 3)
    return [ann, bob, cat], [[1, 1, 1], [-1, 1], [2, 2, 0]]


@test
def json_shape(t):
    names, units = three_coders(t)
    got = agree(t, *names)
    if got is None:
        return
    t.eq(list(got), ["coders", "metric", "overall", "issues", "red_line", "disagreements"],
         "members in the order of the contract")
    t.eq([k for k in got["overall"] if k != "reason"], ["alpha", "units", "values", "agreement"],
         "overall's members")
    t.eq([k for k in got["issues"][0] if k != "reason"],
         ["issue", "alpha", "units", "values", "agreement", "red_line"], "an issue's members")
    t.eq([k for k in got["red_line"] if k != "reason"], ["alpha", "units", "values", "agreement"],
         "red line's members")
    t.eq(got["metric"], "ordinal", "the metric defaults to ordinal")
    t.eq(stats(got["overall"]), expect(units), "3 units, 8 values, 4 of 7 pairs agree")
    t.ok(isinstance(got["overall"]["units"], int) and isinstance(got["overall"]["values"], int),
         "units and values are integers", got["overall"])
    t.eq(got["disagreements"],
         [{"statement": uid(2), "issue": "x",
           "values": {"ann.json": "oppose", "bob.json": "support", "cat.json": None},
           "red_lines": {"ann.json": None, "bob.json": None, "cat.json": None}},
          {"statement": uid(3), "issue": "x",
           "values": {"ann.json": "strongly-support", "bob.json": "strongly-support",
                      "cat.json": "neutral"},
           "red_lines": {"ann.json": None, "bob.json": None, "cat.json": None}}],
         "disagreements: by statement, each coder's value, null for a missing one")


@test
def csv_format(t):
    names, _ = three_coders(t)
    r = t.run("--format", "csv", "agreement", *names)
    t.succeeds(r, "csv: the disagreements, full uuids, names, empty for missing",
               "statement,issue,ann.json,ann.json red_line,bob.json,bob.json red_line,"
               "cat.json,cat.json red_line\n"
               "%s,x,oppose,,support,,,\n"
               "%s,x,strongly-support,,strongly-support,,neutral,\n" % (uid(2), uid(3)))


@test
def table_format(t):
    names, units = three_coders(t)
    r = t.run("agreement", *names, env={"COLUMNS": "200"})
    t.succeeds(r, "table prints")
    lines = [line for line in r.out.splitlines() if line.strip()]
    head = next((i for i, line in enumerate(lines) if "alpha" in line.lower()), None)
    t.ok(head is not None and "issue" in lines[head].lower(), "a summary table with a header",
         r.out)
    if head is None or head + 2 >= len(lines):
        return
    first, second = lines[head + 1], lines[head + 2]
    t.ok(first.lstrip().startswith("(all issues)"), "its first row is the overall one", r.out)
    t.ok(second.lstrip().startswith("x "), "then the issue", r.out)
    alpha = kalpha(units, "ordinal")[0]
    nums = [float(n) for n in re.findall(r"-?\d+\.\d+", first)]
    t.ok(any(abs(n - alpha) < 0.0051 for n in nums), "the overall row shows alpha %.4f" % alpha,
         first)
    t.ok(re.search(r"\b57(\.\d+)?\s?%", first), "and agreement as a percentage (4/7: 57%)",
         first)
    t.ok(re.search(r"\b3\b", first) and re.search(r"\b8\b", first), "and 3 units, 8 values",
         first)
    rows = {u: next((line for line in lines if uid(u)[:8] in line), None) for u in (1, 2, 3, 4)}
    t.ok(rows[2] and re.search(r"\sx\s+-\s+\+\s+\(none\)\s*$", rows[2]),
         "statement 2: ann -, bob +, cat (none)", r.out)
    t.ok(rows[3] and re.search(r"\sx\s+\+\+\s+\+\+\s+0\s*$", rows[3]),
         "statement 3: each coder's value as --position writes it", r.out)
    t.ok(rows[1] is None and rows[4] is None, "no row for agreeing or unpaired statements",
         r.out)
    t.ok(uid(2) not in r.out, "statements by their 8-character prefix", r.out)
    dhead = next((line for line in lines if "ann.json" in line), "")
    t.ok("bob.json" in dhead and "cat.json" in dhead, "a column per coder", r.out)


@test
def coder_names(t):
    codes = {1: {"x": 1}, 2: {"x": -1}}
    a = coder(t, "a/ann.json", codes)
    b = coder(t, "b/ann.json", {1: {"x": 1}, 2: {"x": 1}})
    c = coder(t, "c/bob.json", codes)
    got = agree(t, a, b, c)
    if got is not None:
        t.eq(got["coders"], ["a/ann.json", "b/ann.json", "bob.json"],
             "colliding names by their path, the others by their file name")
        t.eq([sorted(d["values"]) for d in got["disagreements"]],
             [["a/ann.json", "b/ann.json", "bob.json"]], "the disagreements use those names")
    got = agree(t, "./" + a, b)
    if got is not None:
        t.eq(got["coders"], ["./a/ann.json", "b/ann.json"], "the path as given")
    got = agree(t, os.path.join(t.dir, c), a)
    if got is not None:
        t.eq(got["coders"], ["bob.json", "ann.json"], "an absolute path: its file name")
    # stdin
    with open(os.path.join(t.dir, a), "rb") as f:
        data = f.read()
    r = run_stdin(t, data, "--format", "json", "agreement", "-", c)
    t.succeeds(r, "- reads a snapshot on stdin")
    if r.rc == 0:
        got = r.json()
        t.eq((got["coders"], stats(got["overall"])[2:4]), (["-", "bob.json"], (2, 4)),
             "stdin is the coder '-'")


@test
def refusals(t):
    codes = {1: {"x": 1}, 2: {"x": -1}}
    a = coder(t, "ann.json", codes)
    b = coder(t, "bob.json", codes)
    db = database(t, "cat.db", codes, 2)
    t.fails(["agreement"], 64, desc="no input")
    t.fails(["agreement", a], 64, desc="one input")
    t.fails(["agreement", a, "./" + a], 64, desc="the same file twice (ann.json ./ann.json)")
    os.link(os.path.join(t.dir, a), os.path.join(t.dir, "hard.json"))
    t.fails(["agreement", a, b, "hard.json"], 64, desc="a hard link to an input")
    os.symlink(a, os.path.join(t.dir, "soft.json"))
    t.fails(["agreement", "soft.json", a], 64, desc="a symbolic link to an input")
    t.fails(["agreement", db, "./cat.db"], 64, desc="the same database twice")
    t.fails(["agreement", a, "missing.json"], 66, "missing.json")
    t.fails(["agreement", "missing.db", a], 66, "missing.db")
    write(t, "garbage.json", "this is not json\n")
    t.fails(["agreement", a, "garbage.json"], 65, "garbage.json")
    write(t, "empty.json", "")
    t.fails(["agreement", "empty.json", a], 65, "empty.json")
    write(t, "other.json", '{"format": "something-else", "version": 2}\n')
    t.fails(["agreement", a, "other.json"], 65, "other.json")
    v9 = snapshot([stmt(1, {"x": 1})])
    v9["version"] = 9
    write(t, "v9.json", v9)
    t.fails(["agreement", a, "v9.json"], 65, "v9.json")
    bad = snapshot([stmt(1, {"nope": 1})])
    write(t, "bad.json", bad)
    t.fails(["agreement", a, "bad.json"], 65, "bad.json",
            desc="a position on an issue the snapshot lacks")
    trunc = json.dumps(snapshot([stmt(1, {"x": 1}), stmt(2, {"x": 2})]))
    write(t, "trunc.json", trunc[:len(trunc) * 2 // 3])
    t.fails(["agreement", "trunc.json", a], 65, "trunc.json", desc="a truncated snapshot")
    # a database of another program, and of a newer stance
    conn = sqlite3.connect(os.path.join(t.dir, "foreign.db"))
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    t.fails(["agreement", a, "foreign.db"], 65, "foreign.db")
    t.must("--db", "newer.db", "init")
    conn = sqlite3.connect(os.path.join(t.dir, "newer.db"))
    conn.execute("PRAGMA user_version = 9999")
    conn.commit()
    conn.close()
    t.fails(["agreement", a, "newer.db"], 65, desc="a database of a newer stance")
    t.fails(["agreement", a, b, "--metric", "entropy"], 65, "entropy", "ordinal", "interval",
            "nominal")
    t.fails(["agreement", a, b, "--metric"], 64, desc="--metric without a value")
    t.fails(["agreement", a, b, "--frobnicate"], 64, "--frobnicate")
    t.ok(not os.path.exists(os.path.join(t.dir, "stance.db")), "no refusal made a database")


@test
def inputs_unchanged(t):
    ann = {1: {"x": (1, True)}, 2: {"x": -1}, 3: {"x": 2}}
    bob = {1: {"x": 1}, 2: {"x": -1}, 3: {"x": (0, False)}}
    a = database(t, "ann.db", ann, 3, retract=(2,))
    b = coder(t, "bob.json", bob)
    c = coder(t, "cat.json", ann, version=1)
    names = [a, b, c]
    before = {n: digest(t, n) for n in names}
    files = sorted(os.listdir(t.dir))
    os.chmod(os.path.join(t.dir, a), 0o400)
    for fmt in ("table", "json", "csv"):
        for m in METRICS:
            r = t.run("--format", fmt, "agreement", *names, "--metric", m)
            t.succeeds(r, "%s %s: a read-only database as input" % (fmt, m))
    os.chmod(os.path.join(t.dir, a), 0o600)
    t.eq({n: digest(t, n) for n in names}, before, "every input byte for byte as it was")
    extra = [f for f in sorted(os.listdir(t.dir)) if f not in files and f != a + "-wal"]
    t.eq(extra, [], "no file made beside them")
    t.must("--db", a, "check")


# ---- 8. red line ------------------------------------------------------------

@test
def red_line(t):
    """x: (true, true) (null, null) (false, null) (true, false), stances
    all agreeing; y: (true, true) (false, false); statement 7: ann's red
    line on a position bob lacks, left out.
    x alone: n = 8, o(T,T) = 2, o(N,N) = 2, o(F,N) = o(N,F) = 1,
    o(T,F) = o(F,T) = 1; n_T = 3, n_N = 3, n_F = 2; alpha = 1 - 7 * 4 /
    (64 - 9 - 9 - 4) = 1/3; 2 of 4 pairs agree.
    y alone: perfect, 1.
    pooled: n = 12, n_T = 5, n_N = 3, n_F = 4; alpha = 1 - 11 * 4 / (144 -
    25 - 9 - 16) = 50/94; 4 of 6 pairs agree."""
    ann = {1: {"x": (1, True)}, 2: {"x": (-1, None)}, 3: {"x": (0, False)},
           4: {"x": (2, True)}, 5: {"y": (-2, True)}, 6: {"y": (1, False)}, 7: {"x": (1, True)}}
    bob = {1: {"x": (1, True)}, 2: {"x": (-1, None)}, 3: {"x": (0, None)},
           4: {"x": (2, False)}, 5: {"y": (-2, True)}, 6: {"y": (1, False)}}
    issues = ("x", "y")
    a = database(t, "ann.db", ann, 7, issues=issues)
    b = coder(t, "bob.json", bob, 7, issues=issues)
    for m in METRICS:
        got = agree(t, a, b, "--metric", m)
        if got is None:
            continue
        by = {i["issue"]: i for i in got["issues"]}
        t.eq(stats(by["x"].get("red_line")), (round(1 / 3, 4), None, 4, 8, 0.5),
             "%s: x's red line 1/3 over 4 units, 2 of 4 pairs agree" % m)
        t.eq(stats(by["y"].get("red_line")), (1.0, None, 2, 4, 1.0), "%s: y's red line 1" % m)
        t.eq(stats(got["red_line"]), (round(50 / 94, 4), None, 6, 12, round(4 / 6, 4)),
             "%s: pooled red line 50/94, 4 of 6 pairs" % m)
        t.eq(stats(got["overall"])[:2], (1.0, None), "%s: the stances agree fully" % m)
        t.eq([(d["statement"], d["issue"], d["values"], d["red_lines"])
              for d in got["disagreements"]],
             [(uid(3), "x", {"ann.db": "neutral", "bob.json": "neutral"},
               {"ann.db": False, "bob.json": None}),
              (uid(4), "x", {"ann.db": "strongly-support", "bob.json": "strongly-support"},
               {"ann.db": True, "bob.json": False})],
             "%s: the units whose red lines differ are disagreements too" % m)
    r = t.run("agreement", a, b, env={"COLUMNS": "200"})
    first = next((line for line in r.out.splitlines() if "(all issues)" in line), "")
    nums = [float(n) for n in re.findall(r"-?\d+\.\d+", first)]
    t.ok(any(abs(n - 50 / 94) < 0.0051 for n in nums), "table: the red-line alpha 0.532", r)
    t.ok(re.search(r"\b66(\.\d+)?\s?%|\b67(\.\d+)?\s?%", first),
         "table: red-line agreement 67%", r)
    rows = [line for line in r.out.splitlines() if uid(3)[:8] in line or uid(4)[:8] in line]
    t.ok(len(rows) == 2 and re.search(r"\s0~\s+0\s*$", rows[0]) and
         re.search(r"\s\+\+!\s+\+\+~\s*$", rows[1]),
         "table: the red lines marked as --position marks them (0~, ++!, ++~)", r.out)


sys.exit(main())

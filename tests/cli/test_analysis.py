#!/usr/bin/env python3
"""`stance positions`, `conflicts`, `matrix`, `history` and `shifts` on the
bundled example (imported, so ids and recorded_at are the snapshot's), in
every format, against a plain recomputation of the design's rules from the
statements themselves; then the error paths."""

import csv
import io
import json
import os
import pty
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


def statements(t):
    """Every statement in the database, in the snapshot's shape."""
    return t.must("statements", "--include-retracted", "--format", "json").json()


# ---- the rules of the design, recomputed plainly ----------------------------

def position_rows(sts, as_of=None):
    """Every counted position, in statement order."""
    live = [s for s in sts if not s["retracted"] and (as_of is None or s["said_on"] <= as_of)]
    live.sort(key=lambda s: (s["said_on"], s["recorded_at"], s["id"]))
    for s in live:
        for p in s["positions"]:
            # a statement says true, false or null (not stated); the
            # analysis answers whether it is a red line: true or false
            yield {"party": s["party"], "issue": p["issue"], "stance": p["stance"],
                   "red_line": p["red_line"] is True, "condition": p["condition"],
                   "statement": s["id"], "said_on": s["said_on"]}


def current(sts, as_of=None):
    """{(party, issue): position}: the last one wins."""
    cur = {}
    for row in position_rows(sts, as_of):
        cur[(row["party"], row["issue"])] = row
    return cur


def want_positions(sts, as_of=None, parties=(), issues=()):
    return [row for (p, i), row in sorted(current(sts, as_of).items())
            if (not parties or p in parties) and (not issues or i in issues)]


def side(row):
    return {k: row[k] for k in ("party", "stance", "red_line", "statement", "said_on")}


def want_conflicts(sts, as_of=None, parties=(), issues=(), hard=False):
    cur = current(sts, as_of)
    out = []
    for issue in sorted({i for _, i in cur}):
        holders = sorted(p for p, i in cur if i == issue)
        for x, a in enumerate(holders):
            for b in holders[x + 1:]:
                ra, rb = cur[(a, issue)], cur[(b, issue)]
                va, vb = VALUES[ra["stance"]], VALUES[rb["stance"]]
                severity = "hard" if ra["red_line"] or rb["red_line"] else "soft"
                if va * vb >= 0 or (issues and issue not in issues):
                    continue
                if (parties and a not in parties and b not in parties) or \
                   (hard and severity != "hard"):
                    continue
                out.append({"issue": issue, "severity": severity, "distance": abs(va - vb),
                            "a": side(ra), "b": side(rb)})
    return out


def want_matrix(sts, metric, as_of=None, parties=(), issue=None):
    cur = {k: v for k, v in current(sts, as_of).items() if issue in (None, k[1])}
    rows = sorted({p for p, _ in cur if not parties or p in parties})
    cells = []
    for a in rows:
        line = []
        for b in rows:
            shared = [i for p, i in cur if p == a and (b, i) in cur]
            pairs = [(cur[(a, i)], cur[(b, i)]) for i in shared]
            diffs = [abs(VALUES[x["stance"]] - VALUES[y["stance"]]) for x, y in pairs]
            opposed = [(x, y) for x, y in pairs
                       if VALUES[x["stance"]] * VALUES[y["stance"]] < 0]
            if metric == "conflicts":
                line.append(len(opposed))
            elif metric == "hard":
                line.append(sum(1 for x, y in opposed if x["red_line"] or y["red_line"]))
            else:
                line.append(sum(diffs) / 4 / len(diffs) if diffs else None)
        cells.append(line)
    return {"metric": metric, "issue": issue, "as_of": as_of, "parties": rows, "cells": cells}


def want_history(sts, party, issue):
    out, last = [], None
    for row in position_rows(sts):
        if (row["party"], row["issue"]) != (party, issue):
            continue
        value = VALUES[row["stance"]]
        prev = out[-1] if out else None
        shift = prev is not None and (prev["stance"] != row["stance"] or
                                      prev["red_line"] != row["red_line"])
        reversal = value != 0 and last is not None and (value > 0) != (last > 0)
        out.append({"statement": row["statement"], "said_on": row["said_on"],
                    "stance": row["stance"], "red_line": row["red_line"],
                    "condition": row["condition"], "shift": shift, "reversal": reversal,
                    "_from": prev, "_party": party, "_issue": issue})
        if value:
            last = value
    return out


def want_shifts(sts, since=None, parties=(), issues=()):
    pairs = sorted({(r["party"], r["issue"]) for r in position_rows(sts)})
    order = {s["id"]: (s["said_on"], s["recorded_at"], s["id"]) for s in sts}
    out = []
    for party, issue in pairs:
        if (parties and party not in parties) or (issues and issue not in issues):
            continue
        for h in want_history(sts, party, issue):
            if h["shift"] and (since is None or h["said_on"] >= since):
                f = h["_from"]
                out.append({"party": party, "issue": issue, "statement": h["statement"],
                            "said_on": h["said_on"], "stance": h["stance"],
                            "red_line": h["red_line"],
                            "from": {"statement": f["statement"], "stance": f["stance"],
                                     "red_line": f["red_line"]},
                            "reversal": h["reversal"]})
    out.sort(key=lambda s: (order[s["statement"]], s["party"], s["issue"]))
    return out


def public(rows):
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def as_csv(value):
    """A JSON value as the csv output writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
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


# ---- positions --------------------------------------------------------------

POSITIONS_TABLE = """\
party  crimea-recognition  easter-ceasefire  eu-sanctions-early  london-talks
eu     -                                     --
ru     ++                  +                 ++
ua     --!
us     +                                                         -

party  nato-membership  occupied-territories  partial-withdrawal  peace-talks
eu
ru
ua                      -                                         +
us     -                +                     +                   +

party  us-peace-plan  us-sanctions-relief
eu
ru
ua     --
us     +              +
"""


@test
def positions(t):
    load(t)
    sts = statements(t)
    t.succeeds(t.run("positions"), "the grid: parties by issues, in blocks of 80 columns",
               POSITIONS_TABLE)
    got = json_of(t, "positions")
    t.eq(got, want_positions(sts), "json: every current position, by party then issue")
    t.ok(isinstance(got, list) and
         {"party": "ua", "issue": "crimea-recognition", "stance": "strongly-oppose",
          "red_line": True, "condition": None, "statement": UA_0423,
          "said_on": "2025-04-23"} in got,
         "ua's red line on crimea comes from its latest statement", got)
    t.eq(list(got[0]) if isinstance(got, list) and got else None,
         ["party", "issue", "stance", "red_line", "condition", "statement", "said_on"],
         "json members in the documented order")
    for args, kw in ((["--as-of", "2025-04-22"], {"as_of": "2025-04-22"}),
                     (["--as-of", "2025-04-16"], {"as_of": "2025-04-16"}),
                     (["--party", "ua", "--party", "eu"], {"parties": ("ua", "eu")}),
                     (["--issue", "crimea-recognition", "--issue", "peace-talks",
                       "--as-of", "2025-04-23"],
                      {"issues": ("crimea-recognition", "peace-talks"), "as_of": "2025-04-23"})):
        t.eq(json_of(t, "positions", *args), want_positions(sts, **kw),
             "json with " + " ".join(args))
    r = t.run("positions", "--as-of", "2025-04-22", "--party", "ua", "--format", "json")
    t.eq([(p["issue"], p["statement"]) for p in r.json()] if r.rc == 0 else r,
         [("crimea-recognition", UA_0422)], "as of 04-22, ua's red line is Zelenskyy's")
    r = t.run("positions", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "party,issue,stance,red_line,condition,statement,said_on\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(p) for p in want_positions(sts)], "csv rows equal the json")
    t.succeeds(t.run("positions", "--as-of", "2025-04-01"), "nothing yet",
               "no current positions\n")
    t.succeeds(t.run("positions", "--as-of", "2025-04-01", "--format", "json"),
               "nothing yet in json", "[]\n")


# ---- conflicts --------------------------------------------------------------

CONFLICTS_HARD = """\
crimea-recognition  hard  distance 4
  ru  ++   2025-04-23  1f3172c7  Russia claims sovereignty over Crimea, which it took control…
  ua  --!  2025-04-23  142e23a9  Ukraine is willing to talk but refuses to accept Russia's cl…

crimea-recognition  hard  distance 3
  ua  --!  2025-04-23  142e23a9  Ukraine is willing to talk but refuses to accept Russia's cl…
  us  +    2025-04-17  d6232302  The US proposal, shared in Paris, suggests compromises from…
"""


@test
def conflicts(t):
    load(t)
    sts = statements(t)
    got = json_of(t, "conflicts")
    t.eq(got, want_conflicts(sts), "json: every conflict, by issue then party")
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
    for args, kw in ((["--hard"], {"hard": True}),
                     (["--party", "eu"], {"parties": ("eu",)}),
                     (["--party", "ru", "--party", "us", "--hard"],
                      {"parties": ("ru", "us"), "hard": True}),
                     (["--issue", "occupied-territories"], {"issues": ("occupied-territories",)}),
                     (["--as-of", "2025-04-22"], {"as_of": "2025-04-22"})):
        t.eq(json_of(t, "conflicts", *args), want_conflicts(sts, **kw),
             "json with " + " ".join(args))
    t.succeeds(t.run("conflicts", "--hard"), "table: both sides with excerpts", CONFLICTS_HARD)
    r = t.run("conflicts", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "issue,severity,distance,a_party,a_stance,a_red_line,a_statement,a_said_on,"
        "b_party,b_stance,b_red_line,b_statement,b_said_on\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(c) for c in want_conflicts(sts)], "csv rows are the json, flat")
    t.succeeds(t.run("conflicts", "--issue", "peace-talks"), "none", "no conflicts\n")


# ---- matrix -----------------------------------------------------------------

MATRIX_TABLE = """\
conflicts  eu  ru  ua  us
eu         0   2   0   1
ru         2   0   1   0
ua         0   1   0   3
us         1   0   3   0
"""

MATRIX_DISTANCE_CRIMEA = """\
distance  ru    ua
ru        0.00  1.00
ua        1.00  0.00
"""


@test
def matrix(t):
    load(t)
    sts = statements(t)
    for metric in ("conflicts", "hard", "distance"):
        got = json_of(t, "matrix", "--metric", metric)
        t.eq(got, want_matrix(sts, metric), "json, " + metric)
    got = [json_of(t, "matrix", "--metric", m) for m in ("conflicts", "hard", "distance")]
    try:
        ua, us = got[0]["parties"].index("ua"), got[0]["parties"].index("us")
        cell = [g["cells"][ua][us] for g in got]
    except (TypeError, KeyError, ValueError):
        cell = got
    t.eq(cell, [3, 1, 0.5], "the design's worked example: ua/us 3 conflicts, 1 hard, 0.5")
    t.eq(json_of(t, "matrix"), want_matrix(sts, "conflicts"), "conflicts is the default")
    for args, kw in ((["--issue", "crimea-recognition"], {"issue": "crimea-recognition"}),
                     (["--party", "ua", "--party", "us", "--party", "uk"],
                      {"parties": ("ua", "us", "uk")}),
                     (["--as-of", "2025-04-22"], {"as_of": "2025-04-22"}),
                     (["--issue", "easter-ceasefire"], {"issue": "easter-ceasefire"})):
        t.eq(json_of(t, "matrix", "--metric", "distance", *args),
             want_matrix(sts, "distance", **kw), "json with " + " ".join(args))
    r = json_of(t, "matrix", "--issue", "london-talks", "--party", "ua")
    t.eq(r, {"metric": "conflicts", "issue": "london-talks", "as_of": None, "parties": [],
             "cells": []}, "no party in scope: an empty square")
    r = json_of(t, "matrix", "--metric", "distance", "--party", "eu", "--party", "ru",
                "--as-of", "2025-04-23", "--issue", "london-talks")
    t.eq(r, {"metric": "distance", "issue": "london-talks", "as_of": "2025-04-23",
             "parties": [], "cells": []}, "issue and as_of are echoed")
    t.succeeds(t.run("matrix"), "table: a labelled square", MATRIX_TABLE)
    t.succeeds(t.run("matrix", "--metric", "distance", "--party", "ru", "--party", "ua",
                     "--issue", "crimea-recognition"),
               "table: distances with 2 decimals", MATRIX_DISTANCE_CRIMEA)
    r = t.run("matrix", "--metric", "distance", "--format", "csv")
    want = want_matrix(sts, "distance")
    t.eq(csv_rows(r), [dict(party=p, **{q: as_csv(v) for q, v in zip(want["parties"], row)})
                       for p, row in zip(want["parties"], want["cells"])]
         if r.rc == 0 else r, "csv: a square with a leading party column")
    t.ok(r.out.startswith("party,eu,ru,ua,us\n"), "csv header names the columns", r)
    # uk codes nato only, which eu, ru and ua do not: null distances
    t.must("record", "--party", "uk", "--date", "2025-04-24", "--text", "UK on NATO",
           "--position", "nato-membership=+")
    sts = statements(t)
    got = json_of(t, "matrix", "--metric", "distance")
    t.eq(got, want_matrix(sts, "distance"), "json with a null cell")
    t.ok(isinstance(got, dict) and None in got["cells"][got["parties"].index("uk")],
         "uk shares no issue with eu: null", got)
    r = t.run("matrix", "--metric", "distance")
    t.ok(r.rc == 0 and "\nuk        -     -     -     0.00  0.50\n" in r.out,
         "table: '-' for null", r)
    r = t.run("matrix", "--metric", "distance", "--format", "csv")
    t.ok(r.rc == 0 and "\nuk,,,,0.0,0.5\n" in r.out, "csv: empty for null", r)


# ---- history and shifts -----------------------------------------------------

def symbol(position):
    return ["--", "-", "0", "+", "++"][VALUES[position["stance"]] + 2] + \
        ("!" if position["red_line"] else "")


def record(t, party, date, *positions):
    args = ["record", "--party", party, "--date", date, "--text", "%s on %s" % (party, date)]
    for p in positions:
        args += ["--position", p]
    return t.must(*args).out.strip()


@test
def history(t):
    load(t)
    us1 = record(t, "us", "2025-04-25", "crimea-recognition=0")
    us2 = record(t, "us", "2025-04-26", "crimea-recognition=-")      # reverses the +
    ua1 = record(t, "ua", "2025-04-26", "crimea-recognition=--")     # drops the red line
    sts = statements(t)
    got = json_of(t, "history", "--party", "us", "--issue", "crimea-recognition")
    t.eq(got, public(want_history(sts, "us", "crimea-recognition")), "json, us")
    t.eq([(h["shift"], h["reversal"]) for h in got] if isinstance(got, list) else got,
         [(False, False), (True, False), (True, True)],
         "support, neutral, oppose: the third row reverses")
    got = json_of(t, "history", "--party", "ua", "--issue", "crimea-recognition")
    t.eq(got, public(want_history(sts, "ua", "crimea-recognition")), "json, ua")
    t.eq([(h["statement"], h["shift"], h["reversal"]) for h in got]
         if isinstance(got, list) else got,
         [(UA_0422, False, False), (UA_0423, False, False), (ua1, True, False)],
         "a red line dropped is a shift, not a reversal")
    t.succeeds(t.run("history", "--party", "us", "--issue", "crimea-recognition"),
               "table",
               "date        stance  change    statement  condition  text\n"
               "2025-04-17  +                 d6232302   -          The US proposal, shared "
               "in Paris, suggests compromises from…\n"
               "2025-04-25  0       shift     %s   -          us on 2025-04-25\n"
               "2025-04-26  -       reversal  %s   -          us on 2025-04-26\n"
               % (us1[:8], us2[:8]))
    r = t.run("history", "--party", "us", "--issue", "crimea-recognition", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "statement,said_on,stance,red_line,condition,shift,reversal\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(h) for h in public(want_history(sts, "us", "crimea-recognition"))],
         "csv rows are the json")
    t.succeeds(t.run("history", "--party", "uk", "--issue", "crimea-recognition",
                     "--format", "json"), "no positions: an empty list", "[]\n")


@test
def shifts(t):
    load(t)
    t.succeeds(t.run("shifts", "--format", "json"), "the example has no shifts", "[]\n")
    us1 = record(t, "us", "2025-04-25", "crimea-recognition=0", "nato-membership=--!")
    ua1 = record(t, "ua", "2025-04-25", "crimea-recognition=--", "peace-talks=+")
    us2 = record(t, "us", "2025-04-27", "crimea-recognition=-")
    sts = statements(t)
    got = json_of(t, "shifts")
    t.eq(got, want_shifts(sts), "json: every shift in statement order")
    t.eq(len(got) if isinstance(got, list) else got, 4, "four shifts")
    for args, kw in ((["--since", "2025-04-26"], {"since": "2025-04-26"}),
                     (["--since", "2025-04-25"], {"since": "2025-04-25"}),
                     (["--party", "us"], {"parties": ("us",)}),
                     (["--issue", "nato-membership"], {"issues": ("nato-membership",)}),
                     (["--party", "ua", "--issue", "crimea-recognition"],
                      {"parties": ("ua",), "issues": ("crimea-recognition",)})):
        t.eq(json_of(t, "shifts", *args), want_shifts(sts, **kw), "json with " + " ".join(args))
    got = json_of(t, "shifts", "--since", "2025-04-26")
    t.eq(got, [{"party": "us", "issue": "crimea-recognition", "statement": us2,
                "said_on": "2025-04-27", "stance": "oppose", "red_line": False,
                "from": {"statement": us1, "stance": "neutral", "red_line": False},
                "reversal": True}],
         "--since compares with what came before it: a reversal across a neutral")
    lines = ["date        party  issue               from  to   reversal  statement"]
    for x in want_shifts(sts, since="2025-04-25"):
        lines.append("%s  %-5s  %-18s  %-4s  %-3s  %-8s  %s" % (
            x["said_on"], x["party"], x["issue"], symbol(x["from"]), symbol(x),
            "yes" if x["reversal"] else "", x["statement"][:8]))
    t.succeeds(t.run("shifts", "--since", "2025-04-25"), "table: from and to as symbols",
               "\n".join(lines) + "\n")
    r = t.run("shifts", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith(
        "party,issue,statement,said_on,stance,red_line,from_statement,from_stance,"
        "from_red_line,reversal\n"), "csv header", r)
    t.eq(csv_rows(r), [flat(s) for s in want_shifts(sts)], "csv rows are the json, flat")


# ---- retraction -------------------------------------------------------------

@test
def retraction(t):
    load(t)
    t.must("retract", UA_0423, "--reason", "misquoted")
    t.must("retract", US_PLAN, "--reason", "not a proposal")
    sts = statements(t)
    got = json_of(t, "positions", "--party", "ua")
    t.eq(got, want_positions(sts, parties=("ua",)), "positions skip retracted statements")
    t.eq([(p["issue"], p["statement"][:8]) for p in got] if isinstance(got, list) else got,
         [("crimea-recognition", "30953a78"), ("occupied-territories", "ebe7fb58"),
          ("peace-talks", "fba9b755"), ("us-peace-plan", "ebe7fb58")],
         "ua's positions go back to its remaining statements")
    t.eq(json_of(t, "positions", "--party", "ua", "--as-of", "2025-04-30"), got,
         "as of a date the same")
    t.eq(json_of(t, "conflicts"), want_conflicts(sts), "conflicts skip them")
    t.ok(all(US_PLAN not in json.dumps(c) for c in json_of(t, "conflicts")),
         "no conflict rests on the retracted proposal")
    t.eq(json_of(t, "matrix", "--metric", "hard"), want_matrix(sts, "hard"), "matrix skips them")
    t.eq([h["statement"] for h in json_of(t, "history", "--party", "ua",
                                          "--issue", "crimea-recognition")],
         [UA_0422], "history skips them")
    t.eq(json_of(t, "shifts"), want_shifts(sts), "shifts skip them")


# ---- errors -----------------------------------------------------------------

@test
def errors(t):
    load(t)
    known = "(known: eu, ru, ua, uk, us)"
    for args in (["positions", "--party", "uk2"], ["conflicts", "--party", "ua", "--party", "uk2"],
                 ["matrix", "--party", "uk2"], ["shifts", "--party", "uk2"],
                 ["history", "--party", "uk2", "--issue", "peace-talks"]):
        t.fails(args, 65, "unknown party 'uk2' " + known)
    for args in (["positions", "--issue", "crimea"], ["conflicts", "--issue", "crimea"],
                 ["matrix", "--issue", "crimea"], ["shifts", "--issue", "crimea"],
                 ["history", "--party", "ua", "--issue", "crimea"]):
        t.fails(args, 65, "unknown issue 'crimea' (known: crimea-recognition, ")
    for args in (["positions", "--as-of", "2025-02-30"], ["conflicts", "--as-of", "tomorrow"],
                 ["matrix", "--as-of", "2025-4-1"], ["shifts", "--since", "2025-13-01"]):
        t.fails(args, 65, "'%s'" % args[-1], "expected a real date YYYY-MM-DD")
    t.fails(["matrix", "--metric", "entropy"], 65,
            "invalid metric 'entropy' (choose from: conflicts, hard, distance)")
    t.fails(["matrix", "--issue", "peace-talks", "--issue", "london-talks"], 64,
            "'--issue' given twice")
    t.fails(["history", "--party", "ua"], 64, "needs --issue")
    t.fails(["history", "--issue", "peace-talks"], 64, "needs --party")
    t.fails(["conflicts", "--severe"], 64, "unknown option '--severe'")
    t.fails(["positions", "--party", "UA"], 65, "'UA'")
    t.fails(["positions"], 66, "no database", env={"STANCE_DB": "missing.db"})
    t.ok(not os.path.exists(os.path.join(t.dir, "missing.db")), "a read never creates one")


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
    out = run_on_terminal(t, ["positions"], {"NO_COLOR": "1"})
    t.ok("\033" not in out and "--!" in out, "NO_COLOR: none", repr(out[:300]))
    for cmd in (["positions"], ["conflicts"], ["matrix"], ["shifts"],
                ["history", "--party", "ua", "--issue", "crimea-recognition"]):
        r = t.run(*cmd, env={"NO_COLOR": None})
        t.ok(r.rc == 0 and "\033" not in r.out, "not a terminal: no colour in " + cmd[0], r)


sys.exit(main())

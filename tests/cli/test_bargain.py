#!/usr/bin/env python3
"""Where will it land? (issue 14, design §8) end to end: `assess` and
`assessments`, `outcome` and `outcomes`, retracting and showing them, and
`forecast`: the worked vectors of §8 built through the command line (Greece
2015, Nash from a status quo), the red-line zone, assumed inputs, --as-of
and the evidence filters; `forecast --backtest` on data sets whose answers
are known by construction, one where fitting the capabilities must beat
the compromise model out of sample; and assessments and outcomes through
export, import and merge. Every refusal leaves the database as it was."""

import datetime
import json
import os
import random
import re
import sys

from stancetest import main, test

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
EXPORTED_AT = re.compile(rb'\n  "exported_at": "[^"]*",\n')
MODELS = ["compromise", "median", "nash", "fitted"]


# ---- helpers --------------------------------------------------------------

def base(t):
    """Three parties and four issues; nsh has a status quo."""
    t.init()
    for args in (
        ["party", "add", "ua", "--name", "Ukraine"],
        ["party", "add", "ru", "--name", "Russia"],
        ["party", "add", "us", "--name", "United States"],
        ["source", "add", "wire", "--name", "The Wire", "--reliability", "B"],
        ["issue", "add", "crimea", "--title", "Recognise Crimea"],
        ["issue", "add", "nato", "--title", "Ukraine may join NATO"],
        ["issue", "add", "nato-2030", "--title", "By 2030", "--parent", "nato"],
        ["issue", "add", "nsh", "--title", "Sanctions", "--status-quo", "-50"],
    ):
        t.must(*args)


def parties(t, *slugs):
    for p in slugs:
        t.must("party", "add", p, "--name", p.upper())


def js(t, *args):
    """The JSON of a read that must succeed silently."""
    r = t.run("--format", "json", *args)
    if r.rc != 0 or r.err:
        t.ok(False, "stance --format json %s" % " ".join(args), r)
        return None
    return r.json()


def new_id(t, r, desc, message, notes=()):
    """r is assess or outcome that worked in table format: its id alone on
    stdout, and on stderr the notes given, then 'stance: MESSAGE (KIND
    1a2b3c4d)'. The id."""
    rid = r.out.strip()
    kind = "assessment" if message.startswith("assessed") else "outcome"
    want = "".join("stance: note: %s\n" % n for n in notes)
    want += "stance: %s (%s %s)\n" % (message, kind, rid[:8])
    t.ok(r.rc == 0 and UUID.fullmatch(rid) and r.out == rid + "\n" and r.err == want, desc,
         "want stderr %r\n%s" % (want, r))
    return rid


def near(got, want, tol):
    return isinstance(got, (int, float)) and abs(got - want) <= tol


def forecast(t, issue, *args):
    got = js(t, "forecast", "--issue", issue, *args)
    return got[0] if got and len(got) == 1 else None


def today_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


def position_at(t, party, date, *specs, **kw):
    args = ["record", "--party", party, "--date", date, "--text", "%s on %s" % (party, date)]
    for k, v in kw.items():
        args += ["--" + k, v]
    for s in specs:
        args += ["--position", s]
    return t.must(*args).out.strip()


def weighted_median(xw):
    """Design §8: sort by x; the first x at which 2 * the running sum of w
    reaches the total."""
    total = sum(w for _, w in xw)
    run = 0
    for x, w in sorted(xw):
        run += w
        if 2 * run >= total * (1 - 1e-12):
            return x
    return None


# ---- assess ---------------------------------------------------------------

@test
def assess_records(t):
    base(t)
    r = t.run("assess", "ru", "crimea", "--salience", "80", "--date", "2025-04-23",
              "--reason", "core interest")
    a = new_id(t, r, "assess --salience: the id, and what it recorded on stderr",
               "assessed ru on crimea: salience 80, as of 2025-04-23")
    r = t.run("assess", "ru", "--capability", "2.5", "--date", "2025-04-01")
    b = new_id(t, r, "assess without an issue: a party-wide capability",
               "assessed ru on every issue: capability 2.5, as of 2025-04-01")
    before = today_utc()
    r = t.run("--format", "json", "assess", "ua", "crimea", "--capability", "0")
    after = today_utc()
    got = r.json() if r.rc == 0 else None
    t.ok(r.rc == 0 and r.err == "" and list(got) == ["id"] and UUID.fullmatch(got["id"]),
         "json: {\"id\"}, nothing on stderr", r)
    c = got["id"] if got else None
    r = t.run("--format", "csv", "assess", "us", "nato", "--salience", "0")
    t.ok(r.rc == 0 and re.fullmatch(r"id\n%s\n" % UUID.pattern, r.out), "csv: an id column", r)
    d = r.out.split()[-1]
    got = js(t, "assessments")
    t.eq([(x["id"], x["party"], x["issue"], x["salience"], x["capability"], x["date"],
           x["reason"], x["recorded_by"], x["retracted"]) for x in got or []],
         [(b, "ru", None, None, 2.5, "2025-04-01", None, "tester", None),
          (a, "ru", "crimea", 80, None, "2025-04-23", "core interest", "tester", None),
          (c, "ua", "crimea", None, 0, got[2]["date"] if got else None, None, "tester", None),
          (d, "us", "nato", 0, None, got[2]["date"] if got else None, None, "tester", None)],
         "assessments: every one in the snapshot's shape, by date then recording time")
    t.ok(got and got[2]["date"] in (before, after), "--date defaults to today (UTC)",
         got and got[2])
    t.eq(list(got[0]) if got else None,
         ["id", "party", "issue", "salience", "capability", "date", "reason", "recorded_by",
          "recorded_at", "retracted"], "the members in the snapshot's order")
    # an alias names its party
    t.must("party", "rename", "ru", "russia")
    r = t.run("assess", "ru", "nsh", "--salience", "1e1", "--date", "2025-05-01")
    new_id(t, r, "a former slug names its party; 1e1 is a number",
           "assessed russia on nsh: salience 10, as of 2025-05-01",
           notes=["'ru' is a former slug of party 'russia'"])


@test
def assess_refusals(t):
    base(t)
    t.must("assess", "ru", "crimea", "--salience", "50", "--date", "2025-01-01")
    for args, code, words in (
        (["assess", "ru", "crimea"], 64, ["--salience", "--capability"]),
        (["assess", "ru", "crimea", "--salience", "5", "--capability", "1"], 64,
         ["takes one of --salience", "not both"]),
        (["assess", "ru", "--salience", "5"], 64, ["needs an ISSUE"]),
        (["assess", "--capability", "1"], 64, ["needs a PARTY"]),
        (["assess", "ru", "crimea", "nato", "--capability", "1"], 64, ["unexpected", "nato"]),
        (["assess", "ru", "crimea", "--salience"], 64, ["--salience", "needs a value"]),
        (["assess", "ru", "crimea", "--weight", "1"], 64, ["--weight"]),
        (["assess", "ru", "crimea", "--salience", "101"], 65, ["salience", "101"]),
        (["assess", "ru", "crimea", "--salience", "-1"], 65, ["salience", "-1"]),
        (["assess", "ru", "crimea", "--capability", "-1"], 65, ["capability", "-1"]),
        (["assess", "ru", "--capability", "-0.5"], 65, ["capability", "-0.5"]),
        (["assess", "ru", "crimea", "--salience", "abc"], 65, ["invalid salience 'abc'"]),
        (["assess", "ru", "crimea", "--salience", ""], 65, ["invalid salience ''"]),
        (["assess", "ru", "crimea", "--salience", "50%"], 65, ["'50%'"]),
        (["assess", "ru", "crimea", "--capability", "nan"], 65, ["invalid capability 'nan'"]),
        (["assess", "ru", "crimea", "--capability", "inf"], 65, ["'inf'"]),
        (["assess", "ru", "crimea", "--capability", "1e999"], 65, ["'1e999'"]),
        (["assess", "ru", "crimea", "--capability", "0x10"], 65, ["'0x10'"]),
        (["assess", "ru", "crimea", "--capability", " 1"], 65, ["' 1'"]),
        (["assess", "ru", "crimea", "--salience", "5", "--date", "2025-02-30"], 65,
         ["2025-02-30"]),
        (["assess", "ru", "crimea", "--salience", "5", "--date", "yesterday"], 65,
         ["yesterday"]),
        (["assess", "zz", "crimea", "--salience", "5"], 65, ["zz"]),
        (["assess", "ru", "atlantis", "--salience", "5"], 65, ["atlantis"]),
        (["assess", "Bad Slug", "--capability", "1"], 65, ["Bad Slug"]),
        (["assess", "ru", "crimea", "--salience", "5", "--reason", ""], 65, ["reason"]),
    ):
        t.fails(args, code, *words)
    t.fails(["assess", "ru", "crimea", "--salience", "5"], 66, "no database",
            env={"STANCE_DB": os.path.join(t.dir, "none.db")})
    t.eq(len(js(t, "assessments") or []), 1, "no refusal recorded anything")


# ---- outcome --------------------------------------------------------------

@test
def outcome_records(t):
    base(t)
    r = t.run("outcome", "crimea", "--date", "2025-06-01", "--point", "12.5", "--text",
              "Talks ended", "--source", "wire")
    a = new_id(t, r, "outcome --point: the id, and what it recorded on stderr",
               "recorded the outcome of crimea: 12.5 (oppose) on 2025-06-01")
    r = t.run("outcome", "nato", "--date", "2025-06-02", "--stance", "support")
    b = new_id(t, r, "outcome --stance NAME: the middle of its band",
               "recorded the outcome of nato: 75 (support) on 2025-06-02")
    r = t.run("--format", "json", "outcome", "nato-2030", "--date", "2025-06-03",
              "--stance=--")
    c = r.json()["id"] if r.rc == 0 and not r.err else t.ok(False, "outcome json", r)
    t.ok(c and UUID.fullmatch(c), "json: {\"id\"}; --stance takes a short form", r)
    r = t.run("--format", "csv", "outcome", "nsh", "--date", "2025-06-04", "--stance", "0")
    t.ok(r.rc == 0 and re.fullmatch(r"id\n%s\n" % UUID.pattern, r.out), "csv: an id column", r)
    d = r.out.split()[-1]
    got = js(t, "outcomes")
    t.eq([(o["id"], o["issue"], o["date"], o["point"], o["text"], o["source"],
           o["recorded_by"], o["retracted"]) for o in got or []],
         [(a, "crimea", "2025-06-01", 12.5, "Talks ended", "wire", "tester", None),
          (b, "nato", "2025-06-02", 75, None, None, "tester", None),
          (c, "nato-2030", "2025-06-03", 0, None, None, "tester", None),
          (d, "nsh", "2025-06-04", 50, None, None, "tester", None)],
         "outcomes: every one in the snapshot's shape, by date")
    t.eq(list(got[0]) if got else None,
         ["id", "issue", "date", "point", "text", "source", "recorded_by", "recorded_at",
          "retracted"], "the members in the snapshot's order")
    t.eq([o["id"] for o in js(t, "outcomes", "--issue", "nato") or []], [b, c],
         "--issue keeps the issue and those under it")
    r = t.run("outcomes", "--issue", "crimea", "--issue", "nsh")
    t.succeeds(r, "the table",
               "id        date        issue   point  stance   source  text\n"
               "%s  2025-06-01  crimea  12.5   oppose   wire    Talks ended\n"
               "%s  2025-06-04  nsh     50     neutral  -       -\n" % (a[:8], d[:8]))
    r = t.run("--format", "csv", "outcomes", "--issue", "crimea")
    t.succeeds(r, "csv: the snapshot's members, the retraction in three columns",
               "id,issue,date,point,text,source,recorded_by,recorded_at,retracted_at,"
               "retracted_by,retraction_reason\n"
               "%s,crimea,2025-06-01,12.5,Talks ended,wire,tester,%s,,,\n"
               % (a, got[0]["recorded_at"] if got else ""))


@test
def outcome_refusals(t):
    base(t)
    t.must("outcome", "crimea", "--date", "2025-01-01", "--point", "1")
    for args, code, words in (
        (["outcome", "crimea", "--point", "5"], 64, ["needs --date"]),
        (["outcome", "crimea", "--date", "2025-01-02"], 64, ["--point", "--stance"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "5", "--stance", "+"], 64,
         ["takes one of --point", "not both"]),
        (["outcome", "--date", "2025-01-02", "--point", "5"], 64, ["needs an ISSUE"]),
        (["outcome", "crimea", "nato", "--date", "2025-01-02", "--point", "5"], 64,
         ["unexpected", "nato"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "101"], 65, ["101"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "-0.5"], 65, ["-0.5"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "half"], 65,
         ["invalid point 'half'"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--stance", "maybe"], 65,
         ["maybe", "strongly-oppose"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--stance", "+!"], 65, ["+!"]),
        (["outcome", "crimea", "--date", "2025-13-01", "--point", "5"], 65, ["2025-13-01"]),
        (["outcome", "atlantis", "--date", "2025-01-02", "--point", "5"], 65, ["atlantis"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "5", "--source", "tass"],
         65, ["tass"]),
        (["outcome", "crimea", "--date", "2025-01-02", "--point", "5", "--text", ""], 65,
         ["text"]),
    ):
        t.fails(args, code, *words)
    t.eq(len(js(t, "outcomes") or []), 1, "no refusal recorded anything")


# ---- the lists ----------------------------------------------------------------

@test
def assessments_list(t):
    base(t)
    ids = {}
    for name, args in (
        ("s1", ["ru", "crimea", "--salience", "40", "--date", "2025-01-01", "--reason",
                "an old view"]),
        ("s2", ["ru", "crimea", "--salience", "90", "--date", "2025-03-01"]),
        ("c1", ["ru", "--capability", "3", "--date", "2025-02-01"]),
        ("c2", ["ua", "nato-2030", "--capability", "0.5", "--date", "2025-02-15"]),
        ("s3", ["us", "nsh", "--salience", "20", "--date", "2025-02-20"]),
    ):
        ids[name] = t.must("assess", *args).out.strip()
    short = {k: v[:8] for k, v in ids.items()}
    r = t.run("assessments")
    t.succeeds(r, "the table: status in force or superseded, '(all issues)'",
               "id        date        party  issue         salience  capability  status"
               "      reason\n"
               "{s1}  2025-01-01  ru     crimea        40        -           superseded"
               "  an old view\n"
               "{c1}  2025-02-01  ru     (all issues)  -         3           in force    -\n"
               "{c2}  2025-02-15  ua     nato-2030     -         0.5         in force    -\n"
               "{s3}  2025-02-20  us     nsh           20        -           in force    -\n"
               "{s2}  2025-03-01  ru     crimea        90        -           in force    -\n"
               .format(**short))
    got = js(t, "assessments", "--as-of", "2025-02-16")
    t.eq([(a["id"], a["date"]) for a in got or []],
         [(ids["s1"], "2025-01-01"), (ids["c1"], "2025-02-01"), (ids["c2"], "2025-02-15")],
         "--as-of D: those dated D or before")
    r = t.run("assessments", "--as-of", "2025-02-16", "--party", "ru")
    t.ok(r.rc == 0 and re.search(r"^%s .* in force +an old view$" % short["s1"], r.out, re.M),
         "--as-of: the one in force as of D", r)
    t.eq([a["id"] for a in js(t, "assessments", "--party", "ua", "--party", "us") or []],
         [ids["c2"], ids["s3"]], "--party repeats")
    t.eq([a["id"] for a in js(t, "assessments", "--issue", "crimea") or []],
         [ids["s1"], ids["c1"], ids["s2"]], "--issue: party-wide capabilities hold there too")
    t.eq([a["id"] for a in js(t, "assessments", "--issue", "nato") or []],
         [ids["c1"], ids["c2"]], "--issue: the issues under it")
    t.must("retract", ids["s2"], "--reason", "misread")
    got = js(t, "assessments", "--party", "ru", "--issue", "crimea")
    t.eq([a["id"] for a in got or []], [ids["s1"], ids["c1"]], "a retracted one is not listed")
    r = t.run("assessments", "--party", "ru", "--issue", "crimea", "--include-retracted")
    t.ok(r.rc == 0 and re.search(r"^%s .* 40 .* in force +an old view$" % short["s1"], r.out,
                                 re.M)
         and re.search(r"^%s .* retracted +-$" % short["s2"], r.out, re.M),
         "--include-retracted: marked, and the earlier one is in force again", r)
    got = js(t, "assessments", "--include-retracted", "--party", "ru", "--issue", "crimea")
    t.eq([(a["id"], (a["retracted"] or {}).get("reason")) for a in got or []],
         [(ids["s1"], None), (ids["c1"], None), (ids["s2"], "misread")],
         "json --include-retracted: with the retraction")
    r = t.run("--format", "csv", "assessments", "--party", "ru", "--include-retracted")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and lines[0] == "id,party,issue,salience,capability,date,reason,"
         "recorded_by,recorded_at,retracted_at,retracted_by,retraction_reason" and
         lines[1].startswith(ids["s1"] + ",ru,crimea,40,,2025-01-01,an old view,tester,") and
         lines[2].startswith(ids["c1"] + ",ru,,,3,2025-02-01,,tester,") and
         lines[3].endswith(",tester,misread"), "csv: the snapshot's members", r)
    t.succeeds(t.run("assessments", "--as-of", "2024-01-01"), "none: says so",
               "no assessments\n")
    t.succeeds(t.run("--format", "json", "assessments", "--as-of", "2024-01-01"),
               "none in json: []", "[]\n")
    t.succeeds(t.run("--format", "csv", "assessments", "--as-of", "2024-01-01"),
               "none in csv: the header",
               "id,party,issue,salience,capability,date,reason,recorded_by,recorded_at,"
               "retracted_at,retracted_by,retraction_reason\n")
    t.fails(["assessments", "--party", "zz"], 65, "zz")
    t.fails(["assessments", "--issue", "atlantis"], 65, "atlantis")
    t.fails(["assessments", "--as-of", "2025-02-31"], 65, "2025-02-31")
    t.fails(["assessments", "extra"], 64, "extra")
    t.succeeds(t.run("outcomes"), "no outcomes: says so", "no outcomes\n")
    t.fails(["outcomes", "--issue", "atlantis"], 65, "atlantis")


# ---- retract, unretract, show -------------------------------------------------

@test
def retract_and_show(t):
    base(t)
    a = t.must("assess", "ru", "crimea", "--salience", "70", "--date", "2025-01-01",
               "--reason", "said so\ntwice").out.strip()
    o = t.must("outcome", "crimea", "--date", "2025-02-01", "--point", "30", "--text",
               "Line one.\nLine two.").out.strip()
    st = t.must("record", "--party", "ua", "--date", "2025-01-01", "--text",
                "No recognition of Crimea", "--position", "crimea=--").out.strip()
    position_at(t, "ru", "2025-01-01", "crimea=@90")
    t.eq(((forecast(t, "crimea") or {}).get("assumed") or {}).get("salience"), ["ua"],
         "the assessment sets ru's salience")
    got = js(t, "assessments")
    r = t.run("--format", "json", "show", a[:8])
    t.ok(r.rc == 0 and got and r.json() == got[0], "show an assessment: json, its snapshot shape",
         r)
    r = t.run("show", a)
    t.succeeds(r, "show an assessment: the table",
               "assessment %s\nparty:       ru\nissue:       crimea\nsalience:    70\n"
               "as of:       2025-01-01\nreason:      said so twice\n"
               "recorded:    %s by tester\n" % (a, got[0]["recorded_at"] if got else ""))
    r = t.run("--format", "csv", "show", a)
    t.ok(r.rc == 0 and r.out == t.run("--format", "csv", "assessments").out,
         "show an assessment: csv, the columns of 'assessments'", r)
    outs = js(t, "outcomes")
    r = t.run("--format", "json", "show", o[:10])
    t.ok(r.rc == 0 and outs and r.json() == outs[0], "show an outcome: json", r)
    r = t.run("show", o)
    t.succeeds(r, "show an outcome: the table, the text below",
               "outcome %s\nissue:       crimea\ndecided on:  2025-02-01\n"
               "point:       30 (oppose)\nrecorded:    %s by tester\n\n"
               "    Line one.\n    Line two.\n" % (o, outs[0]["recorded_at"] if outs else ""))
    r = t.run("--format", "csv", "show", o)
    t.ok(r.rc == 0 and r.out == t.run("--format", "csv", "outcomes").out,
         "show an outcome: csv, the columns of 'outcomes'", r)
    r = t.run("show", st)
    t.ok(r.rc == 0 and r.out.startswith("statement %s\n" % st), "show a statement as before", r)

    r = t.run("retract", a[:8], "--reason", "misread")
    rev = r.out.strip()
    t.ok(r.rc == 0 and UUID.fullmatch(rev) and
         r.err == "stance: retracted assessment %s (revision %s)\n" % (a[:8], rev[:8]),
         "retract an assessment by prefix: the revision, named by kind", r)
    t.eq([x["id"] for x in js(t, "assessments") or []], [], "it is no longer listed")
    r = t.run("show", a)
    t.ok(r.rc == 0 and re.search(r"^RETRACTED:   \S+ by tester: misread$", r.out, re.M),
         "show: the retraction", r)
    t.eq(((forecast(t, "crimea") or {}).get("assumed") or {}).get("salience"), ["ru", "ua"],
         "a retracted assessment takes no part in a forecast")
    t.fails(["retract", a, "--reason", "again"], 65, "already retracted")
    r = t.run("--format", "json", "retract", o, "--reason", "wrong issue")
    t.ok(r.rc == 0 and r.err == "" and list(r.json()) == ["revision"],
         "retract an outcome: json {\"revision\"}", r)
    t.fails(["retract", o[:8], "--reason", "again"], 65, "already retracted")
    r = t.run("--format", "csv", "unretract", o, "--reason", "right after all")
    t.ok(r.rc == 0 and r.out.startswith("revision\n") and
         r.err.startswith("stance: unretracted outcome %s (revision " % o[:8]),
         "unretract an outcome: csv, the message", r)
    t.fails(["unretract", o, "--reason", "again"], 65, "not retracted")
    r = t.run("unretract", a, "--reason", "read right")
    t.ok(r.rc == 0 and r.err.startswith("stance: unretracted assessment %s " % a[:8]),
         "unretract an assessment", r)
    t.eq([x["id"] for x in js(t, "assessments") or []], [a], "listed again")
    r = t.run("retract", st, "--reason", "wrong")
    t.ok(r.rc == 0 and r.err.startswith('stance: retracted %s "No recognition of'
                                        % st[:8]), "a statement's message is as before", r)
    t.fails(["retract", "deadbeef", "--reason", "x"], 65, "deadbeef")
    t.fails(["retract", "dead", "--reason", "x"], 65, "dead")
    t.fails(["retract", a], 64, "--reason")
    t.fails(["show", "deadbeef"], 65, "deadbeef")
    log = js(t, "log", a) or []
    t.eq([e["target"]["kind"] for e in log], ["assessment"] * 3,
         "the log: the retraction, its undoing and the creation")


# ---- forecast: the worked vectors through the command line -----------------------

GREECE = [(40, 100, 100), (60, 30, 100), (70, 20, 100), (80, 10, 100), (100, 100, 80),
          (100, 70, 100), (100, 70, 40), (100, 70, 40), (100, 50, 100), (100, 20, 70),
          (100, 20, 100)]


@test
def greece_2015(t):
    t.init()
    t.must("issue", "add", "bailout", "--title", "The third bailout")
    names = ["g%02d" % k for k in range(1, len(GREECE) + 1)]
    parties(t, *names)
    for p, (x, c, s) in zip(names, GREECE):
        position_at(t, p, "2015-07-01", "bailout=@%d" % x)
        t.must("assess", p, "bailout", "--capability", str(c), "--date", "2015-06-01")
        t.must("assess", p, "bailout", "--salience", str(s), "--date", "2015-06-01")
    f = forecast(t, "bailout")
    m = (f or {}).get("models", {})
    t.ok(near(m.get("compromise"), 82.2222, 5e-5), "compromise 82.2222", f and m)
    t.eq(m.get("median"), 100, "median 100")
    t.eq(m.get("nash", 0), None, "nash: null without a status quo")
    t.eq(list(m), MODELS, "models in their order")
    t.eq(list(f or {}), ["issue", "as_of", "parties", "status_quo", "models", "zone", "clamped",
                         "stance", "assumed"], "the members of §8, in order")
    t.eq([(p["party"], p["point"], p["capability"], p["salience"], p["weight"], p["red_line"])
          for p in (f or {}).get("parties", [])],
         [(p, x, c, s, c * s, False) for p, (x, c, s) in zip(names, GREECE)],
         "parties: every input, and w = c * s")
    t.eq((f or {}).get("assumed"), {"salience": [], "capability": []}, "nothing assumed")
    t.eq((f or {}).get("zone"), {"low": 0, "high": 100, "bounded_by": []},
         "no red line: the whole scale")
    t.eq((f or {}).get("stance"), "support", "the band of 82.2: support")
    t.eq(set((f or {}).get("clamped", {})), {"compromise", "median"},
         "clamped: the models that give a forecast")
    r = t.run("forecast", "--model", "compromise", "--model", "median")
    t.succeeds(r, "the table: one line per issue",
               "issue    parties  compromise  median  zone   bounded by  stance   assumed\n"
               "bailout  11       82.2        100.0   0\u2013100  -           support  -\n")


@test
def nash_from_a_status_quo(t):
    base(t)
    for p, x in (("ua", 0), ("ru", 100), ("us", 100)):
        position_at(t, p, "2025-01-01", "nsh=@%d" % x)
        t.must("assess", p, "nsh", "--salience", "1", "--date", "2025-01-01")
        t.must("assess", p, "--capability", "1", "--date", "2025-01-01")
    for d, want in ((-50, 20.4666), (-200, 46.4816), (-1000, 62.2418)):
        if d != -50:
            t.must("issue", "edit", "nsh", "--status-quo", str(d))
        f = forecast(t, "nsh")
        m = (f or {}).get("models", {})
        t.ok(near(m.get("nash"), want, 5e-5), "d = %d: nash %s" % (d, want), f)
        t.eq((f or {}).get("status_quo"), d, "status_quo %d" % d)
    t.ok(near(m.get("compromise"), 66.6667, 5e-5) and m.get("median") == 100,
         "three at 0, 100, 100: compromise 66.6667, median 100", m)
    t.eq((f or {}).get("assumed"), {"salience": [], "capability": []},
         "all assessed: nothing assumed")
    # a status quo between them: no outcome is better for both
    t.must("issue", "edit", "nsh", "--status-quo", "50")
    f = forecast(t, "nsh", "--party", "ua", "--party", "ru")
    t.ok(f and f["models"]["nash"] is None and "nash" not in f["clamped"] and
         [p["party"] for p in f["parties"]] == ["ru", "ua"],
         "no outcome beats the status quo for everyone: nash null, not clamped; --party", f)
    t.ok(f and f["models"]["compromise"] == 50 and f["models"]["median"] == 0,
         "two at 0 and 100: compromise 50, median 0", f)


@test
def red_line_zone(t):
    base(t)
    position_at(t, "ua", "2025-01-01", "crimea=@10!")
    position_at(t, "ru", "2025-01-01", "crimea=@100")
    position_at(t, "us", "2025-01-01", "crimea=@100")
    f = forecast(t, "crimea")
    t.ok(f and f["models"]["compromise"] == 55 and f["clamped"]["compromise"] == 50,
         "a red line below 50 clamps the compromise 55 into [0, 50]", f)
    t.eq((f or {}).get("zone"), {"low": 0, "high": 50, "bounded_by": ["ua"]},
         "the zone, bounded by the party whose red line sets it")
    t.eq((f or {}).get("stance"), "neutral", "the stance of the clamped compromise's band")
    t.eq([(p["party"], p["salience"], p["capability"], p["red_line"])
          for p in (f or {}).get("parties", [])],
         [("ru", 50, 1, False), ("ua", 100, 1, True), ("us", 50, 1, False)],
         "defaults: salience 100 for a red line, else 50; capability 1")
    t.eq((f or {}).get("assumed"), {"salience": ["ru", "ua", "us"],
                                    "capability": ["ru", "ua", "us"]}, "all assumed")
    t.ok(f and f["models"]["median"] == 10 and f["clamped"]["median"] == 10,
         "the median 10 is inside the zone", f)
    # one above 50 bounds the other end as well: the zone is [50, 50]
    position_at(t, "ru", "2025-02-01", "crimea=@90!")
    f = forecast(t, "crimea")
    t.eq((f or {}).get("zone"), {"low": 50, "high": 50, "bounded_by": ["ru", "ua"]},
         "red lines on both sides: only 50 is left")
    r = t.run("forecast", "--issue", "crimea", "--as-of", "2025-01-15")
    t.succeeds(r, "the table: clamped forecasts show both, the zone, assumed inputs",
               "issue   parties  compromise  median  nash  fitted  zone  bounded by  stance"
               "   assumed\n"
               "crimea  3        55.0\u219250.0   10.0    -     -       0\u201350  ua"
               "          neutral  s:all c:all\n")
    r = t.run("--format", "csv", "forecast", "--issue", "crimea", "--as-of", "2025-01-15",
              "--model", "compromise")
    t.succeeds(r, "csv: one row per issue",
               "issue,as_of,parties,status_quo,compromise,compromise_clamped,zone_low,"
               "zone_high,bounded_by,stance,assumed_salience,assumed_capability\n"
               "crimea,2025-01-15,3,,55.0,50.0,0.0,50.0,ua,neutral,ru ua us,ru ua us\n")


@test
def assumed_inputs(t):
    base(t)
    for p, x in (("ua", 20), ("ru", 60), ("us", 80)):
        position_at(t, p, "2025-01-01", "nato=@%d" % x)
    t.must("assess", "ua", "nato", "--salience", "90", "--date", "2025-01-01")
    t.must("assess", "ru", "nato", "--capability", "2", "--date", "2025-01-01")
    t.must("assess", "ru", "--capability", "7", "--date", "2025-01-02")
    t.must("assess", "us", "--capability", "3", "--date", "2025-01-01")
    t.must("assess", "us", "crimea", "--capability", "9", "--date", "2025-01-01")
    f = forecast(t, "nato")
    t.eq((f or {}).get("assumed"), {"salience": ["ru", "us"], "capability": ["ua"]},
         "assumed lists exactly the parties without an assessment of each kind")
    t.eq([(p["party"], p["salience"], p["capability"]) for p in (f or {}).get("parties", [])],
         [("ru", 50, 2), ("ua", 90, 1), ("us", 50, 3)],
         "the issue's capability before the party-wide one; another issue's none")
    want = (2 * 50 * 60 + 90 * 20 + 3 * 50 * 80) / (100 + 90 + 150)
    t.ok(f and near(f["models"]["compromise"], want, 1e-9), "compromise %r" % want, f)
    r = t.run("forecast", "--issue", "nato", "--model", "median")
    t.ok(r.rc == 0 and r.out.splitlines()[1].endswith("s:ru,us c:ua"),
         "the table marks what is assumed", r)
    got = js(t, "forecast")
    t.eq([f["issue"] for f in got or []], ["nato"], "only issues with a current position")
    t.succeeds(t.run("forecast", "--issue", "crimea"), "none: says so",
               "no forecasts: no party holds a current position in scope\n")
    t.succeeds(t.run("--format", "json", "forecast", "--issue", "crimea"), "none: []", "[]\n")


@test
def as_of_and_evidence(t):
    base(t)
    t.must("source", "add", "blog", "--name", "A blog", "--reliability", "E")
    position_at(t, "ua", "2025-01-01", "crimea=@20", credibility="2", source="wire")
    position_at(t, "ua", "2025-03-01", "crimea=@80", credibility="5", source="blog")
    position_at(t, "ru", "2025-01-01", "crimea=@100", credibility="1")
    position_at(t, "us", "2025-02-10", "crimea=@50", kind="report", credibility="3")
    t.must("assess", "ua", "crimea", "--salience", "10", "--date", "2025-01-15")
    t.must("assess", "ua", "crimea", "--salience", "90", "--date", "2025-02-15")

    def inputs(*args):
        f = forecast(t, "crimea", *args)
        return f and (f["as_of"], [(p["party"], p["point"], p["salience"])
                                   for p in f["parties"]])

    t.eq(inputs("--as-of", "2025-01-10"),
         ("2025-01-10", [("ru", 100, 50), ("ua", 20, 50)]),
         "as of a date before any assessment: the defaults")
    t.eq(inputs("--as-of", "2025-02-01"),
         ("2025-02-01", [("ru", 100, 50), ("ua", 20, 10)]),
         "--as-of: the assessment and positions as of that date")
    t.eq(inputs("--as-of", "2025-02-20"),
         ("2025-02-20", [("ru", 100, 50), ("ua", 20, 90), ("us", 50, 50)]),
         "--as-of: a later assessment, a later position")
    t.eq(inputs(), (None, [("ru", 100, 50), ("ua", 80, 90), ("us", 50, 50)]),
         "all time: as_of null, the latest of each")
    t.eq(inputs("--min-credibility", "3"),
         (None, [("ru", 100, 50), ("ua", 20, 90), ("us", 50, 50)]),
         "--min-credibility: a statement left out is as if it did not exist")
    t.eq(inputs("--min-reliability", "C"), (None, [("ua", 20, 90)]),
         "--min-reliability: no source counts as F")
    t.eq(inputs("--kind", "quote"), (None, [("ru", 100, 50), ("ua", 80, 90)]),
         "--kind: only the kinds listed")
    t.eq(js(t, "forecast", "--as-known", "2000-01-01"), [],
         "--as-known: nothing was known then")
    for args, code, words in (
        (["forecast", "--model", "entropy"], 65,
         ["entropy", "compromise", "median", "nash", "fitted", "all"]),
        (["forecast", "--by", "actor"], 64, ["--by"]),
        (["forecast", "--backtest", "--as-of", "2025-01-01"], 64, ["--backtest", "--as-of"]),
        (["forecast", "--as-of", "2025-02-30"], 65, ["2025-02-30"]),
        (["forecast", "--issue", "atlantis"], 65, ["atlantis"]),
        (["forecast", "--party", "zz"], 65, ["zz"]),
        (["forecast", "--min-credibility", "9"], 65, ["9"]),
        (["forecast", "--backtest", "--model", "oracle"], 65, ["oracle"]),
    ):
        t.fails(args, code, *words)
    got = js(t, "forecast", "--model", "fitted", "--model", "median", "--model", "median")
    t.eq(list((got or [{}])[0].get("models", {})), ["median", "fitted"],
         "--model repeats: only those, in the models' order")
    t.eq((got or [{}])[0].get("stance", 0), None, "no compromise asked: stance null")
    got = js(t, "forecast", "--model", "nash", "--model", "all")
    t.eq(list((got or [{}])[0].get("models", {})), MODELS, "--model all: every model")


# ---- backtest -------------------------------------------------------------------

@test
def backtest_by_construction(t):
    t.init()
    parties(t, "a", "b", "c")
    t.must("assess", "a", "--capability", "2", "--date", "2024-12-01")
    t.must("assess", "b", "--capability", "1", "--date", "2024-12-01")
    t.must("assess", "c", "--capability", "1", "--date", "2024-12-01")
    # (a, b, c) and the outcome's date; each outcome lies at the compromise
    # (2a + b + c) / 4 of the positions as of the day before
    cases = [((20, 60, 100), "2025-02-01"), ((90, 10, 30), "2025-03-01"),
             ((50, 50, 0), "2025-04-01"), ((0, 100, 70), "2025-05-01")]
    specs = {p: [] for p in "abc"}
    for k, (xs, _) in enumerate(cases):
        t.must("issue", "add", "bt%d" % k, "--title", "Case %d" % k)
        for p, x in zip("abc", xs):
            specs[p].append("bt%d=@%d" % (k, x))
    for p in "abc":
        position_at(t, p, "2025-01-01", *specs[p])
    want = []
    for k, (xs, date) in enumerate(cases):
        y = (2 * xs[0] + xs[1] + xs[2]) / 4
        t.must("outcome", "bt%d" % k, "--date", date, "--point", repr(y))
        med = weighted_median([(xs[0], 100), (xs[1], 50), (xs[2], 50)])
        want.append(("bt%d" % k, date, y, abs(med - y)))
    # an outcome before any position: no model forecasts it
    t.must("issue", "add", "late", "--title", "Positions come later")
    position_at(t, "a", "2025-06-01", "late=@10")
    t.must("outcome", "late", "--date", "2025-05-15", "--point", "10")
    # a retracted outcome takes no part
    gone = t.must("outcome", "bt0", "--date", "2025-05-20", "--point", "99").out.strip()
    t.must("retract", gone, "--reason", "never happened")
    got = js(t, "forecast", "--backtest")
    rows = (got or {}).get("outcomes", [])
    t.eq([(r["issue"], r["date"], r["point"]) for r in rows],
         [w[:3] for w in want] + [("late", "2025-05-15", 10)],
         "every non-retracted outcome, by date")
    t.ok(rows and all(near(r["errors"]["compromise"], 0, 1e-9)
                      for r in rows if r["issue"] != "late"),
         "the compromise's error is 0 where the outcome is the compromise", rows)
    t.eq([r["errors"]["median"] for r in rows if r["issue"] != "late"],
         [w[3] for w in want], "the median's errors, computed by hand")
    late = [r for r in rows if r["issue"] == "late"]
    t.eq(late and (late[0]["models"], late[0]["errors"]),
         ({m: None for m in MODELS}, {m: None for m in MODELS}),
         "no position the day before: every model null")
    s = (got or {}).get("summary", {})
    t.eq(list(s), MODELS, "a summary per model")
    t.eq({m: s.get(m, {}).get("n") for m in MODELS},
         {"compromise": 4, "median": 4, "nash": 0, "fitted": 3},
         "n counts the non-null forecasts (fitted: none for the first outcome)")
    t.eq(s.get("nash"), {"n": 0, "mae": None, "median_error": None},
         "n = 0: mae and median_error null")
    errs = sorted(w[3] for w in want)
    t.ok(near(s.get("median", {}).get("mae"), sum(errs) / 4, 1e-9) and
         near(s.get("median", {}).get("median_error"), (errs[1] + errs[2]) / 2, 1e-9),
         "the median's mean and median absolute error", s.get("median"))
    t.ok(near(s.get("compromise", {}).get("mae"), 0, 1e-9), "the compromise's mae is 0",
         s.get("compromise"))
    t.ok(all(near(r["errors"]["fitted"], 0, 1e-6) for r in rows
             if r["errors"]["fitted"] is not None),
         "fitted: outcomes at the assessed compromise leave the capabilities as they are",
         rows)
    r = t.run("forecast", "--backtest", "--model", "compromise", "--model", "median")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and lines[0].split() == ["date", "issue", "outcome", "compromise", "err",
                                            "median", "err"] and
         lines[1].split() == ["2025-02-01", "bt0", "50", "50.0", "0.0", "20.0", "30.0"] and
         lines[5].split() == ["2025-05-15", "late", "10", "-", "-", "-", "-"] and
         lines[6] == "" and lines[7].split() == ["model", "n", "mean", "abs.", "error",
                                                  "median", "abs.", "error"] and
         lines[8].split() == ["compromise", "4", "0.00", "0.00"] and len(lines) == 10,
         "the table: a row per outcome, then the summary; no verdict without fitted", r)
    r = t.run("forecast", "--backtest")
    t.ok(r.rc == 0 and r.out.endswith("\nfitted does not beat compromise out of sample "
                                      "(3 outcomes): mean 0.00 vs 0.00\n"),
         "the table says plainly when the fitted model does not beat the compromise", r)
    r = t.run("--format", "csv", "forecast", "--backtest", "--model", "median",
              "--issue", "bt0")
    t.succeeds(r, "csv: the outcome rows",
               "issue,date,point,median,median_error\nbt0,2025-02-01,50.0,20.0,30.0\n")
    got = js(t, "forecast", "--backtest", "--issue", "late", "--model", "compromise")
    t.eq(got, {"outcomes": [{"issue": "late", "date": "2025-05-15", "point": 10,
                             "models": {"compromise": None}, "errors": {"compromise": None}}],
               "summary": {"compromise": {"n": 0, "mae": None, "median_error": None}}},
         "json: only the models asked; n = 0 gives null")
    t.succeeds(t.run("forecast", "--backtest", "--party", "b", "--issue", "late"),
               "nothing to forecast still lists the outcome",
               "date        issue  outcome  compromise  err  median  err  nash  err  fitted"
               "  err\n2025-05-15  late   10       -           -    -       -    -     -    -"
               "       -\n\nmodel       n  mean abs. error  median abs. error\n"
               "compromise  0  -                -\nmedian      0  -                -\n"
               "nash        0  -                -\nfitted      0  -                -\n"
               "fitted does not beat compromise: it forecast none of the outcomes\n")
    t.must("issue", "add", "empty", "--title", "Nothing decided")
    t.succeeds(t.run("forecast", "--backtest", "--issue", "empty"), "no outcomes: says so",
               "no outcomes to backtest: none is recorded in scope\n")


@test
def fitted_beats_compromise(t):
    """Outcomes made by capabilities that differ from the assessed ones
    (all 1): the fitted model, learning only from earlier outcomes on other
    issues, must come closer than the compromise model."""
    t.init()
    names = ["p1", "p2", "p3", "p4"]
    true_c = {"p1": 6.0, "p2": 1.0, "p3": 1.0, "p4": 0.3}
    parties(t, *names)
    for p in names:
        t.must("assess", p, "--capability", "1", "--date", "2024-01-01")
    rng = random.Random(14)
    specs = {p: [] for p in names}
    outcomes = []
    for k in range(20):
        issue = "f%02d" % k
        t.must("issue", "add", issue, "--title", "Issue %d" % k)
        xs = {p: rng.randrange(0, 101) for p in names}
        for p in names:
            specs[p].append("%s=@%d" % (issue, xs[p]))
        y = sum(true_c[p] * xs[p] for p in names) / sum(true_c.values())
        outcomes.append((issue, "2025-02-%02d" % (k + 1), round(y, 6)))
    for p in names:
        position_at(t, p, "2025-01-01", *specs[p])
    for issue, date, y in outcomes:
        t.must("outcome", issue, "--date", date, "--point", repr(y))
    got = js(t, "forecast", "--backtest", "--model", "compromise", "--model", "fitted")
    rows = (got or {}).get("outcomes", [])
    paired = [r for r in rows if r["models"]["fitted"] is not None]
    fit = sum(r["errors"]["fitted"] for r in paired) / max(len(paired), 1)
    comp = sum(r["errors"]["compromise"] for r in paired) / max(len(paired), 1)
    # the forecast of each is as of the day before it, and learns from the
    # outcomes dated before that: none for the first two
    t.ok(len(rows) == 20 and len(paired) == 18 and fit < comp,
         "out of sample, the fitted model's mean error is below the compromise's",
         "fitted %r compromise %r on %d" % (fit, comp, len(paired)))
    s = (got or {}).get("summary", {})
    t.ok(s and s["fitted"]["n"] == 18 and s["compromise"]["n"] == 20 and
         s["fitted"]["mae"] < s["compromise"]["mae"], "and in the summary", s)
    r = t.run("forecast", "--backtest")
    t.ok(r.rc == 0 and r.out.splitlines()[-1] ==
         "fitted beats compromise out of sample (18 outcomes): mean %.2f vs %.2f" % (fit, comp),
         "the table says it beats it, on the outcomes both forecast", r)
    # a forecast learns from every outcome before its date
    t.must("issue", "add", "next", "--title", "The next one")
    xs = {"p1": 10, "p2": 90, "p3": 80, "p4": 100}
    for p in names:
        position_at(t, p, "2025-03-01", "next=@%d" % xs[p])
    y = sum(true_c[p] * xs[p] for p in names) / sum(true_c.values())
    f = forecast(t, "next")
    m = (f or {}).get("models", {})
    t.ok(m.get("fitted") is not None and abs(m["fitted"] - y) < abs(m["compromise"] - y),
         "forecast: the fitted model comes closer on a new issue", (m, y))
    f = forecast(t, "f05", "--as-of", "2025-02-01")
    t.eq((f or {}).get("models", {}).get("fitted", 0), None,
         "no outcome before --as-of: fitted null")


# ---- snapshots ------------------------------------------------------------------

def masked(data):
    return EXPORTED_AT.sub(b'\n  "exported_at": "-",\n', data, count=1)


def other(t, name):
    path = os.path.join(t.dir, name)

    def run(*args):
        return t.must("--db", path, *args)
    return run


@test
def snapshots(t):
    base(t)
    a1 = t.must("assess", "ru", "crimea", "--salience", "80", "--date", "2025-01-01",
                "--reason", "core").out.strip()
    t.must("assess", "ua", "--capability", "0.25", "--date", "2025-01-02")
    a3 = t.must("assess", "us", "nato", "--capability", "3", "--date", "2025-01-03").out.strip()
    t.must("outcome", "crimea", "--date", "2025-02-01", "--stance", "oppose", "--text", "No",
           "--source", "wire")
    o2 = t.must("outcome", "nato", "--date", "2025-02-02", "--point", "62.5").out.strip()
    t.must("retract", a3, "--reason", "misread")
    t.must("retract", o2, "--reason", "not final")
    one = t.must("export").out_bytes
    doc = json.loads(one)
    t.eq([a["id"] for a in doc.get("assessments", [])][:1], [a1], "assessments exported")
    t.eq([(o["id"], o["retracted"]["reason"]) for o in doc.get("outcomes", [])
          if o["retracted"]], [(o2, "not final")], "a retracted outcome is exported")
    path = os.path.join(t.dir, "one.json")
    with open(path, "wb") as f:
        f.write(one)
    b = other(t, "b.db")
    b("init")
    r = b("--format", "json", "import", path)
    t.eq({k: r.json()["added"][k] for k in ("assessments", "outcomes")},
         {"assessments": 3, "outcomes": 2}, "import counts them")
    two = b("export").out_bytes
    t.eq(masked(two), masked(one), "export -> import -> export: the same bytes")
    r = b("--format", "json", "import", path)
    t.eq({k: r.json()["added"][k] for k in ("assessments", "outcomes")},
         {"assessments": 0, "outcomes": 0}, "the same snapshot again adds nothing")
    t.eq(masked(b("export").out_bytes), masked(one), "and changes nothing")
    t.eq([x["id"] for x in json.loads(b("--format", "json", "assessments").out)],
         [a["id"] for a in doc["assessments"] if not a["retracted"]],
         "the retracted one stays retracted")


@test
def merge_keeps_both_sides(t):
    base(t)
    start = os.path.join(t.dir, "start.json")
    t.must("export", "-o", start)
    b = other(t, "b.db")
    b("init")
    b("import", start)
    mine = t.must("assess", "ru", "crimea", "--salience", "80", "--date", "2025-01-01").out
    theirs = b("assess", "ru", "crimea", "--salience", "20", "--date", "2025-01-02").out
    b("outcome", "crimea", "--date", "2025-03-01", "--point", "40")
    ours = os.path.join(t.dir, "a.json")
    t.must("export", "-o", ours)
    theirs_path = os.path.join(t.dir, "b.json")
    b("export", "-o", theirs_path)
    r = t.run("--format", "json", "import", theirs_path)
    t.ok(r.rc == 0 and r.json()["added"]["assessments"] == 1 and
         r.json()["added"]["outcomes"] == 1, "A takes B's assessment and outcome", r)
    b("import", ours)
    got_a = [x["id"] for x in js(t, "assessments") or []]
    got_b = [x["id"] for x in json.loads(b("--format", "json", "assessments").out)]
    t.eq(got_a, [mine.strip(), theirs.strip()], "both sides' assessments, in A")
    t.eq(got_b, got_a, "and in B")
    f = forecast(t, "crimea")
    t.ok(f is None, "no position: no forecast", f)
    position_at(t, "ru", "2025-01-01", "crimea=@90")
    f = forecast(t, "crimea")
    t.eq([(p["party"], p["salience"]) for p in (f or {}).get("parties", [])], [("ru", 20)],
         "the latest assessment of the two is in force")
    before = t.digest()
    r = t.run("import", theirs_path)
    t.ok(r.rc == 0 and t.digest() == before, "importing B again changes nothing", r)


sys.exit(main())

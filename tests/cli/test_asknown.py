#!/usr/bin/env python3
"""`--as-known T` on every analysis command (design §2 "As known", §7 "As
known at T"): what each command printed at a time, saved then, is what it
prints with `--as-known` that time after every kind of correction since
(edit, rename, remove and restore, code, recode, uncode, amend of party,
of date and of text, retract, unretract, revert), byte for byte, in JSON,
CSV, tables, the HTML report and GraphML; statements recorded after the
time are absent; `--as-of` combines with it; slugs of either time name
their entity; and a bad time is refused (65) with the database unchanged.

The times are those the database gave its records: after each step, the
`at` of the newest entry of `stance log` (creations included), with a
pause before the next step so that it happens strictly later."""

import json
import time

from stancetest import SVYRYDENKO_TEXT, ZELENSKYY_TEXT, main, test

CRIMEA = "crimea-recognition"
NATO = "nato-membership"

# What is saved at each time and asked again as known at it: (format, None
# for the commands that have their own, arguments). Histories name parties and issues by slugs that a rename
# later makes former ones (still names of the same entity).
VIEWS = [
    ("json", ("positions",)),
    ("table", ("positions",)),
    ("csv", ("positions", "--party", "ua", "--party", "us")),
    ("json", ("positions", "--as-of", "2025-04-23")),
    ("json", ("conflicts",)),
    ("table", ("conflicts",)),
    ("json", ("conflicts", "--hard")),
    ("json", ("matrix",)),
    ("csv", ("matrix", "--metric", "distance")),
    ("json", ("matrix", "--as-of", "2025-04-23")),
    ("json", ("history", "--party", "ua", "--issue", CRIMEA)),
    ("json", ("history", "--party", "us", "--issue", CRIMEA)),
    ("table", ("history", "--party", "ru", "--issue", CRIMEA)),
    ("json", ("shifts",)),
    ("csv", ("shifts", "--since", "2025-04-23")),
    (None, ("report",)),
    (None, ("report", "--as-of", "2025-04-23")),
    (None, ("network", "--format", "graphml")),
    (None, ("network", "--type", "congruence", "--format", "csv")),
]


def latest(t):
    """The time of the newest record or revision: what the database knew
    last. Waits a little, so that whatever comes next is later."""
    at = t.must("log", "--limit", "1", "--format", "json").json()[0]["at"]
    time.sleep(0.01)
    return at


def said(t, *extra):
    """What every view prints now (with extra arguments): {view: bytes}."""
    out = {}
    for fmt, args in VIEWS:
        r = t.run(*(("--format", fmt) if fmt else ()), *args, *extra)
        if r.rc != 0:
            raise AssertionError("stance %s failed: %s" % (" ".join(args + extra), r))
        out[(fmt, args)] = r.out_bytes
    return out


def rev_of(r):
    return r.out.strip()


def setup(t):
    """The seed's statements and a few more, so that there are conflicts,
    red lines, histories and shifts; returns the statements' ids."""
    t.seed()
    t.must("party", "add", "eu", "--name", "European Union", "--kind", "bloc")
    z, s = t.record_seed()
    ids = {"z": z, "s": s}
    ids["ru"] = t.must("record", "--party", "ru", "--date", "2025-04-22", "--kind", "report",
                       "--text", "Russia insists on recognition of Crimea.",
                       "--position", CRIMEA + "=++!", "--position", NATO + "=--").out.strip()
    ids["us"] = t.must("record", "--actor", "rubio", "--date", "2025-04-23", "--source",
                       "guardian", "--text", "The United States would recognise Crimea.",
                       "--position", CRIMEA + "=+", "--position", NATO + "=-").out.strip()
    ids["ua2"] = t.must("record", "--party", "ua", "--date", "2025-04-24",
                        "--text", "Ukraine may yet talk about Crimea.",
                        "--position", CRIMEA + "=-", "--position", NATO + "=++").out.strip()
    t.must("code", s, "--position", NATO + "=+")
    return ids


def corrections(t, ids):
    """Each kind of correction, one after another: (what, the command).
    revert needs the id of the recode's revision, filled in as it runs."""
    return [
        ("recode", ("recode", ids["us"], "--position", CRIMEA + "=--")),
        ("amend of the date", ("amend", ids["ru"], "--date", "2025-04-25",
                               "--reason", "the report was of the 25th")),
        ("amend of the party", ("amend", ids["ua2"], "--party", "us",
                                "--reason", "the United States said it")),
        ("uncode", ("uncode", ids["s"], "--issue", NATO)),
        ("code", ("code", ids["z"], "--position", NATO + "=--!")),
        ("retract", ("retract", ids["ru"], "--reason", "not what was said")),
        ("unretract", ("unretract", ids["ru"], "--reason", "it was, after all")),
        ("party rename", ("party", "rename", "ru", "rf")),
        ("revert of the recode", ("revert", None)),
        ("party edit", ("party", "edit", "us", "--name", "The United States")),
        ("actor edit", ("actor", "edit", "rubio", "--role", "Secretary")),
        ("source edit", ("source", "edit", "guardian", "--reliability", "C")),
        ("issue edit", ("issue", "edit", CRIMEA, "--title", "Recognise Crimea as Russian")),
        ("issue rename", ("issue", "rename", NATO, "nato")),
        ("party remove", ("party", "remove", "eu")),
        ("party restore", ("party", "restore", "eu")),
        ("amend of the text", ("amend", ids["z"], "--text", ZELENSKYY_TEXT + " (corrected)",
                               "--reason", "a word was missing")),
        ("record", ("record", "--party", "ru", "--date", "2025-04-21", "--text",
                    SVYRYDENKO_TEXT + " (quoted by Russia)", "--position", CRIMEA + "=0")),
    ]


@test
def reproduces_each_correction(t):
    ids = setup(t)
    times = [latest(t)]
    saved = [said(t)]
    recode = None
    for what, args in corrections(t, ids):
        if args == ("revert", None):
            args = ("revert", recode)
        r = t.must(*args)
        if what == "recode":
            recode = rev_of(r)
        times.append(latest(t))
        saved.append(said(t))
        t.ok(saved[-1] != saved[-2], "%s changes what the commands say now" % what)
    whats = ["the first statements"] + [w for w, _ in corrections(t, ids)]
    for k, at in enumerate(times):
        before = t.digest()
        again = said(t, "--as-known", at)
        for view, out in saved[k].items():
            fmt, args = view
            t.eq(again[view].decode(), out.decode(), "as known after %s: %s%s" % (
                whats[k], " ".join(args), " --format %s" % fmt if fmt else ""))
        t.eq(t.digest(), before, "as known after %s: the database is unchanged" % whats[k])


@test
def later_statements_are_absent(t):
    t.seed()
    t.must("record", "--party", "ua", "--date", "2025-04-22", "--text", ZELENSKYY_TEXT,
           "--position", CRIMEA + "=--!")
    first = latest(t)
    t.must("record", "--party", "ru", "--date", "2025-04-20", "--text", "Crimea is Russian.",
           "--position", CRIMEA + "=++")
    r = t.run("--format", "json", "positions", "--as-known", first)
    t.succeeds(r, "positions as known before the second statement")
    t.eq([(p["party"], p["stance"]) for p in r.json()], [("ua", "strongly-oppose")],
         "the statement recorded later is absent")
    r = t.run("--format", "json", "conflicts", "--as-known", first)
    t.eq(r.json(), [], "no conflict before the second statement was recorded")
    r = t.run("--format", "json", "shifts", "--as-known", first)
    t.eq(r.json(), [], "no shift either")
    r = t.run("--format", "json", "history", "--party", "ru", "--issue", CRIMEA,
              "--as-known", first)
    t.succeeds(r, "history of a party that had said nothing yet")
    t.eq(r.json(), [], "its history is empty")
    # a date means its end; a date before everything knows nothing
    r = t.run("--format", "json", "positions", "--as-known", "2000-01-01")
    t.eq(r.json(), [], "a date before anything was recorded: no positions")
    r = t.run("positions", "--as-known", "2000-01-01")
    t.eq(r.out, "no current positions\n", "the table says so")
    now = t.must("--format", "json", "positions").out
    r = t.run("--format", "json", "positions", "--as-known", "9999-12-31")
    t.eq(r.out, now, "as known at the end of time: what it says now")
    r = t.run("--format", "json", "positions", "--as-known", first[:10])
    t.eq(len(r.json()), 2, "today's date means the end of today: both statements")


@test
def combines_with_as_of(t):
    t.seed()
    z = t.must("record", "--party", "ua", "--date", "2025-04-22", "--text", ZELENSKYY_TEXT,
               "--position", CRIMEA + "=--!").out.strip()
    before = latest(t)
    t.must("amend", z, "--date", "2025-04-28", "--reason", "it was said on the 28th")
    r = t.run("--format", "json", "positions", "--as-of", "2025-04-23")
    t.eq(r.json(), [], "as of the 23rd, now: said later, so nothing")
    r = t.run("--format", "json", "positions", "--as-of", "2025-04-23", "--as-known", before)
    t.eq([p["said_on"] for p in r.json()], ["2025-04-22"],
         "as of the 23rd as known before the amend: said on the 22nd")
    r = t.run("--format", "json", "matrix", "--as-known", before, "--as-of", "2025-04-23")
    t.eq(r.json()["as_of"], "2025-04-23", "the matrix says its --as-of, the order of "
         "the options aside")


@test
def slugs_of_either_time(t):
    t.seed()
    t.must("record", "--party", "ru", "--date", "2025-04-22", "--text", "Crimea is Russian.",
           "--position", CRIMEA + "=++")
    before = latest(t)
    t.must("party", "rename", "ru", "rf")
    r = t.run("--format", "json", "positions", "--party", "rf", "--as-known", before)
    t.eq([p["party"] for p in r.json()], ["ru"], "the slug of today names the party; the "
         "result names it as it was named then")
    t.eq(r.err, "stance: note: party 'rf' was 'ru' at the time asked\n",
         "with a note that says so")
    r = t.run("--format", "json", "positions", "--party", "ru", "--as-known", before)
    t.succeeds(r, "the slug of the time names it without a note")
    r = t.run("--format", "json", "history", "--party", "rf", "--issue", CRIMEA,
              "--as-known", before)
    t.eq((r.rc, len(r.json())), (0, 1), "history by today's slug, as known before the rename")
    r = t.run("--format", "json", "positions", "--party", "ru")
    t.eq([p["party"] for p in r.json()], ["rf"], "now, the former slug names the party too")


@test
def refusals(t):
    t.seed()
    t.record_seed()
    for bad, desc in (("yesterday", "a word"), ("2025-02-30", "no such day"),
                      ("2025-04-22T25:00:00Z", "no such hour"),
                      ("2025-04-22T12:00:00", "a time without its offset"),
                      ("2025-04-22 12:00:00Z", "a space for the T")):
        t.fails(["positions", "--as-known", bad], 65, "invalid --as-known time '%s'" % bad,
                "RFC 3339", desc="positions --as-known: %s" % desc)
    for args in (["conflicts"], ["matrix"], ["shifts"], ["report"], ["network"],
                 ["history", "--party", "ua", "--issue", CRIMEA]):
        t.fails(args + ["--as-known", "soon"], 65, "invalid --as-known time 'soon'")
    t.fails(["positions", "--as-known"], 64, "--as-known")
    t.fails(["positions", "--as-known", "2025-04-22T12:00:00Z", "--party", "uk"], 65,
            "unknown party 'uk'")
    # parties did not exist before they were added
    t.fails(["positions", "--as-known", "2000-01-01", "--party", "ua"], 65,
            "unknown party 'ua' (there are no parties yet)")
    t.fails(["history", "--party", "ua", "--issue", CRIMEA, "--as-known", "2000-01-01"], 65,
            "unknown party 'ua'")


@test
def help_names_the_option(t):
    for cmd in ("positions", "conflicts", "matrix", "history", "shifts", "report", "network"):
        r = t.run(cmd, "--help")
        t.ok(r.rc == 0 and "--as-known T" in r.out, "%s --help names --as-known" % cmd, r)


@test
def export_as_known(t):
    if "--as-known" not in t.run("export", "--help").out:
        from stancetest import skip
        skip("export --as-known", "export does not take --as-known yet")
        return
    ids = setup(t)
    at = latest(t)
    before = json.loads(t.must("export").out)
    t.must("recode", ids["us"], "--position", CRIMEA + "=--")
    t.must("party", "rename", "ru", "rf")
    t.must("record", "--party", "ua", "--date", "2025-04-21", "--text", "Later.")
    again = json.loads(t.must("export", "--as-known", at).out)
    before.pop("exported_at")
    again.pop("exported_at")
    t.eq(again, before, "export --as-known is the export made then, but for exported_at")


if __name__ == "__main__":
    main()

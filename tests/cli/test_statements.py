#!/usr/bin/env python3
"""`stance statements`: the seed's statements listed by party, actor, issue,
date range and search words, in every format."""

import csv
import io
import sys

from stancetest import SVYRYDENKO_TEXT, ZELENSKYY_TEXT, main, test

US_TEXT = ("Ukraine accepts Russia's control of Crimea, Russia keeps much of the land "
           "it holds, and Ukraine does not join NATO.")


def setup(t):
    """The seed plus the US proposal; the three ids, oldest first."""
    t.seed()
    u = t.must("record", "--party", "us", "--date", "2025-04-17", "--kind", "proposal",
               "--credibility", "3", "--text", US_TEXT,
               "--position", "crimea-recognition=++", "--position", "nato-membership=--",
               "--condition", "crimea-recognition=as part of a ceasefire").out.strip()
    z, s = t.record_seed()
    return u, z, s


def ids(r, t):
    """The ids of a json listing, or None when it is not one."""
    try:
        return [st["id"] for st in r.json()] if r.rc == 0 else None
    except ValueError:
        return None


@test
def table(t):
    u, z, s = setup(t)
    r = t.run("statements")
    t.succeeds(r, "statements as a table",
               "id        date        party  actor       kind      text"
               "                                               positions\n"
               "%s  2025-04-17  us     -           proposal  Ukraine accepts Russia's "
               "control of Crimea, Russ…  crimea-recognition:++ nato-membership:--\n"
               "%s  2025-04-22  ua     zelenskyy   quote     There is nothing new to mention"
               " or discuss. Ukra…  crimea-recognition:--!\n"
               "%s  2025-04-23  ua     svyrydenko  quote     Ukraine is ready to negotiate –"
               " but not to surre…\n" % (u[:8], z[:8], s[:8]))


@test
def json_and_csv(t):
    u, z, s = setup(t)
    r = t.run("statements", "--format", "json")
    t.eq(ids(r, t), [u, z, s], "json lists every statement in date order")
    t.eq(r.json()[1], t.must("show", z, "--format", "json").json(),
         "a json item is the statement's snapshot shape, as show prints it")
    t.ok(r.out.startswith('[\n  {\n    "id": ') and r.out.endswith("  }\n]\n"),
         "the json list is pretty-printed with 2 spaces", r)
    r = t.run("statements", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    t.eq([row["id"] for row in rows], [u, z, s], "csv lists every statement")
    t.eq({k: rows[0][k] for k in ("said_on", "party", "actor", "kind", "credibility",
                                  "positions", "conditions", "text")},
         {"said_on": "2025-04-17", "party": "us", "actor": "", "kind": "proposal",
          "credibility": "3", "positions": "crimea-recognition=++ nato-membership=--",
          "conditions": '{"crimea-recognition":"as part of a ceasefire"}', "text": US_TEXT},
         "csv has the full columns")
    t.eq((rows[1]["positions"], rows[1]["source"], rows[2]["url"], rows[2]["text"]),
         ("crimea-recognition=--!", "guardian", "https://x.com/Svyrydenko_Y", SVYRYDENKO_TEXT),
         "csv red line, source, url, text")


@test
def filters(t):
    u, z, s = setup(t)
    cases = [
        (["--party", "ua"], [z, s]),
        (["--party", "us"], [u]),
        (["--party", "ua", "--party", "us"], [u, z, s]),
        (["--party", "ru"], []),
        (["--actor", "zelenskyy"], [z]),
        (["--actor", "zelenskyy", "--actor", "svyrydenko"], [z, s]),
        (["--issue", "crimea-recognition"], [u, z]),
        (["--issue", "nato-membership"], [u]),
        (["--since", "2025-04-22"], [z, s]),
        (["--until", "2025-04-22"], [u, z]),
        (["--since", "2025-04-22", "--until", "2025-04-22"], [z]),
        (["--since", "2025-04-24"], []),
        (["--search", "surrender"], [s]),
        (["--search", "Crimea occupation"], [z]),
        (["--search", "crimea"], [u, z]),
        (["--search", "Crimea surrender"], []),
        (["--search", 'NATO"'], [u]),
        (["--search", "NATO OR surrender"], []),
        (["--search", "crimea*"], [u, z]),
        (["--uncoded"], [s]),
        (["--party", "ua", "--issue", "crimea-recognition", "--since", "2025-04-01"], [z]),
    ]
    for args, want in cases:
        r = t.run("statements", "--format", "json", *args)
        t.eq(ids(r, t), want, "statements " + " ".join(args))


@test
def retracted(t):
    u, z, s = setup(t)
    t.must("retract", u, "--reason", "superseded")
    r = t.run("statements", "--format", "json")
    t.eq(ids(r, t), [z, s], "a retracted statement is left out")
    r = t.run("statements", "--format", "json", "--include-retracted")
    t.eq(ids(r, t), [u, z, s], "--include-retracted lists it")
    t.eq(r.json()[0]["retracted"]["reason"], "superseded", "with its retraction")
    r = t.run("statements", "--include-retracted", "--party", "us")
    t.ok(r.rc == 0 and "[retracted] Ukraine accepts" in r.out,
         "the table marks it retracted", r)


@test
def empty(t):
    t.seed()
    r = t.run("statements")
    t.succeeds(r, "no statements: the header",
               "id  date  party  actor  kind  text  positions\n")
    t.succeeds(t.run("statements", "--format", "json"), "no statements in json", "[]\n")


@test
def bad_filters(t):
    setup(t)
    for fmt in ("table", "json", "csv"):
        t.fails(["statements", "--party", "uk2", "--format", fmt], 65, "unknown party 'uk2'",
                "known: ru, ua, us")
    t.fails(["statements", "--actor", "putin"], 65, "unknown actor 'putin'")
    t.fails(["statements", "--issue", "crimea"], 65, "unknown issue 'crimea'")
    t.fails(["statements", "--party", "UA"], 65, "invalid party 'UA'")
    t.fails(["statements", "--since", "2025-02-30"], 65, "'2025-02-30'")
    t.fails(["statements", "--until", "2025-13-01"], 65, "'2025-13-01'")
    t.fails(["statements", "--search", ""], 65, "search text is empty")
    t.fails(["statements", "--uncoded", "--uncoded"], 64, "given twice")


sys.exit(main())

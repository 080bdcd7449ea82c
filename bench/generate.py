#!/usr/bin/env python3
"""Writes a deterministic, realistic stance snapshot for the benchmark.

    bench/generate.py [--seed N] [--statements N] [--tsv FILE]
                      [--assessments FRACTION] [--outcomes N] [--status-quo FRACTION]
                      SNAPSHOT

The same seed, size and options give the same bytes. 100 parties (3
actors each), 20 sources, 500 issues in five trees, and the statements: two
positions each, dates over 15 years (about 180 a day, so many same-day
ties, and some with the same recorded_at too, which the uuid breaks), texts
of a few dozen to a few hundred words (1% long documents of a few
thousand), about 4% red lines, 0.5% retracted.

With --tsv it also writes the same rows for bench/baseline-insert.c, one
line per row, entity references already turned into the row ids they get
in an empty database (their 1-based order here): no JSON and no lookups.

The bargaining inputs of design §8, for `stance forecast` (any of them
makes the snapshot version 2, whose positions say "red_line": null where
version 1 says false, so that the statements mean the same):
--assessments F gives a salience (10..100) to that fraction of the (party,
issue) pairs the parties follow, a second one (at another date) to a fifth
of those, and a party-wide capability (mostly 0.25..4) to that fraction of
the parties, 1% of them retracted; --outcomes N records N outcomes on the
issues followed, dated over the data's span, each at the compromise of the
positions the generator has emitted by then (weighted by salience and by a
hidden "true" capability, the assessed one times a factor in 0.3..3 per
party) plus noise, so that the fitted model has something to find;
--status-quo F gives that fraction of the issues a status quo, mostly
beyond an end of the scale (where the Nash solution exists). None of this
draws from the statements' random stream: with or without them the
statements are the same.

Python 3 standard library only; strings are built directly because every
generated text is plain UTF-8 without characters JSON must escape.
"""
import argparse
import datetime
import math
import random
import sys

STANCES = ["strongly-oppose", "oppose", "neutral", "support", "strongly-support"]
KINDS = ["quote", "quote", "quote", "paraphrase", "paraphrase", "report", "proposal"]

SYLLABLES = ("al ba cor da el fa gor han is jor ka lin mar nor os pra qui ros sal "
             "tar ur val wes xan yor zel bre dun fen gal hol ist kel lom mon").split()

# common words: most texts are made of these
COMMON = ("the a of to and in on for with that this we will not is are be has have our "
          "their any all must no but as at by from it its which who would should can "
          "talks negotiations delegation ministry government president minister envoy "
          "agreement proposal position framework process round meeting summit statement "
          "security guarantees sovereignty territory border ceasefire withdrawal troops "
          "sanctions recognition referendum elections constitution reform trade tariffs "
          "energy gas pipeline grain exports corridor ports shipping navigation water "
          "prisoners exchange humanitarian aid reconstruction funds assets frozen debt "
          "monitoring mission observers peacekeepers verification inspection timeline "
          "phased implementation commitments obligations violations accountability "
          "tribunal justice amnesty refugees return displaced minorities language rights "
          "autonomy federal status region province capital occupied administrative line "
          "demilitarised zone buffer nuclear plant safety weapons supplies military "
          "alliance membership neutrality partnership accession criteria conditions "
          "red line non-negotiable acceptable unacceptable ready prepared willing refuse "
          "reject support oppose welcome concern insist demand urge call expect believe "
          "today yesterday week month year now again further never always only still "
          "spokesperson told reporters said added stressed warned according sources "
          "officials people country nation side parties partners allies region world").split()
# rare words: what a two-word search finds among a million statements
RARE = ("Istanbul Geneva Doha Riyadh Minsk Helsinki Vienna Oslo Ankara Jeddah Astana "
        "Zaporizhzhia Kherson Donbas Crimea Kursk Odesa Mariupol Bakhmut Avdiivka "
        "Zelenskyy Svyrydenko Rubio Witkoff Lavrov Erdoğan Macron Starmer Guterres "
        "escrow moratorium memorandum protocol annex communiqué démarche rapporteur "
        "cadastre sluice desalination lithium titanium ammonia helium isotopes").split()
REASONS = ["duplicate of an earlier record", "misattributed quote", "source retracted the report",
           "wrong date", "mistranslation corrected by the source"]
CONDITIONS = ["if sanctions are lifted first", "only after a full ceasefire",
              "subject to a referendum", "with international guarantees",
              "once prisoners are exchanged", "provided monitors have access"]


def slugify(rng, used, parts):
    while True:
        slug = "".join(rng.choice(SYLLABLES) for _ in range(parts))
        if slug not in used:
            used.add(slug)
            return slug


def uuid4(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-%s%s-%s" % (h[0:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) & 3],
                                  h[17:20], h[20:32])


def sentence(rng, rare=True):
    n = rng.randint(6, 24)
    words = [rng.choice(COMMON) for _ in range(n)]
    if rare and rng.random() < 0.25:
        words[rng.randrange(n)] = rng.choice(RARE)
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice("..........;?!")


def text(rng):
    # mostly a few sentences, sometimes a long document excerpt: boilerplate,
    # so that a search for two names finds what a search of a real archive
    # would, a few hundred statements, not every long document
    n = 1 + int(rng.expovariate(1 / 4.0))
    t = " ".join(sentence(rng) for _ in range(n))
    if rng.random() < 0.01:
        t += " " + " ".join(sentence(rng, False) for _ in range(rng.randint(30, 120)))
    return t


def q(s):
    return '"' + s + '"' if s is not None else "null"


def num(x):
    return "null" if x is None else repr(x)


def timestamp(rng, day):
    return "%sT%02d:%02d:%02d.%03dZ" % (day.isoformat(), rng.randrange(24), rng.randrange(60),
                                        rng.randrange(60), rng.randrange(1000))


def status_quos(rng, issues, fraction):
    """{issue: status quo}: mostly beyond an end of the scale, where
    everyone prefers some outcome to it (the Nash solution exists); a
    fifth inside, where often nobody does."""
    out = {}
    for s in issues:
        if rng.random() < fraction:
            r = rng.random()
            sq = (rng.uniform(-50, 0) if r < 0.4 else rng.uniform(100, 150) if r < 0.8
                  else rng.uniform(0, 100))
            out[s] = round(sq, 1)
    return out


def assessments(rng, parties, focus, start, days, fraction):
    """The assessments (dicts in snapshot order) and what they say: the
    latest salience per (party, issue index) and capability per party."""
    rows, salience, capability = [], {}, {}

    def add(pi, ii, sal, cap):
        day = start + datetime.timedelta(days=rng.randrange(days))
        rows.append({"id": uuid4(rng), "party": pi, "issue": ii, "salience": sal,
                     "capability": cap, "date": day.isoformat(),
                     "recorded_by": "analyst%d" % rng.randrange(8),
                     "recorded_at": timestamp(rng, day + datetime.timedelta(days=rng.randint(0, 5))),
                     "retracted": None})
    for pi in range(len(parties)):
        if rng.random() < fraction:
            add(pi, None, None, round(math.exp(rng.gauss(0, 0.7)), 2))
        for ii in sorted(focus[pi]):
            if rng.random() < fraction:
                for _ in range(2 if rng.random() < 0.2 else 1):
                    add(pi, ii, rng.randint(10, 100), None)
    rows.sort(key=lambda a: (a["date"], a["recorded_at"], a["id"]))
    for a in rows:
        if rng.random() < 0.01:
            a["retracted"] = ("%sT12:00:00.000Z" % a["date"], "analyst%d" % rng.randrange(8),
                              rng.choice(REASONS))
            continue
        # the latest by date: what a forecast of all time uses
        if a["issue"] is None:
            capability[a["party"]] = a["capability"]
        else:
            salience[(a["party"], a["issue"])] = a["salience"]
    return rows, salience, capability


class Outcomes:
    """N outcomes on the followed issues, dated over the span; each point is
    computed when the statements reach its date (decide()), from the
    stances emitted so far, so it needs the current stance of every party."""

    def __init__(self, rng, n, focus, start, days, salience, capability, parties):
        followed = sorted({ii for f in focus for ii in f})
        self.rng = rng
        self.salience, self.capability = salience, capability
        # the capability the outcomes follow, which the analysts only estimate
        self.truth = [rng.uniform(0.3, 3.0) for _ in parties]
        self.pending = sorted((start + datetime.timedelta(days=rng.randrange(days)),
                               rng.choice(followed), uuid4(rng)) for _ in range(n))
        self.rows, self.at = [], 0
        self.current = {}  # issue index: {party index: stance}

    def said(self, pi, ii, stance):
        self.current.setdefault(ii, {})[pi] = stance

    def decide(self, day):
        """Decides every outcome dated up to day (None: all), from the
        statements said before it, as a forecast as of the day before sees them."""
        while self.at < len(self.pending) and (day is None or self.pending[self.at][0] <= day):
            day, ii, oid = self.pending[self.at]
            self.at += 1
            held = self.current.get(ii, {})
            w = {pi: self.salience.get((pi, ii), 50) * self.capability.get(pi, 1.0)
                 * self.truth[pi] for pi in held}
            total = sum(w.values())
            if total > 0:
                point = sum(w[pi] * (held[pi] + 2) * 25 for pi in held) / total
                point += self.rng.gauss(0, 4)
            else:
                point = self.rng.uniform(0, 100)
            rec = day + datetime.timedelta(days=self.rng.randint(0, 10))
            self.rows.append({"id": oid, "issue": ii, "date": day.isoformat(),
                              "point": round(min(100.0, max(0.0, point)), 2),
                              "recorded_by": "analyst%d" % self.rng.randrange(8),
                              "recorded_at": timestamp(self.rng, rec),
                              "retracted": None})


def retraction(r):
    return '{"at": "%s", "by": "%s", "reason": "%s"}' % r if r else "null"


def write_bargaining(out, parties, issues, rows, outcomes):
    out.write('],\n"assessments": [\n')
    out.write(",\n".join(
        '{"id": "%s", "party": "%s", "issue": %s, "salience": %s, "capability": %s, '
        '"date": "%s", "reason": null, "recorded_by": "%s", "recorded_at": "%s", '
        '"retracted": %s}' % (a["id"], parties[a["party"]],
                              q(issues[a["issue"]] if a["issue"] is not None else None),
                              num(a["salience"]), num(a["capability"]), a["date"],
                              a["recorded_by"], a["recorded_at"], retraction(a["retracted"]))
        for a in rows))
    out.write('],\n"outcomes": [\n')
    ordered = sorted(outcomes, key=lambda o: (o["date"], o["recorded_at"], o["id"]))
    out.write(",\n".join(
        '{"id": "%s", "issue": "%s", "date": "%s", "point": %s, "text": "Agreed on %s", '
        '"source": null, "recorded_by": "%s", "recorded_at": "%s", "retracted": %s}'
        % (o["id"], issues[o["issue"]], o["date"], num(o["point"]),
           issues[o["issue"]].replace("-", " "), o["recorded_by"], o["recorded_at"],
           retraction(o["retracted"])) for o in ordered))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20250423)
    ap.add_argument("--statements", type=int, default=1000000)
    ap.add_argument("--tsv")
    ap.add_argument("--assessments", type=float, default=0.0, metavar="FRACTION")
    ap.add_argument("--outcomes", type=int, default=0, metavar="N")
    ap.add_argument("--status-quo", type=float, default=0.0, metavar="FRACTION")
    ap.add_argument("snapshot")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    # the bargaining inputs draw from a stream of their own
    brng = random.Random("bargaining %d" % args.seed)
    v2 = bool(args.assessments or args.outcomes or args.status_quo)
    out = open(args.snapshot, "w", encoding="utf-8", newline="\n")
    tsv = open(args.tsv, "w", encoding="utf-8", newline="\n") if args.tsv else None
    used = set()

    parties = sorted(slugify(rng, used, 2) for _ in range(100))
    party_kinds = [rng.choice(["state"] * 6 + ["bloc", "organisation", "faction", "other"])
                   for _ in parties]
    actors = []  # (slug, party index)
    for pi in range(len(parties)):
        for _ in range(3):
            actors.append((slugify(rng, used, 3), pi))
    actors.sort()
    party_actors = [[] for _ in parties]
    for ai, (_, pi) in enumerate(actors):
        party_actors[pi].append(ai)
    sources = sorted(slugify(rng, used, 2) + "-news" for _ in range(20))
    # five trees: a root, 9 themes under it, 89 or 90 questions under those
    issue_parent = {}
    for t in range(5):
        root = "tree%d" % t
        issue_parent[root] = None
        themes = ["t%d-%s" % (t, slugify(rng, used, 2)) for _ in range(9)]
        for th in themes:
            issue_parent[th] = root
        for k in range(90):
            issue_parent["t%d-%s" % (t, slugify(rng, used, 3))] = rng.choice(themes)
    issues = sorted(issue_parent)
    issue_index = {s: i for i, s in enumerate(issues)}
    sq = status_quos(brng, issues, args.status_quo)

    out.write('{"format": "stance-snapshot", "version": %d, '
              '"exported_at": "2026-01-01T00:00:00.000Z",\n"parties": [\n' % (2 if v2 else 1))
    out.write(",\n".join('{"slug": "%s", "name": "%s", "kind": "%s"}'
                         % (s, s.capitalize() + " Republic", k)
                         for s, k in zip(parties, party_kinds)))
    out.write('],\n"actors": [\n')
    out.write(",\n".join('{"slug": "%s", "name": "%s", "party": "%s", "role": "Envoy"}'
                         % (s, s.capitalize() + " " + parties[pi].upper(), parties[pi])
                         for s, pi in actors))
    out.write('],\n"sources": [\n')
    out.write(",\n".join('{"slug": "%s", "name": "%s", "reliability": "%s", "url": null}'
                         % (s, s.replace("-", " ").title(), "ABCDEF"[i % 6])
                         for i, s in enumerate(sources)))
    out.write('],\n"issues": [\n')
    out.write(",\n".join('{"slug": "%s", "title": "%s", "description": null, "parent": %s%s}'
                         % (s, "Agree on " + s.replace("-", " "), q(issue_parent[s]),
                            ', "status_quo": %r' % sq[s] if s in sq else "")
                         for s in issues))
    out.write('],\n"statements": [\n')
    if tsv:
        for i, s in enumerate(parties):
            tsv.write("P\t%s\t%s\t%s\n" % (s, s.capitalize() + " Republic", party_kinds[i]))
        for s, pi in actors:
            tsv.write("A\t%s\t%s\t%d\tEnvoy\n" % (s, s.capitalize() + " " + parties[pi].upper(),
                                                   pi + 1))
        for i, s in enumerate(sources):
            tsv.write("S\t%s\t%s\t%s\n" % (s, s.replace("-", " ").title(), "ABCDEF"[i % 6]))
        for s in issues:
            p = issue_parent[s]
            tsv.write("I\t%s\t%s\t%s\n" % (s, "Agree on " + s.replace("-", " "),
                                            issue_index[p] + 1 if p else ""))

    # each party follows about 40 issues, with a leaning on each that drifts
    focus = [rng.sample(range(len(issues)), 40) for _ in parties]
    leaning = [{i: rng.randint(-2, 2) for i in f} for f in focus]
    start = datetime.date(2011, 1, 1)
    days = (datetime.date(2025, 12, 31) - start).days + 1
    n = args.statements
    bargain_rows, salience, capability = assessments(brng, parties, focus, start, days,
                                                     args.assessments)
    outcomes = Outcomes(brng, args.outcomes, focus, start, days, salience, capability, parties)
    # statements come in statement order, as a feed would deliver them
    day_of = sorted(rng.randrange(days) for _ in range(n))
    tie_at = None
    unstated = "null" if v2 else "false"  # version 1's false is version 2's null
    for k in range(n):
        said = start + datetime.timedelta(days=day_of[k])
        said_on = said.isoformat()
        if tie_at and tie_at[0] == said_on and rng.random() < 0.5:
            recorded_at = tie_at[1]  # same day, same second: the uuid decides
        else:
            rec = said + datetime.timedelta(days=rng.randint(0, 3))
            recorded_at = "%sT%02d:%02d:%02d.%03dZ" % (rec.isoformat(), rng.randrange(24),
                                                        rng.randrange(60), rng.randrange(60),
                                                        rng.randrange(1000))
            tie_at = (said_on, recorded_at) if rng.random() < 0.02 else None
        outcomes.decide(said)  # every statement before the day is out
        sid = uuid4(rng)
        pi = rng.randrange(len(parties))
        ai = rng.choice(party_actors[pi]) if rng.random() < 0.8 else None
        kind = rng.choice(KINDS)
        body = text(rng)
        si = rng.randrange(len(sources)) if rng.random() < 0.9 else None
        url = None
        if si is not None and rng.random() < 0.5:
            url = "https://example.org/%s/%d" % (sources[si], k)
        cred = rng.randint(1, 6) if rng.random() < 0.7 else None
        by = "analyst%d" % rng.randrange(8)
        retracted = None
        if rng.random() < 0.005:
            retracted = ("%sT12:00:00.000Z" % (said + datetime.timedelta(days=30)).isoformat(),
                         "analyst%d" % rng.randrange(8), rng.choice(REASONS))
        pos = []
        for ii in sorted(rng.sample(focus[pi], 2), key=lambda i: issues[i]):
            lean = leaning[pi]
            if rng.random() < 0.03:
                lean[ii] = max(-2, min(2, lean[ii] + rng.choice((-2, -1, 1, 2))))
            st = max(-2, min(2, lean[ii] + (rng.choice((-1, 1)) if rng.random() < 0.1 else 0)))
            red = st != 0 and rng.random() < 0.04
            cond = rng.choice(CONDITIONS) if rng.random() < 0.08 else None
            pos.append((ii, st, red, cond))
            if retracted is None:
                outcomes.said(pi, ii, st)
        out.write('%s{"id": "%s", "party": "%s", "actor": %s, "said_on": "%s", "kind": "%s", '
                  '"text": "%s", "source": %s, "url": %s, "credibility": %s, '
                  '"recorded_by": "%s", "recorded_at": "%s", "retracted": %s, "positions": [%s]}'
                  % (",\n" if k else "", sid, parties[pi],
                     q(actors[ai][0] if ai is not None else None), said_on, kind, body,
                     q(sources[si] if si is not None else None), q(url),
                     cred if cred is not None else "null", by, recorded_at,
                     ('{"at": "%s", "by": "%s", "reason": "%s"}' % retracted
                      if retracted else "null"),
                     ", ".join('{"issue": "%s", "stance": "%s", "red_line": %s, "condition": %s}'
                               % (issues[ii], STANCES[st + 2], "true" if red else unstated, q(c))
                               for ii, st, red, c in pos)))
        if tsv:
            tsv.write("T\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (
                sid, pi + 1, ai + 1 if ai is not None else "", said_on, kind, body,
                si + 1 if si is not None else "", url or "", cred if cred is not None else "",
                by, recorded_at, *(retracted or ("", "", ""))))
            for ii, st, red, c in pos:
                tsv.write("O\t%d\t%d\t%d\t%s\n" % (ii + 1, st, int(red), c or ""))
    if v2:
        outcomes.decide(None)
        write_bargaining(out, parties, issues, bargain_rows, outcomes.rows)
    out.write("\n]}\n")
    out.close()
    if tsv:
        tsv.close()


if __name__ == "__main__":
    sys.exit(main())

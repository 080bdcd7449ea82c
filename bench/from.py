#!/usr/bin/env python3
"""Turns a snapshot of bench/generate.py into the inputs of the benchmark
of `stance record --from` (design §10).

    bench/from.py SNAPSHOT DIR

It writes into DIR:
  entities.json    the snapshot's parties, actors, sources and issues, no
                   statements: the database both sides start from
  rows.csv         its statements as a spreadsheet for `record --from`: a
                   header of record's long flags, one row per statement,
                   the positions as ISSUE=POSITION items and the conditions
                   as ISSUE=TEXT items, separated by ';' (RFC 4180, CRLF
                   line ends, as a spreadsheet exports it)
  statements.json  the same statements as a snapshot for `stance import`,
                   the baseline
Retracted statements are left out of both, since `record --from` records
only statements in force. A version 1 snapshot's "red_line": false means
"not stated" and becomes no suffix, so that both files hold the same
statements. rows.csv cannot carry the ids, recorded_by and recorded_at
(record makes new ones: the analyst, now); statements.json keeps them.

The generator writes one statement per line after the line
'"statements": [': this streams those lines, so memory does not grow with
the snapshot. Python 3 standard library only.
"""
import argparse
import csv
import json
import os
import re
import sys

COLUMNS = ["party", "actor", "date", "text", "kind", "source", "url", "credibility",
           "positions", "conditions"]


def number(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def row(s, version):
    positions, conditions = [], []
    for p in s["positions"]:
        spec = p["stance"]
        if p.get("point") is not None:
            spec += "@" + number(p["point"])
        red = p.get("red_line")
        if red is True:
            spec += "!"
        elif red is False and version >= 2:
            spec += "~"
        positions.append("%s=%s" % (p["issue"], spec))
        if p.get("condition") is not None:
            if ";" in p["condition"]:
                raise ValueError("statement %s: a condition with ';' cannot be a cell item"
                                 % s["id"])
            conditions.append("%s=%s" % (p["issue"], p["condition"]))
    cell = lambda v: "" if v is None else str(v)  # noqa: E731
    return [cell(s.get("party")), cell(s.get("actor")), s["said_on"], s["text"],
            cell(s.get("kind")), cell(s.get("source")), cell(s.get("url")),
            cell(s.get("credibility")), ";".join(positions), ";".join(conditions)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("snapshot")
    ap.add_argument("dir")
    args = ap.parse_args()
    decode = json.JSONDecoder().raw_decode
    head = []
    version = None
    n = skipped = 0
    path = lambda name: os.path.join(args.dir, name)  # noqa: E731
    with open(args.snapshot, encoding="utf-8") as src, \
            open(path("rows.csv"), "w", encoding="utf-8", newline="") as rows, \
            open(path("statements.json"), "w", encoding="utf-8", newline="\n") as snap:
        for line in src:
            head.append(line)
            if line.rstrip() == '"statements": [':
                break
        if not head or head[-1].rstrip() != '"statements": [':
            print("bench/from.py: no statements line in %s (not bench/generate.py's output?)"
                  % args.snapshot, file=sys.stderr)
            return 65
        m = re.search(r'"version": *(\d+)', "".join(head))
        version = int(m.group(1)) if m else 1
        out = csv.writer(rows, lineterminator="\r\n")
        out.writerow(COLUMNS)
        snap.write("".join(head))
        for line in src:
            # a statement, then "," or "]," or "]}" (the last one), or "]"
            # alone when there are none
            if not line.startswith("{"):
                break
            s, end = decode(line)
            if s.get("retracted") is not None:
                skipped += 1
            else:
                out.writerow(row(s, version))
                snap.write((",\n" if n else "") + json.dumps(s, ensure_ascii=False))
                n += 1
            if "]" in line[end:]:
                break
        snap.write("\n]}\n")
    with open(path("entities.json"), "w", encoding="utf-8", newline="\n") as ent:
        ent.write("".join(head) + "]}\n")
    if not n:
        print("bench/from.py: no statement in force in %s" % args.snapshot, file=sys.stderr)
        return 65
    print("bench/from.py: %d statements (%d retracted ones left out)" % (n, skipped),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

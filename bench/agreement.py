#!/usr/bin/env python3
"""Writes a second coder's snapshot of the same statements, for the
benchmark of `stance agreement` (design §9).

    bench/agreement.py [--seed N] [--change F] [--drop F] SNAPSHOT OUTPUT

It reads a snapshot that bench/generate.py wrote and writes the same
document with each position dropped with probability --drop (default 0.05)
and, of those kept, the stance moved one step with probability --change
(default 0.10): up or down at random, inwards at the ends of the scale, as a
second analyst who reads a statement a little differently would. A
position's point, if it has one, is dropped with a changed stance (a point
and a stance must agree). Everything else, the statements' ids included, is
as it was, so that the two files are two coders of the same units. The same
seed and input give the same bytes.

The generator writes one statement per line after the line
'"statements": [': this streams those lines and passes every other line
through, so memory does not grow with the snapshot.
Python 3 standard library only.
"""
import argparse
import json
import random
import sys

STANCES = ["strongly-oppose", "oppose", "neutral", "support", "strongly-support"]


def recode(statement, rng, change, drop):
    kept = []
    for p in statement["positions"]:
        if rng.random() < drop:
            continue
        if rng.random() < change:
            v = STANCES.index(p["stance"])
            step = rng.choice((-1, 1))
            if not 0 <= v + step < len(STANCES):
                step = -step
            p["stance"] = STANCES[v + step]
            if p.get("point") is not None:
                p["point"] = None
        kept.append(p)
    statement["positions"] = kept
    return statement


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20250423)
    ap.add_argument("--change", type=float, default=0.10)
    ap.add_argument("--drop", type=float, default=0.05)
    ap.add_argument("snapshot")
    ap.add_argument("output")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    decode = json.JSONDecoder().raw_decode
    statements = 0
    inside = False
    with open(args.snapshot, encoding="utf-8") as src, \
            open(args.output, "w", encoding="utf-8") as out:
        for line in src:
            if not inside:
                out.write(line)
                inside = line.rstrip() == '"statements": ['
                continue
            # a statement, then "," or "]," or "]}" (the last one), or "]"
            # alone when there are none
            if not line.startswith("{"):
                out.write(line)
                inside = False
                continue
            s, end = decode(line)
            rest = line[end:]
            out.write(json.dumps(recode(s, rng, args.change, args.drop), ensure_ascii=False))
            out.write(rest)
            statements += 1
            inside = "]" not in rest
    if not statements:
        print("bench/agreement.py: no statement lines in %s (not bench/generate.py's output?)"
              % args.snapshot, file=sys.stderr)
        return 65
    return 0


if __name__ == "__main__":
    sys.exit(main())

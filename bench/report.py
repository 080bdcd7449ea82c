#!/usr/bin/env python3
"""Prints the table of a bench/run: medians, ratios, targets, peak memory.

    bench/report.py RESULTS_DIR [--no-targets]

RESULTS_DIR holds, per benchmark NAME, NAME.json (hyperfine --export-json
with the commands named stance and baseline), NAME.stance.time and
NAME.baseline.time (/usr/bin/time -v), and the file targets: lines of
NAME, a tab, and words ratio<=X, speedup>=X, mem<=X (MiB).
"""
import json
import os
import re
import sys


def peak_mib(path):
    with open(path) as f:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    return int(m.group(1)) / 1024 if m else float("nan")


def seconds(t):
    return "%.3f s" % t if t >= 1 else "%.1f ms" % (t * 1000)


def main():
    results = sys.argv[1]
    check = "--no-targets" not in sys.argv
    rows = []
    with open(os.path.join(results, "targets")) as f:
        targets = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    print("| benchmark | stance (median) | baseline (median) | stance/baseline "
          "| stance peak | baseline peak | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    failed = 0
    for name, words in targets:
        with open(os.path.join(results, name + ".json")) as f:
            med = {r["command"]: r["median"] for r in json.load(f)["results"]}
        s, b = med["stance"], med["baseline"]
        ms = peak_mib(os.path.join(results, name + ".stance.time"))
        mb = peak_mib(os.path.join(results, name + ".baseline.time"))
        ratio = s / b
        met = True
        shown = []
        for w in words.split():
            what, limit = re.match(r"(\w+)[<>]=(.+)", w).groups()
            limit = float(limit)
            if what == "ratio":
                met &= ratio <= limit
                shown.append("ratio ≤ %g" % limit)
            elif what == "speedup":
                met &= ratio * limit <= 1
                shown.append("≥ %g× faster" % limit)
            elif what == "mem":
                met &= ms <= limit
                shown.append("peak ≤ %g MiB" % limit)
            elif what == "time":
                met &= s <= limit
                shown.append("under %g s" % limit)
        ratio_text = "%.2f" % ratio if ratio >= 0.1 else "1/%.0f" % (1 / ratio)
        print("| %s | %s | %s | %s | %.1f MiB | %.1f MiB | %s | %s |" % (
            name, seconds(s), seconds(b), ratio_text, ms, mb, ", ".join(shown),
            ("yes" if met else "**no**") if check else "-"))
        failed += not met
    if check:
        print("\n%d of %d targets met" % (len(targets) - failed, len(targets)))


if __name__ == "__main__":
    sys.exit(main())

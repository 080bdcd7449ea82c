#!/usr/bin/env python3
"""The man page docs/stance.1: it renders without a warning (groff with every
warning on, and man -l as a reader would open it), and it names every command
and every option that `stance --help` and `stance COMMAND --help` list, so
that it cannot fall behind the program."""

import os
import re

from tapcheck import SOURCE, commands, done, need, ok, run, stance_help

PAGE = os.path.join(SOURCE, "docs", "stance.1")


def main():
    groff = need("groff", "groff-base")
    if groff:
        r = run([groff, "-man", "-ww", "-z", PAGE])
        ok(r.returncode == 0 and not r.stderr, "groff -man -ww renders it without warnings",
           r.stderr.decode())
    man = need("man", "man-db")
    if man:
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
        r = run([man, "--warnings", "-l", PAGE], env=env)
        ok(r.returncode == 0 and not r.stderr and b"EXIT STATUS" in r.stdout,
           "man -l shows it without warnings", r.stderr.decode())
    with open(PAGE, encoding="utf-8") as f:
        source = f.read()
    # what a reader sees: escapes for hyphens and fonts undone
    text = re.sub(r"\\f[BIRP]", "", source).replace("\\-", "-").replace("\\&", "")
    text = re.sub(r"\n\.(B|I|BR|RB|BI|IB|IR|RI) ", " ", text)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS",
                    "ENVIRONMENT", "FILES", "EXAMPLES"):
        ok(("\n.SH " + section) in text, "it has the section " + section)
    cmds = commands()
    ok(len(cmds) > 10, "stance --help lists the commands", cmds)
    missing = [c for c in cmds if c not in text]
    ok(not missing, "every command is in the man page", "missing: %s" % missing)
    options = set()
    for c in cmds:
        options |= set(re.findall(r"^ +(?:-\w, )?(--[a-z-]+)", stance_help(*c.split()),
                                  re.M))
    missing = sorted(o for o in options if o not in text)
    ok(not missing, "every option (%d) is in the man page" % len(options),
       "missing: %s" % missing)
    for code in ("64", "65", "66", "70", "73", "74", "75"):
        ok(re.search(r"\n\.B %s\n" % code, source), "exit status %s is explained" % code)
    for var in ("STANCE_DB", "STANCE_ANALYST", "NO_COLOR"):
        ok(var in text, "the environment variable %s is explained" % var)


if __name__ == "__main__":
    main()
    raise SystemExit(done())

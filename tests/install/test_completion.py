#!/usr/bin/env python3
"""The bash completion (completion/stance.bash): sourced in a real bash, its
function is called with COMP_WORDS set as bash would, against the built
stance and a database holding the bundled example."""

import os
import shutil
import subprocess
import tempfile

from tapcheck import BIN, SOURCE, done, need, ok, run

SCRIPT = os.path.join(SOURCE, "completion", "stance.bash")
EXAMPLE = os.path.join(SOURCE, "examples", "ukraine-talks-2025-04.json")

# COMP_WORDS as the words after "stance"; prints COMPREPLY one per line.
DRIVER = r'''
source "$1"
shift
COMP_WORDS=(stance "$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_stance
printf '%s\n' "${COMPREPLY[@]}"
'''


def complete(bash, env, *words):
    r = subprocess.run([bash, "-c", DRIVER, "driver", SCRIPT] + list(words),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=60)
    return sorted(w for w in r.stdout.decode().split("\n") if w), r.stderr.decode()


def main():
    bash = need("bash", "bash")
    if not bash:
        return
    tmp = tempfile.mkdtemp(prefix="stance-completion-")
    try:
        db = os.path.join(tmp, "talks.db")
        env = {k: v for k, v in os.environ.items() if k not in ("STANCE_DB",)}
        # the completion runs `stance` as the user typed it: from PATH
        env["PATH"] = os.path.dirname(BIN) + os.pathsep + env.get("PATH", "")
        run([BIN, "--db", db, "init"])
        run([BIN, "--db", db, "import", EXAMPLE])
        # one revision in the log, for revert
        rev = run([BIN, "--db", db, "party", "edit", "ua", "--name", "Ukraine (Kyiv)"]
                  ).stdout.decode().strip()
        # an assessment and an outcome, whose ids show and retract take
        assessment = run([BIN, "--db", db, "assess", "ru", "crimea-recognition", "--salience",
                          "90", "--date", "2025-04-23"]).stdout.decode().strip()
        outcome = run([BIN, "--db", db, "outcome", "crimea-recognition", "--date", "2025-06-01",
                       "--stance", "oppose"]).stdout.decode().strip()

        def check(words, want, desc, exact=True):
            got, err = complete(bash, env, *words)
            good = (got == sorted(want)) if exact else set(want) <= set(got)
            ok(good and not err, desc, "words %r\ngot  %r\nwant %r\n%s" % (words, got, want, err))

        cmds = ["actor", "agreement", "amend", "assess", "assessments", "check", "code", "conflicts",
                "export", "forecast", "help", "history", "import", "init", "issue", "log",
                "matrix", "network", "outcome", "outcomes", "party", "positions", "recode",
                "record", "report", "retract", "revert", "shifts", "show", "source",
                "statements", "uncode", "unretract"]
        check([""], cmds, "the commands", exact=False)
        check(["re"], ["recode", "record", "report", "retract", "revert"], "commands by prefix")
        check(["un"], ["uncode", "unretract"], "the undoing commands by prefix")
        subs = ["add", "edit", "list", "remove", "rename", "restore"]
        for group in ("party", "actor", "source", "issue"):
            check([group, ""], subs, "%s's commands" % group)
        check(["--db", db, "party", "a"], ["add"], "after a global option")
        check(["network", "--"], ["--type", "--format", "--nodes", "--by", "--party", "--issue", "--as-of",
                                  "--as-known", "--min-credibility", "--min-reliability",
                                  "--kind", "--output", "--help", "--db", "--analyst",
                                  "--color"],
              "a command's options")
        check(["party", "add", "x", "--k"], ["--kind"], "a group command's options")
        check(["network", "--format", ""], ["graphml", "gexf", "dot", "csv"], "network's formats")
        check(["matrix", "--format", ""], ["table", "json", "csv"], "the global formats")
        check(["--format", ""], ["table", "json", "csv"], "--format before the command")
        check(["party", "list", "--color", ""], ["auto", "always", "never"], "--color's choices")
        check(["party", "add", "x", "--kind", ""],
              ["state", "bloc", "organisation", "faction", "other"], "a choice from the usage")
        check(["matrix", "--metric", "d"], ["distance"], "a choice by prefix")
        check(["--db", db, "positions", "--party", ""], ["eu", "ru", "ua", "uk", "us"],
              "party slugs of the database named by --db")
        env_db = dict(env, STANCE_DB=db)
        got, _ = complete(bash, env_db, "conflicts", "--issue", "crimea")
        ok(got == ["crimea-recognition"], "issue slugs of $STANCE_DB", got)
        got, _ = complete(bash, env_db, "record", "--actor", "")
        ok(got == ["putin", "rubio", "svyrydenko", "zelenskyy"], "actor slugs", got)
        got, _ = complete(bash, env_db, "record", "--position", "nato")
        ok(got == ["nato-membership="], "--position completes ISSUE=", got)
        ids = run([BIN, "--db", db, "statements", "--format", "csv"]).stdout.decode()
        first = ids.splitlines()[1].split(",")[0]
        got, _ = complete(bash, env_db, "show", first[:6])
        ok(got == [first], "statement ids for show", got)
        check(["--db", db, "party", "edit", ""], ["eu", "ru", "ua", "uk", "us"],
              "party edit: the party slugs")
        check(["--db", db, "issue", "rename", "crimea"], ["crimea-recognition"],
              "issue rename: the issue slugs")
        check(["--db", db, "party", "edit", "ua", "--"], ["--name", "--kind", "--reason"],
              "party edit: the members of add and --reason", exact=False)
        check(["--db", db, "actor", "remove", "zelenskyy", "--r"], ["--reason"],
              "actor remove: its options after the slug")
        check(["--db", db, "party", "add", "x", ""], ["--name", "--kind"],
              "party add: no slugs for a new one", exact=False)
        got, _ = complete(bash, env_db, "revert", "")
        ok(got == [rev], "revert: the revision ids of the log", "got %r want %r" % (got, rev))
        got, _ = complete(bash, env_db, "log", "zel")
        ok(got == ["zelenskyy"], "log: a slug names a record", got)
        got, _ = complete(bash, env_db, "log", first[:6])
        ok(got == [first], "log: a statement id names a record", got)
        for cmd in ("recode", "uncode", "amend", "unretract"):
            got, _ = complete(bash, env_db, cmd, first[:6])
            ok(got == [first], "statement ids for %s" % cmd, got)
        got, _ = complete(bash, env_db, "uncode", first, "--issue", "nato")
        ok(got == ["nato-membership"], "uncode --issue: issue slugs", got)
        check(["amend", "x", "--kind", ""], ["quote", "paraphrase", "proposal", "report"],
              "amend --kind: the kinds")
        got, _ = complete(bash, env, "amend", "x", "--text-file", os.path.join(tmp, "ta"))
        ok(db in got and all(g.startswith(db) for g in got), "amend --text-file: file names",
           got)
        got, _ = complete(bash, env, "record", "--from", os.path.join(tmp, "ta"))
        ok(db in got and all(g.startswith(db) for g in got), "record --from: file names", got)
        check(["record", "--d"], ["--date", "--db", "--dry-run"], "record: --dry-run among its options")
        check(["amend", "x", "--credibility", ""], [], "amend --credibility: a free value")
        check(["log", "--by", ""], [], "log --by: a free value")
        check(["help", "re"], ["recode", "record", "report", "retract", "revert"],
              "help: the commands")
        check(["help", "party", "re"], ["remove", "rename", "restore"],
              "help: a group's commands")
        check(["report", "--as-of", ""], [], "a free value: nothing offered")
        check(["forecast", "--model", ""], ["compromise", "median", "nash", "fitted", "all"],
              "forecast --model: the models")
        check(["forecast", "--b"], ["--backtest"], "forecast: its options")
        got, _ = complete(bash, env, "agreement", os.path.join(tmp, "ta"))
        ok(db in got and all(g.startswith(db) for g in got), "agreement: file names", got)
        check(["agreement", "a.json", "b.db", "--metric", ""],
              ["ordinal", "interval", "nominal"], "agreement --metric: the metrics")
        check(["outcome", "x", "--stance", ""],
              ["strongly-oppose", "oppose", "neutral", "support", "strongly-support"],
              "outcome --stance: the stances")
        check(["assess", "ua", "x", "--salience", ""], [], "assess --salience: a free value")
        check(["--db", db, "assess", ""], ["eu", "ru", "ua", "uk", "us"],
              "assess: a party slug first")
        check(["--db", db, "assess", "ru", "crim"], ["crimea-recognition"],
              "assess PARTY: then an issue slug")
        check(["--db", db, "assess", "--date", "2025-01-01", "u"], ["ua", "uk", "us"],
              "assess: an option's value is not an argument")
        check(["--db", db, "assess", "ru", "crimea-recognition", "--ca"], ["--capability"],
              "assess PARTY ISSUE: then the options")
        check(["--db", db, "outcome", "nato"], ["nato-membership"], "outcome: an issue slug")
        for cmd in ("show", "retract", "unretract"):
            for rid, what in ((first, "statement"), (assessment, "assessment"),
                              (outcome, "outcome")):
                got, _ = complete(bash, env_db, cmd, rid[:8])
                ok(got == [rid], "%s: %s ids" % (cmd, what), got)
        got, err = complete(bash, dict(env, STANCE_DB=os.path.join(tmp, "none.db")),
                            "positions", "--party", "")
        ok(got == [] and not err, "no database: no slugs and no noise", err)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
    raise SystemExit(done())

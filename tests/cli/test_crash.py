#!/usr/bin/env python3
"""Crashes: `stance import` of a 100,000-statement snapshot killed with
SIGKILL at random moments. After every kill, `stance check` (integrity,
foreign keys and stance's own invariants) must be clean and the database
must hold either none or all of the snapshot's statements: the import is
one transaction, and SQLite's WAL makes a transaction all or nothing.

The snapshot and the kill moments come from a fixed seed. The rounds and
the snapshot's size can be lowered with $STANCE_CRASH_ROUNDS and
$STANCE_CRASH_STATEMENTS (the sanitizer run of scripts/test does, as its
binary is several times slower)."""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

from stancetest import BIN, main, test

ROUNDS = int(os.environ.get("STANCE_CRASH_ROUNDS", "50"))
STATEMENTS = int(os.environ.get("STANCE_CRASH_STATEMENTS", "100000"))
PARTIES = ["ua", "ru", "us", "eu", "uk", "cn", "tr", "pl"]
ISSUES = ["crimea-recognition", "nato-membership", "sanctions", "ceasefire",
          "security-guarantees", "zaporizhzhia-plant", "reparations", "elections"]
STANCES = ["strongly-oppose", "oppose", "neutral", "support", "strongly-support"]


def write_snapshot(path, rng, n):
    """Streams the snapshot out, statement by statement."""
    with open(path, "w") as f:
        f.write('{"format": "stance-snapshot", "version": 1,\n"parties": %s,\n"issues": %s,\n'
                '"statements": [\n' % (
                    json.dumps([{"slug": p, "name": p.upper()} for p in PARTIES]),
                    json.dumps([{"slug": i, "title": i} for i in ISSUES])))
        for k in range(n):
            issues = rng.sample(ISSUES, rng.randint(0, 3))
            st = {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "party": rng.choice(PARTIES),
                "said_on": "20%02d-%02d-%02d" % (rng.randint(10, 25), rng.randint(1, 12),
                                                 rng.randint(1, 28)),
                "text": "Statement %d: %s" % (k, " ".join(rng.choice(ISSUES)
                                                          for _ in range(rng.randint(3, 12)))),
                "recorded_by": "crash-test",
                "recorded_at": "2026-01-01T00:00:%02d.%03dZ" % (k // 1000 % 60, k % 1000),
                "positions": [{"issue": i, "stance": rng.choice(STANCES),
                               "red_line": rng.random() < 0.1} for i in sorted(issues)],
            }
            f.write(("," if k else "") + json.dumps(st) + "\n")
        f.write("]}\n")


def statements(path):
    """The number of statements, read directly: listing 100,000 through the
    CLI would cost more than the import. Run after `stance check`, whose
    read-write connection has recovered the WAL."""
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return conn.execute("SELECT count(*) FROM statement").fetchone()[0]
    except sqlite3.Error as e:
        return str(e)
    finally:
        conn.close()


@test
def kill_during_import(t):
    rng = random.Random(20250423)
    snap = os.path.join(t.dir, "big.json")
    start = time.monotonic()
    write_snapshot(snap, rng, STATEMENTS)
    t.ok(True, "wrote a snapshot of %d statements in %.1f s"
         % (STATEMENTS, time.monotonic() - start))
    base = os.path.join(t.dir, "base.db")
    t.must("--db", base, "init")
    t.must("--db", base, "party", "add", "nz", "--name", "New Zealand")

    full = os.path.join(t.dir, "full.db")
    shutil.copyfile(base, full)
    start = time.monotonic()
    r = t.run("--db", full, "import", snap)
    duration = time.monotonic() - start
    t.ok(r.rc == 0, "a whole import takes %.1f s" % duration, r)
    t.eq(statements(full), STATEMENTS, "and adds every statement")

    db = os.path.join(t.dir, "round.db")
    outcomes = {"none": 0, "all": 0}
    bad = []
    start = time.monotonic()
    for n in range(ROUNDS):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        shutil.copyfile(base, db)
        os.chmod(db, 0o600)
        # four kills in five land anywhere in the import, the fifth near
        # its end: during or after the commit and the checkpoint of closing
        delay = duration * (rng.uniform(0.02, 1.0) if n % 5 else rng.uniform(0.85, 1.1))
        proc = subprocess.Popen([BIN, "--db", db, "import", snap], cwd=t.dir, env=t.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        r = t.run("--db", db, "check")
        count = statements(db)
        if r.rc != 0 or r.out or r.err:
            bad.append("round %d (killed at %.2f s): check: %s" % (n, delay, r))
        if count == 0:
            outcomes["none"] += 1
        elif count == STATEMENTS:
            outcomes["all"] += 1
        else:
            bad.append("round %d (killed at %.2f s): %r statements" % (n, delay, count))
        nz = t.run("--db", db, "party", "list", "--format", "csv")
        if "nz,New Zealand" not in nz.out:
            bad.append("round %d: the base database lost its party: %s" % (n, nz))
    t.eq(bad, [], "%d kills: check clean, none or all of the snapshot every time"
         " (none %d, all %d; %.0f s)" % (ROUNDS, outcomes["none"], outcomes["all"],
                                          time.monotonic() - start))
    t.ok(outcomes["none"] > 0, "some kills interrupted the import", outcomes)


sys.exit(main())

#!/usr/bin/env python3
"""Concurrency: 4 processes record 250 statements each while 2 others query
conflicts and the matrix in a loop, all on one database file. Every
statement must arrive, no command may fail (in particular not with
"database is locked": writes are BEGIN IMMEDIATE with a 10 s busy timeout),
and `stance check` must be clean afterwards."""

import subprocess
import sys
import threading
import time

from stancetest import BIN, main, test

WRITERS = 4
PER_WRITER = 250
READERS = 2
ISSUES = ["crimea-recognition", "nato-membership", "sanctions", "ceasefire"]
PARTIES = ["ua", "ru", "us", "eu"]
STANCES = ["--", "-", "0", "+", "++", "--!", "++!"]


@test
def writers_and_readers(t):
    t.init()
    for p in PARTIES:
        t.must("party", "add", p, "--name", p.upper())
    for i in ISSUES:
        t.must("issue", "add", i, "--title", i)
    failures = []
    lock = threading.Lock()
    counts = {"record": 0, "conflicts": 0, "matrix": 0}
    done = threading.Event()

    def run(kind, args):
        proc = subprocess.run([BIN] + args, cwd=t.dir, env=t.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        with lock:
            counts[kind] += 1
            if proc.returncode != 0 or proc.stderr:
                failures.append((args, proc.returncode, proc.stderr.decode()))

    def writer(w):
        for n in range(PER_WRITER):
            k = w * PER_WRITER + n
            run("record", ["record", "--party", PARTIES[k % 4], "--date",
                           "2025-%02d-%02d" % (k % 12 + 1, k % 28 + 1),
                           "--text", "writer %d statement %d" % (w, n),
                           "--position", "%s=%s" % (ISSUES[k % 4], STANCES[k % 7]),
                           "--position", "%s=%s" % (ISSUES[(k + 1) % 4], STANCES[(k + 3) % 7])])

    def reader(r):
        while not done.is_set():
            run("conflicts", ["conflicts", "--format", "json"])
            run("matrix", ["matrix", "--metric", ("conflicts", "distance")[r]])

    start = time.monotonic()
    readers = [threading.Thread(target=reader, args=(r,)) for r in range(READERS)]
    writers = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for th in readers + writers:
        th.start()
    for th in writers:
        th.join()
    done.set()
    for th in readers:
        th.join()
    elapsed = time.monotonic() - start
    t.eq(failures[:5], [], "no command failed (of %d records, %d conflicts, %d matrix runs"
         " in %.1f s)" % (counts["record"], counts["conflicts"], counts["matrix"], elapsed))
    t.ok(not any("locked" in f[2] for f in failures), "no 'database is locked'")
    t.ok(counts["conflicts"] > 0 and counts["matrix"] > 0, "the readers ran alongside", counts)
    t.eq(t.query("SELECT count(*) FROM statement"), [(WRITERS * PER_WRITER,)],
         "all %d statements are there" % (WRITERS * PER_WRITER))
    texts = {r[0] for r in t.query("SELECT text FROM statement")}
    t.eq(len(texts), WRITERS * PER_WRITER, "each exactly once")
    t.eq(t.query("SELECT count(*) FROM position"), [(2 * WRITERS * PER_WRITER,)],
         "with all their positions")
    t.succeeds(t.run("check"), "check is clean afterwards", "")


sys.exit(main())

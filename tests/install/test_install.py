#!/usr/bin/env python3
"""`meson install` into a temporary DESTDIR delivers the binary, the shared
and static library, the headers, the pkg-config file, the man page and the
bash completion; a small C program builds against the installed pkg-config
file and runs; the installed binary works."""

import glob
import os
import shutil
import tempfile

from tapcheck import BUILD, done, need, ok, run

PROGRAM = r'''
#include <stdio.h>
#include <string.h>
#include <stance/stance.h>

int main(void)
{
	stance_scope scope = STANCE_SCOPE_INIT;  /* the initializer builds with -Wextra */
	stance_db *db = NULL;
	stance_positions *p = NULL;
	int rc = stance_db_open(&db, ":memory:", STANCE_DB_CREATE);

	if (!rc)
		rc = stance_positions_get(&p, db, &scope);
	printf("%s %d %zu\n", stance_version(), rc, p ? p->n : (size_t)99);
	stance_positions_free(p);
	stance_db_close(db);
	return rc != 0;
}
'''


def find(root, pattern):
    return sorted(glob.glob(os.path.join(root, pattern), recursive=True))


def main():
    meson = need("meson", "meson")
    if not meson or not BUILD:
        return
    dest = tempfile.mkdtemp(prefix="stance-install-")
    try:
        r = run([meson, "install", "-C", BUILD, "--destdir", dest, "--no-rebuild",
                 "--quiet"])
        ok(r.returncode == 0, "meson install --destdir", r.stdout.decode() + r.stderr.decode())
        want = {
            "the stance binary": "**/bin/stance",
            "the shared library": "**/lib*/**/libstance.so.*",
            "the static library": "**/lib*/**/libstance.a",
            "the umbrella header": "**/include/stance/stance.h",
            "the analysis header": "**/include/stance/analysis.h",
            "the pkg-config file": "**/pkgconfig/stance.pc",
            "the man page": "**/man/man1/stance.1",
            "the bash completion": "**/bash-completion/completions/stance",
        }
        found = {}
        for what, pattern in want.items():
            found[what] = find(dest, pattern)
            ok(found[what], "installs %s (%s)" % (what, pattern), "installed: %s" %
               "\n".join(find(dest, "**/*")))
        for header in ("db", "entity", "statement", "snapshot"):
            ok(find(dest, "**/include/stance/%s.h" % header), "installs stance/%s.h" % header)
        binary = found["the stance binary"]
        if binary:
            r = run([binary[0], "--version"], env=dict(
                os.environ, LD_LIBRARY_PATH=os.path.dirname(found["the shared library"][0])
                if found["the shared library"] else ""))
            ok(r.returncode == 0 and r.stdout.startswith(b"stance "),
               "the installed binary runs", r.stderr.decode())
        pc = found["the pkg-config file"]
        pkgconfig, cc = shutil.which("pkg-config"), shutil.which("cc")
        if not pc or not pkgconfig or not cc:
            return
        # the .pc names the prefix it was configured for; point it at DESTDIR
        prefix = run([pkgconfig, "--variable=prefix", pc[0]]).stdout.decode().strip()
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc[0]))
        flags = run([pkgconfig, "--define-variable=prefix=" + dest + prefix,
                     "--cflags", "--libs", "stance"], env=env)
        ok(flags.returncode == 0, "pkg-config knows stance", flags.stderr.decode())
        src = os.path.join(dest, "use-stance.c")
        exe = os.path.join(dest, "use-stance")
        with open(src, "w") as f:
            f.write(PROGRAM)
        r = run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-o", exe, src]
                + flags.stdout.decode().split())
        ok(r.returncode == 0, "a C program builds against the installed stance.pc",
           r.stderr.decode())
        if os.environ.get("STANCE_SANITIZE", "none") not in ("", "none"):
            # the installed library needs the sanitizer runtime loaded first
            return
        libdir = run([pkgconfig, "--define-variable=prefix=" + dest + prefix,
                      "--variable=libdir", "stance"], env=env).stdout.decode().strip()
        r = run([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir))
        ok(r.returncode == 0 and r.stdout.decode().split()[1:] == ["0", "0"],
           "and runs with the installed libstance.so", r.stdout.decode() + r.stderr.decode())
    finally:
        shutil.rmtree(dest, ignore_errors=True)


if __name__ == "__main__":
    main()
    raise SystemExit(done())

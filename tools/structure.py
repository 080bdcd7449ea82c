#!/usr/bin/env python3
"""Checks the rules of the layout that no compiler checks (docs/design.md §6).

Usage: structure.py SOURCE_ROOT

Prints TAP, one line a rule:
- only libstance speaks SQL: nothing in src/cli names sqlite3 or holds an
  SQL statement in a string;
- only the CLI prints: nothing in src/lib writes to stdout or stderr;
- no two files include each other, directly or through others;
- every function in src/ is shorter than MAX_LINES lines, from its opening
  brace to its closing one (house style puts both at the start of a line).
"""
import os
import re
import sys

MAX_LINES = 80

SQL_STRING = re.compile(r'"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA|BEGIN|COMMIT|'
                        r'ROLLBACK|SAVEPOINT|WITH)\b')
PRINTING = re.compile(r'\b(stdout|stderr|printf|puts|putchar|perror|vprintf)\b')
INCLUDE = re.compile(r'^#include\s+"([^"]+)"', re.M)


def sources(root, *dirs):
    for d in dirs:
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for name in sorted(names):
                if name.endswith(('.c', '.h')):
                    yield os.path.join(dirpath, name)


def code_of(path):
    """The file without its comments, lines kept."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def rel(root, path):
    return os.path.relpath(path, root)


def sql_in_cli(root):
    found = []
    for path in sources(root, 'src/cli'):
        for n, line in enumerate(code_of(path).splitlines(), start=1):
            if 'sqlite3' in line or SQL_STRING.search(line):
                found.append('%s:%d: %s' % (rel(root, path), n, line.strip()))
    return found


def printing_in_lib(root):
    found = []
    for path in sources(root, 'src/lib'):
        for n, line in enumerate(code_of(path).splitlines(), start=1):
            # strings may say anything; code may not print
            code = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
            # the printf-format attribute checks arguments; it prints nothing
            code = code.replace('format(printf', 'format(')
            if PRINTING.search(code):
                found.append('%s:%d: %s' % (rel(root, path), n, line.strip()))
    return found


def include_cycles(root):
    files = list(sources(root, 'src', 'include'))
    by_name = {}
    for path in files:
        by_name.setdefault(os.path.basename(path), path)
        by_name[rel(os.path.join(root, 'include'), path)] = path
    edges = {}
    for path in files:
        targets = []
        for name in INCLUDE.findall(code_of(path)):
            target = by_name.get(name) or by_name.get(os.path.basename(name))
            if target:
                targets.append(target)
        edges[path] = targets
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = 'open'
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 'open':
                cycle = stack[stack.index(nxt):] + [nxt]
                cycles.append(' -> '.join(rel(root, p) for p in cycle))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 'done'

    for path in files:
        if path not in state:
            visit(path, [])
    return cycles


def long_functions(root):
    found = []
    for path in sources(root, 'src'):
        if not path.endswith('.c'):
            continue
        lines = code_of(path).splitlines()
        start = None
        for n, line in enumerate(lines, start=1):
            if line == '{' and n > 1 and lines[n - 2].rstrip().endswith(')'):
                start = n
            elif line == '}' and start is not None:
                length = n - start + 1
                if length >= MAX_LINES:
                    found.append('%s:%d: %d lines' % (rel(root, path), start, length))
                start = None
    return found


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 64
    root = sys.argv[1]
    checks = [
        ('no SQL in src/cli', sql_in_cli(root)),
        ('no printing in src/lib', printing_in_lib(root)),
        ('no circular include', include_cycles(root)),
        ('every function in src/ is under %d lines' % MAX_LINES, long_functions(root)),
    ]
    for i, (desc, problems) in enumerate(checks, start=1):
        print('%s %d - %s' % ('not ok' if problems else 'ok', i, desc))
        for p in problems[:40]:
            print('# ' + p)
    print('1..%d' % len(checks))
    return 0


if __name__ == '__main__':
    sys.exit(main())

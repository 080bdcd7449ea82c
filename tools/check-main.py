#!/usr/bin/env python3
"""Each unit suite's test list and main, written from the tests it defines.

Usage: check-main.py main OUTPUT SOURCE   writes OUTPUT, a C file that
                                          includes SOURCE (tests/unit/check-X.c)
                                          and adds its suite and main
       check-main.py list DIR GLOB...     prints the files in DIR that match a
                                          GLOB, one a line, sorted
       check-main.py registered STAMP DIR GLOB FILE...
                                          fails when a file in DIR matches GLOB
                                          but is not among the FILEs; else
                                          writes STAMP

A test is registered by being defined: every START_TEST(name) of a
check-X.c joins suite "X", in the order of the file, so no hand-kept list
of tcase_add_test() calls can forget one. The file says what else its
suite needs with the markers of test-util.h, which the compiler sees as
empty declarations and this tool reads:

    TEST_CASE("big");                     the tests after it form test case "big"
                                          (before the first: a case named after
                                          the suite)
    TEST_TIMEOUT(300);                    the current case's timeout, 0 for none
    TEST_FIXTURE(setup, teardown);        a checked fixture of the current case
                                          (around each test; NULL for none)
    TEST_UNCHECKED_FIXTURE(setup, teardown);  around the whole case, once
    TEST_LOOP(test_name, start, end);     test_name runs for _i in [start, end)

A check-X.c holds no main and no suite function. One that still has its
own (a suite written before this tool) is compiled as it is, provided that
it adds every test it defines; a marker that names no test is refused. The list mode is for meson, which
(1.0) cannot glob: tests/*/meson.build compare what is there with what
they register when they configure (git's t/meson.build), and the
registered mode does it again on every build, for a file added since.
"""
import fnmatch
import os
import re
import sys

MARKERS = ('TEST_CASE', 'TEST_TIMEOUT', 'TEST_FIXTURE', 'TEST_UNCHECKED_FIXTURE', 'TEST_LOOP')
EVENT = re.compile(r'^[ \t]*(START_TEST|' + '|'.join(MARKERS) + r')[ \t]*\(', re.M)


class Refused(Exception):
    pass


def strip_comments(text):
    """The text without comments, strings kept, lines and offsets kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def arguments(code, start):
    """The comma-separated arguments of the call whose '(' is at start."""
    depth, args, cur, i = 0, [], '', start
    while i < len(code):
        c = code[i]
        if c in '"\'':
            j = i + 1
            while j < len(code) and code[j] != c:
                j += 2 if code[j] == '\\' else 1
            cur += code[i:j + 1]
            i = j + 1
            continue
        if c == '(':
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c == ')':
            depth -= 1
            if depth == 0:
                args.append(cur.strip())
                return [' '.join(a.split()) for a in args]
        elif c == ',' and depth == 1:
            args.append(cur.strip())
            cur = ''
            i += 1
            continue
        cur += c
        i += 1
    raise Refused('unbalanced parentheses')


def suite_of(path, code):
    """The suite: its name and its cases, each with its tests in order."""
    name = os.path.basename(path)[len('check-'):-len('.c')]
    cases = [{'name': name, 'timeout': None, 'fixtures': [], 'tests': []}]
    loops, defined = {}, []
    for m in EVENT.finditer(code):
        what = m.group(1)
        line = code.count('\n', 0, m.start()) + 1
        args = arguments(code, m.end() - 1)
        case = cases[-1]
        if what == 'START_TEST':
            case['tests'].append(args[0])
            defined.append(args[0])
        elif what == 'TEST_CASE':
            if not re.fullmatch(r'"[^"\\]+"', args[0]):
                raise Refused('line %d: TEST_CASE takes a string' % line)
            cases.append({'name': args[0][1:-1], 'timeout': None, 'fixtures': [], 'tests': []})
        elif what == 'TEST_TIMEOUT':
            case['timeout'] = args[0]
        elif what == 'TEST_FIXTURE':
            case['fixtures'].append(('checked', args[0], args[1]))
        elif what == 'TEST_UNCHECKED_FIXTURE':
            case['fixtures'].append(('unchecked', args[0], args[1]))
        else:
            loops[args[0]] = (args[1], args[2], line)
    for test, (_, _, line) in loops.items():
        if test not in defined:
            raise Refused('line %d: TEST_LOOP names %s, which no START_TEST defines'
                          % (line, test))
    if not defined:
        raise Refused('defines no test (START_TEST)')
    if len(set(defined)) != len(defined):
        raise Refused('defines a test twice')
    return name, [c for c in cases if c['tests'] or c is not cases[0]], loops


def own_main(source, code):
    """A file that still has its own main and tcase_add_test() list: every
    test it defines must be in the list. Returns the error or None."""
    defined = re.findall(r'^[ \t]*START_TEST[ \t]*\([ \t]*(\w+)', code, re.M)
    added = set(re.findall(r'\btcase_add_(?:loop_)?test\s*\(\s*\w+\s*,\s*(\w+)', code))
    missing = [t for t in defined if t not in added]
    if missing:
        return ('defines %s but never adds %s to its suite (or drop the file\'s main '
                'and suite: tools/check-main.py writes them from the tests defined)'
                % (', '.join(missing), 'it' if len(missing) == 1 else 'them'))
    return None


def write(output, text):
    # rewrite only on change, so that ninja rebuilds nothing more than needed
    try:
        with open(output, encoding='utf-8') as f:
            if f.read() == text:
                return 0
    except OSError:
        pass
    with open(output, 'w', encoding='utf-8') as f:
        f.write(text)
    return 0


def write_main(output, source):
    with open(source, encoding='utf-8') as f:
        code = strip_comments(f.read())
    if re.search(r'\bint\s+main\s*\(', code):
        err = own_main(source, code)
        if err:
            sys.stderr.write('%s: %s\n' % (source, err))
            return 1
        return write(output, '/* Generated by tools/check-main.py: %s has its own main. */\n'
                     '#include "%s"\n' % ((os.path.basename(source),) * 2))
    try:
        name, cases, loops = suite_of(source, code)
    except Refused as e:
        sys.stderr.write('%s: %s\n' % (source, e))
        return 1
    for c in cases:
        if not c['tests']:
            sys.stderr.write('%s: test case "%s" has no test\n' % (source, c['name']))
            return 1
    lines = [
        '/* Generated by tools/check-main.py from %s: every test it defines,' % os.path.basename(source),
        ' * in the order of the file. Do not edit. */',
        '#include "%s"' % os.path.basename(source),
        '',
        'int main(void)',
        '{',
        '\tSuite *s = suite_create("%s");' % name,
    ]
    for i, c in enumerate(cases):
        tc = 'tc%d' % i
        lines.append('\tTCase *%s = tcase_create("%s");' % (tc, c['name']))
    lines.append('')
    for i, c in enumerate(cases):
        tc = 'tc%d' % i
        if c['timeout'] is not None:
            lines.append('\ttcase_set_timeout(%s, %s);' % (tc, c['timeout']))
        for kind, setup, teardown in c['fixtures']:
            lines.append('\ttcase_add_%s_fixture(%s, %s, %s);' % (kind, tc, setup, teardown))
        for t in c['tests']:
            if t in loops:
                start, end, _ = loops[t]
                lines.append('\ttcase_add_loop_test(%s, %s, %s, %s);' % (tc, t, start, end))
            else:
                lines.append('\ttcase_add_test(%s, %s);' % (tc, t))
        lines.append('\tsuite_add_tcase(s, %s);' % tc)
    lines += ['\treturn test_run(s);', '}', '']
    return write(output, '\n'.join(lines))


def list_files(directory, globs):
    for name in sorted(os.listdir(directory)):
        if any(fnmatch.fnmatch(name, g) for g in globs):
            print(name)
    return 0


def check_registered(stamp, directory, glob, registered):
    """Fails when a file of directory that matches glob is not registered:
    at build time, for a file added since meson last configured."""
    missing = [n for n in sorted(os.listdir(directory))
               if fnmatch.fnmatch(n, glob) and n not in registered]
    for n in missing:
        sys.stderr.write('%s/%s is not registered in %s/meson.build\n'
                         % (directory, n, directory))
    if missing:
        return 1
    with open(stamp, 'w', encoding='utf-8') as f:
        f.write('\n'.join(registered) + '\n')
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'main':
        return write_main(argv[2], argv[3])
    if len(argv) >= 4 and argv[1] == 'list':
        return list_files(argv[2], argv[3:])
    if len(argv) >= 5 and argv[1] == 'registered':
        return check_registered(argv[2], argv[3], argv[4], set(argv[5:]))
    sys.stderr.write(__doc__)
    return 64


if __name__ == '__main__':
    sys.exit(main(sys.argv))

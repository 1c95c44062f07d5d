#!/usr/bin/env python3
# tests/cli/lib/doc_commands.py -- the work of tests/cli/docs.sh: keeps the
# `annals` command lines shown in the documentation true to the binary.
#
# usage: python3 tests/cli/lib/doc_commands.py ANNALS_BINARY SOURCE_DIR
#
# Documents read: README.md, HACKING.md, docs/*.md and the README.md of every
# folder one or two levels down (examples/, bench/, tools/, data/models/, ...);
# not docs/notes/, which is history and names options that are gone.
#
# Code in them: the lines of fenced blocks, indented code lines (four spaces or
# a tab after a blank line or another code line; a line ending in a backslash
# is joined with the next) and inline `code spans`, also across the lines of
# a paragraph (`\|` in a table is `|`).
# A command in that code is a piece between `&&`, `||`, `;`, `$(` and ` | `
# (a ` | ` followed by an option, as in `--petrarch F | --tabari F`, separates
# alternatives of one synopsis, not two commands), after any `VAR=value`
# words; a ` # comment` at the end of a code line is not part of it. An
# annals command is one whose first word is `annals` or a path to it;
# `annals code|ingest ...` stands for both subcommands.
#
# Checked, for every annals command:
#  1. its path is `annals` or `build/annals` (the folder the README builds in);
#  2. its subcommand is one `annals SUB --help` accepts (status 0);
#  3. every long option (--name) in it is listed by `annals SUB --help`;
# and for every subcommand, every long option its --help lists is shown in
# some annals command of that subcommand in the documents (--help excepted).
#
# Runnable commands are run. A command is runnable when its path is
# `build/annals`, its subcommand is not `train` (minutes of work, and it writes
# models), and its code (line or span) has no placeholder: no word in capitals
# as a whole path part (PATH..., FILE, DIR, K, F.conllu, data/models/X.bin,
# petrarch:DIR, but not PETR.UnitTest.records.xml), no `...` or `…`, no
# `[` (a synopsis), no `$VAR`. Words inside quotes are not placeholders.
# It runs with `bash -c` in a scratch folder that links every top-level entry
# of the source tree (examples/, data/, tests/ ...), has ../shared beside it
# when the source tree has, and has build/annals as a wrapper around the binary
# under test; only the `&&`/`;` parts that call build/annals run (the README's
# `apt-get ... && build/annals ingest ...` runs just the last part). A command
# that needs ../shared is skipped with a message when ../shared is absent.
# It fails when annals exits with status 2 (usage or setup error), crashes
# (status 128 or more), reports a sanitizer error, rejects an input path
# that does not exist, does not finish in 300 s, or never runs (the shell
# could not start it: a missing file after `<`). Other statuses are fine
# (1: `validate` with failed records, `code` with a rejected input).
#
# Every failure names the document and line. Exit status 0 all checks passed,
# 1 some failed.
import os
import re
import subprocess
import sys
import tempfile

TIMEOUT = 300
OPT_RE = re.compile(r'(?<![\w-])--[a-z][a-z0-9-]*')
SANITIZER_RE = re.compile(r'ERROR: (Address|Leak)Sanitizer|runtime error:')


def doc_files(src):
    names = ['README.md', 'HACKING.md']
    names += sorted('docs/' + f for f in os.listdir(os.path.join(src, 'docs')) if f.endswith('.md'))
    for top in sorted(os.listdir(src)):
        if top.startswith(('.', 'build', 'docs')) or not os.path.isdir(os.path.join(src, top)):
            continue
        if os.path.isfile(os.path.join(src, top, 'README.md')):
            names.append(top + '/README.md')
        for sub in sorted(os.listdir(os.path.join(src, top))):
            if os.path.isfile(os.path.join(src, top, sub, 'README.md')):
                names.append(top + '/' + sub + '/README.md')
    return [n for n in names if os.path.isfile(os.path.join(src, n))]


def code_texts(path, name):
    """(name, line number, text, is_line) for every code line and code span."""
    out = []
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    fence = False
    prev_blank = True
    prev_code = False
    pending = None          # a code line ending in a backslash, and where it started
    para, para_start = [], 0  # the prose paragraph so far: code spans may cross its lines

    def spans():
        text = '\n'.join(para)
        for m in re.finditer(r'(`+)(.+?)\1', text, re.S):
            code = m.group(2).replace('\n', ' ').replace('\\|', '|').strip()
            out.append((name, para_start + text.count('\n', 0, m.start()), code, False))
        para.clear()

    for i, line in enumerate(lines, 1):
        if line.lstrip().startswith('```'):
            spans()
            fence = not fence
            prev_blank, prev_code = False, False
            continue
        indented = line.startswith('    ') or line.startswith('\t')
        if fence or (indented and (prev_blank or prev_code) and line.strip()):
            spans()
            text = line.strip()
            if pending:
                start, text = pending[0], pending[1] + ' ' + text
            else:
                start = i
            if text.endswith('\\'):
                pending = (start, text[:-1].rstrip())
            else:
                pending = None
                out.append((name, start, text, True))
            prev_code = True
        else:
            prev_code = False
            if not line.strip():
                spans()
            else:
                if not para:
                    para_start = i
                para.append(line)
        prev_blank = not line.strip()
    spans()
    return out


def strip_comment(text):
    """The text before a ` #` comment that is outside quotes."""
    q = None
    for i, c in enumerate(text):
        if q:
            if c == q:
                q = None
        elif c in '\'"':
            q = c
        elif c == '#' and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text


def pieces(text):
    """Splits code at &&, ||, ;, $( and at a ` | ` that starts a new command.
    Yields (piece, separator before it)."""
    out, cur, q, i, sep = [], '', None, 0, ''
    while i < len(text):
        c = text[i]
        if q:
            cur += c
            if c == q:
                q = None
            i += 1
            continue
        if c in '\'"':
            q = c
            cur += c
            i += 1
            continue
        two = text[i:i + 2]
        if two in ('&&', '||', '$('):
            out.append((cur, sep))
            cur, sep = '', two
            i += 2
            continue
        if c == ';':
            out.append((cur, sep))
            cur, sep = '', ';'
            i += 1
            continue
        if c == '|' and i > 0 and text[i - 1] == ' ' and text[i + 1:i + 2] == ' ':
            rest = text[i + 1:].lstrip()
            if not rest.startswith('-'):
                out.append((cur, sep))
                cur, sep = '', '|'
                i += 1
                continue
        cur += c
        i += 1
    out.append((cur, sep))
    return out


def annals_command(piece):
    """(path, subcommand, words) when the piece calls annals, else None."""
    words = piece.split()
    while words and re.match(r'^[A-Za-z_][A-Za-z0-9_]*=', words[0]):
        words = words[1:]
    if not words or not (words[0] == 'annals' or words[0].endswith('/annals')):
        return None
    return words[0], (words[1] if len(words) > 1 else ''), words


def placeholder(text):
    bare = re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)
    if '[' in bare or '...' in bare or '\u2026' in bare or '$' in bare:
        return True
    for word in re.split(r'[\s|<>]+', bare):
        for part in re.split(r'[/=:]', word):
            if re.match(r'^[A-Z][A-Z0-9_]*(\.[a-z]+)?$', part):
                return True
    return False


def main():
    binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shared = os.path.join(os.path.dirname(src), 'shared')
    failures = []

    def fail(where, msg):
        failures.append(where + ': ' + msg)
        print('FAIL ' + where + ': ' + msg)

    top = subprocess.run([binary, '--help'], capture_output=True, text=True)
    helps = {}          # subcommand -> set of long options, or None when refused

    def help_of(sub):
        if sub not in helps:
            r = subprocess.run([binary, sub, '--help'], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=60)
            helps[sub] = set(OPT_RE.findall(r.stdout)) if r.returncode == 0 else None
        return helps[sub]

    listed = re.findall(r'^  ([a-z]+) ', top.stdout, re.M)
    if top.returncode != 0 or not listed:
        fail(binary, 'annals --help lists no subcommands (status %d)' % top.returncode)
        return 1
    for sub in listed:
        if help_of(sub) is None:
            fail(binary, "annals --help lists '%s', which refuses --help" % sub)

    documented = {}      # subcommand -> options shown with it
    runnable = []        # (where, the parts of its code that call build/annals)
    n_cmd = 0
    for name in doc_files(src):
        for doc, line, text, is_line in code_texts(os.path.join(src, name), name):
            code = strip_comment(text) if is_line else text
            where = '%s:%d' % (doc, line)
            calls = []
            for piece, sep in pieces(code):
                cmd = annals_command(piece)
                if not cmd:
                    continue
                path, sub, words = cmd
                if sub.startswith('-') or sub == '':
                    continue            # `annals --help`, or the program's name alone
                if not re.match(r'^[a-z]+(\|[a-z]+)*$', sub):
                    continue            # `annals COMMAND`: a placeholder
                n_cmd += 1
                if path not in ('annals', 'build/annals'):
                    fail(where, "'%s': the README builds into build/, so the command is build/annals" % path)
                for s in sub.split('|'):    # `annals code|ingest ...`: both
                    opts = help_of(s)
                    if opts is None:
                        fail(where, "'annals %s': no such subcommand (annals %s --help refuses it)" % (s, s))
                        continue
                    for o in OPT_RE.findall(' '.join(words[2:])):
                        documented.setdefault(s, set()).add(o)
                        if o != '--help' and o not in opts:
                            fail(where, "'annals %s %s': %s is not in 'annals %s --help'" % (s, o, o, s))
                if path == 'build/annals' and sub != 'train':
                    calls.append(sub)
            if calls and not placeholder(code):
                parts = [p for p, _ in pieces_and_lists(code) if re.search(r'(^|[\s|(])build/annals\s', p)]
                runnable.append((where, code, parts))

    for sub in sorted(helps):
        if helps[sub] is None:
            continue
        for o in sorted(helps[sub] - documented.get(sub, set()) - {'--help'}):
            fail('annals %s --help' % sub, '%s is listed, but no document shows it with annals %s' % (o, sub))

    ran = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, 'work')
        os.makedirs(os.path.join(work, 'build'))
        for entry in os.listdir(src):
            if not entry.startswith(('.', 'build')):
                os.symlink(os.path.join(src, entry), os.path.join(work, entry))
        if os.path.isdir(shared):
            os.symlink(shared, os.path.join(tmp, 'shared'))
        status_file = os.path.join(tmp, 'status')
        err_file = os.path.join(tmp, 'stderr')
        wrapper = os.path.join(work, 'build', 'annals')
        with open(wrapper, 'w') as f:
            f.write('#!/usr/bin/env bash\n'
                    '"%s" "$@" 2> "%s.$$"\nrc=$?\necho "$rc" >> "%s"\n'
                    'cat "%s.$$" >&2; cat "%s.$$" >> "%s"; rm -f "%s.$$"\nexit "$rc"\n'
                    % (binary, err_file, status_file, err_file, err_file, err_file, err_file))
        os.chmod(wrapper, 0o755)
        for where, code, parts in runnable:
            for part in parts:
                if '../shared' in part and not os.path.isdir(shared):
                    print('skip %s: needs ../shared, which is absent: %s' % (where, part))
                    skipped += 1
                    continue
                for fn in (status_file, err_file):
                    if os.path.exists(fn):
                        os.remove(fn)
                try:
                    r = subprocess.run(['bash', '-c', part], cwd=work, stdin=subprocess.DEVNULL,
                                       capture_output=True, timeout=TIMEOUT)
                except subprocess.TimeoutExpired:
                    fail(where, 'did not finish in %d s: %s' % (TIMEOUT, part))
                    continue
                ran += 1
                codes = open(status_file).read().split() if os.path.exists(status_file) else []
                err = open(err_file, errors='replace').read() if os.path.exists(err_file) else ''
                why = None
                if not codes:
                    why = 'annals never ran (status %d): %s' % (r.returncode, r.stderr.decode(errors='replace').strip()[:300])
                elif any(int(c) >= 128 for c in codes):
                    why = 'annals crashed (status %s)' % ' '.join(codes)
                elif SANITIZER_RE.search(err):
                    why = 'sanitizer report'
                elif any(int(c) == 2 for c in codes):
                    why = 'annals exited with status 2 (usage or setup error)'
                elif re.search(r'^rejected: .*: does not exist', err, re.M):
                    why = 'an input it names does not exist'
                if why:
                    fail(where, why + ': ' + part)
                    for l in err.splitlines()[:10]:
                        print('    ' + l)
                else:
                    print('ok   %s: %s (status %s)' % (where, part, ' '.join(codes)))

    print('docs: %d annals commands checked, %d runs, %d skipped, %d failures'
          % (n_cmd, ran, skipped, len(failures)))
    return 1 if failures else 0


def pieces_and_lists(code):
    """The parts of code between &&, || and ; (pipelines kept whole)."""
    out, cur = [], ''
    for piece, sep in pieces(code):
        if sep in ('&&', '||', ';'):
            out.append((cur, None))
            cur = piece
        else:
            cur = cur + (sep + piece if sep else piece)
    out.append((cur, None))
    return [(p.strip(), s) for p, s in out if p.strip()]


if __name__ == '__main__':
    sys.exit(main())

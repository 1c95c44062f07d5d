#!/usr/bin/env bash
# tests/cli/docs.sh -- the documentation's `annals` command lines against the binary.
#
# usage: bash tests/cli/docs.sh ANNALS_BINARY SOURCE_DIR
# Every `annals SUB ...` shown in README.md, HACKING.md, docs/*.md and the
# folders' README.md files (code blocks, indented code lines, inline code):
# SUB must exist, each --option must be listed by `annals SUB --help`, and each
# option --help lists must be shown in some documented command of SUB. The
# runnable ones (`build/annals ...` without placeholders such as PATH..., FILE,
# DIR, K, `[`, `...`; never `train`) run against the files they name
# (examples/corpus, tests/resources/cli, ../shared when present, else skipped)
# and must not exit with status 2 (usage error), crash or trip a sanitizer.
# The exact rules are at the top of tests/cli/lib/doc_commands.py.
# Exit 0 all passed, 1 some check failed (each failure names file and line),
# 77 (skipped) without python3.
set -u
bin=${1:?usage: docs.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: docs.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
command -v python3 > /dev/null || { echo "skipped: python3 is needed to read the documents"; exit 77; }
exec python3 "$src/tests/cli/lib/doc_commands.py" "$bin" "$src"

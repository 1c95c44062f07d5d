#!/usr/bin/env bash
# bench/cluster_pg.sh -- bench/bench_cluster.py with a PostgreSQL store: starts a throwaway
# PostgreSQL server (tests/cli/lib/pg_server.sh: Debian's postgresql package, a temporary
# directory, a unix socket, stopped at the end) and times annals ingest and the cluster run
# on 1 and 2 workers into new databases on it (the workers store what they code).
#
# usage: bash bench/cluster_pg.sh CORPUS.jsonl [bench_cluster.py options: --runs N --build DIR ...]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "$(dirname "${1:?usage: cluster_pg.sh CORPUS.jsonl [options]}")" && pwd)/$(basename "$1")
shift
. "$src/tests/cli/lib/pg_server.sh"
pg_start
uri=$(pg_newdb bench)
/usr/bin/python3 "$src/bench/bench_cluster.py" "$corpus" --postgresql "$uri" "$@"

# tests/cli/lib/pg_server.sh -- a throwaway PostgreSQL server for the tests (sourced).
#
#   . tests/cli/lib/pg_server.sh
#   pg_start || exit $?        # 77 (skip) when no server binaries are installed
#   uri=$(pg_newdb NAME)       # a new empty database: postgresql:///NAME?host=DIR&user=annals
#   pg_restart                 # starts the server again after a stop (same data)
#   pg_stop                    # also run by the EXIT trap pg_start sets
#
# The server is Debian's `postgresql` package (initdb and pg_ctl from
# /usr/lib/postgresql/<version>/bin, the newest, or $ANNALS_PG_BIN), in a new temporary
# directory, listening only on a unix socket in that directory (no TCP port), with
# trust authentication for its one superuser `annals`, UTF-8, locale C and no fsync
# (a test server: fast, nothing to keep). PostgreSQL refuses to run as root: as root,
# the server runs as the system user `postgres` (the package's), or $ANNALS_PG_USER,
# and the directory is given to that user.
pg_bin=${ANNALS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)}
pg_dir=
pg_as=()

pg_run() {   # runs a server binary, as the server's user
    "${pg_as[@]}" "$pg_bin/$1" "${@:2}"
}

pg_start() {
    if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
        echo "skipped: no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin:" \
             "install Debian's postgresql package (.ci/install-deps) or set ANNALS_PG_BIN"
        return 77
    fi
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/annals-pg.XXXXXX") || return 1
    trap pg_stop EXIT
    trap 'exit 143' TERM   # a test killed (ctest's timeout) still stops its server
    trap 'exit 130' INT
    if [ "$(id -u)" = 0 ]; then
        local user=${ANNALS_PG_USER:-postgres}
        if ! id "$user" > /dev/null 2>&1; then
            echo "FAIL: running as root and there is no user '$user' to run the server as (set ANNALS_PG_USER)"
            return 1
        fi
        chown "$user" "$pg_dir"
        pg_as=(runuser -u "$user" --)
    fi
    local t0=$SECONDS
    if ! pg_run initdb -D "$pg_dir/data" -U annals -A trust -E UTF8 --locale=C --no-sync > "$pg_dir/initdb.log" 2>&1; then
        echo "FAIL: initdb:"; sed 's/^/  /' "$pg_dir/initdb.log" | tail -20
        return 1
    fi
    pg_restart || return 1
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') up in $((SECONDS - t0)) s on $pg_dir"
}

pg_restart() {
    if ! pg_run pg_ctl -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
            -o "-k $pg_dir -c listen_addresses= -c fsync=off -c full_page_writes=off" \
            start > /dev/null 2>&1; then
        echo "FAIL: the PostgreSQL server did not start:"; tail -20 "$pg_dir/server.log" | sed 's/^/  /'
        return 1
    fi
}

pg_newdb() {   # pg_newdb NAME: creates database NAME and prints its URI
    pg_run createdb -h "$pg_dir" -U annals "$1" || return 1
    echo "postgresql:///$1?host=$pg_dir&user=annals"
}

pg_psql() {   # pg_psql URI SQL: one value per line, fields separated by |
    "$pg_bin/psql" "$1" -XAtq -v ON_ERROR_STOP=1 -c "$2"
}

pg_stop() {
    [ -n "$pg_dir" ] || return 0
    pg_run pg_ctl -D "$pg_dir/data" -m immediate stop > /dev/null 2>&1
    rm -rf "$pg_dir"
    pg_dir=
}

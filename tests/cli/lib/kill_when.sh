# tests/cli/lib/kill_when.sh -- kill_when PID N COMMAND...: SIGKILLs process PID as soon as
# COMMAND (a count, e.g. of the documents a store holds) prints N or more, or after about
# 5 s; then waits for it and returns its exit status (137 when the kill ended it). Sourced
# by the tests that interrupt an ingest (story_store.sh, pg_store.sh).
kill_when() {
    local pid=$1 want=$2 n
    shift 2
    for _ in $(seq 1 500); do
        n=$("$@" 2> /dev/null || echo 0)
        [ "${n:-0}" -ge "$want" ] && break
        sleep 0.01
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
}

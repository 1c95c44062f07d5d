# tests/cli/lib/kill_when.sh -- for the tests that interrupt an ingest (story_store.sh,
# pg_store.sh); sourced.
#   wait_for N COMMAND...     returns as soon as COMMAND (a count, e.g. of the documents a
#                             store holds) prints N or more, or after about 5 s
#   kill_when PID N COMMAND... SIGKILLs process PID then, waits for it and returns its exit
#                             status (137 when the kill ended it)
wait_for() {
    local want=$1 n
    shift
    for _ in $(seq 1 500); do
        n=$("$@" 2> /dev/null || echo 0)
        [ "${n:-0}" -ge "$want" ] && return 0
        sleep 0.01
    done
    return 1
}

kill_when() {
    local pid=$1
    shift
    wait_for "$@"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
}

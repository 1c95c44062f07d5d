# tests/cli/lib/python_env.sh -- python_sanitizer_env LIB: when LIB (a libannals.so) is a
# sanitizer build, exports what a Python process that loads it needs: the sanitizer
# runtimes preloaded, and no leak check of Python's own allocations. Sourced by
# python.sh and pg_store.sh.
python_sanitizer_env() {
    # the whole of ldd's output first: with pipefail, grep -q closing the pipe early
    # would make the test fail at random (ldd killed by SIGPIPE)
    case $(ldd "$1") in *libasan*)
        LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
        export LD_PRELOAD
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" ;;
    esac
}

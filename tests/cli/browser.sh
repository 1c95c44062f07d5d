#!/usr/bin/env bash
# tests/cli/browser.sh -- the web page in headless Chromium (tests/browser/page_test.js).
#
# usage: bash tests/cli/browser.sh ANNALS_BINARY SOURCE_DIR
# Ingests examples/corpus into a temp store (with stories, as tests/cli/serve.sh
# gives it them), starts `annals serve --port 0`
# on it and runs the browser test with Debian's chromium through playwright-core
# (tests/browser/node_modules, installed by .ci/install-deps); the first view
# must be drawn within 1 s, except with a sanitizer build. Screenshots of
# each view go to browser-test/ beside the binary (the build folder). Skips
# (status 77) only when no chromium is installed; a missing node or
# playwright-core is a failure (run .ci/install-deps).
set -u
bin=${1:?usage: browser.sh ANNALS_BINARY SOURCE_DIR}
src=${2:?usage: browser.sh ANNALS_BINARY SOURCE_DIR}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
src=$(cd "$src" && pwd) || exit 1
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
    echo "SKIP: no chromium (apt-get install chromium, or set CHROMIUM=/path/to/it): the web page is not tested"
    exit 77
fi
if ! command -v node > /dev/null || [ ! -d "$src/tests/browser/node_modules/playwright-core" ]; then
    echo "FAIL: node or tests/browser/node_modules/playwright-core missing: run bash .ci/install-deps"
    exit 1
fi
out=$(dirname "$bin")/browser-test
tmp=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null; rm -rf "$tmp"' EXIT
"$bin" ingest "$src/examples/corpus" --db "$tmp/sample.db" --no-progress > /dev/null 2>&1
# stories: the contract's tables filled by SQL when the store has none (tests/resources/stories-contract/)
python3 "$src/tests/cli/lib/serve_api.py" fixture "$tmp/sample.db" "$src" || { echo "FAIL: stories fixture"; exit 1; }
"$bin" serve --db "$tmp/sample.db" --web "$src/web" --port 0 > "$tmp/serve.log" 2> "$tmp/serve.err" &
server_pid=$!
port=
for _ in $(seq 1 200); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then echo "FAIL: the server did not start"; cat "$tmp/serve.log" "$tmp/serve.err"; exit 1; fi
# a private HOME: chromium writes its profile and crash folders there
# the 1 s limit on the first view holds for an optimised server; a sanitizer build
# (ASan, UBSan: several times slower) is only reported
limit=1000
if ldd "$bin" 2> /dev/null | grep -q 'libasan\|libubsan'; then limit=0; fi
HOME=$tmp node "$src/tests/browser/page_test.js" "http://127.0.0.1:$port" "$out" "$chromium" "$limit"
status=$?
kill -TERM "$server_pid"
wait "$server_pid"
server_status=$?
server_pid=
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/serve.err"; then
    echo "FAIL: the server reported a sanitizer error"; cat "$tmp/serve.err"; status=1
fi
[ "$server_status" = 0 ] || { echo "FAIL: server exit status $server_status"; status=1; }
echo "browser: screenshots in $out"
exit "$status"

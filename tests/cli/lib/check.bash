# tests/cli/lib/check.bash -- the pass/fail helpers of the CLI test scripts (sourced).
# ok WHAT / bad WHAT count and print a result; check WHAT COMMAND... runs the
# command and counts its status; no_sanitizer_report FILE is true when FILE holds
# no AddressSanitizer, LeakSanitizer or UBSan report. The caller prints $pass and $fail.
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
no_sanitizer_report() { ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"; }

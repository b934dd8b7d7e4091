# Shared helpers for the end-to-end tests: run the binary, check exit codes
# and messages, count results. Sourced, not run.
set -u
BIN=${FRONTMAP_BIN:?set FRONTMAP_BIN to the frontmap binary}
TMP=${FRONTMAP_TMP:-$(mktemp -d)}
rm -rf "$TMP" && mkdir -p "$TMP"
DATA=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data" && pwd)
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect_fail CODE NEEDLE -- command...: the command exits with CODE and its
# stderr contains NEEDLE.
expect_fail() {
  local code=$1 needle=$2
  shift 3
  local out rc
  out=$("$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne "$code" ]; then bad "exit $rc (want $code): $* -> $out"; return; fi
  case "$out" in
    *"$needle"*) ok ;;
    *) bad "message lacks '$needle': $* -> $out" ;;
  esac
}

# No temp or partial files may be left beside outputs.
expect_no_leftovers() {
  local left
  left=$(find "$1" -name '.*.??????' 2>/dev/null)
  if [ -n "$left" ]; then bad "leftover temp files: $left"; else ok; fi
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

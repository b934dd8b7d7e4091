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

# expect_fonts_embedded PDF: pdffonts lists at least one font and every
# font is embedded (its "emb" column says yes). A missing pdffonts, a PDF
# it cannot read, or a PDF with no fonts at all is a failure, not a pass.
expect_fonts_embedded() {
  if ! command -v pdffonts >/dev/null 2>&1; then
    bad "pdffonts is not installed (poppler-utils): cannot check the fonts of $1"; return
  fi
  local fonts
  if ! fonts=$(pdffonts "$1" 2>"$TMP/pdffonts.err"); then
    bad "pdffonts cannot read $1: $(cat "$TMP/pdffonts.err")"; return
  fi
  fonts=$(printf '%s\n' "$fonts" | tail -n +3)
  if [ -z "$fonts" ]; then bad "pdffonts lists no fonts in $1"; return; fi
  if printf '%s\n' "$fonts" | awk '$(NF-4) != "yes" { missing = 1 } END { exit missing }'; then ok
  else bad "a font is not embedded in $1: $fonts"; fi
}

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

# --- pixels of PNG files (decoded by ffmpeg, which animate needs anyway) ---
# png_size PNG: "WIDTH HEIGHT" from the IHDR chunk.
png_size() {
  od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'
}

# png_rgb PNG OUT: the pixels as raw RGB bytes, row by row.
png_rgb() {
  ffmpeg -v error -y -i "$1" -f rawvideo -pix_fmt rgb24 "$2"
}

# png_pixel PNG X Y: the colour at pixel (X, Y) as rrggbb.
png_pixel() {
  local w
  w=$(png_size "$1" | cut -d' ' -f1)
  png_rgb "$1" "$TMP/.pixel.rgb" || return 1
  od -An -tx1 -j $(( ($3 * w + $2) * 3 )) -N3 "$TMP/.pixel.rgb" | tr -d ' \n'
  rm -f "$TMP/.pixel.rgb"
}

# png_diff A B: "N X0 Y0 X1 Y1": how many pixels differ between two PNGs of
# the same size and the box holding them ("0" when none; "size" when the
# sizes differ).
png_diff() {
  local sa sb w
  sa=$(png_size "$1"); sb=$(png_size "$2")
  if [ "$sa" != "$sb" ]; then echo size; return; fi
  w=${sa%% *}
  png_rgb "$1" "$TMP/.diff-a.rgb" && png_rgb "$2" "$TMP/.diff-b.rgb" || { echo error; return; }
  cmp -l "$TMP/.diff-a.rgb" "$TMP/.diff-b.rgb" | awk -v w="$w" '
    { p = int(($1 - 1) / 3); if (p == last) next; last = p; n++
      x = p % w; y = int(p / w)
      if (n == 1 || x < x0) x0 = x; if (n == 1 || x > x1) x1 = x
      if (n == 1 || y < y0) y0 = y; if (n == 1 || y > y1) y1 = y }
    END { if (n) print n, x0, y0, x1, y1; else print 0 }'
  rm -f "$TMP/.diff-a.rgb" "$TMP/.diff-b.rgb"
}

# png_count PNG rrggbb: how many pixels have exactly that colour.
png_count() {
  png_rgb "$1" "$TMP/.count.rgb" || { echo 0; return; }
  od -An -v -tx1 -w3 "$TMP/.count.rgb" | tr -d ' ' | grep -cx "$2"
  rm -f "$TMP/.count.rgb"
}

#!/usr/bin/env bash
# The command-line contract, the same for every command: exit 0 done, 1 the
# work failed (bad data, missing input, unwritable output), 2 bad arguments
# (an option the command does not take, a value out of range, a number that
# overflows, an unknown language). And where an installed binary looks for
# its data: FRONTMAP_DATA, beside itself, the install prefix; never the
# checkout it was built from.
source "$(dirname "$0")/lib.bash"
S=$DATA/scene.json
NOPE=$TMP/nope.json
HUGE=99999999999999999999

# help: exit 0 and the usage line, for every command, both ways.
for c in render animate figure query stats events validate build-control; do
  out=$("$BIN" "$c" --help) && case "$out" in "usage: frontmap $c"*) ok ;; *) bad "$c --help: $out" ;; esac || bad "$c --help exit"
  "$BIN" help "$c" | grep -q -- "-h, --help" && ok || bad "help $c lists no -h, --help"
done
"$BIN" help | grep -q "2 bad arguments" && ok || bad "help states the exit codes"

# An option that exists, but not for this command: 2, naming it.
expect_fail 2 "unknown option '--fps' for query"  -- "$BIN" query --fps 30 --chart x.png
expect_fail 2 "unknown option '--fps' for render" -- "$BIN" render --date 1994 --fps 30
expect_fail 2 "unknown option '--chart' for animate" -- "$BIN" animate --events --chart x.png -o "$TMP/x"
expect_fail 2 "unknown option '--size' for figure" -- "$BIN" figure --date 1994 --size 100x100 -o "$TMP/x.pdf"
expect_fail 2 "unknown option '--lang' for stats" -- "$BIN" stats --date 1994 --lang en
expect_fail 2 "unknown option '--at' for events"  -- "$BIN" events --at 46,40
expect_fail 2 "unknown option '--date' for validate" -- "$BIN" validate --date 1994
expect_fail 2 "unknown option '--date' for build-control" -- "$BIN" build-control --date 1994
expect_fail 2 "takes no value"                    -- "$BIN" render --date 1994 --landscape=yes
expect_fail 2 "needs a value"                     -- "$BIN" render --date
expect_fail 2 "unexpected argument 'extra'"       -- "$BIN" events extra

# Values out of range: 2.
expect_fail 2 'out of range: each side must be 16 to 16384' -- "$BIN" render --scene "$S" --date 1994 --size 20000x100
expect_fail 2 '--fps 500: give a whole number from 1 to 120' -- "$BIN" animate --events --fps 500 -o "$TMP/x"
expect_fail 2 '--hold -1'                         -- "$BIN" animate --events --hold -1 -o "$TMP/x"
expect_fail 2 '--dpi 5: give a number from 36 to 1200' -- "$BIN" figure --date 1994 --dpi 5 -o "$TMP/x.pdf"
expect_fail 2 'expected LON,LAT'                  -- "$BIN" query --date 1994 --at 200,40
expect_fail 2 'day 30 does not exist'             -- "$BIN" stats --date 1994-02-30
expect_fail 2 '--to is before --from'             -- "$BIN" stats --from 1994 --to 1993
expect_fail 2 'day 30 does not exist'             -- "$BIN" events --from 1994-02-30
expect_fail 2 'bbox "200,0,210,10"'               -- "$BIN" render --date 1994 --bbox 200,0,210,10

# Numbers that overflow: 2, not a silent wrap (4294967312 is 2^32 + 16).
expect_fail 2 'size 4294967312x16 is out of range' -- "$BIN" render --scene "$S" --date 1994 --size 4294967312x16 -o "$TMP/x.png"
expect_fail 2 'size 16x4294967312 is out of range' -- "$BIN" animate --events --size 16x4294967312 -o "$TMP/x"
expect_fail 2 "--fps $HUGE"                       -- "$BIN" animate --events --fps $HUGE -o "$TMP/x"
expect_fail 2 "--jobs -$HUGE"                     -- "$BIN" animate --events --jobs -$HUGE -o "$TMP/x"
expect_fail 2 "--dpi 1e999"                       -- "$BIN" figure --date 1994 --dpi 1e999 -o "$TMP/x.pdf"
expect_fail 2 "\"$HUGE\""                         -- "$BIN" query --date $HUGE --at 46,40
expect_fail 2 "\"$HUGE\""                         -- "$BIN" stats --date $HUGE
expect_fail 2 "\"$HUGE\""                         -- "$BIN" events --to $HUGE

# Unknown languages: 2, for every command that takes --lang or --names.
expect_fail 2 '--lang: unknown language "xx"'     -- "$BIN" render --scene "$S" --date 1994 --lang xx -o "$TMP/x.png"
expect_fail 2 '--lang: unknown language "xx"'     -- "$BIN" animate --events --lang xx -o "$TMP/x"
expect_fail 2 '--lang: unknown language "xx"'     -- "$BIN" figure --date 1994 --lang xx -o "$TMP/x.pdf"
expect_fail 2 'unknown language "xx"'             -- "$BIN" animate --events --names en+xx -o "$TMP/x"
for c in query stats events validate build-control; do
  expect_fail 2 "unknown option '--lang' for $c"  -- "$BIN" $c --lang xx
done

# A missing input file: 1.
expect_fail 1 'nope.json'                         -- "$BIN" render --scene "$NOPE" --date 1994 -o "$TMP/x.png"
expect_fail 1 'nope.json'                         -- "$BIN" animate --scene "$NOPE" --events -o "$TMP/x"
expect_fail 1 'nope.json'                         -- "$BIN" figure --scene "$NOPE" --date 1994 -o "$TMP/x.pdf"
expect_fail 1 'nope.json'                         -- "$BIN" query --scene "$NOPE" --date 1994 --at 46,40
expect_fail 1 'nope.json'                         -- "$BIN" stats --scene "$NOPE" --date 1994
expect_fail 1 'nope.json'                         -- "$BIN" events --scene "$NOPE"
expect_fail 1 'nope.json'                         -- "$BIN" validate --scene "$NOPE"
expect_fail 1 'nope.csv'                          -- "$BIN" build-control --recipe "$TMP/nope.csv" -o "$TMP/x.geojson"
# And an unwritable output: 1.
expect_fail 1 'cannot write here'                 -- "$BIN" stats --date 1994 -o "$TMP/no/such/dir/x.csv"

# stats -o writes the CSV there, the same as stdout.
"$BIN" stats --date 1994-06-01 -o "$TMP/s.csv" > "$TMP/s.out" && [ ! -s "$TMP/s.out" ] && \
  cmp -s "$TMP/s.csv" <("$BIN" stats --date 1994-06-01) && ok || bad "stats -o"

# --- where the data is found ------------------------------------------------
# A copy of the binary with no data beside it must not find the checkout's.
mkdir -p "$TMP/x/bin" && cp "$BIN" "$TMP/x/bin/frontmap"
COPY=$TMP/x/bin/frontmap
expect_fail 1 'set FRONTMAP_DATA'                 -- env -u FRONTMAP_DATA "$COPY" render --date 1994 -o "$TMP/x.png"
expect_fail 1 'set FRONTMAP_DATA'                 -- env -u FRONTMAP_DATA "$COPY" events
expect_fail 1 'does not hold'                     -- env FRONTMAP_DATA="$TMP/x" "$COPY" events
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
n=$(env FRONTMAP_DATA="$ROOT" "$COPY" events | wc -l)
[ "$n" -gt 10 ] && ok || bad "FRONTMAP_DATA set: $n events"
# Installed: <prefix>/bin/frontmap finds <prefix>/share/frontmap.
mkdir -p "$TMP/x/share/frontmap" && cp -r "$ROOT/styles" "$ROOT/layers" "$ROOT/timeline" "$TMP/x/share/frontmap/"
n=$(env -u FRONTMAP_DATA "$COPY" events | wc -l)
[ "$n" -gt 10 ] && ok || bad "installed layout: $n events"
rm -rf "$TMP/x/share"

# validate with no seeds folder known (no FRONTMAP_SEEDS, no data folder):
# the citations are reported as not checked, never read from an unset path.
mkdir -p "$TMP/scene" && cp -r "$ROOT/styles" "$ROOT/layers" "$ROOT/timeline" "$TMP/scene/"
out=$(env -u FRONTMAP_DATA -u FRONTMAP_SEEDS "$COPY" validate -q --scene "$TMP/scene/styles/screen.json" 2>&1)
rc=$?
[ "$rc" = 1 ] && ok || bad "validate without seeds: exit $rc (want 1)"
case "$out" in *"were not checked: the seeds folder was not found; set FRONTMAP_SEEDS"*) ok ;;
  *) bad "validate without seeds: $out" ;; esac
case "$out" in *"cites seed"*) bad "citations read from an unset seeds path: $out" ;; *) ok ;; esac

# Results that cannot be written to stdout are a failure (exit 1), not a success.
for args in "events" "stats --date 1994-06-01" "query --date 1993-07-24 --at 46.928,39.991"; do
  # shellcheck disable=SC2086
  "$BIN" $args >/dev/full 2>"$TMP/full.err"
  rc=$?
  [ "$rc" = 1 ] && grep -q 'cannot write the results' "$TMP/full.err" && ok ||
    bad "$args > /dev/full: exit $rc, $(cat "$TMP/full.err")"
done

finish

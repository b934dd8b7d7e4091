#!/usr/bin/env bash
# The Karabakh record through the command line: query at places and dates
# on both sides of each major change, stats, events, and validate on the
# bundled data and on broken copies.
source "$(dirname "$0")/lib.bash"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export FRONTMAP_SEEDS=${FRONTMAP_SEEDS:-$ROOT/../shared/seeds}
PLACES=$ROOT/layers/karabakh/places.csv

# at ID: "lon,lat" of a gazetteer place (columns 8 and 9 of places.csv).
at() { awk -F, -v id="$1" '$1 == id { print $8 "," $9 }' "$PLACES"; }

# expect_control DATE PLACE CONTROLLER [EVENT]
expect_control() {
  local where got
  where=$(at "$2")
  [ -n "$where" ] || { bad "no place $2 in the gazetteer"; return; }
  got=$("$BIN" query --date "$1" --at "$where")
  case "$got" in
    "$3"$'\t'"${4:-}"*) ok ;;
    *) bad "query $1 at $2 ($where): got '$got', want $3 ${4:-}" ;;
  esac
}

expect_control 1991-06-01 stepanakert AZE
expect_control 1992-03-01 stepanakert ARM
expect_control 2020-11-11 stepanakert ARM
expect_control 2023-10-01 stepanakert AZE 2023-09-20-ceasefire
expect_control 1992-05-07 shusha AZE
expect_control 1992-05-09 shusha ARM 1992-05-08-shusha
expect_control 2020-11-07 shusha ARM
expect_control 2020-11-09 shusha AZE 2020-11-08-shusha
expect_control 1993-07-22 agdam AZE
expect_control 1993-07-24 agdam ARM 1993-07-23-agdam
expect_control 2020-11-19 agdam ARM
expect_control 2020-11-21 agdam AZE
expect_control 1992-05-17 zabukh AZE
expect_control 1992-05-19 zabukh ARM 1992-05-18-lachin
# Lachin town lies inside Natural Earth's oversized Şuşa rayon; the recipe
# gives that part (area:lachin-west-of-shusha) to the Lachin change, not to
# Shusha's of 8 May, and to the Laçın hand-over of 1 Dec 2020.
expect_control 1992-05-10 lachin AZE
expect_control 1992-05-19 lachin ARM 1992-05-18-lachin
expect_control 2020-11-09 lachin ARM 1992-05-18-lachin
expect_control 2020-12-02 lachin ARM 2020-11-10-lachin-corridor
# The same at the coordinates of the issue (GeoNames' Lachin).
got=$("$BIN" query --date 1992-05-10 --at 46.5466,39.6383)
case "$got" in AZE$'\t'*) ok ;; *) bad "query 1992-05-10 at 46.5466,39.6383: got '$got'" ;; esac
got=$("$BIN" query --date 1992-05-19 --at 46.5466,39.6383)
case "$got" in ARM$'\t'1992-05-18-lachin$'\t'*) ok ;; *) bad "query 1992-05-19 at 46.5466,39.6383: got '$got'" ;; esac
expect_control 2022-08-25 lachin ARM
expect_control 2022-08-27 lachin AZE
expect_control 1993-03-01 kalbajar AZE
expect_control 1993-04-10 kalbajar ARM
expect_control 2020-11-24 kalbajar ARM
expect_control 2020-11-26 kalbajar AZE
expect_control 1993-08-22 fizuli AZE
expect_control 1993-08-24 fizuli ARM
expect_control 2020-10-16 fizuli ARM
expect_control 2020-10-18 fizuli AZE
expect_control 1993-08-24 jabrayil ARM
expect_control 2020-10-05 jabrayil AZE
expect_control 1993-08-30 qubadli AZE
expect_control 1993-09-01 qubadli ARM
expect_control 2020-10-26 qubadli AZE
expect_control 1993-10-28 zangilan AZE
expect_control 1993-10-30 zangilan ARM
expect_control 2020-10-21 zangilan AZE
expect_control 1993-11-15 horadiz ARM
expect_control 1994-02-01 horadiz AZE
expect_control 1992-08-15 martakert AZE
expect_control 1993-07-01 martakert ARM
expect_control 2020-10-08 hadrut ARM
expect_control 2020-10-10 hadrut AZE
expect_control 1994-05-12 tartar AZE
expect_control 1994-05-12 barda AZE
expect_control 1994-05-12 goris NONE

# The issue's own example, and the JSON form.
got=$("$BIN" query --date 1993-07-24 --at 46.928,39.991)
[ "$got" = $'ARM\t1993-07-23-agdam\t1993-07-23' ] && ok || bad "query example: $got"
"$BIN" query --json --date 1993-07-24 --at 46.928,39.991 | grep -q '"controller": "ARM"' && ok || bad "query --json"
expect_fail 2 'expected LON,LAT' -- "$BIN" query --date 1993-07-24 --at 46.9
expect_fail 2 'needs --at' -- "$BIN" query --date 1993-07-24

# stats: the sides add up to the region, on several dates; ARM about
# 11,800 km2 after the 1994 ceasefire (published figure).
for d in 1988-06-01 1992-06-01 1994-06-01 2016-05-01 2020-12-02 2023-10-01; do
  if "$BIN" stats --date "$d" > "$TMP/stats.csv"; then
    sum=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.0f", s }' "$TMP/stats.csv")
    # Azerbaijan's outline (86,6xx km2) plus the Karki exclave.
    if [ "$sum" -gt 86000 ] && [ "$sum" -lt 87500 ]; then ok; else bad "stats $d sums to $sum"; fi
  else bad "stats $d failed"; fi
done
arm=$("$BIN" stats --date 1994-06-01 | awk -F, '$2 == "ARM" { printf "%.0f", $3 }')
[ "$arm" -gt 11000 ] && [ "$arm" -lt 12600 ] && ok || bad "ARM area on 1994-06-01 is $arm km2"
"$BIN" stats --from 1991-12 --to 1994-06 --step P3M --chart "$TMP/chart.png" > "$TMP/series.csv" && \
  [ "$(wc -l < "$TMP/series.csv")" -ge 20 ] && [ -s "$TMP/chart.png" ] && ok || bad "stats series and chart"
# The chart is drawn, not blank: 1200x600, the area fill (rgba .80 .33 .25
# .35 on white: edc3bc) and the 2 px line (b33826) both present, and the
# area low at the start (13 km2 in December 1991) and high at the end
# (11,900 of the axis' 12,000 km2 in June 1994).
[ "$(png_size "$TMP/chart.png")" = "1200 600" ] && ok || bad "chart size: $(png_size "$TMP/chart.png")"
n=$(png_count "$TMP/chart.png" edc3bc)
[ "$n" -gt 50000 ] && ok || bad "chart: only $n pixels of the area fill (edc3bc)"
n=$(png_count "$TMP/chart.png" b33826)
[ "$n" -gt 1000 ] && ok || bad "chart: only $n pixels of the line (b33826)"
px=$(png_pixel "$TMP/chart.png" 1160 310)
[ "$px" = edc3bc ] && ok || bad "chart: the area does not reach mid-height at the end ($px at 1160,310)"
px=$(png_pixel "$TMP/chart.png" 100 310)
[ "$px" = ffffff ] && ok || bad "chart: the area is not low at the start ($px at 100,310)"

# events
n=$("$BIN" events | wc -l)
[ "$n" -ge 80 ] && ok || bad "only $n events"
"$BIN" events --from 1993-07-23 --to 1993-07-24 | grep -q '^1993-07-23-agdam' && ok || bad "events window"
"$BIN" events --json --kinds handover | grep -q '"kind": "handover"' && ok || bad "events --json --kinds"
expect_fail 2 "unknown kind 'battle'" -- "$BIN" events --kinds battle

# build-control reproduces the committed control layer from its recipe
# byte for byte (so the layer is up to date, and the writer keeps lon/lat).
"$BIN" build-control -q -o "$TMP/control.geojson" && \
  cmp -s "$TMP/control.geojson" "$ROOT/layers/karabakh/control.geojson" && ok || \
  bad "build-control does not reproduce layers/karabakh/control.geojson"

# ...and the districts layer from its own recipe, named on the command line.
"$BIN" build-control -q --recipe "$ROOT/layers/karabakh/src/districts.csv" -o "$TMP/districts.geojson" && \
  cmp -s "$TMP/districts.geojson" "$ROOT/layers/karabakh/districts.geojson" && ok || \
  bad "build-control --recipe districts.csv does not reproduce layers/karabakh/districts.geojson"
# The districts layer: the Aghdara rayon until its split of 13 Oct 1992.
n=$(grep -c '"id": "aghdara", .*"valid_to": "1992-10-13"' "$ROOT/layers/karabakh/districts.geojson")
[ "$n" -eq 1 ] && ok || bad "districts.geojson lacks the aghdara rayon ending 1992-10-13"

# validate: clean on the bundled data...
"$BIN" validate -q && ok || bad "validate fails on the bundled data"

# ...and on broken copies, naming the problem. A copy of the data tree:
copy() {
  rm -rf "$TMP/t" && mkdir -p "$TMP/t/layers"
  cp -r "$ROOT/styles" "$ROOT/timeline" "$TMP/t/"
  cp -r "$ROOT/layers/karabakh" "$TMP/t/layers/"
  ln -s "$ROOT/layers/base" "$TMP/t/layers/base"
}
validate_copy() { FRONTMAP_DATA=$TMP/t "$BIN" validate -q; }
rebuild_copy() { FRONTMAP_DATA=$TMP/t "$BIN" build-control -q; }

copy  # a gap: no baseline
sed -i '/^baseline-aze,/d' "$TMP/t/layers/karabakh/src/control.csv" && rebuild_copy
expect_fail 1 'uncovered: a gap' -- validate_copy
copy  # an overlap: two sides take the same ground on the same day
awk -F, 'BEGIN { OFS = "," } { print } /^arm-agdam-1993,/ { $1 = "aze-agdam-same-day"; $3 = "AZE"; print }' \
  "$ROOT/layers/karabakh/src/control.csv" > "$TMP/t/layers/karabakh/src/control.csv" && rebuild_copy
expect_fail 1 'overlap' -- validate_copy
copy  # a change naming an event that does not exist
sed -i 's/^arm-agdam-1993,1993-07-23-agdam,/arm-agdam-1993,1993-07-23-agdamm,/' "$TMP/t/layers/karabakh/src/control.csv" && rebuild_copy
expect_fail 1 'names event 1993-07-23-agdamm, which is not in the timeline' -- validate_copy
copy  # a citation past the end of a seed
sed -i '0,/seed:001_6097d6e2ba019926.txt:[0-9]*/s//seed:001_6097d6e2ba019926.txt:999999/' "$TMP/t/timeline/events.csv"
expect_fail 1 'but the file has' -- validate_copy
copy  # a reversed interval in a dated layer
sed -i '0,/"valid_to": "2020-09-27"/s//"valid_to": "1990-09-27"/' "$TMP/t/layers/karabakh/src/lines.geojson"
expect_fail 1 'before or when it starts' -- validate_copy
copy  # a stale control layer: the recipe changed, the layer was not rebuilt
sed -i 's/^arm-agdam-1993,1993-07-23-agdam,ARM,/arm-agdam-1993,1993-07-23-agdam,AZE,/' "$TMP/t/layers/karabakh/src/control.csv"
expect_fail 1 "control.geojson is out of date with its recipe" -- validate_copy
expect_fail 1 "run 'frontmap build-control' to rebuild it" -- validate_copy
rebuild_copy && validate_copy && ok || bad "validate fails after rebuilding the stale copy"
copy  # a control layer edited by hand (one change deleted)
sed -i '/"id": "arm-qubadli-1993"/d' "$TMP/t/layers/karabakh/control.geojson"
expect_fail 1 "control.geojson is out of date with its recipe" -- validate_copy
copy  # a stale districts layer
sed -i 's/^aghdara,rayon,Aghdara rayon,/aghdara,rayon,Agdere rayon,/' "$TMP/t/layers/karabakh/src/districts.csv"
expect_fail 1 "districts.geojson is out of date with its recipe" -- validate_copy
copy  # a reversed interval in the districts recipe, rebuilt
sed -i 's/^\(aghdara,.*,1991-11-26,,\)1992-10-13,/\11990-10-13,/' "$TMP/t/layers/karabakh/src/districts.csv" && rebuild_copy
expect_fail 1 'district aghdara: valid_to 1990-10-13 is before or when it starts' -- validate_copy
copy  # a reversed EDTF interval in the timeline
sed -i 's#^\(1993-07-23-agdam,1993-07-23\),[^,]*,#\1,1993-07-25/1993-07-20,#' "$TMP/t/timeline/events.csv"
expect_fail 1 'ends before it starts' -- validate_copy


# A full disk: build-control must fail and leave nothing under the final
# name (GDALClose reports no error, so the file is read back). Needs a
# small tmpfs; where mounting is not allowed the check says so and is not
# counted.
mkdir -p "$TMP/tiny"
if mount -t tmpfs -o size=64k tmpfs "$TMP/tiny" 2>/dev/null; then
  expect_fail 1 'was not written whole' -- "$BIN" build-control -q -o "$TMP/tiny/control.geojson"
  [ -z "$(ls -A "$TMP/tiny")" ] && ok || bad "a full disk left: $(ls -A "$TMP/tiny")"
  umount "$TMP/tiny"
else
  echo "note: no tmpfs could be mounted here; the full-disk check did not run" >&2
fi

finish

#!/usr/bin/env bash
# frontmap render from the command line: outputs in three formats, their
# content, and every class of bad input.
source "$(dirname "$0")/lib.bash"
S=$DATA/scene.json

# --- outputs ---------------------------------------------------------------
if "$BIN" render -q --scene "$S" --date 1994-05-12 -o "$TMP/m.png" && \
   [ "$(head -c 8 "$TMP/m.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then ok; else bad "PNG output"; fi

if "$BIN" render -q --scene "$S" --date 1994-05-12 -o "$TMP/m.pdf"; then
  txt=$(pdftotext "$TMP/m.pdf" - 2>/dev/null)
  case "$txt" in *Testville*) ok ;; *) bad "PDF lacks the label Testville" ;; esac
  case "$txt" in *"12 May 1994"*) ok ;; *) bad "PDF lacks the date caption" ;; esac
  # 400x300 px at 96 dpi = 300x225 pt.
  pdfinfo "$TMP/m.pdf" | grep -q "Page size: *300 x 225 pts" && ok || bad "PDF page size"
else bad "PDF render failed"; fi

if "$BIN" render -q --scene "$S" --date 1994-05-12 --lang hy -o "$TMP/m.svg"; then
  xmllint --noout "$TMP/m.svg" && ok || bad "SVG is not well-formed XML"
  grep -q "Թեստավան" "$TMP/m.svg" && ok || bad "SVG lacks the Armenian label"
else bad "SVG render failed"; fi

# A date of reduced precision draws its first day: the very map of
# 1993-07-01 (1993-01-01 for 1993), and not the month's or year's last day,
# after the change of 23 July 1993. Pixel (200,150) lies inside the square
# that is red until 1993-07-23, blue from then on, and absent before 1993.
out=$("$BIN" render --scene "$S" --date 1993-07 -o "$TMP/reduced.png")
[ "$out" = "$TMP/reduced.png" ] && ok || bad "reduced-precision date printed '$out'"
for d in 1993-07-01 1993-07-31 1993 1993-01-01 1992-12-31; do
  "$BIN" render -q --scene "$S" --date $d -o "$TMP/day-$d.png" || bad "render --date $d"
done
diff=$(png_diff "$TMP/reduced.png" "$TMP/day-1993-07-01.png")
[ "$diff" = 0 ] && ok || bad "--date 1993-07 is not the map of 1993-07-01 (changed pixels, box: $diff)"
diff=$(png_diff "$TMP/day-1993.png" "$TMP/day-1993-01-01.png")
[ "$diff" = 0 ] && ok || bad "--date 1993 is not the map of 1993-01-01 (changed pixels, box: $diff)"
px=$(png_pixel "$TMP/reduced.png" 200 150)
[ "$px" = ff0000 ] && ok || bad "--date 1993-07: the square is $px, not red (ff0000)"
px=$(png_pixel "$TMP/day-1993-07-31.png" 200 150)
[ "$px" = 0000ff ] && ok || bad "1993-07-31: the square is $px, not blue (0000ff)"
px=$(png_pixel "$TMP/day-1993.png" 200 150)
[ "$px" = ff0000 ] && ok || bad "--date 1993: the square is $px, not red (ff0000)"
px=$(png_pixel "$TMP/day-1992-12-31.png" 200 150)
[ "$px" = ffffff ] && ok || bad "1992-12-31: the square is $px, not the white background"

"$BIN" help render | grep -q -- "--bbox W,S,E,N" && ok || bad "help render lacks --bbox"
"$BIN" render --help | grep -q -- "--crs CRS" && ok || bad "render --help"

# --- bad arguments: exit 2 -------------------------------------------------
expect_fail 2 'day 30 does not exist'   -- "$BIN" render --scene "$S" --date 1993-02-30 -o "$TMP/x.png"
expect_fail 2 '"1993-13"'               -- "$BIN" render --scene "$S" --date 1993-13 -o "$TMP/x.png"
expect_fail 2 'needs --date'            -- "$BIN" render --scene "$S" -o "$TMP/x.png"
expect_fail 2 'out of range: each side must be 16 to 16384' -- "$BIN" render --scene "$S" --date 1994 --size 10x10 -o "$TMP/x.png"
expect_fail 2 'expected WIDTHxHEIGHT'   -- "$BIN" render --scene "$S" --date 1994 --size big -o "$TMP/x.png"
expect_fail 2 'unsupported output type' -- "$BIN" render --scene "$S" --date 1994 -o "$TMP/x.jpg"
expect_fail 2 'expected minlon,minlat'  -- "$BIN" render --scene "$S" --date 1994 --bbox 1,2,3 -o "$TMP/x.png"
expect_fail 2 "unknown option '--colour'" -- "$BIN" render --scene "$S" --date 1994 --colour red
expect_fail 2 "no command 'draw'"       -- "$BIN" draw
expect_fail 2 'unknown language "fr"'   -- "$BIN" render --scene "$S" --date 1994 --lang fr -o "$TMP/x.png"

# --- bad data and environment: exit 1 ---------------------------------------
expect_fail 1 'unknown CRS "EPSG:999999"' -- "$BIN" render --scene "$S" --date 1994 --crs EPSG:999999 -o "$TMP/x.png"
expect_fail 1 'is geographic'           -- "$BIN" render --scene "$S" --date 1994 --crs EPSG:4326 -o "$TMP/x.png"
expect_fail 1 'cannot write here'       -- "$BIN" render --scene "$S" --date 1994 -o "$TMP/no/such/dir/x.png"
expect_fail 1 'nope.json'               -- "$BIN" render --scene "$TMP/nope.json" --date 1994 -o "$TMP/x.png"

# A scene whose layer file is missing names the path.
mkdir -p "$TMP/broken"
cp "$DATA"/*.geojson "$TMP/broken/"
sed 's/"areas.geojson"/"missing-areas.geojson"/' "$S" > "$TMP/broken/missing.json"
expect_fail 1 'missing-areas.geojson'   -- "$BIN" render --scene "$TMP/broken/missing.json" --date 1994 -o "$TMP/x.png"

# Bad JSON gives line and column.
printf '{\n  "version": 8,\n  "layers": [ oops ]\n}\n' > "$TMP/broken/badjson.json"
expect_fail 1 'badjson.json:3:'         -- "$BIN" render --scene "$TMP/broken/badjson.json" --date 1994 -o "$TMP/x.png"

# An unknown style key gives its JSON path.
sed 's/"fill-color"/"fill-colour"/' "$S" > "$TMP/broken/badkey.json"
expect_fail 1 'fill-colour'             -- "$BIN" render --scene "$TMP/broken/badkey.json" --date 1994 -o "$TMP/x.png"
sed 's/"line-width": 3/"line-width": "wide"/' "$S" > "$TMP/broken/badval.json"
expect_fail 1 'line-width'              -- "$BIN" render --scene "$TMP/broken/badval.json" --date 1994 -o "$TMP/x.png"

# A bad date inside the data names the file, the feature and the field.
sed 's/"valid_from": "1993-01-01"/"valid_from": "1993-02-30"/' "$DATA/areas.geojson" > "$TMP/broken/areas.geojson"
cp "$S" "$TMP/broken/scene.json"
expect_fail 1 'areas.geojson (layer areas), feature 0, field valid_from' -- "$BIN" render --scene "$TMP/broken/scene.json" --date 1994 -o "$TMP/x.png"
# A reversed interval is refused.
sed 's/"valid_to": "1993-07-23"/"valid_to": "1992-07-23"/' "$DATA/areas.geojson" > "$TMP/broken/areas.geojson"
expect_fail 1 'before or when it starts' -- "$BIN" render --scene "$TMP/broken/scene.json" --date 1994 -o "$TMP/x.png"

# Dual names on the bundled scene: both forms, where they differ.
if "$BIN" render -q --date 1992-05-20 --names az+hy -o "$TMP/dual.svg"; then
  grep -q 'Gəncə / Գանձակ' "$TMP/dual.svg" && ok || bad "dual names: no 'Gəncə / Գանձակ' in the SVG"
  grep -q 'Şuşa / Şuşa' "$TMP/dual.svg" && bad "dual names repeat an identical name" || ok
else bad "render --names failed"; fi
expect_fail 2 'expected two languages' -- "$BIN" render --date 1994 --names en+en -o "$TMP/x.png"
expect_fail 2 'unknown language "fr"'  -- "$BIN" render --date 1994 --names en+fr -o "$TMP/x.png"
expect_fail 2 'but --lang is hy'       -- "$BIN" render --date 1994 --lang hy --names en+az -o "$TMP/x.png"
# A print page: A4 landscape at 150 dpi is 1754 x 1240 pixels (297 x 210 mm).
"$BIN" render -q --date 1994-05-12 --page A4 --landscape --dpi 150 -o "$TMP/a4.png" && \
  [ "$(file -b "$TMP/a4.png" | grep -o '[0-9]* x [0-9]*')" = "1754 x 1240" ] && ok || \
  bad "A4 landscape PNG size: $(file -b "$TMP/a4.png")"
"$BIN" render -q --date 1994-05-12 --page letter -o "$TMP/letter.pdf" && \
  pdfinfo "$TMP/letter.pdf" | grep -q 'Page size: *612 x 792' && ok || bad "letter PDF page size: $(pdfinfo "$TMP/letter.pdf" | grep 'Page size')"
expect_fail 2 'unknown page size "A5"'  -- "$BIN" render --date 1994 --page A5 -o "$TMP/x.png"
expect_fail 2 'not both'                -- "$BIN" render --date 1994 --page A4 --size 100x100 -o "$TMP/x.png"
expect_fail 2 '--dpi 5'                 -- "$BIN" render --date 1994 --dpi 5 -o "$TMP/x.png"

# Nothing half-written after all those failures.
[ ! -e "$TMP/x.png" ] && ok || bad "a failed render left x.png"
expect_no_leftovers "$TMP"

finish

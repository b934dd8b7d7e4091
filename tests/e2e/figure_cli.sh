#!/usr/bin/env bash
# frontmap figure from the command line, on the bundled Karabakh data and
# print style: what a reader finds on the page (pdftotext), page sizes
# (pdfinfo), embedded fonts (pdffonts), SVG validity, PNG size at a DPI,
# and every class of bad input.
source "$(dirname "$0")/lib.bash"

has() { case "$1" in *"$2"*) ok ;; *) bad "$3: lacks '$2'" ;; esac; }
lacks() { case "$1" in *"$2"*) bad "$3: has '$2'" ;; *) ok ;; esac; }

# --- the Agdam figure ---------------------------------------------------------
if "$BIN" figure -q --event 1993-07-23-agdam -o "$TMP/agdam.pdf"; then
  txt=$(pdftotext "$TMP/agdam.pdf" - 2>/dev/null)
  has "$txt" "Armenian forces take Agdam" "title"
  has "$txt" "23 July 1993" "date in the subtitle"
  # Legend: what the 1993 map shows, and not the post-1994 line of contact.
  has "$txt" "Held by Armenian forces" "legend"
  has "$txt" "Former NKAO boundary" "legend"
  has "$txt" "Event, numbered as in the table" "legend markers"
  lacks "$txt" "Line of contact" "legend of a 1993 map"
  # The campaign's events and their sources, seeds as titles.
  has "$txt" "Fighting around Agdam resumes" "event table"
  has "$txt" "Armenian forces take Martakert" "event table"
  has "$txt" "Kazimirov, Peace to Karabakh, lines" "seed citation as a title"
  lacks "$txt" "seed:001" "raw seed citation"
  has "$txt" "Natural Earth" "sources block"
  has "$txt" "Lambert conformal conic" "projection note"
  has "$txt" "Agdam" "map label"
  pdfinfo "$TMP/agdam.pdf" | grep -q "Page size: *595.276 x 841.89 pts (A4)" && ok || bad "A4 portrait: $(pdfinfo "$TMP/agdam.pdf" | grep 'Page size')"
  # Every font embedded (the "emb" column).
  expect_fonts_embedded "$TMP/agdam.pdf"
else bad "Agdam figure failed"; fi

# Landscape, A3 and letter pages.
"$BIN" figure -q --event 1993-07-23-agdam --landscape -o "$TMP/agdam-l.pdf" &&
  pdfinfo "$TMP/agdam-l.pdf" | grep -q "Page size: *841.89 x 595.276 pts" && ok || bad "A4 landscape"
"$BIN" figure -q --date 1994-05-12 --page A3 -o "$TMP/a3.pdf" &&
  pdfinfo "$TMP/a3.pdf" | grep -q "Page size: *841.89 x 1190.55 pts (A3)" && ok || bad "A3"
"$BIN" figure -q --date 1994-05-12 --page letter -o "$TMP/letter.pdf" &&
  pdfinfo "$TMP/letter.pdf" | grep -q "Page size: *612 x 792 pts (letter)" && ok || bad "letter"
txt=$(pdftotext "$TMP/a3.pdf" - 2>/dev/null)
has "$txt" "Line of contact" "legend of the 1994 map"

# --- small multiples: one page, four dated maps, one legend --------------------
if "$BIN" figure -q --dates 1992-05-20,1993-10-30,1994-05-12,2020-11-10 -o "$TMP/four.pdf"; then
  txt=$(pdftotext "$TMP/four.pdf" - 2>/dev/null)
  for d in "20 May 1992" "30 October 1993" "12 May 1994" "10 November 2020"; do has "$txt" "$d" "small multiples"; done
  n=$(printf '%s\n' "$txt" | grep -c "Held by Armenian forces")
  [ "$n" -eq 1 ] && ok || bad "small multiples: the legend appears $n times"
else bad "small multiples failed"; fi

# --- languages and dual names --------------------------------------------------
"$BIN" figure -q --date 1994-05-12 --names en+az -o "$TMP/names.pdf" &&
  has "$(pdftotext "$TMP/names.pdf" - 2>/dev/null)" "Agdam / Ağdam" "dual names" || bad "dual names failed"
"$BIN" figure -q --date 1994-05-12 --lang hy -o "$TMP/hy.pdf" &&
  has "$(pdftotext "$TMP/hy.pdf" - 2>/dev/null)" "Պայմանական նշաններ" "Armenian legend title" || bad "--lang hy failed"

# --- SVG and PNG -------------------------------------------------------------------
if "$BIN" figure -q --event 1993-07-23-agdam -o "$TMP/agdam.svg"; then
  xmllint --noout "$TMP/agdam.svg" && ok || bad "SVG is not well-formed XML"
  grep -q "Armenian forces take Agdam" "$TMP/agdam.svg" && ok || bad "SVG text layer lacks the title"
else bad "SVG figure failed"; fi
# A4 at 100 dpi: 827 x 1169 pixels (IHDR width and height).
if "$BIN" figure -q --date 1994-05-12 --dpi 100 -o "$TMP/f.png"; then
  size=$(od -An -tu1 -j16 -N8 "$TMP/f.png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
  [ "$size" = "827x1169" ] && ok || bad "PNG at 100 dpi is $size"
else bad "PNG figure failed"; fi

# --- a window with no events: the figure is made, the table says so ----------
if "$BIN" figure -q --date 1989-06-01 --events-from 1989-01-01 --events-to 1989-06-01 -o "$TMP/none.pdf"; then
  has "$(pdftotext "$TMP/none.pdf" - 2>/dev/null)" "No events in this window" "empty window"
else bad "empty window failed"; fi

# --- bad arguments: exit 2 ----------------------------------------------------------
expect_fail 2 'did you mean: 1993-07-23-agdam' -- "$BIN" figure --event 1993-07-23-agdan -o "$TMP/x.pdf"
expect_fail 2 'use A4, A3 or letter'   -- "$BIN" figure --date 1994 --page B5 -o "$TMP/x.pdf"
expect_fail 2 'needs --event ID, --date DATE or --dates' -- "$BIN" figure -o "$TMP/x.pdf"
expect_fail 2 '"1993-13"'              -- "$BIN" figure --date 1993-13 -o "$TMP/x.pdf"
expect_fail 2 'unsupported output type' -- "$BIN" figure --date 1994 -o "$TMP/x.jpg"
expect_fail 2 'expected two languages' -- "$BIN" figure --date 1994 --names en -o "$TMP/x.pdf"
expect_fail 2 "unknown option '--colour'" -- "$BIN" figure --date 1994 --colour red
expect_fail 2 'at most 9 dates on one page' -- "$BIN" figure --dates 1990,1991,1992,1993,1994,1995,1996,1997,1998,1999 -o "$TMP/x.pdf"
expect_fail 2 'give a number from 36 to 1200' -- "$BIN" figure --date 1994 --dpi 20 -o "$TMP/x.png"
expect_fail 2 'events-to must be after' -- "$BIN" figure --date 1994 --events-from 1994-02 --events-to 1994-01 -o "$TMP/x.pdf"
"$BIN" help figure | grep -q -- "--names L1+L2" && ok || bad "help figure"

# --- failures: exit 1, nothing half-written --------------------------------------
# A title no font can draw (U+E000, private use) names the text and the font.
expect_fail 1 'no glyph in font "Noto Sans Bold"' -- "$BIN" figure --date 1994 --title "Bad $(printf '\xee\x80\x80')" -o "$TMP/x.pdf"
# So does a place name in the chosen language.
mkdir -p "$TMP/glyph"
cp "$DATA"/*.geojson "$DATA/scene.json" "$TMP/glyph/"
sed -i 's/"Թեստավան"/"Թեստ\xee\x80\x80"/' "$TMP/glyph/places.geojson"
expect_fail 1 'label "Թեստ' -- "$BIN" figure --scene "$TMP/glyph/scene.json" --date 1994 --lang hy -o "$TMP/x.pdf"
expect_fail 1 'cannot write here'      -- "$BIN" figure --date 1994 -o "$TMP/no/such/dir/x.pdf"
[ ! -e "$TMP/x.pdf" ] && ok || bad "a failed figure left x.pdf"
expect_no_leftovers "$TMP"

finish

#!/usr/bin/env bash
# frontmap animate from the command line: videos (checked with ffprobe),
# event keyframes, Ctrl-C and --resume, and every class of bad input.
source "$(dirname "$0")/lib.bash"
S=$DATA/scene.json
RANGE=(--scene "$S" --from 1993-07-20 --to 1993-07-25 --step P1D --tween 3 --fps 10 -q)

# frames and duration of a video: "FRAMES DURATION"
probe() {
  ffprobe -v error -count_frames -select_streams v:0 \
    -show_entries stream=nb_read_frames,width,height,pix_fmt -show_entries format=duration \
    -of default=nw=1 "$1" 2>/dev/null | tr '\n' ' '
}

# --- videos ------------------------------------------------------------------
# 9 frames (6 days, 3 tween frames before the change of 23 July) at 10 fps.
if "$BIN" animate "${RANGE[@]}" -o "$TMP/v.mp4"; then
  p=$(probe "$TMP/v.mp4")
  case "$p" in *"nb_read_frames=9"*) ok ;; *) bad "mp4 frame count: $p" ;; esac
  case "$p" in *"pix_fmt=yuv420p"*) ok ;; *) bad "mp4 pixel format: $p" ;; esac
  case "$p" in *"width=400 height=300"*) ok ;; *) bad "mp4 size: $p" ;; esac
  case "$p" in *"duration=0.9"*) ok ;; *) bad "mp4 duration: $p" ;; esac
  # +faststart: the index (moov) comes before the data (mdat).
  head -c 4096 "$TMP/v.mp4" | grep -q moov && ok || bad "mp4 is not faststart"
  [ -s "$TMP/v.manifest.csv" ] && [ "$(grep -c ',tween,1,' "$TMP/v.manifest.csv")" = 3 ] && ok || bad "mp4 manifest"
else bad "mp4 animation failed"; fi

if "$BIN" animate "${RANGE[@]}" -o "$TMP/v.webm"; then
  case "$(probe "$TMP/v.webm")" in *"nb_read_frames=9"*) ok ;; *) bad "webm frames" ;; esac
else bad "webm animation failed"; fi

if "$BIN" animate "${RANGE[@]}" -o "$TMP/v.gif"; then
  [ "$(head -c 6 "$TMP/v.gif")" = "GIF89a" ] && ok || bad "gif signature"
  case "$(probe "$TMP/v.gif")" in *"nb_read_frames=9"*) ok ;; *) bad "gif frames: $(probe "$TMP/v.gif")" ;; esac
else bad "gif animation failed"; fi

# Odd sizes are rounded up to even for H.264.
if "$BIN" animate "${RANGE[@]}" --size 201x151 -o "$TMP/odd.mp4"; then
  case "$(probe "$TMP/odd.mp4")" in *"width=202 height=152"*) ok ;; *) bad "odd size not rounded" ;; esac
else bad "odd-size mp4 failed"; fi

# --keep-frames keeps PNG frames beside the video.
"$BIN" animate "${RANGE[@]}" --keep-frames -o "$TMP/k.mp4" && \
  [ "$(ls "$TMP/k.frames" | grep -c '^frame_.*\.png$')" = 9 ] && ok || bad "--keep-frames"
expect_no_leftovers "$TMP"

# --- events (the bundled Karabakh timeline) -----------------------------------
# Hand-overs of 2020 (Agdam, Kalbajar, Lachin), each held 1 s at 4 fps.
if "$BIN" animate --events --from 2020-11-01 --to 2020-12-31 --kinds handover --hold 1 \
     --fps 4 --tween 0 --size 320x240 -q -o "$TMP/handovers"; then
  m="$TMP/handovers/manifest.csv"
  [ "$(grep -c ',key,0,' "$m")" = 3 ] && ok || bad "handover keyframes: $(cat "$m")"
  [ "$(grep -c ',hold,0,' "$m")" = 9 ] && ok || bad "held frames"
  grep -q '^0,2020-11-20,key,0,1.0000,2020-11-20-agdam-handover' "$m" && ok || bad "first keyframe is not Agdam: $(sed -n 3p "$m")"
  [ "$(ls "$TMP/handovers" | grep -c '^frame_')" = 12 ] && ok || bad "handover frame files"
else bad "events animation failed"; fi

# --- Ctrl-C and --resume ------------------------------------------------------
LONG=(--scene "$S" --from 1993-01-01 --to 1993-12-31 --step P1D --jobs 1)
"$BIN" animate "${LONG[@]}" -q -o "$TMP/full"
"$BIN" animate "${LONG[@]}" -o "$TMP/cut" 2>"$TMP/cut.err" &
pid=$!
# Signal as soon as the first frame is on disk (frames are written in
# order, so 364 are still to come: seconds of work against the
# milliseconds the signal takes). The wait is bounded by a count, not a
# clock that a slow or loaded machine could outrun.
for _ in $(seq 1200); do
  [ "$(ls "$TMP/cut" 2>/dev/null | grep -c '^frame_')" -ge 1 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -INT $pid 2>/dev/null && ok || bad "the film ended before it could be interrupted"
wait $pid
rc=$?
[ "$rc" = 130 ] && ok || bad "Ctrl-C exit $rc (want 130)"
grep -q -- '--resume' "$TMP/cut.err" && ok || bad "Ctrl-C message: $(cat "$TMP/cut.err")"
n=$(ls "$TMP/cut" | grep -c '^frame_')
[ "$n" -ge 1 ] && [ "$n" -lt 365 ] && ok || bad "interrupted run left $n frames"
"$BIN" animate "${LONG[@]}" --resume -v -o "$TMP/cut" 2>"$TMP/resume.err" >/dev/null
grep -Eq 'reused [1-9]' "$TMP/resume.err" && ok || bad "resume reused nothing: $(grep frames "$TMP/resume.err")"
(cd "$TMP/full" && md5sum frame_*.png) > "$TMP/full.md5"
(cd "$TMP/cut" && md5sum frame_*.png) > "$TMP/cut.md5"
cmp -s "$TMP/full.md5" "$TMP/cut.md5" && ok || bad "resumed frames differ from an uninterrupted run"
expect_no_leftovers "$TMP/cut"

# --- bad input ----------------------------------------------------------------
A=(--scene "$S")
expect_fail 2 'is before --from'       -- "$BIN" animate "${A[@]}" --from 1994-05-12 --to 1992-01-01 --step P1D -o "$TMP/x.mp4"
expect_fail 2 '--step'                 -- "$BIN" animate "${A[@]}" --from 1992-01-01 --to 1994-05-12 --step P0D -o "$TMP/x.mp4"
expect_fail 2 '--step'                 -- "$BIN" animate "${A[@]}" --from 1992-01-01 --to 1994-05-12 --step weekly -o "$TMP/x.mp4"
expect_fail 2 'needs --from and --to'  -- "$BIN" animate "${A[@]}" --step P1D -o "$TMP/x.mp4"
expect_fail 2 'or --events'            -- "$BIN" animate "${A[@]}" --from 1992-01-01 --to 1993-01-01 -o "$TMP/x.mp4"
expect_fail 2 'needs -o'               -- "$BIN" animate "${A[@]}" --from 1992-01-01 --to 1993-01-01 --step P1M
expect_fail 2 '--fps 0'                -- "$BIN" animate "${A[@]}" --from 1992-01-01 --to 1993-01-01 --step P1M --fps 0 -o "$TMP/x.mp4"
expect_fail 2 'no events of kinds ceasefire between 1988-01-01 and 1988-12-31' -- \
  "$BIN" animate --events --kinds ceasefire --from 1988-01-01 --to 1988-12-31 -o "$TMP/x.mp4"
expect_fail 2 "unknown kind 'bogus'"   -- "$BIN" animate --events --kinds capture,bogus -o "$TMP/x.mp4"
expect_fail 2 '--kinds needs one or more' -- "$BIN" animate --events --kinds= -o "$TMP/x.mp4"
expect_fail 2 'needs a timeline'       -- "$BIN" animate "${A[@]}" --events -o "$TMP/x.mp4"
expect_fail 1 'folder of PNG frames'   -- "$BIN" animate "${RANGE[@]}" -o "$TMP/x.png"
expect_fail 1 'cannot'                 -- "$BIN" animate "${RANGE[@]}" -o /proc/frontmap/x.mp4
expect_fail 1 'ffmpeg is needed'       -- env PATH=/nonexistent "$BIN" animate "${RANGE[@]}" -o "$TMP/x.mp4"
[ ! -e "$TMP/x.mp4" ] && ok || bad "a video was left after a failure"

# ffmpeg failing mid-way: no video, no temp file left behind.
mkdir -p "$TMP/fake"
cat > "$TMP/fake/ffmpeg" <<'SH'
#!/bin/sh
head -c 100000 >/dev/null
echo "fake ffmpeg: disk on fire" >&2
exit 1
SH
chmod +x "$TMP/fake/ffmpeg"
mkdir -p "$TMP/mid"
expect_fail 1 'disk on fire' -- env FRONTMAP_FFMPEG="$TMP/fake/ffmpeg" "$BIN" animate "${RANGE[@]}" -o "$TMP/mid/x.mp4"
[ -z "$(ls -A "$TMP/mid")" ] && ok || bad "ffmpeg failure left files: $(ls -A "$TMP/mid")"

finish
